// The property checks on small models with textbook answers, and the
// regressions found by the corpus conformance run.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/check/checks.hpp"
#include "cspgate/check/refinement.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace cspgate {
namespace {

// Loads `text`, compiles the named processes and gives them to `use`, on a
// large stack as the checks need.
void with_machines(const std::string& text, const std::vector<std::string>& names,
                   const std::function<void(const std::vector<const lts::machine*>&, semantics::process_space&)>& use) {
    base::with_large_stack([&] {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "<test>", text, sink);
        ASSERT_FALSE(sink.has_errors());
        auto prog = semantics::program::load(script, sink);
        ASSERT_FALSE(sink.has_errors());
        auto& space = prog->processes();
        std::vector<lts::compile_result> compiled;
        std::vector<const lts::machine*> machines;
        for (const auto& name : names) {
            auto v = prog->lookup(name, sink);
            ASSERT_TRUE(v.has_value()) << name;
            compiled.push_back(lts::compile(space, space.term(*v), sink));
            ASSERT_TRUE(compiled.back().compiled != nullptr) << name;
            machines.push_back(compiled.back().compiled.get());
        }
        use(machines, space);
    });
}

// Loads `text`, compiles process P and runs `run` on it.
check::check_result check_p(const std::string& text,
                            const std::function<check::check_result(const lts::machine&, semantics::process_space&)>& run) {
    check::check_result out;
    with_machines(text, {"P"}, [&](const auto& m, semantics::process_space& space) { out = run(*m[0], space); });
    return out;
}

check::verdict deadlock(const std::string& text, bool fd = false) {
    return check_p(text, [&](const lts::machine& m, semantics::process_space& s) {
               return check::deadlock_free(m, s, fd, {});
           }).outcome;
}

TEST(check, skip_is_not_a_deadlock_but_stop_is) {
    EXPECT_EQ(deadlock("P = SKIP\n"), check::verdict::pass);
    EXPECT_EQ(deadlock("channel a\nP = a -> STOP\n"), check::verdict::fail);
    EXPECT_EQ(deadlock("channel a\nP = (a -> SKIP) ||| SKIP\n"), check::verdict::pass);
}

TEST(check, infinite_sequence_arguments_are_distinct_states) {
    // Q(tail(s)) is a different process from Q(s) even when s is the
    // infinite <0..>: had they been identified, P would be a.0 -> P and never
    // deadlock.
    const char* text = "channel a : {0..3}\nQ(<x>^xs) = if x == 3 then STOP else a.x -> Q(xs)\nP = Q(<0..>)\n";
    EXPECT_EQ(deadlock(text), check::verdict::fail);
    auto r = check_p(text, [&](const lts::machine& m, semantics::process_space& s) { return check::deadlock_free(m, s, false, {}); });
    ASSERT_TRUE(r.example.has_value());
    EXPECT_EQ(r.example->trace.size(), 3u);  // a.0, a.1, a.2, then STOP
}

TEST(check, chaos_can_refuse_after_an_event) {
    // Regression: CHAOS(A) went to RUN(A) after an event, which never refuses
    // (EXPECTED.md line 72, tpc/chapter12/section12-1.csp).
    EXPECT_EQ(deadlock("channel a, b, c\nR = a -> b -> STOP [] c -> R\nP = R [| {a, b} |] CHAOS({a, b})\n"),
              check::verdict::fail);
}

TEST(check, divergence_counts_in_fd_only) {
    std::string text = "channel a\nQ = a -> Q\nP = Q \\ {a}\n";
    EXPECT_EQ(deadlock(text, false), check::verdict::pass);
    EXPECT_EQ(deadlock(text, true), check::verdict::fail);
    auto r = check_p(text, [](const lts::machine& m, semantics::process_space& s) { return check::divergence_free(m, s, {}); });
    ASSERT_EQ(r.outcome, check::verdict::fail);
    ASSERT_TRUE(r.example.has_value());
    EXPECT_EQ(r.example->kind, "divergence");
    EXPECT_FALSE(r.example->loop.empty());
}

TEST(check, determinism) {
    auto det = [](const std::string& text, bool fd) {
        return check_p(text, [&](const lts::machine& m, semantics::process_space& s) {
                   return check::deterministic(m, s, fd, {});
               }).outcome;
    };
    EXPECT_EQ(det("channel a, b\nP = a -> P [] b -> P\n", false), check::verdict::pass);
    EXPECT_EQ(det("channel a, b\nP = a -> P |~| b -> P\n", false), check::verdict::fail);
    // The same event both ways is still deterministic.
    EXPECT_EQ(det("channel a\nP = a -> STOP |~| a -> STOP\n", false), check::verdict::pass);
    EXPECT_EQ(det("channel a\nQ = a -> Q\nP = Q \\ {a}\n", true), check::verdict::fail);
    EXPECT_EQ(det("channel a\nQ = a -> Q\nP = Q \\ {a}\n", false), check::verdict::pass);
}

TEST(check, deadlock_counterexample_is_shortest_and_split_per_component) {
    auto r = check_p("channel a, b\nL = a -> b -> L\nR = b -> a -> R\nP = L [| {a, b} |] R\n",
                     [](const lts::machine& m, semantics::process_space& s) { return check::deadlock_free(m, s, false, {}); });
    ASSERT_EQ(r.outcome, check::verdict::fail);
    ASSERT_TRUE(r.example.has_value());
    EXPECT_TRUE(r.example->trace.empty());
    ASSERT_EQ(r.example->components.size(), 2u);
    EXPECT_EQ(r.example->components[0].name, "L");
    EXPECT_EQ(r.example->components[0].offers, std::vector<std::string>{"a"});
    EXPECT_EQ(r.example->components[1].offers, std::vector<std::string>{"b"});
}

TEST(check, has_trace) {
    auto trace = [](const std::string& text, std::vector<std::string> names) {
        return check_p(text, [&](const lts::machine& m, semantics::process_space& s) {
                   std::vector<semantics::event_id> t;
                   for (const auto& n : names)
                       for (semantics::event_id e = 2; e < s.event_count(); ++e)
                           if (s.event_name(e) == n) t.push_back(e);
                   return check::has_trace(m, s, t, false, {});
               }).outcome;
    };
    std::string text = "channel a, b\nP = a -> b -> P\n";
    EXPECT_EQ(trace(text, {"a", "b", "a"}), check::verdict::pass);
    EXPECT_EQ(trace(text, {"a", "a"}), check::verdict::fail);
}

}  // namespace
}  // namespace cspgate

namespace cspgate {
namespace {

check::verdict refinement(const std::string& text, const std::string& spec, const std::string& impl,
                          check::refinement_model model) {
    check::verdict out = check::verdict::inconclusive;
    with_machines(text, {spec, impl}, [&](const auto& m, semantics::process_space& space) {
        out = check::refines(*m[0], *m[1], space, model, {}).outcome;
    });
    return out;
}

TEST(refinement, textbook_models) {
    std::string text = "channel a, b\nQ = a -> STOP |~| b -> STOP\nR = a -> STOP [] b -> STOP\n"
                       "P1 = a -> b -> P1\nP2 = a -> (b -> P2 |~| b -> P2)\nDV = let X = a -> X within X \\ {a}\n";
    using m = check::refinement_model;
    EXPECT_EQ(refinement(text, "R", "Q", m::traces), check::verdict::pass);
    EXPECT_EQ(refinement(text, "R", "Q", m::failures), check::verdict::fail);   // Q can refuse b
    EXPECT_EQ(refinement(text, "Q", "R", m::failures), check::verdict::pass);
    EXPECT_EQ(refinement(text, "P1", "P2", m::failures_divergences), check::verdict::pass);
    // DV diverges and has no stable state: in the stable failures model it
    // refines everything (it has no failures), in failures-divergences nothing.
    EXPECT_EQ(refinement(text, "R", "DV", m::failures), check::verdict::pass);
    EXPECT_EQ(refinement(text, "R", "DV", m::traces), check::verdict::pass);
    EXPECT_EQ(refinement(text, "R", "DV", m::failures_divergences), check::verdict::fail);  // DV diverges
}

// ✓ is a signal (Roscoe, "Understanding Concurrent Systems", 2010; FDR3 and
// FDR4 follow it): a process that can terminate can refuse every other
// event, so P [] SKIP equals (P [] SKIP) |~| SKIP in the failures models.
// Regression: a channel of an infinite type read with a restriction
// (`out?x:{1,2}` with `channel out : Int`), which FDR accepts, was an error.
TEST(refinement, restricted_input_on_an_infinite_channel) {
    std::string text = "channel out : Int\nP = out?x:{1,2} -> STOP\nS = out.1 -> STOP\n";
    EXPECT_EQ(refinement(text, "P", "S", check::refinement_model::traces), check::verdict::pass);
    EXPECT_EQ(refinement(text, "S", "P", check::refinement_model::traces), check::verdict::fail);
}

// prioritise(P, <A1, A2, …>): τ, ✓ and the events of A1 come first; an event
// of a later set happens only when nothing of an earlier one can.
TEST(refinement, prioritise) {
    std::string text = "channel a, b, c\nP = prioritise(a -> STOP [] b -> STOP, <{a}, {b}>)\nS = a -> STOP\n"
                       "Q = prioritise(a -> STOP [] b -> STOP [] c -> STOP, <{}, {a}>)\nR = a -> STOP [] b -> STOP [] c -> STOP\n"
                       "T = prioritise(a -> STOP [> c -> STOP, <{}, {a}>)\nC = c -> STOP\n";
    using m = check::refinement_model;
    EXPECT_EQ(refinement(text, "S", "P", m::failures_divergences), check::verdict::pass);
    EXPECT_EQ(refinement(text, "P", "S", m::failures_divergences), check::verdict::pass);
    // Events in no set are not ordered against the others.
    EXPECT_EQ(refinement(text, "R", "Q", m::failures_divergences), check::verdict::pass);
    EXPECT_EQ(refinement(text, "Q", "R", m::failures_divergences), check::verdict::pass);
    // Maximal progress: the τ of the time-out comes before a, so a never happens.
    EXPECT_EQ(refinement(text, "C", "T", m::failures_divergences), check::verdict::pass);
    EXPECT_EQ(refinement(text, "T", "C", m::failures_divergences), check::verdict::pass);
}

// Timed CSP's WAIT and the other timed operators are refused with a
// diagnostic, never checked as something else.
TEST(check, timed_builtins_are_refused) {
    base::with_large_stack([&] {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "<test>", "P = WAIT(1)\n", sink);
        auto prog = semantics::program::load(script, sink);
        ASSERT_FALSE(sink.has_errors());
        auto v = prog->lookup("P", sink);
        ASSERT_TRUE(v.has_value());
        auto& space = prog->processes();
        auto compiled = lts::compile(space, space.term(*v), sink);
        EXPECT_EQ(compiled.compiled, nullptr);
        ASSERT_TRUE(sink.has_errors());
        EXPECT_NE(sink.all().front().message.find("'WAIT' is not supported yet"), std::string::npos);
    });
}

TEST(refinement, termination_is_a_signal) {
    std::string text = "channel a\nS = SKIP [] a -> STOP\nI = (SKIP [] a -> STOP) |~| SKIP\nT = a -> STOP\n";
    using m = check::refinement_model;
    EXPECT_EQ(refinement(text, "S", "I", m::failures), check::verdict::pass);
    EXPECT_EQ(refinement(text, "I", "S", m::failures), check::verdict::pass);
    EXPECT_EQ(refinement(text, "T", "S", m::traces), check::verdict::fail);  // S can do ✓, T cannot
}

// Regression: a compressed component's states were packed into the bits of
// its (empty) term list, so sbisim(P) lost states.  A compression never
// changes the meaning of a process: P and sbisim(P) refine each other.
TEST(refinement, compression_keeps_the_meaning) {
    std::string text =
        "channel a, b, c, in, out\nC = in -> out -> C\nM = a -> c -> M [] b -> c -> M\n"
        "P0 = a -> b -> c -> STOP\nP1 = C ||| M\nP2 = (M [c <-> in] C) \\ {out}\nP3 = (a -> SKIP ; b -> STOP) [] c -> STOP\n"
        "onebuff(e, P) = let B = in -> out -> B within sbisim((P [e <-> out] B) [[in <- e]])\n"
        "onebuffn(e, P) = let B = in -> out -> B within (P [e <-> out] B) [[in <- e]]\n"
        "S4 = onebuff(a, onebuff(b, M))\nN4 = onebuffn(a, onebuffn(b, M))\n"
        "S0 = sbisim(P0)\nS1 = sbisim(P1)\nS2 = normal(P2)\nS3 = diamond(P3)\n"
        "W1 = wbisim(P1)\nW2 = dbisim(P2)\nW3 = model_compress(P3)\nW4 = tau_loop_factor(P2)\n"
        "X1 = explicate(P1)\nX2 = chase(P2)\nX3 = chase_nocache(P3)\n";
    using m = check::refinement_model;
    for (auto [p, s] : {std::pair{"P0", "S0"}, {"P1", "S1"}, {"P2", "S2"}, {"P3", "S3"}, {"N4", "S4"}, {"P1", "W1"},
                        {"P2", "W2"}, {"P3", "W3"}, {"P2", "W4"}, {"P1", "X1"}, {"P2", "X2"}, {"P3", "X3"}}) {
        EXPECT_EQ(refinement(text, p, s, m::failures_divergences), check::verdict::pass) << p;
        EXPECT_EQ(refinement(text, s, p, m::failures_divergences), check::verdict::pass) << p;
    }
}

}  // namespace
}  // namespace cspgate
