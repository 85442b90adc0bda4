#include "cspgate/base/diagnostic.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace {

using namespace cspgate::base;

std::string render_one(const source_manager& sources, const diagnostic& d) {
    std::ostringstream out;
    render(out, sources, d);
    return out.str();
}

std::string render_sink(const source_manager& sources, const diagnostics& sink) {
    std::ostringstream out;
    render_all(out, sources, sink);
    return out.str();
}

diagnostic error_at(file_id file, std::uint32_t begin, std::uint32_t end, std::string message) {
    return diagnostic{severity::error, span{file, begin, end}, std::move(message), {}, true};
}

TEST(render, single_character_span) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = STOP\nQ = P ; R\n");
    EXPECT_EQ(render_one(sources, error_at(id, 13, 14, "unknown name 'P'")),
              "m.csp:2:5: error: unknown name 'P'\n"
              "Q = P ; R\n"
              "    ^\n");
}

TEST(render, multi_character_span) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = STOP\n");
    EXPECT_EQ(render_one(sources, error_at(id, 4, 8, "oops")),
              "m.csp:1:5: error: oops\n"
              "P = STOP\n"
              "    ^~~~\n");
}

TEST(render, empty_span_still_gets_a_caret) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = STOP\n");
    EXPECT_EQ(render_one(sources, error_at(id, 0, 0, "here")),
              "m.csp:1:1: error: here\n"
              "P = STOP\n"
              "^\n");
}

TEST(render, copies_tabs_in_front_of_the_caret) {
    source_manager sources;
    auto id = sources.add("t.csp", "\tP =\t\tSTOP\n");
    EXPECT_EQ(render_one(sources, error_at(id, 6, 10, "tabbed")),
              "t.csp:1:7: error: tabbed\n"
              "\tP =\t\tSTOP\n"
              "\t   \t\t^~~~\n");
}

TEST(render, counts_a_utf8_character_as_one_column) {
    source_manager sources;
    // s = "é→" ^ t   (é is 2 bytes, → is 3 bytes)
    auto id = sources.add("u.csp", "s = \"\xc3\xa9\xe2\x86\x92\" ^ t\n");
    EXPECT_EQ(render_one(sources, error_at(id, 14, 15, "after utf8")),
              "u.csp:1:15: error: after utf8\n"
              "s = \"\xc3\xa9\xe2\x86\x92\" ^ t\n"
              "           ^\n");
    EXPECT_EQ(render_one(sources, error_at(id, 5, 10, "the string")),
              "u.csp:1:6: error: the string\n"
              "s = \"\xc3\xa9\xe2\x86\x92\" ^ t\n"
              "     ^~\n");
}

TEST(render, replaces_invalid_utf8_with_question_marks) {
    source_manager sources;
    // A stray byte, a truncated sequence, an overlong form and a surrogate.
    auto id = sources.add("b.csp", "x\xffy = \xe2\x82 \xc0\xaf \xed\xa0\x80 z\n");
    EXPECT_EQ(render_one(sources, error_at(id, 16, 17, "bad bytes")),
              "b.csp:1:17: error: bad bytes\n"
              "x?y = ?? ?? ??? z\n"
              "                ^\n");
}

TEST(render, clips_a_span_at_the_end_of_its_line) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = a\nb\n");
    EXPECT_EQ(render_one(sources, error_at(id, 2, 100, "long")),
              "m.csp:1:3: error: long\n"
              "P = a\n"
              "  ^~~\n");
    EXPECT_EQ(render_one(sources, error_at(id, 4, 8, "crosses")),
              "m.csp:1:5: error: crosses\n"
              "P = a\n"
              "    ^\n");
}

TEST(render, points_past_the_end_of_a_line) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = ");
    EXPECT_EQ(render_one(sources, error_at(id, 4, 4, "expected a process")),
              "m.csp:1:5: error: expected a process\n"
              "P = \n"
              "    ^\n");
}

TEST(render, drops_carriage_returns_of_crlf_lines) {
    source_manager sources;
    auto id = sources.add("w.csp", "P = STOP\r\nQ = x\r\n");
    EXPECT_EQ(render_one(sources, error_at(id, 14, 15, "crlf")),
              "w.csp:2:5: error: crlf\n"
              "Q = x\n"
              "    ^\n");
}

TEST(render, warnings_and_notes) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = STOP\nP = SKIP\n");
    diagnostic d{severity::error, span{id, 9, 10}, "redefinition of 'P'", {}, true};
    d.notes.push_back(note{span{id, 0, 1}, "previous definition is here", true});
    d.notes.push_back(note{span{}, "definitions are global", false});
    EXPECT_EQ(render_one(sources, d),
              "m.csp:2:1: error: redefinition of 'P'\n"
              "P = SKIP\n"
              "^\n"
              "m.csp:1:1: note: previous definition is here\n"
              "P = STOP\n"
              "^\n"
              "cspgate: note: definitions are global\n");
    diagnostic w{severity::warning, span{id, 4, 8}, "unused", {}, true};
    EXPECT_EQ(render_one(sources, w),
              "m.csp:1:5: warning: unused\n"
              "P = STOP\n"
              "    ^~~~\n");
}

TEST(render, error_without_location) {
    source_manager sources;
    diagnostics sink;
    sink.error_without_location("cannot open 'x.csp': No such file or directory");
    EXPECT_EQ(render_sink(sources, sink), "cspgate: error: cannot open 'x.csp': No such file or directory\n");
}

TEST(render, span_in_an_unknown_file_renders_without_location) {
    source_manager sources;
    EXPECT_EQ(render_one(sources, error_at(7, 0, 1, "lost")), "cspgate: error: lost\n");
}

TEST(diagnostics, counts_errors_but_not_warnings) {
    source_manager sources;
    auto id = sources.add("m.csp", "P = STOP\n");
    diagnostics sink;
    sink.warning(span{id, 0, 1}, "w");
    EXPECT_FALSE(sink.has_errors());
    EXPECT_EQ(render_sink(sources, sink), "m.csp:1:1: warning: w\nP = STOP\n^\n");
    sink.error(span{id, 4, 8}, "e1");
    sink.error(span{id, 2, 3}, "e2");
    EXPECT_EQ(sink.error_count(), 2u);
    EXPECT_EQ(render_sink(sources, sink),
              "m.csp:1:1: warning: w\nP = STOP\n^\n"
              "m.csp:1:3: error: e2\nP = STOP\n  ^\n"
              "m.csp:1:5: error: e1\nP = STOP\n    ^~~~\n"
              "2 errors generated.\n");
}

TEST(diagnostics, stops_keeping_errors_at_the_limit) {
    source_manager sources;
    auto id = sources.add("m.csp", "abcdef\n");
    diagnostics sink(3);
    for (std::uint32_t i = 0; i < 5; ++i) sink.error(span{id, i, i + 1}, "e" + std::to_string(i));
    sink.warning(span{id, 0, 1}, "dropped after the limit");
    EXPECT_EQ(sink.error_count(), 5u);
    EXPECT_EQ(sink.all().size(), 3u);
    EXPECT_TRUE(sink.limit_reached());
    EXPECT_EQ(render_sink(sources, sink),
              "m.csp:1:1: error: e0\nabcdef\n^\n"
              "m.csp:1:2: error: e1\nabcdef\n ^\n"
              "m.csp:1:3: error: e2\nabcdef\n  ^\n"
              "cspgate: error: too many errors emitted, stopping now (limit 3)\n");
}

TEST(diagnostics, limit_reached_exactly_at_the_limit) {
    diagnostics sink(2);
    sink.error_without_location("a");
    EXPECT_FALSE(sink.limit_reached());
    sink.error_without_location("b");
    EXPECT_TRUE(sink.limit_reached());
    EXPECT_EQ(sink.all().size(), 2u);
}

TEST(diagnostics, limit_zero_means_no_limit) {
    source_manager sources;
    diagnostics sink(0);
    for (int i = 0; i < 30; ++i) sink.error_without_location("e");
    EXPECT_FALSE(sink.limit_reached());
    EXPECT_EQ(sink.all().size(), 30u);
    std::string text = render_sink(sources, sink);
    EXPECT_EQ(text.substr(text.size() - 21), "30 errors generated.\n");
}

TEST(diagnostics, sorts_by_file_then_offset_then_report_order) {
    source_manager sources;
    auto a = sources.add("a.csp", "0123456789ab\n");
    auto b = sources.add("b.csp", "xy\n");
    diagnostics sink;
    sink.error(span{b, 0, 1}, "b0");
    sink.error(span{a, 10, 11}, "a10");
    sink.error(span{a, 2, 3}, "a2-first");
    sink.error_without_location("run");
    sink.warning(span{a, 2, 5}, "a2-second");
    std::vector<std::string> order;
    for (const diagnostic& d : sink.sorted()) order.push_back(d.message);
    EXPECT_EQ(order, (std::vector<std::string>{"run", "a2-first", "a2-second", "a10", "b0"}));
    // all() keeps the order of report.
    EXPECT_EQ(sink.all().front().message, "b0");
}

}  // namespace
