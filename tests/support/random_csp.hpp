#pragma once
// Random CSP terms over the events a, b, c and a reference interpreter of
// them, for tests only: the generator, Roscoe's operational semantics
// ("Understanding Concurrent Systems" (2010), chapter 9; termination through
// ✓ and Ω) applied directly to the terms, and CSPM printing.  Shared by
// tests/lts/differential_test.cpp and tests/check/refinement_differential_test.cpp.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cspgate::random_csp {

/// How many random cases a differential test runs: `n` in a normal build, a
/// quarter under AddressSanitizer, whose run checks memory safety rather
/// than answers and is several times slower (the release run of `make test`
/// and CI runs all `n`).
constexpr int random_cases(int n) {
#if defined(__SANITIZE_ADDRESS__)
    return n / 4 > 0 ? n / 4 : 1;
#else
    return n;
#endif
}
/// Whether this build runs every case: a test that asserts a rare kind of
/// case occurs (F passes but V fails: 11 in 6,000) asserts it only then.
constexpr bool all_random_cases = random_cases(4) == 4;

// Event codes of this test: τ, ✓, then a, b, c.
constexpr int tau = 0, tick = 1, ev_a = 2;
inline const std::array<const char*, 5> event_names{"τ", "✓", "a", "b", "c"};

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
inline const std::vector<std::vector<std::pair<int, int>>> renamings{
    {{2, 3}}, {{3, 4}}, {{2, 3}, {2, 4}}, {{2, 4}, {3, 4}}, {{2, 3}, {3, 2}}};

inline std::string set_text(unsigned s) {
    std::string out = "{";
    for (int e = ev_a; e < 5; ++e)
        if (s & (1u << (e - ev_a))) out += std::string(out.size() > 1 ? ", " : "") + event_names[e];
    return out + "}";
}

inline tp make(kind k, tp l = nullptr, tp r = nullptr, int ev = 0, unsigned set = 0) {
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
inline transitions step(const script& s, const tp& t) {
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

inline observations interpret(const script& s) {
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

inline std::string show(const std::vector<int>& trace) {
    std::string out = "<";
    for (int x : trace) out += std::string(out.size() > 1 ? ", " : "") + event_names[x];
    return out + ">";
}

inline std::string show(const std::set<std::set<int>>& acceptances) {
    std::string out = "{";
    for (auto& a : acceptances) {
        out += out.size() > 1 ? ", {" : "{";
        for (int x : a) out += std::string(out.back() == '{' ? "" : ", ") + event_names[x];
        out += "}";
    }
    return out + "}";
}

class generator {
public:
    /// With `div` false no DIV is generated (a SKIP in its place).
    explicit generator(std::uint64_t seed, bool div = true) : m_rng(seed), m_div(div) {}

    /// Names N0..N2 (guarded, possibly recursive) and a process P that may
    /// call them.
    script next() {
        script s;
        for (int i = 0; i < 3; ++i) s.names.push_back(guarded(3));
        s.root = any(4, true);
        return s;
    }

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }

    // Any term; a call (of a finite-state name) may appear anywhere in the
    // process P, but not under the bodies' non-tail operators, where it
    // could make the state space infinite.  Without calls the term's state
    // space is acyclic unless it has DIV.
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

    /// `t` with one subterm changed: replaced by a small term or STOP, its
    /// choice flipped between [] and |~|, or put in a choice with a small term.
    tp mutate(const tp& t) {
        const bool binary = t->r != nullptr, unary = t->l != nullptr;
        if (!unary || pick(3) == 0) {
            switch (pick(5)) {
            case 0: return any(2, false);
            case 1: return make(kind::stop);
            case 2:
                if (t->k == kind::ext) return make(kind::internal, t->l, t->r);
                if (t->k == kind::internal) return make(kind::ext, t->l, t->r);
                return make(kind::internal, t, any(1, false));
            case 3: return make(kind::ext, t, any(1, false));
            default: return make(kind::internal, any(1, false), t);
            }
        }
        if (binary && pick(2) == 0) return make(t->k, t->l, mutate(t->r), t->ev, t->set);
        return make(t->k, mutate(t->l), t->r, t->ev, t->set);
    }

private:
    int event() { return ev_a + pick(3); }
    unsigned set() { return 1 + pick(7); }

    tp leaf(bool calls) {
        switch (pick(calls ? 6 : 5)) {
        case 0: return make(kind::stop);
        case 1: return make(kind::skip);
        case 2: return pick(3) == 0 && m_div ? make(kind::div) : make(kind::skip);
        case 5: return make(kind::call, nullptr, nullptr, pick(3));
        default: return make(kind::prefix, leaf(calls && pick(2)), nullptr, event());
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
    bool m_div;
};

inline script only(tp root) { return script{{make(kind::stop), make(kind::stop), make(kind::stop)}, std::move(root)}; }

inline tp pre(int e, tp p) { return make(kind::prefix, std::move(p), nullptr, e); }

}  // namespace cspgate::random_csp
