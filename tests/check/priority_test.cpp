// The `:[tau priority over]: E` wrapper (check::tau_priority) against the
// prioritise operator of the compiled semantics, `prioritise(P, <{}, E>)`:
// on random scripts with recursion, τ and ✓, both must be equal in every
// model cspgate checks (refinement both ways in T, F, FD, V and VD).  Also
// known answers: maximal progress keeps `tock` from happening while a
// hidden event can, and priority_changes says when it matters.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/check/priority.hpp"
#include "cspgate/check/refinement.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include "../support/random_csp.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

using namespace cspgate;
using model = check::refinement_model;

struct loaded {
    base::source_manager sources;
    base::diagnostics sink;
    syntax::ast::script parsed;  // the program refers to it
    std::unique_ptr<semantics::program> prog;
    lts::compile_result compile(const char* name) {
        auto v = prog->lookup(name, sink);
        EXPECT_TRUE(v) << name;
        return lts::compile(prog->processes(), prog->processes().term(*v), sink);
    }
    std::vector<semantics::event_id> events(const char* name) {
        auto v = prog->lookup(name, sink);
        EXPECT_TRUE(v) << name;
        auto e = prog->processes().events_of(*v, base::span{}, sink);
        EXPECT_TRUE(e) << name;
        return e ? *e : std::vector<semantics::event_id>{};
    }
};

std::unique_ptr<loaded> load(const std::string& text) {
    auto l = std::make_unique<loaded>();
    l->parsed = syntax::parse_text(l->sources, "<test>", text, l->sink);
    if (!l->sink.has_errors()) l->prog = semantics::program::load(l->parsed, l->sink);
    if (l->sink.has_errors() || !l->prog) {
        ADD_FAILURE() << text;
        return nullptr;
    }
    return l;
}

TEST(tau_priority, agrees_with_prioritise_on_random_scripts) {
    constexpr std::uint64_t seed = 20261128;
    constexpr int count = random_csp::random_cases(300);
    base::with_large_stack([&] {
        random_csp::generator gen(seed, true);
        int changed = 0;
        for (int n = 0; n < count; ++n) {
            random_csp::script s = gen.next();
            const unsigned set = 1u + static_cast<unsigned>(gen.pick(7));  // a nonempty subset of {a, b, c}
            std::string text = "channel a, b, c\n";
            for (std::size_t i = 0; i < s.names.size(); ++i) text += "N" + std::to_string(i) + " = " + s.names[i]->text + "\n";
            text += "P = " + s.root->text + "\nE = " + random_csp::set_text(set) + "\nQ = prioritise(P, <{}, E>)\n";
            auto l = load(text);
            ASSERT_TRUE(l);
            auto p = l->compile("P"), q = l->compile("Q");
            ASSERT_TRUE(p.compiled && q.compiled) << text;
            const auto e = l->events("E");
            check::tau_priority wrapped(*p.compiled, e);
            std::string why;
            auto changes = check::priority_changes(*p.compiled, e, {}, why);
            ASSERT_TRUE(changes) << why;
            changed += *changes;
            for (model m : {model::traces, model::failures, model::failures_divergences, model::revivals,
                            model::revivals_divergences}) {
                EXPECT_EQ(check::refines(*q.compiled, wrapped, l->prog->processes(), m, {}).outcome, check::verdict::pass)
                    << static_cast<int>(m) << " prioritise(P) [= wrapped P\n" << text;
                EXPECT_EQ(check::refines(wrapped, *q.compiled, l->prog->processes(), m, {}).outcome, check::verdict::pass)
                    << static_cast<int>(m) << " wrapped P [= prioritise(P)\n" << text;
            }
            // Where priority changes nothing, the wrapped process is P.
            if (!*changes) {
                EXPECT_EQ(check::refines(*p.compiled, wrapped, l->prog->processes(), model::revivals_divergences, {}).outcome,
                          check::verdict::pass)
                    << text;
            }
        }
        std::printf("tau priority on %d random scripts (seed %llu): priority changed %d of them\n", count,
                    static_cast<unsigned long long>(seed), changed);
        EXPECT_GT(changed, count / 10);
        EXPECT_LT(changed, count);
    });
}

TEST(tau_priority, maximal_progress) {
    base::with_large_stack([] {
        // tock is offered with a hidden c: under τ priority tock cannot
        // happen before the c, and after it nothing can.
        auto l = load("channel c, tock\nT0 = tock -> T0 [] c -> STOP\nT = T0 \\ {c}\nE = {tock}\nS = STOP\n"
                      "U = tock -> U\n");
        ASSERT_TRUE(l);
        auto t = l->compile("T"), st = l->compile("S"), u = l->compile("U");
        ASSERT_TRUE(t.compiled && st.compiled && u.compiled);
        const auto e = l->events("E");
        check::tau_priority wrapped(*t.compiled, e);
        auto& space = l->prog->processes();
        EXPECT_EQ(check::refines(*st.compiled, wrapped, space, model::traces, {}).outcome, check::verdict::pass);
        EXPECT_EQ(check::refines(*st.compiled, *t.compiled, space, model::traces, {}).outcome, check::verdict::fail);
        std::string why;
        EXPECT_EQ(check::priority_changes(*t.compiled, e, {}, why), std::optional<bool>(true));
        // U offers tock with neither τ nor ✓: priority changes nothing.
        EXPECT_EQ(check::priority_changes(*u.compiled, e, {}, why), std::optional<bool>(false));
    });
}

}  // namespace
