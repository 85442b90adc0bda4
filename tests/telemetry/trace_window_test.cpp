// The window of the trace checker: a trace is checked and released once
// `window` spans follow its last one.  Memory (the spans held, counted by the
// checker) must follow the open traces, not the input; within the window the
// result must be exactly that of keeping every span to the end (window 0);
// and a trace split by the window must be counted as reopened.

#include "cspgate/report/trace_check_report.hpp"
#include "cspgate/telemetry/trace_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <vector>

namespace {

using namespace cspgate::telemetry;

span_data span(std::uint64_t trace, span_id id, std::optional<span_id> parent, std::uint64_t start = 0) {
    span_data s;
    s.trace = trace_id{trace * 0x9E3779B97F4A7C15ULL, ~trace};
    s.span = id;
    s.has_parent = parent.has_value();
    s.parent = parent.value_or(0);
    s.start_unix_nano = start;
    return s;
}

struct run {
    trace_check_result result;
    std::uint64_t peak = 0;
    std::uint64_t max_open_traces = 0;
};

run check(const std::vector<span_data>& spans, trace_check_options options) {
    trace_checker checker(options);
    run r;
    std::uint64_t index = 0;
    for (const auto& s : spans) {
        EXPECT_TRUE(checker.add(s, {0, ++index}));
        r.max_open_traces = std::max(r.max_open_traces, checker.open_traces());
    }
    r.peak = checker.peak_open_spans();
    r.result = checker.finish();
    EXPECT_EQ(checker.open_spans(), 0u);
    EXPECT_EQ(r.result.peak_open_spans, r.peak);
    return r;
}

/// The JSON report, with the window it was made with set to 0: windowed and
/// unwindowed runs are compared on everything they found.
std::string json(trace_check_result r) {
    r.options.window = 0;
    std::ostringstream out;
    cspgate::report::write_trace_check_json(out, r);
    return out.str();
}

/// `traces` traces of 1 to 8 spans, one after the other, with a violation
/// of some kind in every seventh: an orphan, a duplicate, an early child.
std::vector<span_data> consecutive_traces(std::uint64_t traces, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<span_data> spans;
    for (std::uint64_t t = 1; t <= traces; ++t) {
        std::uint64_t n = 1 + rng() % 8;
        for (span_id s = 1; s <= n; ++s) spans.push_back(span(t, s, s == 1 ? std::nullopt : std::optional<span_id>(1 + rng() % (s - 1)), 1000 + s));
        switch (t % 21) {
        case 0: spans.push_back(span(t, 100, 99)); break;
        case 7: spans.push_back(spans.back()); break;
        case 14: spans.push_back(span(t, 101, 1, 10)); break;
        default: break;
        }
    }
    return spans;
}

TEST(TraceWindow, MemoryFollowsTheOpenTracesNotTheInput) {
    auto spans = consecutive_traces(20'000, 1);
    const std::uint64_t window = 64;
    run windowed = check(spans, trace_check_options{.window = window});
    run exact = check(spans, trace_check_options{.window = 0});
    // Each trace has at most 9 spans, so at most window + 9 are ever held ...
    EXPECT_LE(windowed.peak, window + 9);
    EXPECT_LE(windowed.max_open_traces, window + 1);
    // ... while keeping every trace holds them all.
    EXPECT_EQ(exact.peak, spans.size());
    EXPECT_EQ(exact.max_open_traces, 20'000u);
    EXPECT_EQ(windowed.result.reopened_traces, 0u);
    EXPECT_EQ(json(windowed.result), json(exact.result));
    EXPECT_GT(exact.result.count(violation_kind::orphan), 0u);
    EXPECT_GT(exact.result.count(violation_kind::duplicate), 0u);
    EXPECT_GT(exact.result.count(violation_kind::skew), 0u);
}

TEST(TraceWindow, InterleavedTracesWithinTheWindowGiveTheExactResult) {
    // 50 traces at a time, their spans dealt out in turn, in random order.
    auto spans = consecutive_traces(5'000, 2);
    std::vector<span_data> dealt;
    std::mt19937_64 rng(3);
    for (std::size_t from = 0; from < spans.size();) {
        std::size_t to = from;
        std::uint64_t traces = 0;
        while (to < spans.size() && (traces < 50 || spans[to].trace == spans[to - 1].trace)) {
            if (to == from || spans[to].trace != spans[to - 1].trace) ++traces;
            ++to;
        }
        std::vector<span_data> group(spans.begin() + static_cast<std::ptrdiff_t>(from), spans.begin() + static_cast<std::ptrdiff_t>(to));
        std::shuffle(group.begin(), group.end(), rng);
        dealt.insert(dealt.end(), group.begin(), group.end());
        from = to;
    }
    // A group holds at most 50 traces of 9 spans: two spans of one trace are
    // never 2 * 450 spans apart.
    run windowed = check(dealt, trace_check_options{.max_kept_violations = 25, .window = 900});
    run exact = check(dealt, trace_check_options{.max_kept_violations = 25, .window = 0});
    EXPECT_LE(windowed.peak, 3 * 450u);
    EXPECT_EQ(windowed.result.reopened_traces, 0u);
    // Traces close out of trace id order; the kept violations are still the
    // first 25 in report order.
    EXPECT_TRUE(exact.result.violations_truncated);
    EXPECT_EQ(json(windowed.result), json(exact.result));
}

TEST(TraceWindow, ATraceSplitByTheWindowIsCheckedInPartsAndCounted) {
    std::vector<span_data> spans{span(1, 1, std::nullopt, 5)};
    for (std::uint64_t t = 2; t <= 11; ++t) spans.push_back(span(t, 1, std::nullopt, 5));
    spans.push_back(span(1, 2, 1, 6));  // 10 spans after its trace's last one
    run split = check(spans, trace_check_options{.window = 10});
    EXPECT_EQ(split.result.reopened_traces, 1u);
    EXPECT_EQ(split.result.traces, 12u);
    EXPECT_EQ(split.result.count(violation_kind::orphan), 1u);
    run whole = check(spans, trace_check_options{.window = 11});
    EXPECT_EQ(whole.result.reopened_traces, 0u);
    EXPECT_EQ(whole.result.traces, 11u);
    EXPECT_EQ(whole.result.count(violation_kind::orphan), 0u);
    EXPECT_EQ(whole.result.complete_trees, 11u);
    std::ostringstream text;
    cspgate::report::write_trace_check_text(text, split.result, 0);
    EXPECT_NE(text.str().find("reopened traces: at least 1 trace id was met again 10 or more spans after its last span"),
              std::string::npos)
        << text.str();
}

TEST(TraceWindow, TheCheckerIsEmptyAndReusableAfterFinish) {
    auto spans = consecutive_traces(300, 4);
    trace_checker checker(trace_check_options{.window = 16});
    std::uint64_t index = 0;
    for (const auto& s : spans) checker.add(s, {0, ++index});
    auto first = checker.finish();
    EXPECT_EQ(checker.size(), 0u);
    EXPECT_EQ(checker.open_traces(), 0u);
    index = 0;
    for (const auto& s : spans) checker.add(s, {0, ++index});
    EXPECT_EQ(json(checker.finish()), json(first));
}

}  // namespace
