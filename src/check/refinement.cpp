// Refinement: the specification's normal form in product with the
// implementation (Roscoe, "Understanding Concurrent Systems", ch. 16).
//
// Normal form: a node is the τ-closed set of specification states reachable
// by one trace; its transitions are deterministic.  For the failures models
// a node keeps the minimal acceptances of its stable states (what the
// specification must offer: all of one of them); for failures-divergences,
// a mark when one of its states diverges (after which the specification
// allows anything).  The product runs the implementation with the node of
// its trace alongside and checks each pair: a visible event the node cannot
// do (traces), a stable implementation state that offers none of the
// node's acceptances in full (failures), a τ loop where the node is not
// divergent (failures-divergences).
//
// Revivals (Roscoe, "Understanding Concurrent Systems", 2010, ch. 11): a
// revival (s, X, a) says that after s a stable state refuses X and then
// accepts a.  A node also keeps every distinct acceptance (initials) of its
// stable states, A(n); a stable implementation state with initials I, with
// the node of its trace n, has the revivals (s, X, a) for X within Σ \ I and
// a in I, and the most telling X is Σ \ I itself.  Spec has them all iff,
// for every a in I, some J in A(n) holds a and lies within I; with the
// failures condition (some J in A(n) within I) that is stable revivals
// refinement.  ✓ is treated as in the failures models: a state that can
// terminate has the acceptance {✓}, so it revives nothing but ✓, which the
// traces already settle.

#include "cspgate/check/refinement.hpp"

#include "cspgate/lts/extended.hpp"
#include "divergence.hpp"
#include "refusal_testing.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace cspgate::check {
namespace {

struct normal_form {
    std::vector<std::vector<std::pair<event_id, std::uint32_t>>> next;  // by event
    std::vector<std::vector<std::vector<event_id>>> acceptances;        // minimal, each sorted
    std::vector<std::vector<std::vector<event_id>>> revivals;           // every distinct one (revivals models)
    std::vector<std::uint8_t> divergent;
};

std::vector<event_id> initials_of(const state_graph& g, std::uint32_t s, bool& stable) {
    std::vector<event_id> out;
    stable = true;
    for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k) {
        if (g.edge_event[k] == tau_event) stable = false;
        else out.push_back(g.edge_event[k]);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool includes(const std::vector<event_id>& big, const std::vector<event_id>& small) {
    return std::includes(big.begin(), big.end(), small.begin(), small.end());
}

normal_form normalise(const state_graph& g, const std::vector<std::uint8_t>& div, std::uint64_t max_nodes, bool all_acceptances,
                      bool& ok) {
    normal_form nf;
    std::map<std::vector<std::uint32_t>, std::uint32_t> index;
    std::vector<std::vector<std::uint32_t>> nodes{tau_closure(g, {0})};
    index.emplace(nodes[0], 0);
    ok = true;
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
        if (nodes.size() > max_nodes) {
            ok = false;
            return nf;
        }
        const std::vector<std::uint32_t> members = nodes[n];
        std::map<event_id, std::vector<std::uint32_t>> after;
        std::vector<std::vector<event_id>> acc;
        bool divergent = false;
        for (std::uint32_t s : members) {
            divergent |= div[s] != 0;
            bool stable = true;
            std::vector<event_id> init = initials_of(g, s, stable);
            // ✓ is a signal, not a choice the environment makes (Roscoe,
            // "Understanding Concurrent Systems", 2010): a state that can
            // terminate may refuse every other event, as if it had a τ to SKIP.
            if (std::binary_search(init.begin(), init.end(), tick_event)) acc.push_back({tick_event});
            else if (stable) acc.push_back(init);
            for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
                if (g.edge_event[k] != tau_event) after[g.edge_event[k]].push_back(g.edge_target[k]);
        }
        // Keep the minimal acceptances: a larger one adds nothing the
        // specification must offer.
        std::sort(acc.begin(), acc.end(), [](const auto& a, const auto& b) {
            return a.size() != b.size() ? a.size() < b.size() : a < b;
        });
        acc.erase(std::unique(acc.begin(), acc.end()), acc.end());
        if (all_acceptances) nf.revivals.push_back(acc);
        std::vector<std::vector<event_id>> minimal;
        for (auto& a : acc)
            if (std::none_of(minimal.begin(), minimal.end(), [&](const auto& m) { return includes(a, m); }))
                minimal.push_back(std::move(a));
        nf.acceptances.push_back(std::move(minimal));
        nf.divergent.push_back(divergent ? 1 : 0);
        nf.next.emplace_back();
        for (auto& [e, targets] : after) {
            std::vector<std::uint32_t> c = tau_closure(g, std::move(targets));
            auto [it, fresh] = index.emplace(c, static_cast<std::uint32_t>(nodes.size()));
            if (fresh) nodes.push_back(std::move(c));
            nf.next[n].emplace_back(e, it->second);
        }
    }
    return nf;
}

constexpr std::uint32_t err_trace = 0xfffffff0u;
constexpr std::uint32_t err_refusal = 0xfffffff1u;
constexpr std::uint32_t err_revival = 0xfffffff2u;
constexpr event_id refusal_marker = 0xfffffffeu;
constexpr event_id revival_marker = 0xfffffffdu;

/// The first event of `initials` that no acceptance in `revivals` both
/// holds and lies within `initials`, if any (the revival Spec lacks).
std::optional<event_id> unrevived(const std::vector<event_id>& initials, const std::vector<std::vector<event_id>>& revivals) {
    for (event_id a : initials) {
        bool ok = std::any_of(revivals.begin(), revivals.end(), [&](const std::vector<event_id>& j) {
            return std::binary_search(j.begin(), j.end(), a) && includes(initials, j);
        });
        if (!ok) return a;
    }
    return std::nullopt;
}

/// The implementation with the specification's normal-form node as one more word.
class product final : public lts::extended_machine {
public:
    product(const lts::machine& impl, const normal_form& nf, refinement_model model)
        : extended_machine(impl), m_nf(nf), m_model(model) {}

    bool terminated(const std::uint32_t* s) const override { return s[m_w] < err_trace && m_inner.terminated(s); }

    void expand(const std::uint32_t* s, lts::successors& out) const override {
        const std::uint32_t n = s[m_w];
        if (n >= err_trace) return;
        if (divergence_strict(m_model) && m_nf.divergent[n]) return;
        m_scratch.clear();
        m_scratch.want_parts = out.want_parts;
        m_inner.expand(s, m_scratch);
        m_scratch.part_begin.push_back(static_cast<std::uint32_t>(m_scratch.parts.size()));
        bool stable = true;
        m_initials.clear();
        const auto& moves = m_nf.next[n];
        for (std::size_t k = 0; k < m_scratch.size(); ++k) {
            event_id e = m_scratch.events[k];
            const std::uint32_t* t = &m_scratch.states[k * m_w];
            std::uint32_t node = n;
            if (e == tau_event) {
                stable = false;
            } else {
                m_initials.push_back(e);
                auto it = std::lower_bound(moves.begin(), moves.end(), std::make_pair(e, std::uint32_t{0}));
                if (it != moves.end() && it->first == e) {
                    node = it->second;
                } else {
                    t = s;  // the error state keeps the state it was found in
                    node = err_trace;
                }
            }
            push(out, e, t, node, &m_scratch, k);
        }
        if (m_model == refinement_model::traces) return;
        std::sort(m_initials.begin(), m_initials.end());
        m_initials.erase(std::unique(m_initials.begin(), m_initials.end()), m_initials.end());
        // A state that can terminate can refuse everything but ✓ (see normalise).
        if (std::binary_search(m_initials.begin(), m_initials.end(), tick_event)) m_initials.assign(1, tick_event);
        else if (!stable) return;
        const auto& acc = m_nf.acceptances[n];
        if (std::none_of(acc.begin(), acc.end(), [&](const auto& a) { return includes(m_initials, a); }))
            push(out, refusal_marker, s, err_refusal);
        else if (records_revivals(m_model) && unrevived(m_initials, m_nf.revivals[n]))
            push(out, revival_marker, s, err_revival);
    }

private:

    const normal_form& m_nf;
    refinement_model m_model;
    mutable lts::successors m_scratch;
    mutable std::vector<event_id> m_initials;
};

std::string set_text(const semantics::process_space& space, const std::vector<event_id>& events) {
    std::string s = "{";
    for (std::size_t i = 0; i < events.size(); ++i) s += (i ? ", " : "") + space.event_name(events[i]);
    return s + "}";
}

}  // namespace

check_result refines(const lts::machine& spec, const lts::machine& impl, const semantics::process_space& space,
                     refinement_model model, const limits& lim) {
    check_result r;
    // The specification, explored and normalised.
    state_graph sg(spec);
    explore(sg, keep_edges::all, lim);
    if (!sg.complete) {
        r.outcome = verdict::inconclusive;
        r.reason = "the specification: " + (sg.limit_reached.empty() ? std::string("exploration stopped") : sg.limit_reached);
        return r;
    }
    std::vector<std::uint8_t> spec_div = divergence_strict(model)
                                             ? divergent_states(sg)
                                             : std::vector<std::uint8_t>(sg.store.size(), 0);
    if (refusal_testing(model)) return refines_refusal_testing(sg, spec_div, impl, space, model, lim);
    bool ok = true;
    normal_form nf = normalise(sg, spec_div, lim.max_states, records_revivals(model), ok);
    if (!ok) {
        r.outcome = verdict::inconclusive;
        r.reason = "the normal form of the specification has more than " + std::to_string(lim.max_states) + " nodes";
        return r;
    }
    // The product, breadth-first, until the first error state is reached.
    product prod(impl, nf, model);
    state_graph g(prod);
    const std::size_t w = prod.width();
    std::vector<std::uint32_t> words(w);
    std::uint32_t found = UINT32_MAX;
    keep_edges keep = divergence_strict(model) ? keep_edges::tau : keep_edges::none;
    explore(g, keep, lim, [&](std::uint32_t id) {
        g.store.get(id, words.data());
        if (words[w - 1] >= err_trace) found = id;
        return found != UINT32_MAX;
    });
    r = result_of(g);
    if (found == UINT32_MAX) found = first_error_state(g, err_trace);
    if (found == UINT32_MAX && divergence_strict(model) && g.complete && implementation_diverges(g, space, r)) return r;
    if (found == UINT32_MAX) return r;
    r.outcome = verdict::fail;
    r.reason.clear();
    counterexample cx;
    std::vector<std::uint32_t> path = path_to(g, found);
    g.store.get(found, words.data());
    std::uint32_t before = path.size() >= 2 ? path[path.size() - 2] : 0;
    std::vector<std::uint32_t> prior(w);
    g.store.get(before, prior.data());
    std::uint32_t node = prior[w - 1];
    std::vector<event_id> spec_can;
    for (auto [e, n2] : nf.next[node]) spec_can.push_back(e);
    if (words[w - 1] == err_trace) {
        cx.kind = "refinement: trace";
        cx.path = steps_of(g, space, path);
        // The event Spec cannot do ends the path; the trace is what led there.
        std::string e = "?";
        if (!cx.path.empty()) {
            e = cx.path.back().event.text;
            cx.path.pop_back();
        }
        cx.trace = visible_events(cx.path);
        cx.summary = "Impl can do " + e + " here, Spec cannot (Spec can do " + set_text(space, spec_can) + ")";
    } else {
        path.pop_back();
        cx.path = steps_of(g, space, path);
        cx.trace = visible_events(cx.path);
        lts::successors next;
        impl.expand(prior.data(), next);
        std::vector<event_id> offers(next.events.begin(), next.events.end());
        std::sort(offers.begin(), offers.end());
        offers.erase(std::unique(offers.begin(), offers.end()), offers.end());
        bool ends = std::binary_search(offers.begin(), offers.end(), tick_event);
        if (words[w - 1] == err_refusal) {
            cx.kind = "refinement: refusal";
            cx.summary = ends ? "Impl can terminate here, so it can refuse every event but ✓; Spec must offer all of one of:"
                              : "Impl can refuse every event but " + set_text(space, offers) +
                                    " here (it is stable); Spec must offer all of one of:";
            if (nf.acceptances[node].empty()) cx.summary += " (Spec has no stable state after this trace)";
            for (const auto& a : nf.acceptances[node]) cx.summary += " " + set_text(space, a);
        } else {
            // A stable state (✓ is not among its offers: a state that can
            // terminate revives only ✓, which Spec then revives too).
            offers.erase(std::remove(offers.begin(), offers.end(), tau_event), offers.end());
            const event_id a = unrevived(offers, nf.revivals[node]).value_or(tau_event);
            cx.kind = "refinement: revival";
            cx.summary = "Impl can refuse every event but " + set_text(space, offers) + " here (it is stable) and then accept " +
                         space.event_name(a) + "; Spec cannot: none of its stable states after this trace offers " +
                         space.event_name(a) + " and nothing outside " + set_text(space, offers) + " (they offer:";
            for (const auto& j : nf.revivals[node]) cx.summary += " " + set_text(space, j);
            cx.summary += ")";
        }
    }
    cx.components = components_of(g, space, cx.path, before);
    r.example = std::move(cx);
    return r;
}

}  // namespace cspgate::check
