// Tests of the CSPM lexer against FDR's lexical rules: libcspm's token set,
// its newline-soaking table (the layout rule), `<` / `>` as sequence brackets
// or comparisons, `--` and nested `{- -}` comments, CRLF line ends, and the
// lexical errors.

#include "cspgate/syntax/lexer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cspgate::syntax {
namespace {

// The tokens of `text` as one string: each token's text, separated by
// spaces, with `NL` for a declaration-separating newline.  Sequence brackets
// print as `<<` and `>>` (and `<>` for the empty sequence) so that they can
// be told apart from the comparison operators `<` and `>`.  The final eof is
// left out.
struct lexed {
    std::string tokens;
    std::vector<std::string> errors;  ///< "line:col: message"
};

lexed lex_text(const std::string& text) {
    base::source_file file("test.csp", text);
    base::diagnostics sink(0);
    std::vector<token> toks = lex(file, 0, sink);
    lexed out;
    for (const token& t : toks) {
        if (t.kind == tok::eof) break;
        if (!out.tokens.empty()) out.tokens += ' ';
        switch (t.kind) {
        case tok::newline: out.tokens += "NL"; break;
        case tok::seq_open: out.tokens += "<<"; break;
        case tok::seq_close: out.tokens += ">>"; break;
        case tok::empty_seq: out.tokens += "<>"; break;
        default: out.tokens += std::string(file.text().substr(t.where.begin, t.where.end - t.where.begin));
        }
    }
    for (const auto& d : sink.sorted()) {
        base::position p = file.position_of(d.where.begin);
        out.errors.push_back(std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + d.message);
    }
    return out;
}

std::string tokens(const std::string& text) {
    lexed l = lex_text(text);
    EXPECT_TRUE(l.errors.empty()) << "unexpected lexical error in: " << text << "\n  first: " << l.errors.front();
    return l.tokens;
}

std::vector<tok> kinds(const std::string& text) {
    base::source_file file("test.csp", text);
    base::diagnostics sink(0);
    std::vector<tok> out;
    for (const token& t : lex(file, 0, sink)) out.push_back(t.kind);
    return out;
}

// ------------------------------------------------------------------ tokens

TEST(lexer, always_ends_with_eof) {
    EXPECT_EQ(kinds(""), std::vector<tok>{tok::eof});
    EXPECT_EQ(kinds("\n\n  -- only a comment\n"), std::vector<tok>{tok::eof});
    EXPECT_EQ(kinds("x").back(), tok::eof);
}

TEST(lexer, identifiers_keywords_and_literals) {
    EXPECT_EQ(kinds("x1_' if then Timed timed"),
              (std::vector<tok>{tok::ident, tok::kw_if, tok::kw_then, tok::kw_timed, tok::ident, tok::eof}));
    EXPECT_EQ(kinds("42 \"s\" 'c' true false"),
              (std::vector<tok>{tok::integer, tok::string, tok::character, tok::kw_true, tok::kw_false, tok::eof}));
    EXPECT_EQ(tokens("x1_' = 0"), "x1_' = 0");
}

TEST(lexer, longest_match_for_operators) {
    EXPECT_EQ(kinds("[] |~| ||| || |> -> <- <-> [> /\\ |\\ :: : @@ @ => =>* == = .. ."),
              (std::vector<tok>{tok::ext_choice, tok::int_choice, tok::interleave, tok::alpha_bar,
                                tok::exception_end, tok::arrow, tok::drawn, tok::tie, tok::sliding,
                                tok::interrupt, tok::project, tok::scope, tok::colon, tok::double_at, tok::at,
                                tok::yields, tok::yields_star, tok::eq, tok::equals, tok::dotdot, tok::dot,
                                tok::eof}));
}

TEST(lexer, brackets) {
    EXPECT_EQ(kinds("[| |] [[ ]] {| |} (| |) [+ +] /+ +\\"),
              (std::vector<tok>{tok::lsync, tok::rsync, tok::lrename, tok::rrename, tok::lclosure, tok::rclosure,
                                tok::lmap, tok::rmap, tok::lsyncext, tok::rsyncext, tok::lsyncint, tok::rsyncint,
                                tok::eof}));
}

TEST(lexer, refinement_operators_carry_their_model) {
    base::source_file file("test.csp", "P [T= Q\nP [FD= Q\nP [F= Q\n");
    base::diagnostics sink(0);
    std::vector<token> toks = lex(file, 0, sink);
    ASSERT_FALSE(sink.has_errors());
    std::vector<std::uint8_t> models;
    for (const token& t : toks)
        if (t.kind == tok::refines) models.push_back(t.model);
    ASSERT_EQ(models.size(), 3u);
    EXPECT_NE(models[0], models[1]);
    EXPECT_NE(models[1], models[2]);
    EXPECT_NE(models[0], models[2]);
}

TEST(lexer, property_is_one_token) {
    EXPECT_EQ(kinds("P :[deadlock free [F]]"), (std::vector<tok>{tok::ident, tok::property, tok::eof}));
    EXPECT_EQ(kinds("P :[has trace]: <a>"),
              (std::vector<tok>{tok::ident, tok::property, tok::colon, tok::seq_open, tok::ident, tok::seq_close,
                                tok::eof}));
}

// ------------------------------------------------------------------- `(|` vs `(|||`

TEST(lexer, paren_before_interleave_is_not_a_map) {
    // `(|||` is `(` then `|||` (libcspm): a map bracket would swallow it.
    EXPECT_EQ(kinds("(||| x : S @ P)"),
              (std::vector<tok>{tok::lparen, tok::interleave, tok::ident, tok::colon, tok::ident, tok::at,
                                tok::ident, tok::rparen, tok::eof}));
    EXPECT_EQ(kinds("(| 1 => 2 |)"),
              (std::vector<tok>{tok::lmap, tok::integer, tok::yields, tok::integer, tok::rmap, tok::eof}));
}

// ------------------------------------------------------- `<` and `>` as brackets

TEST(lexer, angle_brackets_after_operand_are_comparisons) {
    EXPECT_EQ(tokens("x = a < b"), "x = a < b");
    EXPECT_EQ(tokens("x = f(a) > 1"), "x = f ( a ) > 1");
    EXPECT_EQ(tokens("x = 1 <= 2 and 3 >= 4"), "x = 1 <= 2 and 3 >= 4");
}

TEST(lexer, angle_brackets_after_operator_are_sequences) {
    EXPECT_EQ(tokens("x = <1, 2>"), "x = << 1 , 2 >>");
    EXPECT_EQ(tokens("x = <a> ^ <b>"), "x = << a >> ^ << b >>");
    EXPECT_EQ(tokens("x = f(<1>)"), "x = f ( << 1 >> )");
}

TEST(lexer, comparison_inside_sequence) {
    EXPECT_EQ(tokens("x = <a < b>"), "x = << a < b >>");
    // Inside a sequence a `>` closes it, as in libcspm; FDR's manual asks for
    // greater-than comparisons in sequences to be parenthesised.
    EXPECT_EQ(tokens("x = <x | x <- s, (x > 1)>"), "x = << x | x <- s , ( x > 1 ) >>");
    EXPECT_EQ(tokens("x = <a > b"), "x = << a >> b");
}

TEST(lexer, empty_sequence) {
    EXPECT_EQ(tokens("x = <>"), "x = <>");
    EXPECT_EQ(tokens("x = < >"), "x = <>");
    EXPECT_EQ(kinds("x = < >"), (std::vector<tok>{tok::ident, tok::equals, tok::empty_seq, tok::eof}));
    EXPECT_EQ(tokens("x = #<>"), "x = # <>");
}

TEST(lexer, nested_sequences) {
    EXPECT_EQ(tokens("x = <<1>, <>>"), "x = << << 1 >> , <> >>");
}

// --------------------------------------------------------------- comments

TEST(lexer, line_comments) {
    EXPECT_EQ(tokens("x = 1 -- a comment -> (\ny = 2"), "x = 1 NL y = 2");
    EXPECT_EQ(tokens("-- first\nx = 1"), "x = 1");
}

TEST(lexer, block_comments_nest) {
    EXPECT_EQ(tokens("x = {- a {- nested -} still comment -} 1"), "x = 1");
    EXPECT_EQ(tokens("{- -- not a line comment -}x = 1"), "x = 1");
    EXPECT_EQ(tokens("x = 1 {- spans\n lines -}\ny = 2"), "x = 1 NL y = 2");
}

TEST(lexer, unterminated_block_comment_is_an_error) {
    lexed l = lex_text("x = 1\n{- open {- nested -}\ny = 2\n");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0].substr(0, 4), "2:1:");
}

// ------------------------------------------------------------- layout rule

TEST(lexer, newline_separates_declarations) {
    EXPECT_EQ(tokens("x = 1\ny = 2\n"), "x = 1 NL y = 2");
    EXPECT_EQ(tokens("\n\nx = 1\n\n\ny = 2\n\n"), "x = 1 NL y = 2");
}

TEST(lexer, newline_soaked_after_binary_operators) {
    EXPECT_EQ(tokens("x = 1 +\n 2\n"), "x = 1 + 2");
    EXPECT_EQ(tokens("P = a ->\n STOP\n"), "P = a -> STOP");
    EXPECT_EQ(tokens("P = STOP []\n STOP\n"), "P = STOP [] STOP");
    EXPECT_EQ(tokens("P = STOP |||\n STOP\n"), "P = STOP ||| STOP");
    EXPECT_EQ(tokens("x =\n 1\n"), "x = 1");
}

TEST(lexer, newline_soaked_before_binary_operators) {
    EXPECT_EQ(tokens("P = a -> STOP\n  [] b -> STOP\n"), "P = a -> STOP [] b -> STOP");
    EXPECT_EQ(tokens("x = 1\n + 2\n"), "x = 1 + 2");
    EXPECT_EQ(tokens("P = Q\n  [| {a} |]\n  R\n"), "P = Q [| { a } |] R");
    EXPECT_EQ(tokens("x = a\n == b\n"), "x = a == b");
}

TEST(lexer, newline_not_soaked_before_unary_minus_or_hash) {
    // `-` and `#` can begin an expression; libcspm keeps the newline before them.
    EXPECT_EQ(tokens("x = 1\n-2 == y\n"), "x = 1 NL - 2 == y");
}

TEST(lexer, newline_soaked_after_opening_brackets) {
    EXPECT_EQ(tokens("x = (\n 1)\n"), "x = ( 1 )");
    EXPECT_EQ(tokens("S = {\n 1,\n 2\n }\n"), "S = { 1 , 2 }");
    EXPECT_EQ(tokens("s = <\n 1>\n"), "s = << 1 >>");
}

TEST(lexer, newline_soaked_before_closing_brackets) {
    EXPECT_EQ(tokens("x = (1\n)\n"), "x = ( 1 )");
    EXPECT_EQ(tokens("S = {1\n}\ny = 2\n"), "S = { 1 } NL y = 2");
}

TEST(lexer, newline_soaked_inside_brackets) {
    EXPECT_EQ(tokens("f(x,\n  y) = x\n"), "f ( x , y ) = x");
    EXPECT_EQ(tokens("x = f(a\n  b)\n"), "x = f ( a b )");
}

TEST(lexer, newline_soaked_after_keywords) {
    EXPECT_EQ(tokens("x = if b then\n 1\n else\n 2\n"), "x = if b then 1 else 2");
    EXPECT_EQ(tokens("x = if b\n then 1 else 2\n"), "x = if b then 1 else 2");
    EXPECT_EQ(tokens("x = not\n b\n"), "x = not b");
    EXPECT_EQ(tokens("x = a and\n b\n"), "x = a and b");
}

TEST(lexer, let_block_keeps_newlines_between_its_declarations) {
    EXPECT_EQ(tokens("f(x) =\n  let\n    a = 1\n    b = 2\n  within\n    a + b\ny = 3\n"),
              "f ( x ) = let a = 1 NL b = 2 within a + b NL y = 3");
}

TEST(lexer, assertions_on_one_line_each) {
    EXPECT_EQ(tokens("assert P [T= Q\nassert P :[deadlock free]\n"),
              "assert P [T= Q NL assert P :[deadlock free]");
}

TEST(lexer, crlf_line_ends) {
    EXPECT_EQ(tokens("x = 1\r\ny = 2\r\n"), "x = 1 NL y = 2");
    EXPECT_EQ(tokens("P = a ->\r\n  STOP\r\n"), "P = a -> STOP");
    EXPECT_EQ(tokens("x = 1 -- comment\r\ny = 2\r\n"), "x = 1 NL y = 2");
}

TEST(lexer, crlf_positions_count_lines) {
    lexed l = lex_text("x = 1\r\ny = 2\r\nz = \"open\r\n");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0].substr(0, 4), "3:5:");
}

// ---------------------------------------------------------------- errors

TEST(lexer, unterminated_string) {
    lexed l = lex_text("s = \"abc\nt = 1\n");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0].substr(0, 4), "1:5:");
}

TEST(lexer, string_escapes_do_not_end_the_string) {
    EXPECT_EQ(tokens("s = \"a\\\"b\"\n"), "s = \"a\\\"b\"");
}

TEST(lexer, invalid_character_is_reported_and_skipped) {
    lexed l = lex_text("x = 1 \x01 2\n");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0].substr(0, 4), "1:7:");
    l = lex_text("x = \xC2\xA7\n");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_EQ(l.errors[0].substr(0, 4), "1:5:");
}

TEST(lexer, deep_brackets_lex_without_recursion) {
    // The lexer keeps its bracket stack on the heap; the parser bounds depth.
    std::string deep = "x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n";
    base::source_file file("test.csp", deep);
    base::diagnostics sink(0);
    std::vector<token> toks = lex(file, 0, sink);
    EXPECT_EQ(toks.size(), 200000u + 4u);  // x = ( … 1 … ) eof
}

}  // namespace
}  // namespace cspgate::syntax
