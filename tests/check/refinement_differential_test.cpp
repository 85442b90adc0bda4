// Differential test of the refinement checker against a direct computation
// from the reference interpreter of tests/support/random_csp.hpp (Roscoe,
// "Understanding Concurrent Systems" (2010), chapters 9 and 16 — operational
// semantics, and refinement in the traces, stable failures and
// failures-divergences models).
//
// Random pairs (Spec, Impl) of small processes without names, so without
// recursion and (no DIV either) with acyclic state spaces, are printed as
// CSPM, loaded, compiled and checked by check::refines; the reference walks
// the pairs (τ-closed Spec states, τ-closed Impl states) reached by the same
// trace and checks there, from the definitions:
//  - traces: every visible event (✓ included) Impl can do, Spec can do;
//  - stable failures: also, for each stable Impl state with acceptance X
//    (its initials, ✓ included), Spec has a stable state with acceptance
//    Y ⊆ X (Impl's refusal Σ\X is within Spec's refusal Σ\Y); a state that
//    can do ✓ has acceptance {✓}, stable or not (✓ as a signal, UCS 2010);
//  - failures-divergences: also, where Spec does not diverge, Impl does not
//    either; where Spec diverges, anything goes from there on;
//  - stable revivals (UCS 2010, ch. 11): the failures condition, and for each
//    stable Impl state with acceptance X and each a in X (Impl refuses Σ\X,
//    then accepts a), Spec has a stable state with acceptance Y, a ∈ Y ⊆ X;
//  - revivals-divergences: that, with divergence as in failures-divergences.
// Without divergence FD is F and VD is V, which is asserted too, and so is
// that V refinement implies F refinement.  For the revivals models a second
// reference computes each process's observations on its own (for every
// trace, the acceptances of its stable states), denotationally, and
// compares those.  A second family puts
// the divergent N0 \ {a}, N0 = a -> N0, among the leaves.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/check/explore.hpp"
#include "cspgate/check/refinement.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include "../support/random_csp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace cspgate;
using namespace cspgate::random_csp;

using model = check::refinement_model;
constexpr std::array<model, 5> models{model::traces, model::failures, model::failures_divergences, model::revivals,
                                      model::revivals_divergences};
const std::array<const char*, 5> model_names{"T", "F", "FD", "V", "VD"};
using verdicts = std::array<check::verdict, 5>;

// The names of every script: N0 = a -> N0 (hidden, it diverges), N1 = N2 = STOP.
std::vector<tp> names() {
    return {pre(ev_a, make(kind::call, nullptr, nullptr, 0)), make(kind::stop), make(kind::stop)};
}

tp diverging() { return make(kind::hide, make(kind::call, nullptr, nullptr, 0), nullptr, 0, 1); }

std::string cspm(const tp& spec, const tp& impl) {
    script s{names(), spec};
    std::string out = "channel a, b, c\n";
    for (std::size_t i = 0; i < s.names.size(); ++i) out += "N" + std::to_string(i) + " = " + s.names[i]->text + "\n";
    return out + "SPEC = " + spec->text + "\nIMPL = " + impl->text + "\n";
}

// The reference: the interpreter's transitions, over terms named by their text.
class reference {
public:
    reference() : m_script{names(), make(kind::stop)} {}

    bool refines(const tp& spec, const tp& impl, model m) {
        m_terms.emplace(spec->text, spec);
        m_terms.emplace(impl->text, impl);
        using node = std::pair<std::set<std::string>, std::set<std::string>>;
        std::set<node> seen;
        std::vector<node> work{{closure({spec->text}), closure({impl->text})}};
        seen.insert(work.back());
        while (!work.empty()) {
            auto [s, i] = work.back();
            work.pop_back();
            if (check::divergence_strict(m)) {
                if (diverges(s)) continue;  // Spec allows anything from here on
                if (diverges(i)) return false;
            }
            if (m != model::traces) {
                auto spec_acc = acceptances(s);
                for (auto& x : acceptances(i)) {
                    if (std::none_of(spec_acc.begin(), spec_acc.end(), [&](const std::set<int>& y) {
                            return std::includes(x.begin(), x.end(), y.begin(), y.end());
                        }))
                        return false;
                    if (!check::records_revivals(m)) continue;
                    for (int a : x)
                        if (std::none_of(spec_acc.begin(), spec_acc.end(), [&](const std::set<int>& y) {
                                return y.count(a) && std::includes(x.begin(), x.end(), y.begin(), y.end());
                            }))
                            return false;
                }
            }
            for (auto& [e, i2] : after(i)) {
                auto sa = after(s);
                auto it = sa.find(e);
                if (it == sa.end()) return false;
                node n{closure(it->second), closure(i2)};
                if (seen.insert(n).second) work.push_back(std::move(n));
            }
        }
        return true;
    }

    /// The observations of `t` for the stable revivals model: each trace
    /// (finite: the state space must be acyclic) with the acceptances of
    /// the stable states it reaches.
    std::map<std::vector<int>, std::set<std::set<int>>> observations(const tp& t) {
        m_terms.emplace(t->text, t);
        std::map<std::vector<int>, std::set<std::set<int>>> out;
        std::vector<int> trace;
        std::function<void(const std::set<std::string>&)> walk_from = [&](const std::set<std::string>& states) {
            auto& here = out[trace];
            for (auto& x : acceptances(states)) here.insert(x);
            for (auto& [e, next] : after(states)) {
                trace.push_back(e);
                walk_from(closure(next));
                trace.pop_back();
            }
        };
        walk_from(closure({t->text}));
        return out;
    }

    /// The traces of `t` (finite: its state space must be acyclic).
    std::set<std::vector<int>> traces(const tp& t) {
        m_terms.emplace(t->text, t);
        std::set<std::vector<int>> out;
        std::vector<int> trace;
        walk(closure({t->text}), trace, out);
        return out;
    }

private:
    void walk(const std::set<std::string>& states, std::vector<int>& trace, std::set<std::vector<int>>& out) {
        out.insert(trace);
        for (auto& [e, next] : after(states)) {
            trace.push_back(e);
            walk(closure(next), trace, out);
            trace.pop_back();
        }
    }

    const std::vector<std::pair<int, std::string>>& succ(const std::string& key) {
        auto it = m_succ.find(key);
        if (it != m_succ.end()) return it->second;
        std::vector<std::pair<int, std::string>> out;
        for (auto& [x, n] : step(m_script, m_terms.at(key))) {
            m_terms.emplace(n->text, n);
            out.emplace_back(x, n->text);
        }
        return m_succ.emplace(key, std::move(out)).first->second;
    }

    std::set<std::string> closure(std::set<std::string> seeds) {
        std::vector<std::string> work(seeds.begin(), seeds.end());
        while (!work.empty()) {
            std::string s = std::move(work.back());
            work.pop_back();
            for (auto& [x, n] : succ(s))
                if (x == tau && seeds.insert(n).second) work.push_back(n);
        }
        return seeds;
    }

    std::map<int, std::set<std::string>> after(const std::set<std::string>& states) {
        std::map<int, std::set<std::string>> out;
        for (auto& s : states)
            for (auto& [x, n] : succ(s))
                if (x != tau) out[x].insert(n);
        return out;
    }

    std::set<std::set<int>> acceptances(const std::set<std::string>& states) {
        std::set<std::set<int>> out;
        for (auto& s : states) {
            std::set<int> initials;
            bool stable = true;
            for (auto& [x, n] : succ(s)) {
                if (x == tau) stable = false;
                else initials.insert(x);
            }
            // ✓ is a signal (Roscoe 2010): a state that can terminate can
            // refuse every other event, as if it had a τ to SKIP.
            if (initials.count(tick)) out.insert(std::set<int>{tick});
            else if (stable) out.insert(initials);
        }
        return out;
    }

    // A τ-closed set diverges if its τ edges (all within it) have a cycle.
    bool diverges(const std::set<std::string>& states) {
        std::map<std::string, int> colour;  // 1: on the path, 2: done
        std::function<bool(const std::string&)> cycle = [&](const std::string& s) {
            colour[s] = 1;
            for (auto& [x, n] : succ(s)) {
                if (x != tau) continue;
                int c = colour[n];
                if (c == 1 || (c == 0 && cycle(n))) return true;
            }
            colour[s] = 2;
            return false;
        };
        for (auto& s : states)
            if (colour[s] == 0 && cycle(s)) return true;
        return false;
    }

    script m_script;
    std::map<std::string, tp> m_terms;
    std::map<std::string, std::vector<std::pair<int, std::string>>> m_succ;
};

// The engine's verdicts in the three models for SPEC and IMPL of `text`;
// nullopt (and `error` set) if the text does not load or compile.
std::optional<verdicts> engine(const std::string& text, std::string& error) {
    base::source_manager sources;
    base::diagnostics sink;
    auto parsed = syntax::parse_text(sources, "<random>", text, sink);
    auto prog = sink.has_errors() ? nullptr : semantics::program::load(parsed, sink);
    std::optional<semantics::value> s, i;
    if (prog && !sink.has_errors()) s = prog->lookup("SPEC", sink), i = prog->lookup("IMPL", sink);
    lts::compile_result ms, mi;
    if (s && i) {
        ms = lts::compile(prog->processes(), prog->processes().term(*s), sink);
        mi = lts::compile(prog->processes(), prog->processes().term(*i), sink);
    }
    if (!ms.compiled || !mi.compiled || sink.has_errors()) {
        std::ostringstream msg;
        base::render_all(msg, sources, sink);
        error = "no machine: " + ms.limit_reached + mi.limit_reached + "\n" + msg.str();
        return std::nullopt;
    }
    verdicts out{};
    for (std::size_t k = 0; k < models.size(); ++k)
        out[k] = check::refines(*ms.compiled, *mi.compiled, prog->processes(), models[k], {}).outcome;
    return out;
}

check::verdict verdict_of(bool pass) { return pass ? check::verdict::pass : check::verdict::fail; }

std::string show(const verdicts& v) {
    std::string out;
    for (std::size_t k = 0; k < v.size(); ++k)
        out += std::string(k ? ", " : "") + model_names[k] + " " + check::verdict_name(v[k]);
    return out;
}

// Compares engine and reference on (spec, impl); counts the verdicts; returns
// the engine's.  A mismatch is reported with both texts and all verdicts.
struct comparison {
    std::array<std::array<int, 2>, 5> counts{};  // [model][pass, fail]
    int mismatches = 0;

    std::optional<verdicts> run(const tp& spec, const tp& impl, const std::string& what) {
        const std::string text = cspm(spec, impl);
        std::string error;
        auto got = engine(text, error);
        if (!got) {
            ++mismatches;
            ADD_FAILURE() << what << ": " << error << text;
            return got;
        }
        reference ref;
        verdicts want{};
        for (std::size_t k = 0; k < models.size(); ++k) want[k] = verdict_of(ref.refines(spec, impl, models[k]));
        // V refinement implies F refinement; VD implies FD.
        if ((*got)[3] == check::verdict::pass && (*got)[1] != check::verdict::pass) ADD_FAILURE() << "V but not F\n" << text;
        if ((*got)[4] == check::verdict::pass && (*got)[2] != check::verdict::pass) ADD_FAILURE() << "VD but not FD\n" << text;
        for (std::size_t k = 0; k < models.size(); ++k) ++counts[k][(*got)[k] == check::verdict::pass ? 0 : 1];
        if (*got != want) {
            ++mismatches;
            ADD_FAILURE() << what << ": SPEC = " << spec->text << "\nIMPL = " << impl->text << "\nengine:    " << show(*got)
                          << "\nreference: " << show(want) << "\n"
                          << text;
        }
        return got;
    }

    void print(const char* title) const {
        std::printf("%s:", title);
        for (std::size_t k = 0; k < models.size(); ++k)
            std::printf(" %s %d pass / %d fail;", model_names[k], counts[k][0], counts[k][1]);
        std::printf(" %d mismatches\n", mismatches);
    }
};

tp ext(tp l, tp r) { return make(kind::ext, std::move(l), std::move(r)); }

using observation_map = std::map<std::vector<int>, std::set<std::set<int>>>;

// Stable revivals refinement from the observations of Spec and Impl on their
// own: every trace of Impl is one of Spec's; after it, for each acceptance X
// of Impl, Spec has one within X (the failure (s, Σ\X)) and, for each a in
// X, one within X that holds a (the revival (s, Σ\X, a)).
bool revivals_refine(const observation_map& spec, const observation_map& impl) {
    for (const auto& [trace, accs] : impl) {
        auto it = spec.find(trace);
        if (it == spec.end()) return false;
        for (const auto& x : accs) {
            auto within = [&](const std::set<int>& y) { return std::includes(x.begin(), x.end(), y.begin(), y.end()); };
            if (std::none_of(it->second.begin(), it->second.end(), within)) return false;
            for (int a : x)
                if (std::none_of(it->second.begin(), it->second.end(),
                                 [&](const std::set<int>& y) { return y.count(a) && within(y); }))
                    return false;
        }
    }
    return true;
}
tp internal(tp l, tp r) { return make(kind::internal, std::move(l), std::move(r)); }

TEST(refinement_differential, textbook_cases) {
    base::with_large_stack([] {
        const tp stop = make(kind::stop), skip = make(kind::skip), div = make(kind::div);
        const int a = ev_a, b = ev_a + 1;
        using v = check::verdict;
        const v P = v::pass, F = v::fail;
        comparison c;
        // T, F and FD verdicts (V and VD are compared with the reference).
        auto expect = [&](const tp& spec, const tp& impl, std::array<v, 3> want) {
            auto got = c.run(spec, impl, "textbook");
            if (got) {
                EXPECT_EQ((std::array<v, 3>{(*got)[0], (*got)[1], (*got)[2]}), want)
                    << "SPEC = " << spec->text << "\nIMPL = " << impl->text << "\n" << show(*got);
            }
        };
        const tp e = ext(pre(a, stop), pre(b, stop)), i = internal(pre(a, stop), pre(b, stop));
        // Same traces; internal choice refines external, not the other way.
        expect(e, i, {P, F, F});
        expect(i, e, {P, P, P});
        // STOP [T= P iff P has only the empty trace; P [T= STOP always.
        expect(stop, pre(a, stop), {F, F, F});
        expect(stop, make(kind::hide, pre(a, stop), nullptr, 0, 1), {P, P, P});
        expect(stop, internal(stop, stop), {P, P, P});
        expect(e, stop, {P, F, F});
        expect(i, stop, {P, F, F});
        expect(stop, skip, {F, F, F});  // ✓ is a trace
        expect(skip, stop, {P, F, F});
        // DIV: no stable state (refines everything in F), diverges (only
        // a divergent Spec is refined by it in FD, and that by anything).
        expect(e, div, {P, P, F});
        expect(div, e, {F, F, P});
        expect(div, div, {P, P, P});
        expect(diverging(), e, {F, F, P});
        expect(e, diverging(), {P, P, F});
        expect(pre(a, diverging()), pre(a, e), {F, F, P});
        expect(pre(a, e), pre(a, diverging()), {P, P, F});
        expect(pre(a, diverging()), pre(b, stop), {F, F, F});
        // Hiding a cycle after some events diverges only there.
        expect(e, ext(pre(a, diverging()), pre(b, stop)), {P, P, F});
        expect(ext(pre(a, div), pre(b, stop)), ext(pre(a, diverging()), pre(b, stop)), {P, P, P});
        EXPECT_EQ(c.mismatches, 0);
    });
}

TEST(refinement_differential, chaos_and_div_against_random_processes) {
    // CHAOS(Events) [F= and [FD= every process without divergence or ✓; DIV [FD=
    // everything, DIV [T= P iff STOP [T= P, P [T= and [F= DIV always; STOP [T= P iff P has
    // only the empty trace.
    constexpr std::uint64_t seed = 20240612;
    base::with_large_stack([&] {
        generator gen(seed, false);
        int stop_pass = 0, stop_fail = 0, chaos_pass = 0, chaos_fail = 0;
        for (int n = 0; n < 300; ++n) {
            tp p = gen.any(4, false);
            std::string text = cspm(p, p) + "CH = CHAOS({a, b, c})\n";
            base::source_manager sources;
            base::diagnostics sink;
            auto parsed = syntax::parse_text(sources, "<random>", text, sink);
            auto prog = semantics::program::load(parsed, sink);
            ASSERT_FALSE(sink.has_errors()) << text;
            auto& space = prog->processes();
            auto compile = [&](const char* name) {
                auto r = lts::compile(space, space.term(*prog->lookup(name, sink)), sink);
                EXPECT_TRUE(r.compiled) << text;
                return r;
            };
            auto chaos = compile("CH"), proc = compile("IMPL");
            const tp div = make(kind::div), stop = make(kind::stop);
            ASSERT_TRUE(chaos.compiled && proc.compiled);
            reference ref;
            const auto traces = ref.traces(p);
            const bool only_empty = traces == std::set<std::vector<int>>{std::vector<int>{}};
            // CHAOS never terminates: it is refined by exactly the processes without ✓.
            const bool ticks = std::any_of(traces.begin(), traces.end(), [](const std::vector<int>& t) {
                return std::find(t.begin(), t.end(), tick) != t.end();
            });
            (ticks ? chaos_fail : chaos_pass)++;
            for (model m : {model::failures, model::failures_divergences, model::traces})
                EXPECT_EQ(check::refines(*chaos.compiled, *proc.compiled, space, m, {}).outcome, verdict_of(!ticks))
                    << text;
            (only_empty ? stop_pass : stop_fail)++;
            comparison c;
            auto got = c.run(stop, p, "STOP [T= P");
            if (got) {
                EXPECT_EQ((*got)[0], verdict_of(only_empty)) << text;
            }
            got = c.run(div, p, "DIV [= P");
            if (got) {
                EXPECT_EQ((*got)[0], verdict_of(only_empty)) << text;
            }
            if (got) {
                EXPECT_EQ((*got)[2], check::verdict::pass) << text;
            }
            got = c.run(p, div, "P [F= DIV");
            if (got) {
                EXPECT_EQ((*got)[0], check::verdict::pass) << text;
            }
            if (got) {
                EXPECT_EQ((*got)[1], check::verdict::pass) << text;
            }
            if (got) {
                EXPECT_EQ((*got)[2], check::verdict::fail) << text;
            }
            EXPECT_EQ(c.mismatches, 0);
        }
        std::printf("STOP [T= P: %d pass / %d fail; CHAOS [F= P: %d pass / %d fail\n", stop_pass, stop_fail, chaos_pass,
                    chaos_fail);
        EXPECT_GT(chaos_pass, 0);
        EXPECT_GT(chaos_fail, 0);
        EXPECT_GT(stop_pass, 0);
        EXPECT_GT(stop_fail, 0);
    });
}

// A pair: independent, Impl a mutation of Spec or the other way, or Spec =
// Impl |~| Q (a refinement by construction).
std::pair<tp, tp> random_pair(generator& gen, int depth) {
    tp spec = gen.any(depth, false);
    switch (gen.pick(5)) {
    case 0: return {spec, gen.any(depth, false)};
    case 1: return {internal(spec, gen.any(2, false)), spec};
    case 2: return {gen.mutate(spec), spec};
    default: return {spec, gen.mutate(spec)};
    }
}

TEST(refinement_differential, random_acyclic_pairs) {
    constexpr std::uint64_t seed = 20240613;
    constexpr int count = random_cases(6000);
    base::with_large_stack([&] {
        const auto start = std::chrono::steady_clock::now();
        generator gen(seed, false);
        comparison c;
        int fd_differs = 0, denotational_differs = 0, v_only = 0;
        for (int n = 0; n < count && c.mismatches < 5; ++n) {
            auto [spec, impl] = random_pair(gen, 4);
            auto got = c.run(spec, impl, "pair " + std::to_string(n) + " (seed " + std::to_string(seed) + ")");
            // Without divergence, FD is F and VD is V.
            if (got && ((*got)[1] != (*got)[2] || (*got)[3] != (*got)[4]) && ++fd_differs <= 5)
                ADD_FAILURE() << "F and FD (or V and VD) differ without divergence: " << show(*got) << "\n" << cspm(spec, impl);
            if (!got) continue;
            // The revivals verdict again, from each process's own observations.
            reference ref;
            const bool want = revivals_refine(ref.observations(spec), ref.observations(impl));
            if (verdict_of(want) != (*got)[3] && ++denotational_differs <= 5)
                ADD_FAILURE() << "V verdict differs from the observations: " << show(*got) << "\n" << cspm(spec, impl);
            v_only += (*got)[1] == check::verdict::pass && (*got)[3] == check::verdict::fail;
        }
        std::printf("  F pass but V fail: %d pairs\n", v_only);
        EXPECT_EQ(denotational_differs, 0);
        // The revivals model tells apart pairs the failures model does not.
        if (all_random_cases) {
            EXPECT_GT(v_only, 0);
        }
        c.print("random acyclic pairs (seed 20240613, 6000)");
        std::printf("  %.2f s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        EXPECT_EQ(c.mismatches, 0);
        for (auto& mc : c.counts) {
            EXPECT_GT(mc[0], count / 10);
            EXPECT_GT(mc[1], count / 10);
        }
    });
}

TEST(refinement_differential, random_pairs_with_divergence) {
    // Leaves replaced now and then by N0 \ {a} (N0 = a -> N0): the pairs
    // diverge, and the FD verdicts depend on where.
    constexpr std::uint64_t seed = 20240614;
    constexpr int count = random_cases(2000);
    base::with_large_stack([&] {
        generator gen(seed, false);
        std::function<tp(const tp&)> plant = [&](const tp& t) -> tp {
            if (!t->l) return gen.pick(4) == 0 ? diverging() : t;
            return make(t->k, plant(t->l), t->r ? plant(t->r) : nullptr, t->ev, t->set);
        };
        comparison c;
        for (int n = 0; n < count && c.mismatches < 5; ++n) {
            auto [spec, impl] = random_pair(gen, 3);
            if (gen.pick(2)) impl = plant(impl);
            if (gen.pick(3) == 0) spec = plant(spec);
            c.run(spec, impl, "pair " + std::to_string(n) + " (seed " + std::to_string(seed) + ")");
        }
        c.print("random pairs with divergence (seed 20240614, 2000)");
        EXPECT_EQ(c.mismatches, 0);
        for (auto& mc : c.counts) {
            EXPECT_GT(mc[0], 0);
            EXPECT_GT(mc[1], 0);
        }
    });
}

}  // namespace

namespace {

// FDR's `normal` compression keeps the meaning in every model: on random
// scripts with recursion and divergence, P and normal(P) refine each other
// in T, F and FD (the refinement checker itself being checked against the
// reference above).  Also prints how much smaller the normal form is.
TEST(refinement_differential, normal_form_keeps_the_meaning) {
    constexpr std::uint64_t seed = 20261127;
    constexpr int count = random_cases(400);
    base::with_large_stack([&] {
        generator gen(seed, true);
        std::uint64_t before = 0, after = 0, bisim = 0;
        int checked = 0;
        for (int n = 0; n < count; ++n) {
            script s = gen.next();
            std::string text = "channel a, b, c\n";
            for (std::size_t i = 0; i < s.names.size(); ++i) text += "N" + std::to_string(i) + " = " + s.names[i]->text + "\n";
            text += "P = " + s.root->text + "\nQ = normal(P)\nR = sbisim(P)\n";
            base::source_manager sources;
            base::diagnostics sink;
            auto parsed = syntax::parse_text(sources, "<random>", text, sink);
            auto prog = semantics::program::load(parsed, sink);
            ASSERT_FALSE(sink.has_errors()) << text;
            auto& space = prog->processes();
            auto p = lts::compile(space, space.term(*prog->lookup("P", sink)), sink);
            auto q = lts::compile(space, space.term(*prog->lookup("Q", sink)), sink);
            auto r = lts::compile(space, space.term(*prog->lookup("R", sink)), sink);
            ASSERT_TRUE(p.compiled && q.compiled && r.compiled) << text;
            for (model m : models) {
                EXPECT_EQ(check::refines(*p.compiled, *q.compiled, space, m, {}).outcome, check::verdict::pass)
                    << model_names[static_cast<std::size_t>(m)] << " P [= normal(P)\n" << text;
                EXPECT_EQ(check::refines(*q.compiled, *p.compiled, space, m, {}).outcome, check::verdict::pass)
                    << model_names[static_cast<std::size_t>(m)] << " normal(P) [= P\n" << text;
            }
            // The states of the whole system, explored.
            check::state_graph gp(*p.compiled), gq(*q.compiled), gr(*r.compiled);
            check::explore(gp, check::keep_edges::none, {});
            check::explore(gq, check::keep_edges::none, {});
            check::explore(gr, check::keep_edges::none, {});
            before += gp.store.size();
            after += gq.store.size();
            bisim += gr.store.size();
            ++checked;
        }
        std::printf("normal(P) on %d random scripts (seed %llu): %llu states, sbisim(P) %llu, normal(P) %llu\n", checked,
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(before),
                    static_cast<unsigned long long>(bisim), static_cast<unsigned long long>(after));
        // Normalising reduces further than strong bisimulation (it merges
        // states with the same traces, failures and divergences).
        EXPECT_LT(after, bisim);
        EXPECT_LT(bisim, before);
    });
}

}  // namespace
