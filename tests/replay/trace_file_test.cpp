// Reading traces: the three formats, choosing a counterexample of a check
// report, and a diagnostic with the file and the place for malformed input.

#include "cspgate/replay/trace_file.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cspgate {
namespace {

using replay::parse_trace;
using replay::trace_format;

std::vector<std::string> texts(const replay::trace_file& t) {
    std::vector<std::string> out;
    for (const auto& e : t.events) out.push_back(e.text);
    return out;
}

std::string error_of(const std::string& text, std::optional<std::size_t> assertion = std::nullopt) {
    std::string error;
    auto t = parse_trace("t.json", text, assertion, error);
    EXPECT_FALSE(t.has_value()) << text;
    return error;
}

// A check report with a passing assertion, a deadlock and a refinement trace counterexample.
const std::string report = R"json({
  "schema": "cspgate.check/v1",
  "file": "m.csp",
  "assertions": [
    {"index": 1, "assertion": "P :[deadlock free]", "property": "deadlock free", "verdict": "pass"},
    {"index": 2, "assertion": "P :[deadlock free [F]]", "property": "deadlock free", "verdict": "fail",
     "counterexample": {"kind": "deadlock", "summary": "the system deadlocks",
       "trace": [{"text": "a", "channel": "a", "fields": []}, {"text": "c.1", "channel": "c", "fields": ["1"]}]}},
    {"index": 3, "assertion": "S [T= P", "property": "refinement", "verdict": "fail",
     "counterexample": {"kind": "refinement: trace",
       "summary": "Impl can do c.2 here, Spec cannot (Spec can do {c.1})",
       "trace": [{"text": "a", "channel": "a", "fields": []}]}}
  ],
  "summary": {"pass": 1, "fail": 2, "inconclusive": 0, "error": 0}
})json";

TEST(trace_file, a_list_of_event_strings) {
    std::string error;
    auto t = parse_trace("t.json", R"(["a", "c.1", "✓"])", std::nullopt, error);
    ASSERT_TRUE(t) << error;
    EXPECT_EQ(t->format, trace_format::list);
    EXPECT_EQ(texts(*t), (std::vector<std::string>{"a", "c.1", "✓"}));
    EXPECT_EQ(t->events[2].where, "$[2]");
    auto empty = parse_trace("t.json", " [] ", std::nullopt, error);
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->events.empty());
}

TEST(trace_file, an_event_log_skips_hidden_events_and_other_lines) {
    std::string log = "{\"time\": 0.5, \"event\": \"a\", \"channel\": \"a\", \"fields\": []}\n"
                      "\n"
                      "{\"time\": 0.7, \"event\": \"τ\"}\n"
                      "{\"time\": 0.8, \"fault\": \"freeze Gw\"}\r\n"
                      "{\"time\": 0.9, \"event\": \"h\", \"hidden\": true}\n"
                      "{\"time\": 1.0, \"event\": \"c.1\", \"channel\": \"c\", \"fields\": [\"1\"]}\n";
    std::string error;
    auto t = parse_trace("run.jsonl", log, std::nullopt, error);
    ASSERT_TRUE(t) << error;
    EXPECT_EQ(t->format, trace_format::event_log);
    EXPECT_EQ(texts(*t), (std::vector<std::string>{"a", "c.1"}));
    EXPECT_EQ(t->skipped, 3u);
    EXPECT_EQ(t->events[1].where, "line 6");
}

TEST(trace_file, a_one_line_event_log_is_an_event_log) {
    std::string error;
    auto t = parse_trace("run.jsonl", "{\"event\": \"a\"}", std::nullopt, error);
    ASSERT_TRUE(t) << error;
    EXPECT_EQ(t->format, trace_format::event_log);
    EXPECT_EQ(texts(*t), (std::vector<std::string>{"a"}));
}

TEST(trace_file, the_first_counterexample_of_a_check_report_by_default) {
    std::string error;
    auto t = parse_trace("t.json", report, std::nullopt, error);
    ASSERT_TRUE(t) << error;
    EXPECT_EQ(t->format, trace_format::check);
    EXPECT_EQ(t->assertion, 2u);
    EXPECT_EQ(t->kind, "deadlock");
    EXPECT_EQ(t->checked_file, "m.csp");
    EXPECT_FALSE(t->implementation_side);
    EXPECT_EQ(texts(*t), (std::vector<std::string>{"a", "c.1"}));
    EXPECT_EQ(t->events[1].where, "$.assertions[1].counterexample.trace[1].text");
}

TEST(trace_file, a_refinement_trace_ends_with_the_event_impl_can_do) {
    std::string error;
    auto t = parse_trace("t.json", report, 3, error);
    ASSERT_TRUE(t) << error;
    EXPECT_TRUE(t->implementation_side);
    EXPECT_TRUE(t->final_event_added);
    EXPECT_EQ(t->assertion_text, "S [T= P");
    EXPECT_EQ(texts(*t), (std::vector<std::string>{"a", "c.2"}));
    EXPECT_EQ(t->events[1].where, "$.assertions[2].counterexample.summary");
}

TEST(trace_file, choosing_an_assertion_without_a_counterexample_is_an_error) {
    EXPECT_EQ(error_of(report, 1), "t.json: $.assertions[0]: assertion 1 (verdict pass) has no counterexample");
    EXPECT_EQ(error_of(report, 9), "t.json: no assertion 9 in this report (it holds assertions 1, 2, 3)");
    std::string passing = R"({"schema": "cspgate.check/v1", "assertions": [{"index": 1, "verdict": "pass"}]})";
    EXPECT_NE(error_of(passing).find("no counterexample in this report"), std::string::npos);
    EXPECT_NE(error_of(R"(["a"])", 1).find("--assert picks a counterexample of a check report"), std::string::npos);
}

TEST(trace_file, malformed_input_names_the_place) {
    EXPECT_EQ(error_of(R"(["a", 3])"), "t.json: $[1]: expected an event as a string, found number");
    EXPECT_NE(error_of(R"(["a", )").find("t.json: parse error at line 1, column 7"), std::string::npos) << error_of(R"(["a", )");
    EXPECT_EQ(error_of("{\"event\": \"a\"}\n{\"event\": \"b\"}\n{\"event\": 7}\n"),
              "t.json: line 3: \"event\" must be a string, found number");
    EXPECT_NE(error_of("{\"event\": \"a\"}\n{\"event\": \n").find("t.json: line 2: parse error"), std::string::npos);
    EXPECT_EQ(error_of("{\"event\": \"a\"}\n[1]\n"), "t.json: line 2: expected a JSON object with an \"event\" string");
    EXPECT_EQ(error_of("{\"event\": \"a\", \"hidden\": 1}"), "t.json: line 1: \"hidden\" must be true or false");
    EXPECT_NE(error_of(R"({"schema": "cspgate.sim/v1"})").find("t.json: $.schema: a 'cspgate.sim/v1' document is not a trace"),
              std::string::npos);
    EXPECT_EQ(error_of(R"({"schema": "cspgate.check/v1", "assertions": [{"index": 1, "counterexample": {"trace": [{"txt": "a"}]}}]})"),
              "t.json: $.assertions[0].counterexample.trace[0]: expected an event: an object with a \"text\" string");
    EXPECT_EQ(error_of(R"({"schema": "cspgate.check/v1", "assertions": [{"index": -1}]})"),
              "t.json: $.assertions[0].index: expected the assertion's index, a positive integer");
    EXPECT_NE(error_of("  \n ").find("t.json: the trace file is empty"), std::string::npos);
    EXPECT_NE(error_of("hello").find("expected a JSON object or array"), std::string::npos);
    EXPECT_NE(error_of("{\"a\": [1, 2}").find("parse error"), std::string::npos);
    // Deep nesting is an error, not a crash.
    EXPECT_FALSE(error_of(std::string(100000, '[') + std::string(100000, ']')).empty());
}

TEST(trace_file, a_missing_file_is_an_error) {
    std::string error;
    EXPECT_FALSE(replay::read_trace("/nonexistent/trace.json", std::nullopt, error));
    EXPECT_EQ(error, "/nonexistent/trace.json: cannot open the trace file");
    EXPECT_FALSE(replay::read_trace("/tmp", std::nullopt, error));
    EXPECT_EQ(error, "/tmp: is a directory, not a trace file");
}

}  // namespace
}  // namespace cspgate
