// Refusal-testing refinement (Phillips, "Refusal Testing", TCS 50, 1987;
// Roscoe, "Understanding Concurrent Systems", 2010, ch. 11).  An observation
// is a refusal trace <X0, a1, X1, …, an, Xn>: each Xi is a set the process
// refused in a stable state before doing a(i+1), or • when nothing was
// observed (the state may have been unstable).  Impl refines Spec when each
// refusal trace of Impl is one of Spec's.
//
// Refusal traces do not depend on the trace alone, so the specification is
// not normalised by trace: the product pairs an implementation state with
// the τ-closed set of specification states reached by the same refusal
// trace, sets made on the fly.  A stable implementation state with initials
// I refuses at most Σ \ I; recording that largest refusal before each event
// leaves Spec the fewest states to answer with, and every check below only
// gets easier with more Spec states, so the largest refusal is the only one
// to try: Spec must have a stable state in the set whose initials lie
// within I (the refusal itself), and for each event a of I, stable states
// with initials within I that do a (the refusal, then a).  From an unstable
// implementation state an event follows •: any state of the set may do it.
// ✓ is a signal, as in the other models: a state that can terminate is
// unstable for its other events and can refuse everything but ✓ (its
// acceptance is {✓}).  `[RD=` adds divergence as `[FD=` does.

#include "refusal_testing.hpp"

#include "cspgate/lts/extended.hpp"
#include "divergence.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace cspgate::check {
namespace {

constexpr std::uint32_t no_set = 0xffffffffu;
constexpr std::uint32_t err_trace = 0xfffffff0u;     // an event Spec cannot do after the refusals so far
constexpr std::uint32_t err_refusal = 0xfffffff1u;   // a refusal Spec cannot make
constexpr std::uint32_t err_after = 0xfffffff2u;     // a refusal Spec can make, but not followed by the event
constexpr event_id refusal_marker = 0xfffffffeu;

bool within(const std::vector<event_id>& big, const std::vector<event_id>& small) {
    return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

/// What a state offers: its visible initials, whether it is stable, and its
/// acceptance when it can refuse ({✓} for a state that can terminate).
struct offer {
    std::vector<event_id> initials;
    bool refuses = false;  // stable, or can terminate
    std::vector<event_id> acceptance;
};

offer offer_of(const lts::successors& next) {
    offer o;
    bool stable = true;
    for (event_id e : next.events) {
        if (e == tau_event) stable = false;
        else o.initials.push_back(e);
    }
    std::sort(o.initials.begin(), o.initials.end());
    o.initials.erase(std::unique(o.initials.begin(), o.initials.end()), o.initials.end());
    const bool ticks = std::binary_search(o.initials.begin(), o.initials.end(), tick_event);
    o.refuses = stable || ticks;
    if (ticks) o.acceptance = {tick_event};
    else if (stable) o.acceptance = o.initials;
    return o;
}

/// The τ-closed sets of specification states met so far, and the moves
/// between them, made on demand and memoised.
class spec_sets {
public:
    spec_sets(const state_graph& g, const std::vector<std::uint8_t>& div) : m_g(g), m_div(div) {
        const std::size_t n = g.store.size();
        m_acc.resize(n);
        m_refuses.resize(n);
        for (std::uint32_t s = 0; s < n; ++s) {
            lts::successors fake;
            for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k) fake.events.push_back(g.edge_event[k]);
            offer o = offer_of(fake);
            m_refuses[s] = o.refuses;
            m_acc[s] = std::move(o.acceptance);
        }
        intern(tau_closure(g, {0}));
    }

    bool divergent(std::uint32_t set) const { return m_divergent[set] != 0; }
    const std::vector<std::uint32_t>& members(std::uint32_t set) const { return m_sets[set]; }
    std::size_t size() const { return m_sets.size(); }

    /// Whether a state of `set` can refuse everything outside `accepted`.
    bool can_refuse(std::uint32_t set, const std::vector<event_id>& accepted) const {
        return std::any_of(m_sets[set].begin(), m_sets[set].end(),
                           [&](std::uint32_t s) { return m_refuses[s] && within(accepted, m_acc[s]); });
    }

    /// The set after `a`: following the refusal of everything outside
    /// `accepted` when it is given, else after • (any state may do it).
    /// `no_set` when no state of `set` can.
    std::uint32_t after(std::uint32_t set, const std::vector<event_id>* accepted, event_id a) {
        std::uint32_t acc_id = no_set;
        if (accepted) acc_id = m_acceptance_ids.emplace(*accepted, static_cast<std::uint32_t>(m_acceptance_ids.size())).first->second;
        const auto key = std::make_tuple(set, acc_id, a);
        if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
        std::vector<std::uint32_t> targets;
        for (std::uint32_t s : m_sets[set]) {
            if (accepted) {
                // After a refusal the state must be one that refuses it, and
                // a state that can terminate does nothing but ✓ after one.
                if (!m_refuses[s] || !within(*accepted, m_acc[s])) continue;
                if (!std::binary_search(m_acc[s].begin(), m_acc[s].end(), a)) continue;
            }
            for (std::uint64_t k = m_g.first[s]; k < m_g.first[s + 1]; ++k)
                if (m_g.edge_event[k] == a) targets.push_back(m_g.edge_target[k]);
        }
        const std::uint32_t out = targets.empty() ? no_set : intern(tau_closure(m_g, std::move(targets)));
        m_cache.emplace(key, out);
        return out;
    }

    /// The events some state of `set` can do (after •).
    std::vector<event_id> initials(std::uint32_t set) const {
        std::vector<event_id> out;
        for (std::uint32_t s : m_sets[set])
            for (std::uint64_t k = m_g.first[s]; k < m_g.first[s + 1]; ++k)
                if (m_g.edge_event[k] != tau_event) out.push_back(m_g.edge_event[k]);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

    /// The acceptances of the states of `set` that can refuse.
    std::vector<std::vector<event_id>> acceptances(std::uint32_t set) const {
        std::vector<std::vector<event_id>> out;
        for (std::uint32_t s : m_sets[set])
            if (m_refuses[s]) out.push_back(m_acc[s]);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }

private:
    std::uint32_t intern(std::vector<std::uint32_t> states) {
        auto [it, fresh] = m_index.emplace(std::move(states), static_cast<std::uint32_t>(m_sets.size()));
        if (fresh) {
            m_sets.push_back(it->first);
            bool d = false;
            for (std::uint32_t s : it->first) d |= m_div[s] != 0;
            m_divergent.push_back(d ? 1 : 0);
        }
        return it->second;
    }

    const state_graph& m_g;
    const std::vector<std::uint8_t>& m_div;
    std::vector<std::vector<event_id>> m_acc;
    std::vector<std::uint8_t> m_refuses;
    std::map<std::vector<std::uint32_t>, std::uint32_t> m_index;
    std::vector<std::vector<std::uint32_t>> m_sets;
    std::vector<std::uint8_t> m_divergent;
    std::map<std::vector<event_id>, std::uint32_t> m_acceptance_ids;
    std::map<std::tuple<std::uint32_t, std::uint32_t, event_id>, std::uint32_t> m_cache;
};

/// The implementation with the set of specification states as one more word.
class rt_product final : public lts::extended_machine {
public:
    rt_product(const lts::machine& impl, spec_sets& spec, refinement_model model)
        : extended_machine(impl), m_spec(spec), m_model(model) {}

    bool terminated(const std::uint32_t* s) const override { return s[m_w] < err_trace && m_inner.terminated(s); }

    void expand(const std::uint32_t* s, lts::successors& out) const override {
        const std::uint32_t set = s[m_w];
        if (set >= err_trace) return;
        if (divergence_strict(m_model) && m_spec.divergent(set)) return;
        m_scratch.clear();
        m_scratch.want_parts = out.want_parts;
        m_inner.expand(s, m_scratch);
        m_scratch.part_begin.push_back(static_cast<std::uint32_t>(m_scratch.parts.size()));
        const offer o = offer_of(m_scratch);
        const bool stable_state = o.refuses && !std::binary_search(o.initials.begin(), o.initials.end(), tick_event);
        for (std::size_t k = 0; k < m_scratch.size(); ++k) {
            const event_id e = m_scratch.events[k];
            const std::uint32_t* t = &m_scratch.states[k * m_w];
            std::uint32_t next = set;
            if (e != tau_event) {
                // From a stable state (and for the ✓ of a state that can
                // terminate) the event follows the largest refusal.
                const bool refused_first = stable_state || e == tick_event;
                next = m_spec.after(set, refused_first ? &o.acceptance : nullptr, e);
                if (next == no_set) {
                    next = refused_first && m_spec.after(set, nullptr, e) != no_set ? err_after : err_trace;
                    t = s;
                }
            }
            push(out, e, t, next, &m_scratch, k);
        }
        if (o.refuses && !m_spec.can_refuse(set, o.acceptance)) push(out, refusal_marker, s, err_refusal);
    }

    /// The offer of the implementation in product state `s`.
    offer offer_at(const std::uint32_t* s) const {
        lts::successors next;
        m_inner.expand(s, next);
        return offer_of(next);
    }

private:
    spec_sets& m_spec;
    refinement_model m_model;
    mutable lts::successors m_scratch;
};

std::string set_text(const semantics::process_space& space, const std::vector<event_id>& events) {
    std::string s = "{";
    for (std::size_t i = 0; i < events.size(); ++i) s += (i ? ", " : "") + space.event_name(events[i]);
    return s + "}";
}

/// The refusal trace of a path: each visible event, preceded by what the
/// implementation refused just before it ("•" from an unstable state).
std::string refusal_trace_text(const state_graph& g, const rt_product& prod, const semantics::process_space& space,
                               const std::vector<std::uint32_t>& path, const std::vector<step>& steps) {
    std::string out = "<";
    std::vector<std::uint32_t> words(prod.width());
    bool first = true;
    for (std::size_t i = 0; i < steps.size() && i + 1 < path.size(); ++i) {
        const event_id e = steps[i].event.id;
        if (e == tau_event) continue;
        g.store.get(path[i], words.data());
        const offer o = prod.offer_at(words.data());
        const bool ticks = std::binary_search(o.initials.begin(), o.initials.end(), tick_event);
        const bool refused = (o.refuses && !ticks) || e == tick_event;
        out += std::string(first ? "" : ", ") +
               (refused ? "refusing all but " + set_text(space, o.acceptance) : std::string("•")) + ", " + steps[i].event.text;
        first = false;
    }
    return out + ">";
}

}  // namespace

check_result refines_refusal_testing(const state_graph& spec, const std::vector<std::uint8_t>& spec_div,
                                     const lts::machine& impl, const semantics::process_space& space,
                                     refinement_model model, const limits& lim) {
    spec_sets sets(spec, spec_div);
    rt_product prod(impl, sets, model);
    state_graph g(prod);
    const std::size_t w = prod.width();
    std::vector<std::uint32_t> words(w);
    std::uint32_t found = UINT32_MAX;
    explore(g, divergence_strict(model) ? keep_edges::tau : keep_edges::none, lim, [&](std::uint32_t id) {
        g.store.get(id, words.data());
        if (words[w - 1] >= err_trace) found = id;
        return found != UINT32_MAX || sets.size() > lim.max_states;
    });
    check_result r = result_of(g);
    if (found == UINT32_MAX && sets.size() > lim.max_states) {
        r.outcome = verdict::inconclusive;
        r.reason = "the specification has more than " + std::to_string(lim.max_states) + " sets of states";
        return r;
    }
    if (found == UINT32_MAX) found = first_error_state(g, err_trace);
    if (found == UINT32_MAX && divergence_strict(model) && g.complete && implementation_diverges(g, space, r)) return r;
    if (found == UINT32_MAX) return r;
    r.outcome = verdict::fail;
    r.reason.clear();
    counterexample cx;
    std::vector<std::uint32_t> path = path_to(g, found);
    g.store.get(found, words.data());
    const std::uint32_t kind = words[w - 1];
    const std::uint32_t before = path.size() >= 2 ? path[path.size() - 2] : 0;
    std::vector<std::uint32_t> prior(w);
    g.store.get(before, prior.data());
    const std::uint32_t set = prior[w - 1];
    const offer o = prod.offer_at(prior.data());
    // The last transition is the error: the event Spec cannot follow (named
    // in the summary), or the refusal marker.
    std::string e = "?";
    if (kind == err_refusal) {
        path.pop_back();
        cx.path = steps_of(g, space, path);
    } else {
        cx.path = steps_of(g, space, path);
        if (!cx.path.empty()) {
            e = cx.path.back().event.text;
            cx.path.pop_back();
        }
        path.pop_back();
    }
    cx.trace = visible_events(cx.path);
    const std::string so_far = refusal_trace_text(g, prod, space, path, cx.path);
    if (kind == err_trace) {
        cx.kind = "refinement: trace";
        cx.summary = "Impl can do " + e + " here, Spec cannot after the refusal trace " + so_far + " (Spec can do " +
                     set_text(space, sets.initials(set)) + ")";
    } else if (kind == err_after) {
        cx.kind = "refinement: refusal trace";
        cx.summary = "Impl can refuse every event but " + set_text(space, o.acceptance) + " here (it is stable) and then do " + e +
                     "; Spec cannot after the refusal trace " + so_far + ": none of its stable states here offers " + e +
                     " and nothing outside " + set_text(space, o.acceptance);
    } else {
        cx.kind = "refinement: refusal";
        cx.summary = "Impl can refuse every event but " + set_text(space, o.acceptance) +
                     " here (it is stable); after the refusal trace " + so_far + " Spec must offer all of one of:";
        auto accs = sets.acceptances(set);
        if (accs.empty()) cx.summary += " (Spec has no stable state here)";
        for (const auto& a : accs) cx.summary += " " + set_text(space, a);
    }
    cx.components = components_of(g, space, cx.path, before);
    r.example = std::move(cx);
    return r;
}

}  // namespace cspgate::check
