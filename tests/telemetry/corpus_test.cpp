// trace-check on the real OTLP/JSON exports of ../shared/corpus/otlp (see its
// SOURCES.md): the specification's example, a Jaeger fixture with a span
// delivered twice, and a Jaeger fixture with two traces whose only parent
// link points into the other trace.  Skipped when the corpus is absent.

#include "cspgate/report/trace_check_report.hpp"
#include "cspgate/telemetry/trace_check.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using namespace cspgate::telemetry;

const std::filesystem::path corpus = std::filesystem::path(CSPGATE_SOURCE_DIR) / ".." / "shared" / "corpus" / "otlp";

trace_check_result check_files(const std::vector<std::string>& names) {
    trace_checker checker(trace_check_options{});
    std::vector<file_summary> files;
    for (std::uint32_t i = 0; i < names.size(); ++i) {
        std::ifstream in(corpus / names[i], std::ios::binary);
        EXPECT_TRUE(in) << names[i];
        read_summary summary;
        std::uint64_t index = 0;
        auto error = read_otlp_json(in, [&](const span_data& s) { return checker.add(s, {i, ++index}); }, summary);
        EXPECT_FALSE(error) << names[i] << ": " << (error ? error->message : "");
        files.push_back({names[i], summary.spans, summary.documents, summary.bytes});
    }
    auto result = checker.finish();
    result.files = files;
    return result;
}

#define SKIP_WITHOUT_CORPUS()                                                                          \
    if (!std::filesystem::exists(corpus / "SOURCES.md"))                                                \
        GTEST_SKIP() << "../shared/corpus/otlp is absent (it sits next to the checkout); corpus test skipped"

TEST(TraceCheckCorpus, SpecificationExampleHasOneRemoteParent) {
    SKIP_WITHOUT_CORPUS();
    auto r = check_files({"otel-proto-examples-trace.json"});
    EXPECT_EQ(r.spans, 1u);
    EXPECT_EQ(r.traces, 1u);
    EXPECT_EQ(r.complete_trees, 0u);
    EXPECT_EQ(r.count(violation_kind::orphan), 1u);
    EXPECT_EQ(r.count(violation_kind::duplicate), 0u);
    EXPECT_EQ(r.count(violation_kind::skew), 0u);
    EXPECT_EQ(r.count(violation_kind::cycle), 0u);
    ASSERT_EQ(r.violations.size(), 1u);
    const auto& v = r.violations[0];
    EXPECT_EQ(to_hex(v.trace), "5b8efff798038103d269b633813fc60c");  // upper case in the file
    EXPECT_EQ(to_hex(v.span), "eee19b7ec3c1b174");
    EXPECT_EQ(to_hex(v.parent), "eee19b7ec3c1b173");
    EXPECT_EQ(v.where.index, 1u);
}

TEST(TraceCheckCorpus, JaegerFixtureHasTheDuplicatedSpan) {
    SKIP_WITHOUT_CORPUS();
    auto r = check_files({"jaeger-otlp2jaeger-in.json"});
    EXPECT_EQ(r.spans, 2u);
    EXPECT_EQ(r.unique_spans, 1u);
    EXPECT_EQ(r.count(violation_kind::duplicate), 1u);
    EXPECT_EQ(r.count(violation_kind::orphan), 1u);
    EXPECT_EQ(r.count(violation_kind::skew), 0u);
    EXPECT_EQ(r.count(violation_kind::cycle), 0u);
    ASSERT_EQ(r.violations.size(), 2u);
    // Same span: the orphan (kind order) before the duplicate.
    EXPECT_EQ(r.violations[0].kind, violation_kind::orphan);
    EXPECT_EQ(to_hex(r.violations[0].parent), "909541b92cf05311");
    EXPECT_EQ(r.violations[1].kind, violation_kind::duplicate);
    EXPECT_EQ(to_hex(r.violations[1].span), "e127af99e3b3e074");
    EXPECT_EQ(r.violations[1].first.index, 1u);
    EXPECT_EQ(r.violations[1].where.index, 2u);
    EXPECT_EQ(r.violations[0].trace, r.violations[1].trace);
}

TEST(TraceCheckCorpus, ParentsResolveWithinTheirTraceOnly) {
    SKIP_WITHOUT_CORPUS();
    auto r = check_files({"jaeger-memory-otel_traces_01.json"});
    EXPECT_EQ(r.spans, 4u);
    EXPECT_EQ(r.traces, 2u);
    EXPECT_EQ(r.roots, 0u);
    // Span ...0002 of trace ...01 names ...0003, which exists only in trace
    // ...02: keyed on the span id alone it would wrongly resolve.
    EXPECT_EQ(r.count(violation_kind::orphan), 4u);
    EXPECT_EQ(r.count(violation_kind::duplicate) + r.count(violation_kind::skew) + r.count(violation_kind::cycle), 0u);
    EXPECT_EQ(r.complete_trees, 0u);
    ASSERT_EQ(r.violations.size(), 4u);
    for (std::size_t i = 1; i < r.violations.size(); ++i)
        EXPECT_TRUE(r.violations[i - 1].trace < r.violations[i].trace ||
                    (r.violations[i - 1].trace == r.violations[i].trace && r.violations[i - 1].span < r.violations[i].span));
}

TEST(TraceCheckCorpus, AllThreeTogetherGiveTheSumAndTheSameReportTwice) {
    SKIP_WITHOUT_CORPUS();
    std::vector<std::string> names{"otel-proto-examples-trace.json", "jaeger-otlp2jaeger-in.json",
                                   "jaeger-memory-otel_traces_01.json"};
    auto r = check_files(names);
    EXPECT_EQ(r.spans, 7u);
    EXPECT_EQ(r.traces, 4u);
    EXPECT_EQ(r.count(violation_kind::orphan), 6u);
    EXPECT_EQ(r.count(violation_kind::duplicate), 1u);
    EXPECT_TRUE(r.failed());
    std::ostringstream a, b;
    cspgate::report::write_trace_check_json(a, r);
    auto again = check_files({"otel-proto-examples-trace.json", "jaeger-otlp2jaeger-in.json",
                              "jaeger-memory-otel_traces_01.json"});
    cspgate::report::write_trace_check_json(b, again);
    EXPECT_EQ(a.str(), b.str());
}

}  // namespace
