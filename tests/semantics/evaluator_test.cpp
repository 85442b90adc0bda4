// The evaluator on small scripts, against FDR's documented meaning.

#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace cspgate;

namespace {

/// Evaluates `expr` in the scope of `script_text`: the value in FDR's
/// notation, or "error: " and the first diagnostic's message.
std::string eval(const std::string& script_text, const std::string& expr, semantics::eval_limits lim = {}) {
    base::source_manager sources;
    base::diagnostics sink;
    auto script = syntax::parse_text(sources, "test.csp", script_text, sink);
    if (sink.has_errors()) return "parse error";
    auto e = syntax::parse_expression(script, sources, "<expr>", expr, sink);
    if (sink.has_errors()) return "parse error";
    auto prog = semantics::program::load(script, sink, lim);
    auto v = prog->evaluate(e, sink);
    if (!v) return "error: " + sink.all().front().message;
    return prog->show(*v);
}

}  // namespace

TEST(evaluator, integers_follow_fdr) {
    EXPECT_EQ(eval("", "1 + 2 * 3"), "7");
    EXPECT_EQ(eval("", "-7 / 2"), "-4");  // rounds towards negative infinity, as Haskell's div
    EXPECT_EQ(eval("", "-7 % 2"), "1");
    EXPECT_EQ(eval("", "7 % -2"), "-1");
    EXPECT_EQ(eval("", "2147483647 + 1"), "error: integer overflow: the result 2147483648 is outside FDR's Int range");
    EXPECT_EQ(eval("", "1 / 0"), "error: division by zero");
}

TEST(evaluator, sets_are_canonical) {
    EXPECT_EQ(eval("", "{3, 1, 2, 1}"), "{1, 2, 3}");
    EXPECT_EQ(eval("", "{0..3}"), "{0..3}");
    EXPECT_EQ(eval("", "card({x * y | x <- {1..3}, y <- {1..3}})"), "6");
    EXPECT_EQ(eval("", "union({1}, {2}) == {1, 2}"), "true");
    EXPECT_EQ(eval("", "diff({1..}, {1}) == {2..}"), "true");
    EXPECT_EQ(eval("", "{1} <= {0..}"), "true");
    EXPECT_EQ(eval("", "{x.. | x <- {3, 5}}"), "{3..}");
    EXPECT_EQ(eval("", "union({x.. | x <- {5}}, {3..4}) == {x.. | x <- {5}, y <- {0}} "), "false");
    EXPECT_EQ(eval("", "{x..y | (x, y) <- {(1, 2), (2, 3)}}"), "{1, 2, 3}");
    EXPECT_EQ(eval("", "Set({1, 2})"), "{{}, {1}, {1, 2}, {2}}");
}

TEST(evaluator, sequences_and_strings) {
    EXPECT_EQ(eval("", "<1, 2> ^ <3>"), "<1, 2, 3>");
    EXPECT_EQ(eval("", "#<1, 2, 3>"), "3");
    EXPECT_EQ(eval("", "\"ab\" ^ \"c\""), "\"abc\"");
    EXPECT_EQ(eval("", "<x | x <- <3, 1, 2>, (x > 1)>"), "<3, 2>");  // an unbracketed > would close the sequence
    EXPECT_EQ(eval("", "head(<>)"), "error: 'head' of an empty sequence");
}

TEST(evaluator, functions_patterns_and_let) {
    const char* script = "f(0) = 1\nf(n) = n * f(n - 1)\ng(<x>^s) = x\nh((a, b)) = a + b\n"
                         "ends(<a>^<b>^t^<c>) = (a, b, t, c)\n";
    EXPECT_EQ(eval(script, "f(5)"), "120");
    EXPECT_EQ(eval(script, "g(<7, 8>)"), "7");
    EXPECT_EQ(eval(script, "h((2, 3))"), "5");
    EXPECT_EQ(eval(script, "ends(<1, 2, 3, 4, 5>)"), "(1, 2, <3, 4>, 5)");
    // Regression: a sequence too short for a pattern with a fixed-length
    // right-hand end does not match (it used to be an error).
    const char* shorter = "f(<a>^t^<c>) = a\nf(_) = 0\ng(t^<a>^<b>) = a\ng(_) = 0\n"
                          "F(<h1>^<h2>^t^<e1>^<e2>) = h1 + h2 + e1 + e2\nF(_) = 0\n";
    EXPECT_EQ(eval(shorter, "f(<>)"), "0");
    EXPECT_EQ(eval(shorter, "f(<1>)"), "0");
    EXPECT_EQ(eval(shorter, "f(<1, 2>)"), "1");
    EXPECT_EQ(eval(shorter, "g(<1>)"), "0");
    EXPECT_EQ(eval(shorter, "g(<1, 2, 3>)"), "2");
    EXPECT_EQ(eval(shorter, "F(<1, 2, 3>)"), "0");
    EXPECT_EQ(eval(shorter, "F(<1, 2, 3, 4, 5>)"), "12");
    EXPECT_EQ(eval(script, "(\\ x, y @ x - y)(5, 2)"), "3");
    EXPECT_EQ(eval("", "let f(0) = 0\n    f(n) = 1 + f(n - 1)\nwithin f(4)"), "4");
    EXPECT_EQ(eval("k(1) = 2\n", "k(3)"), "error: no clause of 'k' matches the arguments (3)");
    EXPECT_EQ(eval("", "error(\"boom\")"), "error: error(\"boom\")");
}

TEST(evaluator, channels_events_and_dots) {
    const char* script = "channel c : {0, 1}.Bool\nchannel d\ndatatype T = A.{0, 1} | B\n";
    EXPECT_EQ(eval(script, "{| c.0 |}"), "{c.0.false, c.0.true}");
    EXPECT_EQ(eval(script, "card({| c |})"), "4");
    EXPECT_EQ(eval(script, "Events == union({| c |}, {d})"), "true");
    EXPECT_EQ(eval(script, "T"), "{A.0, A.1, B}");
    EXPECT_EQ(eval(script, "(c.1.true) == (c.(1).(true))"), "true");  // . binds looser than ==
    EXPECT_EQ(eval(script, "extensions(c.1)"), "{false, true}");
    // A value outside a field's declared set is an error, as in FDR.
    EXPECT_EQ(eval(script, "c.7"),
              "error: 7 is not a value of field 1 of channel 'c' (which takes values of {0, 1})");
    // Dot patterns read constructor fields by arity (libcspm's semantics).
    EXPECT_EQ(eval("datatype X = P.{0,1}.{0,1} | Q\nfst(P.x.y) = x\nrest(P.z) = z\n", "(fst(P.1.0), rest(P.1.0))"),
              "(1, 1.0)");
}

TEST(evaluator, undefined_names_suggest_a_near_one) {
    EXPECT_EQ(eval("channel send : {0, 1}\n", "{| sned |}"), "error: 'sned' is not defined; did you mean 'send'?");
    EXPECT_EQ(eval("", "cardd({1})"), "error: 'cardd' is not defined; did you mean 'card'?");
    EXPECT_EQ(eval("", "zzzzzz"), "error: 'zzzzzz' is not defined");
}

TEST(evaluator, maps) {
    EXPECT_EQ(eval("", "(| 2 => 1, 1 => 2 |)"), "(| 1 => 2, 2 => 1 |)");
    EXPECT_EQ(eval("", "mapLookup((| 1 => 5 |), 1)"), "5");
    EXPECT_EQ(eval("", "mapToList(mapUpdate(emptyMap, 3, 4))"), "<(3, 4)>");
}

TEST(evaluator, limits_end_in_a_diagnostic) {
    // Unbounded recursion is reported, not a crash.
    std::string r = eval("f(n) = f(n + 1)\n", "f(0)");
    EXPECT_NE(r.find("nested too deeply"), std::string::npos) << r;
    EXPECT_EQ(eval("", "card({0..})"), "error: 'card' of an infinite set");
    EXPECT_EQ(eval("", "(member('x', Char), member(1, Char), empty(Char))"), "(true, false, false)");
    EXPECT_EQ(eval("", "card(Char)"), "error: 'card' of the infinite set Char");
    semantics::eval_limits small;
    small.max_steps = 10000;
    EXPECT_EQ(eval("", "card({x + y | x <- {0..200}, y <- {0..200}})", small),
              "error: evaluation stopped after 10000 steps (the limit on evaluation time)");
    small.max_set_size = 1000;
    EXPECT_EQ(eval("", "#<0..5000>", small), "error: the range has more than 1000 elements");
    EXPECT_EQ(eval("", "card({0..5000})", small), "5001");  // a set range is never enumerated for card
}

namespace cspgate {
namespace {

// The built-ins not exercised by the tests above, each with the value FDR
// gives (FDR4 manual, "Built-in functions").
TEST(evaluator, remaining_builtins) {
    const char* script = "channel c : {0, 1}.{0, 1}\n";
    EXPECT_EQ(eval(script, "Union({{1}, {2, 3}})"), "{1, 2, 3}");
    EXPECT_EQ(eval(script, "Inter({{1, 2}, {2, 3}})"), "{2}");
    EXPECT_EQ(eval(script, "null(<>)"), "true");
    EXPECT_EQ(eval(script, "null(<1>)"), "false");
    EXPECT_EQ(eval(script, "tail(<1, 2, 3>)"), "<2, 3>");
    EXPECT_EQ(eval(script, "tail(<>)"), "error: 'tail' of an empty sequence");
    EXPECT_EQ(eval(script, "concat(<<1>, <>, <2, 3>>)"), "<1, 2, 3>");
    EXPECT_EQ(eval(script, "productions(c.0)"), "{c.0.0, c.0.1}");
    EXPECT_EQ(eval(script, "mapFromList(<(1, 2), (3, 4)>)"), "(| 1 => 2, 3 => 4 |)");
    EXPECT_EQ(eval(script, "mapMember((| 1 => 2 |), 1)"), "true");
    EXPECT_EQ(eval(script, "mapMember((| 1 => 2 |), 2)"), "false");
    EXPECT_EQ(eval(script, "mapUpdateMultiple((| 1 => 2 |), <(3, 4), (1, 5)>)"), "(| 1 => 5, 3 => 4 |)");
    EXPECT_EQ(eval(script, "mapDelete((| 1 => 2, 3 => 4 |), 1)"), "(| 3 => 4 |)");
    EXPECT_EQ(eval(script, "mapKeys((| 1 => 2, 3 => 4 |))"), "{1, 3}");
    EXPECT_EQ(eval(script, "seqToSet(<3, 1, 3>)"), "{1, 3}");
    EXPECT_EQ(eval(script, "transpose({(1, 2), (3, 4)})"), "{(2, 1), (4, 3)}");
    EXPECT_EQ(eval(script, "relational_image({(1, 2), (1, 3), (2, 4)})(1)"), "{2, 3}");
    EXPECT_EQ(eval(script, "relational_inverse_image({(1, 2), (1, 3), (2, 4)})(4)"), "{2}");
    EXPECT_EQ(eval(script, "mtransclose({(1, 2), (2, 3)}, {1, 2, 3})"), "{(1, 2), (1, 3)}");
    // Seq(A) and Map(A, B) are infinite: they can be tested, not enumerated.
    EXPECT_EQ(eval(script, "card(Seq({1}))"), "error: 'card' of the infinite set Seq({1})");
    EXPECT_EQ(eval(script, "{x | x <- Seq({1})}"), "error: cannot enumerate the infinite set Seq({1})");
    EXPECT_EQ(eval(script, "(member(<>, Seq({1})), member(<1, 1>, Seq({1})), member(<1, 2>, Seq({1})), member(1, Seq({1})))"),
              "(true, true, false, false)");
    EXPECT_EQ(eval(script, "(member(\"cd\", Seq(Char)), member(<1>, Seq(Char)), member(<<0>, <>>, Seq(Seq({0}))))"),
              "(true, false, true)");
    EXPECT_EQ(eval(script, "(member((| 1 => true |), Map({1, 2}, Bool)), member((| 3 => true |), Map({1, 2}, Bool)))"),
              "(true, false)");
    EXPECT_EQ(eval(script, "(member(emptyMap, Map({1}, {2})), member(<>, Map({1}, {2})), empty(Seq({})))"),
              "(true, false, false)");
    EXPECT_EQ(eval(script, "(Seq({1}) == Seq({1}), Seq({1}) == Seq({2}), Map({1}, {2}))"),
              "(true, false, Map({1}, {2}))");
    // A channel of sequences checks its values against Seq(A).
    EXPECT_EQ(eval("channel s : Seq({0, 1})\n", "s.<0, 1, 1>"), "s.<0, 1, 1>");
    EXPECT_NE(eval("channel s : Seq({0, 1})\n", "s.<2>").find("is not a value of field 1 of channel 's'"), std::string::npos);
}

// A field whose set holds only some values of a constructor completes to
// those alone; a subtype clause that fixes the first fields leaves the others
// free; `p @@ q` inside a dot pattern spans its longer side.
TEST(evaluator, constructors_inside_fields) {
    const char* script = "datatype V = t.{0..1}\nchannel b : {t.0}\nchannel r : {| b |}\n"
                         "datatype X = A | B.{0}\ndatatype D = D2.X.{0, 1}\nsubtype S = D2.X\n";
    EXPECT_EQ(eval(script, "productions(b.t)"), "{b.t.0}");
    EXPECT_EQ(eval(script, "extensions(b.t)"), "{0}");
    EXPECT_EQ(eval(script, "productions(r.b.t)"), "{r.b.t.0}");
    EXPECT_EQ(eval(script, "{| b |}"), "{b.t.0}");
    EXPECT_EQ(eval(script, "S"), "{D2.A.0, D2.A.1, D2.B.0.0, D2.B.0.1}");
    // A field set of dotted values that is not a product is checked as a whole.
    const char* pairs = "channel g : {0.1, 1.0}\nchannel h : {0,1}.{0.1, 1.0}\n";
    EXPECT_EQ(eval(pairs, "{| g |}"), "{g.0.1, g.1.0}");
    EXPECT_EQ(eval(pairs, "g.0.0"), "error: 0.0 is not a value of fields 1 to 2 of channel 'g' (which takes values of {0.1, 1.0})");
    EXPECT_EQ(eval(pairs, "g.1.0"), "g.1.0");
    EXPECT_EQ(eval(pairs, "card({| h |})"), "4");
    EXPECT_EQ(eval(pairs, "h.1.1.1").rfind("error: 1.1 is not a value of fields 2 to 3 of channel 'h'", 0), 0u);
    EXPECT_EQ(eval("f(((x.y) @@ (a.b.c)).d) = (x, y, a, d)\n", "f(0.1.2.3)"), "(0, 1.2, 0, 3)");
    EXPECT_EQ(eval("f(((x.y) @@ (a.b.c)).d) = d\nf(_) = 0 - 1\n", "f(0.1.2)"), "-1");
}

// A union or difference that involves an infinite set is kept as its two
// sets: it can be tested, not enumerated.
TEST(evaluator, infinite_unions_and_differences) {
    EXPECT_EQ(eval("", "diff({0..}, {2..3})"), "diff({0..}, {2..3})");
    EXPECT_EQ(eval("", "(member(1, diff({0..}, {2..3})), member(3, diff({0..}, {2..3})), member(9, diff({0..}, {2..3})))"),
              "(true, false, true)");
    EXPECT_EQ(eval("", "diff({0..}, {0, 1, 5})"), "diff({0..}, {0, 1, 5})");
    EXPECT_EQ(eval("", "(member(5, diff({0..}, {0, 1, 5})), member(2, diff({0..}, {0, 1, 5})))"), "(false, true)");
    EXPECT_EQ(eval("", "diff({0..}, {0, 1})"), "{2..}");  // still a range
    EXPECT_EQ(eval("", "union({0..}, { -5})"), "union({-5}, {0..})");
    EXPECT_EQ(eval("", "union({ -5}, {0..}) == union({0..}, { -5})"), "true");
    EXPECT_EQ(eval("", "(member(-5, union({0..}, { -5})), member(-4, union({0..}, { -5})), empty(union({0..}, { -5})))"),
              "(true, false, false)");
    EXPECT_EQ(eval("", "inter(union({0..}, { -5}), { -5, -4, 3})"), "{-5, 3}");
    EXPECT_EQ(eval("", "inter({ -5, -4, 3}, diff({0..}, {3}))"), "{}");
    EXPECT_EQ(eval("", "(member('b', diff(Char, {'a'})), member('a', diff(Char, {'a'})))"), "(true, false)");
    EXPECT_EQ(eval("", "card(diff({0..}, {2..3}))"), "error: 'card' of the infinite set diff({0..}, {2..3})");
    EXPECT_EQ(eval("", "{x | x <- union({0..}, { -5})}"), "error: cannot enumerate the infinite set union({-5}, {0..})");
    // Less an infinite set, the difference could be anything (even empty).
    EXPECT_EQ(eval("", "diff({0..}, union({5..}, {1}))"),
              "error: the difference of two infinite sets is not supported: {0..} and union({1}, {5..})");
}

// Infinite sequences are lazy, as in FDR: made as far as they are used.
TEST(evaluator, infinite_sequences) {
    EXPECT_EQ(eval("", "head(<5..>)"), "5");
    EXPECT_EQ(eval("", "head(tail(tail(<5..>)))"), "7");
    EXPECT_EQ(eval("", "null(<0..>)"), "false");
    EXPECT_EQ(eval("", "<0..>"), "<0, 1, 2, 3, 4, ...>");
    EXPECT_EQ(eval("", "tail(<x * x | x <- <1..>>)"), "<4, 9, 16, 25, 36, ...>");
    // Filters and further (finite) generators run per element, in order.
    EXPECT_EQ(eval("", "head(tail(tail(<x | x <- <0..>, x % 2 == 1>)))"), "5");
    EXPECT_EQ(eval("", "<(x, y) | x <- <0..>, y <- <10, 20>>"), "<(0, 10), (0, 20), (1, 10), (1, 20), (2, 10), ...>");
    EXPECT_EQ(eval("", "<1, 2> ^ <7..>"), "<1, 2, 7, 8, 9, ...>");
    // A range comprehension: the ranges one after the other, so nothing
    // after the first infinite one.
    EXPECT_EQ(eval("", "<x.. | x <- <3, 5>>"), "<3, 4, 5, 6, 7, ...>");
    EXPECT_EQ(eval("", "<x.. | x <- <>>"), "<>");
    EXPECT_EQ(eval("", "{x.. | x <- {5, 3}}"), "{3..}");
    EXPECT_EQ(eval("", "head(<3..> ^ <1>)"), "3");
    EXPECT_EQ(eval("first3(<a, b, c>^_) = <a, b, c>\n", "first3(<10..>)"), "<10, 11, 12>");
    EXPECT_EQ(eval("f(<>) = 0\nf(<x>) = 1\nf(_) = 2\n", "f(<0..>)"), "2");
    // What needs the whole sequence is an error, not a hang.
    EXPECT_EQ(eval("", "#<0..>").rfind("error: the length '#' of an infinite sequence", 0), 0u);
    EXPECT_EQ(eval("", "set(<0..>)").rfind("error: 'set' of an infinite sequence", 0), 0u);
    EXPECT_EQ(eval("", "{x | x <- <0..>}").rfind("error: a generator drawing from all of an infinite sequence", 0), 0u);
    EXPECT_EQ(eval("", "<0..> == <0..>"), "error: an infinite sequence cannot be compared (FDR would not terminate)");
    EXPECT_EQ(eval("", "member(<0..>, Seq({0..}))"), "false");
    semantics::eval_limits small;
    small.max_steps = 10000;
    EXPECT_EQ(eval("", "head(<x | x <- <0..>, x < 0>)", small).rfind("error: evaluation stopped after 10000 steps", 0), 0u);
    EXPECT_EQ(eval("", "head(<x | (x, 1) <- <0..>>)", small).rfind("error: evaluation stopped after 10000 steps", 0), 0u);
    // A filter that passes rarely runs in constant memory: the scopes of the
    // elements it drops are freed (200,000 of them would be held otherwise).
    {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "test.csp",
                                         "h = head(<x | x <- <0..>, 200000 < x>)\n"
                                         "k = head(tail(<\\ y @ x + y | x <- <0..>, x % 1000 == 0>))\n",
                                         sink);
        auto prog = semantics::program::load(script, sink);
        std::size_t before = prog->scopes();
        auto h = prog->lookup("h", sink);
        ASSERT_TRUE(h.has_value());
        EXPECT_EQ(prog->show(*h), "200001");
        EXPECT_LT(prog->scopes() - before, 100u);
        // An element that is kept keeps its scope: the closure needs x.
        auto k = prog->lookup("k", sink);
        ASSERT_TRUE(k.has_value());
        EXPECT_EQ(prog->show(*k), "<function lambda>");
    }
    // Past FDR's Int range is an overflow, as for any integer.
    EXPECT_EQ(eval("", "head(tail(<2147483647..>))").rfind("error: integer overflow", 0), 0u);
}

}  // namespace
}  // namespace cspgate
