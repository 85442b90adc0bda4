// The trace checks: hand-made traces with known answers, then generated
// exports (fixed seed) with planted violations of every kind, written in
// every encoding the reader accepts, where exactly the planted violations
// must be found.

#include "cspgate/report/trace_check_report.hpp"
#include "cspgate/telemetry/trace_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <tuple>

namespace {

using namespace cspgate::telemetry;

span_data span(std::uint64_t trace, span_id id, std::optional<span_id> parent, std::uint64_t start = 0) {
    span_data s;
    s.trace = trace_id{0, trace};
    s.span = id;
    s.has_parent = parent.has_value();
    s.parent = parent.value_or(0);
    s.start_unix_nano = start;
    return s;
}

trace_check_result check(const std::vector<span_data>& spans, trace_check_options options = {}) {
    trace_checker checker(options);
    std::uint64_t index = 0;
    for (const auto& s : spans) EXPECT_TRUE(checker.add(s, {0, ++index}));
    return checker.finish();
}

TEST(TraceCheck, ACompleteTreeHasNoViolation) {
    auto r = check({span(1, 1, std::nullopt, 100), span(1, 2, 1, 100), span(1, 3, 2, 150), span(1, 4, 1, 200)});
    EXPECT_EQ(r.traces, 1u);
    EXPECT_EQ(r.roots, 1u);
    EXPECT_EQ(r.complete_trees, 1u);
    EXPECT_TRUE(r.violations.empty());
    EXPECT_FALSE(r.failed());
}

TEST(TraceCheck, TwoRootsAreNotOneTreeButNoViolation) {
    auto r = check({span(1, 1, std::nullopt), span(1, 2, std::nullopt)});
    EXPECT_EQ(r.roots, 2u);
    EXPECT_EQ(r.complete_trees, 0u);
    EXPECT_FALSE(r.failed());
}

TEST(TraceCheck, ParentInAnotherTraceIsAnOrphan) {
    auto r = check({span(1, 1, std::nullopt), span(2, 2, 1)});
    EXPECT_EQ(r.count(violation_kind::orphan), 1u);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_EQ(r.violations[0].trace.lo, 2u);
    EXPECT_EQ(r.violations[0].parent, 1u);
    EXPECT_EQ(r.complete_trees, 1u);  // trace 1
    EXPECT_TRUE(r.failed());
    r.options.allowed[static_cast<std::size_t>(violation_kind::orphan)] = true;
    EXPECT_FALSE(r.failed());
}

TEST(TraceCheck, SkewIsMeasuredAgainstTheTolerance) {
    std::vector<span_data> spans{span(1, 1, std::nullopt, 1000), span(1, 2, 1, 990), span(1, 3, 1, 989),
                                 span(1, 4, 1, 0)};  // 0: unknown, never early
    auto strict = check(spans);
    EXPECT_EQ(strict.count(violation_kind::skew), 2u);
    auto tolerant = check(spans, trace_check_options{.skew_ns = 10});
    EXPECT_EQ(tolerant.count(violation_kind::skew), 1u);
    ASSERT_EQ(tolerant.violations.size(), 1u);
    EXPECT_EQ(tolerant.violations[0].span, 3u);
    EXPECT_EQ(tolerant.violations[0].parent_start_unix_nano - tolerant.violations[0].start_unix_nano, 11u);
    EXPECT_EQ(tolerant.complete_trees, 1u);  // skew does not break a tree
}

TEST(TraceCheck, CyclesAreFoundOnceEach) {
    auto r = check({span(1, 5, 6), span(1, 6, 7), span(1, 7, 5), span(1, 8, 7),  // 5 -> 6 -> 7 -> 5, 8 hangs on it
                    span(1, 9, 9),                                                // a span its own parent
                    span(2, 1, std::nullopt), span(2, 2, 1)});
    EXPECT_EQ(r.count(violation_kind::cycle), 2u);
    EXPECT_EQ(r.count(violation_kind::orphan), 0u);
    ASSERT_EQ(r.violations.size(), 2u);
    EXPECT_EQ(r.violations[0].span, 5u);
    EXPECT_EQ(r.violations[0].cycle, (std::vector<span_id>{5, 6, 7}));
    EXPECT_EQ(r.violations[0].cycle_length, 3u);
    EXPECT_EQ(r.violations[1].span, 9u);
    EXPECT_EQ(r.violations[1].cycle_length, 1u);
    EXPECT_EQ(r.complete_trees, 1u);  // trace 2 only
}

TEST(TraceCheck, DuplicatesPointAtTheFirstCopy) {
    auto r = check({span(1, 1, std::nullopt), span(1, 2, 1), span(1, 2, 1), span(1, 2, 1)});
    EXPECT_EQ(r.spans, 4u);
    EXPECT_EQ(r.unique_spans, 2u);
    EXPECT_EQ(r.count(violation_kind::duplicate), 2u);
    ASSERT_EQ(r.violations.size(), 2u);
    EXPECT_EQ(r.violations[0].first.index, 2u);
    EXPECT_EQ(r.violations[0].where.index, 3u);
    EXPECT_EQ(r.violations[1].where.index, 4u);
    EXPECT_EQ(r.complete_trees, 1u);
}

TEST(TraceCheck, KeptViolationsAreCappedButCountsAreNot) {
    std::vector<span_data> spans;
    for (span_id i = 1; i <= 100; ++i) spans.push_back(span(1, i, 1000 + i));
    auto r = check(spans, trace_check_options{.max_kept_violations = 7});
    EXPECT_EQ(r.count(violation_kind::orphan), 100u);
    EXPECT_EQ(r.violations.size(), 7u);
    EXPECT_TRUE(r.violations_truncated);
    EXPECT_EQ(r.violations.back().span, 7u);
}

TEST(TraceCheck, TheSpanLimitStopsAdding) {
    trace_checker checker(trace_check_options{.max_spans = 2});
    EXPECT_TRUE(checker.add(span(1, 1, std::nullopt), {0, 1}));
    EXPECT_TRUE(checker.add(span(1, 2, 1), {0, 2}));
    EXPECT_FALSE(checker.add(span(1, 3, 1), {0, 3}));
    EXPECT_EQ(checker.size(), 2u);
}

TEST(TraceCheck, Durations) {
    EXPECT_EQ(parse_duration_ns("0"), 0u);
    EXPECT_EQ(parse_duration_ns("15ns"), 15u);
    EXPECT_EQ(parse_duration_ns("250us"), 250'000u);
    EXPECT_EQ(parse_duration_ns("250\xC2\xB5s"), 250'000u);
    EXPECT_EQ(parse_duration_ns("1.5ms"), 1'500'000u);
    EXPECT_EQ(parse_duration_ns("2s"), 2'000'000'000u);
    EXPECT_EQ(parse_duration_ns("0.000000001s"), 1u);
    EXPECT_EQ(parse_duration_ns("18446744073709551615ns"), ~std::uint64_t{0});
    for (const char* bad : {"", "5", "ms", "-1ms", "1.ms", "1.5ns", "18446744073709551616ns", "18446744074s", "1 ms",
                            "1h", "0.0000000001s", "1e3ns"})
        EXPECT_FALSE(parse_duration_ns(bad)) << bad;
}

TEST(TraceCheck, KindNames) {
    EXPECT_EQ(parse_kind("orphans"), violation_kind::orphan);
    EXPECT_EQ(parse_kind("duplicate"), violation_kind::duplicate);
    EXPECT_EQ(parse_kind("skew"), violation_kind::skew);
    EXPECT_EQ(parse_kind("cycles"), violation_kind::cycle);
    EXPECT_FALSE(parse_kind("loops"));
}

// ---------------------------------------------------------------------------
// Generated exports with planted violations.
// ---------------------------------------------------------------------------

/// A generated set of spans and what the checker must find in it.
struct planted {
    std::vector<span_data> spans;  // in the order they are written
    std::set<std::tuple<int, std::string, std::string>> expected;  // (kind, trace hex, span hex)
    std::uint64_t complete_trees = 0;
    std::uint64_t traces = 0;
};

planted generate(std::uint64_t seed, std::uint64_t skew_ns) {
    std::mt19937_64 rng(seed);
    auto pick = [&](std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(rng); };
    std::set<span_id> used{0};
    auto fresh = [&] {
        span_id id;
        do id = rng(); while (!used.insert(id).second);
        return id;
    };
    planted p;
    const std::uint64_t trace_count = 40 + pick(20);
    for (std::uint64_t t = 0; t < trace_count; ++t) {
        trace_id trace{rng(), rng()};
        std::vector<span_data> tree;
        span_data root;
        root.trace = trace;
        root.span = fresh();
        root.start_unix_nano = 1'700'000'000'000'000'000ull + pick(1'000'000'000);
        root.end_unix_nano = root.start_unix_nano + 1'000'000;
        tree.push_back(root);
        const std::uint64_t size = 1 + pick(12);
        bool broken = false;
        auto key = [&](violation_kind k, span_id s) {
            p.expected.insert({static_cast<int>(k), to_hex(trace), to_hex(s)});
        };
        for (std::uint64_t i = 1; i < size; ++i) {
            const span_data& parent = tree[pick(tree.size())];
            span_data child;
            child.trace = trace;
            child.span = fresh();
            child.has_parent = true;
            child.parent = parent.span;
            // On time, or within the tolerance, or (planted) beyond it.
            std::uint64_t kind = pick(10);
            if (kind == 0) {
                child.start_unix_nano = parent.start_unix_nano - skew_ns - 1 - pick(1000);
                key(violation_kind::skew, child.span);
            } else if (kind == 1) {
                child.start_unix_nano = parent.start_unix_nano - pick(skew_ns + 1);
            } else {
                child.start_unix_nano = parent.start_unix_nano + pick(1'000'000);
            }
            child.end_unix_nano = child.start_unix_nano + pick(1000);
            tree.push_back(child);
        }
        if (pick(5) == 0) {  // an orphan: its parent id is nowhere
            span_data o = tree[pick(tree.size())];
            o.span = fresh();
            o.parent = fresh();
            o.has_parent = true;
            tree.push_back(o);
            key(violation_kind::orphan, o.span);
            broken = true;
        }
        if (pick(6) == 0) {  // a cycle of 1 to 4 spans, one more hanging on it
            std::uint64_t n = 1 + pick(4);
            std::vector<span_id> ids;
            for (std::uint64_t i = 0; i < n; ++i) ids.push_back(fresh());
            for (std::uint64_t i = 0; i < n; ++i) {
                span_data c;
                c.trace = trace;
                c.span = ids[i];
                c.has_parent = true;
                c.parent = ids[(i + 1) % n];
                tree.push_back(c);
            }
            span_data hanger;
            hanger.trace = trace;
            hanger.span = fresh();
            hanger.has_parent = true;
            hanger.parent = ids[0];
            tree.push_back(hanger);
            key(violation_kind::cycle, *std::min_element(ids.begin(), ids.end()));
            broken = true;
        }
        std::shuffle(tree.begin(), tree.end(), rng);
        for (std::uint64_t d = pick(4) == 0 ? 1 + pick(2) : 0; d > 0; --d) {  // redelivered copies
            span_data copy = tree[pick(tree.size())];  // a copy: push_back may move the vector
            tree.push_back(copy);
            key(violation_kind::duplicate, copy.span);
        }
        if (!broken) ++p.complete_trees;
        p.spans.insert(p.spans.end(), tree.begin(), tree.end());
    }
    p.traces = trace_count;
    // Traces interleave in the file, as batches from many services do.
    std::shuffle(p.spans.begin(), p.spans.end(), rng);
    return p;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

/// Writes the spans as OTLP/JSON, with every choice the encoding allows made
/// at random: id case, times as strings or numbers, root parent absent or
/// empty, unknown fields, and documents split over JSON Lines.
std::string write_otlp(const std::vector<span_data>& spans, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    auto coin = [&] { return (rng() & 1) != 0; };
    std::ostringstream out;
    std::size_t i = 0;
    while (i < spans.size()) {
        out << R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"gen"}}]},)"
            << (coin() ? R"("scopeSpans")" : R"("instrumentationLibrarySpans")") << R"(:[{"scope":{"name":"g"},"spans":[)";
        std::size_t batch = 1 + rng() % 30;
        for (std::size_t k = 0; k < batch && i < spans.size(); ++k, ++i) {
            const span_data& s = spans[i];
            auto id = [&](std::string hex) { return coin() ? upper(hex) : hex; };
            auto time = [&](std::uint64_t t) { return coin() ? "\"" + std::to_string(t) + "\"" : std::to_string(t); };
            out << (k ? "," : "") << R"({"traceId":")" << id(to_hex(s.trace)) << R"(","spanId":")" << id(to_hex(s.span)) << '"';
            if (s.has_parent) out << R"(,"parentSpanId":")" << id(to_hex(s.parent)) << '"';
            else if (coin()) out << R"(,"parentSpanId":"")";
            if (s.start_unix_nano != 0 || coin()) out << R"(,"startTimeUnixNano":)" << time(s.start_unix_nano);
            out << R"(,"endTimeUnixNano":)" << time(s.end_unix_nano);
            if (coin()) out << R"(,"name":"op","kind":2,"attributes":[{"key":"k","value":{"intValue":"7"}}],"events":[],"status":{})";
            out << '}';
        }
        out << "]}]}]}" << (coin() ? "\n" : " \r\n");
    }
    return out.str();
}

class PlantedViolations : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(PlantedViolations, ExactlyThePlantedOnesAreFound) {
    const std::uint64_t seed = GetParam();
    const std::uint64_t skew = seed % 2 == 0 ? 0 : 5'000;
    planted p = generate(seed, skew);
    std::istringstream in(write_otlp(p.spans, seed * 7 + 1));
    trace_checker checker(trace_check_options{.skew_ns = skew});
    read_summary summary;
    std::uint64_t index = 0;
    auto error = read_otlp_json(in, [&](const span_data& s) { return checker.add(s, {0, ++index}); }, summary);
    ASSERT_FALSE(error) << error->message;
    ASSERT_EQ(summary.spans, p.spans.size());
    auto r = checker.finish();
    std::set<std::tuple<int, std::string, std::string>> found;
    for (const auto& v : r.violations) found.insert({static_cast<int>(v.kind), to_hex(v.trace), to_hex(v.span)});
    EXPECT_EQ(found, p.expected);
    std::map<int, std::uint64_t> per_kind;
    for (const auto& e : p.expected) ++per_kind[std::get<0>(e)];
    std::uint64_t duplicates = 0;  // a span copied twice counts twice
    for (const auto& v : r.violations) duplicates += v.kind == violation_kind::duplicate;
    EXPECT_EQ(r.count(violation_kind::orphan), per_kind[0]);
    EXPECT_EQ(r.count(violation_kind::duplicate), duplicates);
    EXPECT_EQ(r.count(violation_kind::skew), per_kind[2]);
    EXPECT_EQ(r.count(violation_kind::cycle), per_kind[3]);
    EXPECT_EQ(r.traces, p.traces);
    EXPECT_EQ(r.complete_trees, p.complete_trees);
    EXPECT_EQ(r.spans, p.spans.size());
    for (int k = 0; k < 4; ++k) EXPECT_GT(per_kind[k], 0u) << "the generator planted no violation of kind " << k;
}

INSTANTIATE_TEST_SUITE_P(Seeds, PlantedViolations, ::testing::Values(1u, 2u, 3u, 42u, 1234u, 99991u));

TEST(TraceCheck, ReportDoesNotDependOnInputOrder) {
    planted p = generate(7, 0);
    auto first = check(p.spans);
    std::mt19937_64 rng(8);
    std::shuffle(p.spans.begin(), p.spans.end(), rng);
    auto second = check(p.spans);
    // Locations differ with the order; everything else must not.
    auto strip = [](trace_check_result r) {
        for (auto& v : r.violations) v.where = v.first = {};
        std::ostringstream out;
        cspgate::report::write_trace_check_json(out, r);
        return out.str();
    };
    EXPECT_EQ(strip(first), strip(second));
}

}  // namespace
