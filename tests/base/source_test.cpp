#include "cspgate/base/source.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using cspgate::base::position;
using cspgate::base::source_file;
using cspgate::base::source_manager;
using cspgate::base::span;

void expect_position(const source_file& f, std::uint32_t offset, std::uint32_t line, std::uint32_t column) {
    position p = f.position_of(offset);
    EXPECT_EQ(p.line, line) << "offset " << offset;
    EXPECT_EQ(p.column, column) << "offset " << offset;
}

TEST(source_file, maps_offsets_to_lines_and_columns_with_lf) {
    source_file f("m.csp", "a\nbc\n");
    EXPECT_EQ(f.line_count(), 3u);
    expect_position(f, 0, 1, 1);
    expect_position(f, 1, 1, 2);  // the newline belongs to the line it ends
    expect_position(f, 2, 2, 1);
    expect_position(f, 4, 2, 3);
    expect_position(f, 5, 3, 1);  // the empty line after the final newline
    EXPECT_EQ(f.line_text(1), "a");
    EXPECT_EQ(f.line_text(2), "bc");
    EXPECT_EQ(f.line_text(3), "");
}

TEST(source_file, treats_crlf_as_one_line_end) {
    source_file f("m.csp", "ab\r\ncd\r\n");
    EXPECT_EQ(f.line_count(), 3u);
    expect_position(f, 2, 1, 3);
    expect_position(f, 3, 1, 4);
    expect_position(f, 4, 2, 1);
    expect_position(f, 5, 2, 2);
    EXPECT_EQ(f.line_text(1), "ab");
    EXPECT_EQ(f.line_text(2), "cd");
    EXPECT_EQ(f.line_text(3), "");
}

TEST(source_file, treats_lone_cr_as_line_end) {
    source_file f("m.csp", "ab\rcd\r");
    EXPECT_EQ(f.line_count(), 3u);
    expect_position(f, 2, 1, 3);
    expect_position(f, 3, 2, 1);
    expect_position(f, 6, 3, 1);
    EXPECT_EQ(f.line_text(1), "ab");
    EXPECT_EQ(f.line_text(2), "cd");
    EXPECT_EQ(f.line_text(3), "");
}

TEST(source_file, keeps_an_empty_line_between_lone_cr_and_crlf) {
    source_file f("m.csp", "a\r\r\nb");
    EXPECT_EQ(f.line_count(), 3u);
    EXPECT_EQ(f.line_text(1), "a");
    EXPECT_EQ(f.line_text(2), "");
    EXPECT_EQ(f.line_text(3), "b");
    expect_position(f, 4, 3, 1);
}

TEST(source_file, handles_a_last_line_without_newline) {
    source_file f("m.csp", "x\nyz");
    EXPECT_EQ(f.line_count(), 2u);
    EXPECT_EQ(f.line_text(2), "yz");
    expect_position(f, 3, 2, 2);
    expect_position(f, 4, 2, 3);  // the end of the text
}

TEST(source_file, clamps_offsets_past_the_end) {
    source_file f("m.csp", "x\nyz");
    expect_position(f, 5, 2, 3);
    expect_position(f, 0xFFFFFFFFu, 2, 3);
}

TEST(source_file, handles_empty_text) {
    source_file f("empty.csp", "");
    EXPECT_EQ(f.line_count(), 1u);
    expect_position(f, 0, 1, 1);
    expect_position(f, 7, 1, 1);
    EXPECT_EQ(f.line_text(1), "");
}

TEST(source_file, returns_nothing_for_lines_out_of_range) {
    source_file f("m.csp", "a\nb\n");
    EXPECT_EQ(f.line_text(0), "");
    EXPECT_EQ(f.line_text(4), "");
    EXPECT_EQ(f.line_text(1000), "");
}

TEST(source_file, counts_columns_in_bytes) {
    source_file f("m.csp", "\xc3\xa9x");  // "éx"
    expect_position(f, 2, 1, 3);
}

TEST(source_manager, hands_out_ids_in_order) {
    source_manager sources;
    EXPECT_EQ(sources.size(), 0u);
    EXPECT_EQ(sources.add("a.csp", "A"), 0u);
    EXPECT_EQ(sources.add("b.csp", "B"), 1u);
    EXPECT_EQ(sources.size(), 2u);
    EXPECT_EQ(sources.file(1).name(), "b.csp");
    EXPECT_EQ(sources.file(0).text(), "A");
    EXPECT_THROW((void)sources.file(2), std::out_of_range);
}

TEST(span, cover_takes_the_outer_bounds) {
    span s = span::cover(span{3, 10, 12}, span{3, 4, 6});
    EXPECT_EQ(s.file, 3u);
    EXPECT_EQ(s.begin, 4u);
    EXPECT_EQ(s.end, 12u);
}

}  // namespace
