// The type checker on small scripts: the type of each construct in FDR's
// notation, the class constraints, polymorphism, and the exact error text.

#include "cspgate/semantics/typecheck.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

using namespace cspgate;

namespace {

/// The type of `expr` in the scope of `script_text`, or "error: " and the
/// first diagnostic's message with its line and column.
std::string type(const std::string& script_text, const std::string& expr) {
    base::source_manager sources;
    base::diagnostics sink;
    auto script = syntax::parse_text(sources, "test.csp", script_text, sink);
    if (sink.has_errors()) return "parse error";
    auto e = syntax::parse_expression(script, sources, "<expr>", expr, sink);
    if (sink.has_errors()) return "parse error";
    auto t = semantics::type_of(script, e, sink);
    if (!t) {
        auto all = sink.sorted();
        const auto& d = all.front();
        auto pos = sources.file(d.where.file).position_of(d.where.begin);
        return "error: " + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + d.message;
    }
    return *t;
}

/// The first type error of a whole script, or "ok".
std::string check(const std::string& script_text) {
    base::source_manager sources;
    base::diagnostics sink;
    auto script = syntax::parse_text(sources, "test.csp", script_text, sink);
    if (sink.has_errors()) return "parse error";
    if (semantics::typecheck(script, sink)) return "ok";
    auto all = sink.sorted();
    const auto& d = all.front();
    auto pos = sources.file(d.where.file).position_of(d.where.begin);
    return std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + d.message;
}

}  // namespace

TEST(typecheck, literals_and_operators) {
    EXPECT_EQ(type("", "1 + 2"), "Int");
    EXPECT_EQ(type("", "true and not false"), "Bool");
    EXPECT_EQ(type("", "'a'"), "Char");
    EXPECT_EQ(type("", "\"abc\""), "<Char>");
    EXPECT_EQ(type("", "(1, true)"), "(Int, Bool)");
    EXPECT_EQ(type("", "#<1, 2> == 2"), "Bool");
    EXPECT_EQ(type("", "<1> ^ <2>"), "<Int>");
    EXPECT_EQ(type("", "if 1 < 2 then {1} else {}"), "{Int}");
}

TEST(typecheck, sets_sequences_maps) {
    EXPECT_EQ(type("", "{1..3}"), "{Int}");
    EXPECT_EQ(type("", "<x * 2 | x <- <1, 2>, 0 < x>"), "<Int>");
    EXPECT_EQ(type("", "{(x, y) | x <- {1}, y <- {true}}"), "{(Int, Bool)}");
    EXPECT_EQ(type("", "(| 1 => true |)"), "(|Int => Bool|)");
    EXPECT_EQ(type("", "mapLookup((| 1 => 'c' |), 1)"), "Char");
    EXPECT_EQ(type("", "{STOP, SKIP}"), "{Proc}");
}

TEST(typecheck, functions_lambdas_and_let) {
    EXPECT_EQ(type("", "\\ x @ x + 1"), "(Int) -> Int");
    EXPECT_EQ(type("f(x)(y) = x + y", "f"), "(Int) -> (Int) -> Int");
    EXPECT_EQ(type("", "let g(x) = (x, x) within g(true)"), "(Bool, Bool)");
    EXPECT_EQ(type("", "member"), "Set a => (a, {a}) -> Bool");
    EXPECT_EQ(type("", "union({1}, {2})"), "{Int}");
}

TEST(typecheck, let_polymorphism_over_dependency_groups) {
    // id is used at two types: it must be generalised before its users.
    EXPECT_EQ(check("id(x) = x\na = id(1)\nb = id(true)\n"), "ok");
    EXPECT_EQ(type("id(x) = x\np = (id(1), id('c'))", "p"), "(Int, Char)");
    // A parameter named like a top-level definition does not tie them together.
    EXPECT_EQ(check("f(x) = x\nx = f('c')\ny = f(\"s\")\n"), "ok");
    // Mutually recursive definitions share one monomorphic type while typed.
    EXPECT_EQ(type("even(n) = if n == 0 then true else odd(n - 1)\nodd(n) = if n == 0 then false else even(n - 1)", "odd"),
              "(Int) -> Bool");
}

TEST(typecheck, channels_and_dotted_types) {
    const std::string s = "channel c : {0..3}.Bool\nchannel d\ndatatype T = leaf | node.{0..1}.T\n";
    EXPECT_EQ(type(s, "c"), "Int => Bool => Event");
    EXPECT_EQ(type(s, "c.1"), "Bool => Event");
    EXPECT_EQ(type(s, "c.1.true"), "Event");
    EXPECT_EQ(type(s, "d"), "Event");
    EXPECT_EQ(type(s, "node.1.leaf"), "T");
    EXPECT_EQ(type(s, "{| c |}"), "{Event}");
    EXPECT_EQ(type(s, "T"), "{T}");
    EXPECT_EQ(type(s, "c.true"), "error: 1:3: type mismatch: expected Int, found Bool");
    EXPECT_EQ(type("nametype N = {0..1}.Bool\nchannel e : N", "e"), "Int => Bool => Event");
    EXPECT_EQ(type("channel p : ({0..1}, Bool)", "p"), "(Int, Bool) => Event");
}

TEST(typecheck, prefixes_and_fields) {
    const std::string s = "channel c : {0..3}.Bool\nchannel d : {0..3}\n";
    EXPECT_EQ(check(s + "P = c?x!true -> d!x -> STOP\n"), "ok");
    EXPECT_EQ(check(s + "P = c?x.y -> d!x -> if y then STOP else SKIP\n"), "ok");
    EXPECT_EQ(check(s + "P = c?x:{1, 2}$y -> STOP\n"), "ok");
    // A last input takes the fields left: x is a dotted value here.
    EXPECT_EQ(check(s + "P = c?x -> STOP\n"), "ok");
    EXPECT_EQ(check(s + "P = d!true -> STOP\n"), "3:6: type mismatch: expected Int, found Bool");
    EXPECT_EQ(check(s + "P = c -> STOP\n"),
              "3:5: type mismatch: expected Event, found a constructor of type Int => Bool => Event (not all its fields are given)");
}

TEST(typecheck, process_operators) {
    const std::string s = "channel a, b\n";
    EXPECT_EQ(check(s + "P = ((a -> STOP [] b -> SKIP) \\ {a}) [| {b} |] (STOP ||| SKIP)\n"), "ok");
    EXPECT_EQ(check(s + "P = [] x : {a, b} @ x -> STOP\nQ = ; x : <a, b> @ x -> SKIP\n"), "ok");
    EXPECT_EQ(check(s + "P = STOP [a <-> b] STOP\nQ = STOP [[ a <- b ]]\nR = true & STOP\n"), "ok");
    EXPECT_EQ(check(s + "P = STOP [| 1 |] STOP\n"), "2:13: type mismatch: expected a set of events, found Int");
    EXPECT_EQ(check(s + "P = STOP [+ {} +] 1\n"), "2:19: type mismatch: expected Proc, found Int");
    EXPECT_EQ(check(s + "P = STOP [] {a}\n"), "2:13: type mismatch: expected Proc, found a set of events");
}

TEST(typecheck, assertions) {
    const std::string s = "channel a\nchannel b : Int\n";
    EXPECT_EQ(check(s + "assert STOP [T= a -> STOP\nassert STOP :[deadlock free]\nassert STOP :[has trace]: <a, b.0>\n"), "ok");
    EXPECT_EQ(check(s + "assert STOP [FD= 1\n"), "3:18: type mismatch: expected Proc, found Int");
    EXPECT_EQ(check(s + "assert STOP :[has trace] <a, b>\n"),
              "3:30: type mismatch: expected Event, found a constructor of type Int => Event (not all its fields are given)");
}

TEST(typecheck, class_constraints) {
    EXPECT_EQ(check("P = STOP == STOP\n"), "1:5: type mismatch: Proc cannot be compared for equality (it is not in Eq)");
    EXPECT_EQ(check("x = true < false\n"), "1:5: type mismatch: Bool cannot be ordered (it is not in Ord)");
    EXPECT_EQ(check("x = {1} < {1, 2}\ny = <1> <= <1, 2>\nchannel a\nz = <a> <= <a>\n"), "ok");
    EXPECT_EQ(check("f(x) = x\ny = f == f\n"), "2:5: type mismatch: a function of type (a) -> a cannot be compared for equality (it is not in Eq)");
    EXPECT_EQ(type("", "\\ x, y @ x < y"), "Ord a => (a, a) -> Bool");
}

TEST(typecheck, annotations) {
    EXPECT_EQ(check("f :: (Int) -> Int\nf(x) = x\n"), "ok");
    EXPECT_EQ(type("f :: (Int) -> Int\nf(x) = x", "f"), "(Int) -> Int");
    EXPECT_EQ(check("f :: (Bool) -> Int\nf(x) = x + 1\n"),
              "2:1: type mismatch: expected a function of type (Bool) -> Int, found a function of type (Int) -> Int");
    EXPECT_EQ(type("g :: Eq a => (a, <a>) -> Bool\ng(x, s) = elem(x, s)", "g"), "Eq a => (a, <a>) -> Bool");
}

TEST(typecheck, errors_name_both_types) {
    EXPECT_EQ(check("x = 1 + true\n"), "1:9: type mismatch: expected Int, found Bool");
    EXPECT_EQ(check("x = card(1)\n"), "1:10: type mismatch: expected a set of a, found Int");
    EXPECT_EQ(check("x = head(<1>) and true\n"), "1:5: type mismatch: expected Bool, found Int");
}

TEST(typecheck, modules_and_unknown_dots_are_lenient) {
    EXPECT_EQ(check("module M\nexports\n  f(x) = x\nendmodule\na = M::f(1)\nb = M::f(true)\n"), "ok");
    // Dotting onto a value of unknown shape gives up instead of rejecting.
    EXPECT_EQ(check("channel c : {0..1}.{0..1}\nf(x) = c!x -> STOP\nP = f(1.1)\n"), "ok");
    // An undefined name is the evaluator's to report.
    EXPECT_EQ(check("P = Q\n"), "ok");
}
