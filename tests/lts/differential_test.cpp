// Differential test of the compiled state space against a reference
// interpreter written for this test alone.
//
// Source: A. W. Roscoe, "Understanding Concurrent Systems" (2010), chapter 9
// (operational semantics, termination through ✓ and Ω).  Random terms over
// the events a, b, c are printed as CSPM, loaded and compiled by cspgate,
// and their traces (to depth 4) and stable acceptances (to depth 3) are
// compared with what the rules below, applied directly to the terms, give.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace cspgate;

// Event codes of this test: τ, ✓, then a, b, c.
constexpr int tau = 0, tick = 1, ev_a = 2;
const std::array<const char*, 5> event_names{"τ", "✓", "a", "b", "c"};

enum class kind { stop, skip, div, omega, prefix, ext, internal, seq, par, inter, hide, rename, interrupt, sliding, call };

struct term;
using tp = std::shared_ptr<const term>;

struct term {
    kind k;
    int ev = 0;         // prefix event; the renaming's index; the name called
    unsigned set = 0;   // bit e - ev_a for event e: the interface or hidden set
    tp l, r;
    std::string text;   // fully parenthesised CSPM, also the state's identity
};

// The renamings a generated term may use, as (old, new) pairs.
const std::vector<std::vector<std::pair<int, int>>> renamings{
    {{2, 3}}, {{3, 4}}, {{2, 3}, {2, 4}}, {{2, 4}, {3, 4}}, {{2, 3}, {3, 2}}};

std::string set_text(unsigned s) {
    std::string out = "{";
    for (int e = ev_a; e < 5; ++e)
        if (s & (1u << (e - ev_a))) out += std::string(out.size() > 1 ? ", " : "") + event_names[e];
    return out + "}";
}

tp make(kind k, tp l = nullptr, tp r = nullptr, int ev = 0, unsigned set = 0) {
    auto t = std::make_shared<term>(term{k, ev, set, l, r, ""});
    auto bin = [&](const char* o) { return "(" + l->text + " " + o + " " + r->text + ")"; };
    switch (k) {
    case kind::stop: t->text = "STOP"; break;
    case kind::skip: t->text = "SKIP"; break;
    case kind::div: t->text = "DIV"; break;
    case kind::omega: t->text = "OMEGA"; break;
    case kind::prefix: t->text = "(" + std::string(event_names[ev]) + " -> " + l->text + ")"; break;
    case kind::ext: t->text = bin("[]"); break;
    case kind::internal: t->text = bin("|~|"); break;
    case kind::seq: t->text = bin(";"); break;
    case kind::par: t->text = bin(("[| " + set_text(set) + " |]").c_str()); break;
    case kind::inter: t->text = bin("|||"); break;
    case kind::hide: t->text = "(" + l->text + " \\ " + set_text(set) + ")"; break;
    case kind::rename: {
        std::string m;
        for (auto [from, to] : renamings[ev])
            m += std::string(m.empty() ? "" : ", ") + event_names[from] + " <- " + event_names[to];
        t->text = "(" + l->text + " [[" + m + "]])";
        break;
    }
    case kind::interrupt: t->text = bin("/\\"); break;
    case kind::sliding: t->text = bin("[>"); break;
    case kind::call: t->text = "N" + std::to_string(ev); break;
    }
    return t;
}

// A script: the bodies of N0..N2 (every call in them under a prefix) and the
// process P.
struct script {
    std::vector<tp> names;
    tp root;

    std::string cspm() const {
        std::string out = "channel a, b, c\n";
        for (std::size_t i = 0; i < names.size(); ++i) out += "N" + std::to_string(i) + " = " + names[i]->text + "\n";
        return out + "P = " + root->text + "\n";
    }
};

using transitions = std::vector<std::pair<int, tp>>;

// Roscoe's transition rules, chapter 9.  A call has the transitions of its
// body (guarded, so this does not recurse on the call itself).
transitions step(const script& s, const tp& t) {
    transitions out;
    const tp omega = make(kind::omega);
    switch (t->k) {
    case kind::stop:
    case kind::omega: break;
    case kind::skip: out.emplace_back(tick, omega); break;
    case kind::div: out.emplace_back(tau, t); break;
    case kind::prefix: out.emplace_back(t->ev, t->l); break;
    case kind::call: return step(s, s.names[t->ev]);
    case kind::internal:
        out.emplace_back(tau, t->l);
        out.emplace_back(tau, t->r);
        break;
    case kind::ext:
        for (auto& [x, p] : step(s, t->l)) out.emplace_back(x, x == tau ? make(kind::ext, p, t->r) : p);
        for (auto& [x, q] : step(s, t->r)) out.emplace_back(x, x == tau ? make(kind::ext, t->l, q) : q);
        break;
    case kind::seq:
        for (auto& [x, p] : step(s, t->l))
            if (x == tick) out.emplace_back(tau, t->r);
            else out.emplace_back(x, make(kind::seq, p, t->r));
        break;
    case kind::par:
    case kind::inter: {
        const unsigned sync = t->k == kind::par ? t->set : 0;
        auto in = [&](int x) { return x >= ev_a && (sync & (1u << (x - ev_a))); };
        auto lt = step(s, t->l), rt = step(s, t->r);
        auto rebuild = [&](tp p, tp q) { return make(t->k, p, q, 0, t->set); };
        for (auto& [x, p] : lt)
            if (x == tick) out.emplace_back(tau, rebuild(omega, t->r));
            else if (!in(x)) out.emplace_back(x, rebuild(p, t->r));
        for (auto& [x, q] : rt)
            if (x == tick) out.emplace_back(tau, rebuild(t->l, omega));
            else if (!in(x)) out.emplace_back(x, rebuild(t->l, q));
        for (auto& [x, p] : lt)
            for (auto& [y, q] : rt)
                if (x == y && in(x)) out.emplace_back(x, rebuild(p, q));
        if (t->l->k == kind::omega && t->r->k == kind::omega) out.emplace_back(tick, omega);
        break;
    }
    case kind::hide:
        for (auto& [x, p] : step(s, t->l))
            if (x == tick) out.emplace_back(tick, omega);
            else out.emplace_back(x >= ev_a && (t->set & (1u << (x - ev_a))) ? tau : x, make(kind::hide, p, nullptr, 0, t->set));
        break;
    case kind::rename:
        for (auto& [x, p] : step(s, t->l)) {
            if (x == tick) {
                out.emplace_back(tick, omega);
                continue;
            }
            tp next = make(kind::rename, p, nullptr, t->ev);
            bool mapped = false;
            for (auto [from, to] : renamings[t->ev])
                if (from == x) mapped = true, out.emplace_back(to, next);
            if (!mapped) out.emplace_back(x, next);
        }
        break;
    case kind::interrupt:
        for (auto& [x, p] : step(s, t->l))
            if (x == tick) out.emplace_back(tick, omega);
            else out.emplace_back(x, make(kind::interrupt, p, t->r));
        for (auto& [x, q] : step(s, t->r)) out.emplace_back(x, x == tau ? make(kind::interrupt, t->l, q) : q);
        break;
    case kind::sliding:
        for (auto& [x, p] : step(s, t->l)) out.emplace_back(x, x == tau ? make(kind::sliding, p, t->r) : p);
        out.emplace_back(tau, t->r);
        break;
    }
    return out;
}

// What is compared: every trace of length <= 4 (a key of the map), and for
// those of length <= 3 the acceptances (initials) of the stable states
// reached after it.
using observations = std::map<std::vector<int>, std::set<std::set<int>>>;

template <class S>
class observer {
public:
    explicit observer(std::function<std::vector<std::pair<int, S>>(const S&)> next) : m_next(std::move(next)) {}

    observations observe(const S& initial) {
        observations out;
        std::vector<int> trace;
        walk(closure({initial}), trace, out);
        return out;
    }

private:
    const std::vector<std::pair<int, S>>& succ(const S& s) {
        auto it = m_cache.find(s);
        if (it == m_cache.end()) it = m_cache.emplace(s, m_next(s)).first;
        return it->second;
    }

    std::set<S> closure(std::set<S> seeds) {
        std::vector<S> work(seeds.begin(), seeds.end());
        while (!work.empty()) {
            S s = std::move(work.back());
            work.pop_back();
            for (auto& [x, n] : succ(s))
                if (x == tau && seeds.insert(n).second) work.push_back(n);
        }
        return seeds;
    }

    // Recursion depth is bounded by the trace length 4, not by the input.
    void walk(const std::set<S>& states, std::vector<int>& trace, observations& out) {
        auto& acceptances = out[trace];
        if (trace.size() > 3) return;
        std::map<int, std::set<S>> after;
        for (auto& s : states) {
            std::set<int> initials;
            bool stable = true;
            for (auto& [x, n] : succ(s)) {
                if (x == tau) stable = false;
                else initials.insert(x), after[x].insert(n);
            }
            if (stable) acceptances.insert(initials);
        }
        if (trace.size() == 4) return;
        for (auto& [x, next] : after) {
            trace.push_back(x);
            walk(closure(next), trace, out);
            trace.pop_back();
        }
    }

    std::function<std::vector<std::pair<int, S>>(const S&)> m_next;
    std::map<S, std::vector<std::pair<int, S>>> m_cache;
};

observations interpret(const script& s) {
    std::map<std::string, tp> terms{{s.root->text, s.root}};
    observer<std::string> o([&](const std::string& key) {
        std::vector<std::pair<int, std::string>> out;
        for (auto& [x, n] : step(s, terms.at(key))) {
            terms.emplace(n->text, n);
            out.emplace_back(x, n->text);
        }
        return out;
    });
    return o.observe(s.root->text);
}

// Loads and compiles the script's CSPM and observes the machine; on an
// error, `error` says what went wrong.
observations run_engine(const std::string& text, std::string& error) {
    base::source_manager sources;
    base::diagnostics sink;
    auto parsed = syntax::parse_text(sources, "<random>", text, sink);
    auto prog = sink.has_errors() ? nullptr : semantics::program::load(parsed, sink);
    std::optional<semantics::value> v;
    if (prog && !sink.has_errors()) v = prog->lookup("P", sink);
    lts::compile_result r;
    if (v) r = lts::compile(prog->processes(), prog->processes().term(*v), sink);
    if (!r.compiled || sink.has_errors()) {
        std::ostringstream msg;
        base::render_all(msg, sources, sink);
        error = "no machine: " + r.limit_reached + "\n" + msg.str();
        return {};
    }
    auto& space = prog->processes();
    const lts::machine& m = *r.compiled;
    const std::size_t w = m.width();
    std::map<semantics::event_id, int> codes{{semantics::tau_event, tau}, {semantics::tick_event, tick}};
    observer<std::vector<std::uint32_t>> o([&](const std::vector<std::uint32_t>& state) {
        lts::successors succ;
        m.expand(state.data(), succ);
        std::vector<std::pair<int, std::vector<std::uint32_t>>> out;
        for (std::size_t k = 0; k < succ.size(); ++k) {
            auto e = succ.events[k];
            if (!codes.contains(e)) codes[e] = ev_a + (space.event_name(e)[0] - 'a');
            out.emplace_back(codes[e], std::vector<std::uint32_t>(succ.states.begin() + k * w,
                                                                  succ.states.begin() + (k + 1) * w));
        }
        return out;
    });
    std::vector<std::uint32_t> init(w);
    m.initial(init.data());
    return o.observe(init);
}

std::string show(const std::vector<int>& trace) {
    std::string out = "<";
    for (int x : trace) out += std::string(out.size() > 1 ? ", " : "") + event_names[x];
    return out + ">";
}

std::string show(const std::set<std::set<int>>& acceptances) {
    std::string out = "{";
    for (auto& a : acceptances) {
        out += out.size() > 1 ? ", {" : "{";
        for (int x : a) out += std::string(out.back() == '{' ? "" : ", ") + event_names[x];
        out += "}";
    }
    return out + "}";
}

// The first difference between the two, described; "" if they agree.
std::string difference(const observations& engine, const observations& reference) {
    for (auto& [trace, acc] : reference) {
        auto it = engine.find(trace);
        if (it == engine.end()) return "trace " + show(trace) + " missing in the engine";
        if (it->second != acc)
            return "after " + show(trace) + " the engine accepts " + show(it->second) + ", the reference " + show(acc);
    }
    for (auto& [trace, acc] : engine)
        if (!reference.contains(trace)) return "trace " + show(trace) + " only in the engine";
    return "";
}

class generator {
public:
    explicit generator(std::uint64_t seed) : m_rng(seed) {}

    script next() {
        script s;
        for (int i = 0; i < 3; ++i) s.names.push_back(guarded(3));
        s.root = any(4, true);
        return s;
    }

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }
    int event() { return ev_a + pick(3); }
    unsigned set() { return 1 + pick(7); }

    tp leaf(bool calls) {
        switch (pick(calls ? 6 : 5)) {
        case 0: return make(kind::stop);
        case 1: return make(kind::skip);
        case 2: return pick(3) == 0 ? make(kind::div) : make(kind::skip);
        case 5: return make(kind::call, nullptr, nullptr, pick(3));
        default: return make(kind::prefix, leaf(calls && pick(2)), nullptr, event());
        }
    }

    // Any term; a call (of a finite-state name) may appear anywhere in the
    // process P, but not under the bodies' non-tail operators, where it
    // could make the state space infinite.
    tp any(int depth, bool calls) {
        if (depth == 0 || pick(6) == 0) return leaf(calls);
        auto sub = [&] { return any(depth - 1, calls); };
        switch (pick(13)) {
        case 0: case 1: return make(kind::prefix, sub(), nullptr, event());
        case 2: return make(kind::ext, sub(), sub());
        case 3: return make(kind::internal, sub(), sub());
        case 4: return make(kind::seq, sub(), sub());
        case 5: return make(kind::par, sub(), sub(), 0, set());
        case 6: return make(kind::inter, sub(), sub());
        case 7: return make(kind::hide, sub(), nullptr, 0, set());
        case 8: return make(kind::rename, sub(), nullptr, pick(int(renamings.size())));
        case 9: return make(kind::interrupt, sub(), sub());
        case 10: return make(kind::sliding, sub(), sub());
        default: return leaf(calls);
        }
    }

    // A name's body: calls only in tail position after a prefix.
    tp guarded(int depth) {
        switch (depth == 0 ? 3 : pick(5)) {
        case 0: return make(kind::ext, guarded(depth - 1), guarded(depth - 1));
        case 1: return make(kind::internal, guarded(depth - 1), guarded(depth - 1));
        case 2: return make(kind::prefix, guarded(depth - 1), nullptr, event());
        case 3: return make(kind::prefix, make(kind::call, nullptr, nullptr, pick(3)), nullptr, event());
        default: return any(depth - 1, false);
        }
    }

    std::mt19937_64 m_rng;
};

script only(tp root) { return script{{make(kind::stop), make(kind::stop), make(kind::stop)}, std::move(root)}; }

// Checks that engine and reference agree on `s` and returns the engine's observations.
observations agreed(const script& s) {
    std::string error;
    observations engine = run_engine(s.cspm(), error);
    EXPECT_EQ(error, "") << s.cspm();
    std::string diff = difference(engine, interpret(s));
    EXPECT_EQ(diff, "") << s.cspm();
    return engine;
}

tp pre(int e, tp p) { return make(kind::prefix, std::move(p), nullptr, e); }

TEST(differential, textbook_cases) {
    base::with_large_stack([] {
        const tp stop = make(kind::stop), skip = make(kind::skip);
        const int a = ev_a, b = ev_a + 1;
        using accs = std::set<std::set<int>>;

        auto ext = agreed(only(make(kind::ext, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(ext[{}], (accs{{a, b}}));
        auto internal = agreed(only(make(kind::internal, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(internal[{}], (accs{{a}, {b}}));

        EXPECT_TRUE(agreed(only(make(kind::inter, skip, skip))).contains({tick}));

        auto seq = agreed(only(make(kind::seq, pre(a, skip), pre(b, stop))));
        EXPECT_TRUE(seq.contains({a, b}));
        EXPECT_FALSE(seq.contains({b}));

        auto hidden = agreed(only(make(kind::hide, pre(a, stop), nullptr, 0, 1)));
        EXPECT_EQ(hidden, (observations{{{}, accs{{}}}}));

        EXPECT_EQ(agreed(only(make(kind::div))), (observations{{{}, accs{}}}));

        auto sliding = agreed(only(make(kind::sliding, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(sliding[{}], (accs{{b}}));
        EXPECT_TRUE(sliding.contains({a}));

        auto interrupt = agreed(only(make(kind::interrupt, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(interrupt[{}], (accs{{a, b}}));
        EXPECT_TRUE(interrupt.contains({a, b}));

        // N0 = a -> N0, with a hidden, diverges.
        script loop = only(make(kind::hide, make(kind::call), nullptr, 0, 1));
        loop.names[0] = pre(a, make(kind::call));
        EXPECT_EQ(agreed(loop), (observations{{{}, accs{}}}));
    });
}

TEST(differential, random_terms_agree_with_roscoe_semantics) {
    constexpr std::uint64_t seed = 20240611;
    constexpr int count = 2500;
    base::with_large_stack([&] {
        generator gen(seed);
        int failures = 0;
        for (int i = 0; i < count && failures < 5; ++i) {
            script s = gen.next();
            std::string error;
            observations engine = run_engine(s.cspm(), error);
            std::string diff = error.empty() ? difference(engine, interpret(s)) : error;
            if (!diff.empty()) {
                ++failures;
                ADD_FAILURE() << "term " << i << " (seed " << seed << "): " << diff << "\n" << s.cspm();
            }
        }
    });
}

}  // namespace
