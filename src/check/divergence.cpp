// Deadlock and divergence.
//
// A deadlock is a reachable state with no transition that has not
// terminated (SKIP is not a deadlock).  A divergence is a state that can do
// τ for ever: in a finite graph, one on a cycle of τ transitions — a
// strongly connected component of the τ graph with more than one state, or
// a τ self-loop (Tarjan's algorithm, through Boost.Graph).  Breadth-first
// numbering makes the smallest-numbered such state a shortest counterexample.

#include "divergence.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>

namespace cspgate::check {

std::vector<std::uint8_t> divergent_states(const state_graph& g) {
    const std::size_t n = g.store.size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
    for (std::uint32_t s = 0; s + 1 < g.first.size() && s < n; ++s)
        for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
            if (g.edge_event[k] == tau_event) edges.emplace_back(s, g.edge_target[k]);
    std::vector<std::uint8_t> on_cycle(n, 0);
    if (edges.empty()) return on_cycle;
    using graph = boost::compressed_sparse_row_graph<boost::directedS>;
    graph tau(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), n);
    std::vector<std::uint32_t> component(n);
    boost::strong_components(tau, boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, tau)));
    std::vector<std::uint32_t> size(n, 0);
    for (std::uint32_t c : component) ++size[c];
    for (std::size_t s = 0; s < n; ++s)
        if (size[component[s]] > 1) on_cycle[s] = 1;
    for (auto [a, b] : edges)
        if (a == b) on_cycle[a] = 1;
    return on_cycle;
}

std::vector<std::uint32_t> tau_loop(const state_graph& g, std::uint32_t start, const std::vector<std::uint8_t>& on_cycle) {
    // Breadth-first along τ edges between cycle states, back to `start`.
    const std::size_t n = g.store.size();
    std::vector<std::uint32_t> from(n, UINT32_MAX);
    std::vector<std::uint32_t> queue{start};
    for (std::size_t i = 0; i < queue.size(); ++i) {
        std::uint32_t s = queue[i];
        for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k) {
            if (g.edge_event[k] != tau_event) continue;
            std::uint32_t t = g.edge_target[k];
            if (!on_cycle[t]) continue;
            if (t == start) {
                std::vector<std::uint32_t> loop{start};
                for (std::uint32_t x = s; x != start; x = from[x]) loop.push_back(x);
                loop.push_back(start);
                std::reverse(loop.begin() + 1, loop.end() - 1);
                return loop;
            }
            if (from[t] != UINT32_MAX) continue;
            from[t] = s;
            queue.push_back(t);
        }
    }
    return {start};
}

namespace {

std::string offers_text(const std::vector<std::string>& offers) {
    if (offers.empty()) return "nothing";
    std::string s = "{";
    for (std::size_t i = 0; i < offers.size(); ++i) s += (i ? ", " : "") + offers[i];
    return s + "}";
}

}  // namespace

counterexample deadlock_example(const state_graph& g, const semantics::process_space& space, std::uint32_t at) {
    counterexample cx;
    cx.kind = "deadlock";
    cx.path = steps_of(g, space, path_to(g, at));
    cx.trace = visible_events(cx.path);
    cx.components = components_of(g, space, cx.path, at);
    cx.summary = "the system deadlocks: no event is possible, and it has not terminated";
    for (const auto& c : cx.components)
        cx.summary += "\n  " + c.name + " is " + c.state + ", waiting to do " + offers_text(c.offers);
    return cx;
}

counterexample divergence_example(const state_graph& g, const semantics::process_space& space, std::uint32_t at,
                                  const std::vector<std::uint8_t>& on_cycle) {
    counterexample cx;
    cx.kind = "divergence";
    cx.path = steps_of(g, space, path_to(g, at));
    cx.trace = visible_events(cx.path);
    cx.loop = steps_of(g, space, tau_loop(g, at, on_cycle));
    cx.components = components_of(g, space, cx.path, at);
    cx.summary = "the system diverges: it can do internal (τ) events for ever";
    std::vector<std::string> movers;
    for (const step& s : cx.loop)
        for (const auto& [c, e] : s.components) {
            std::string who = g.machine.component_name(c) + " (" + e.text + ")";
            if (std::find(movers.begin(), movers.end(), who) == movers.end()) movers.push_back(who);
        }
    if (!movers.empty()) {
        cx.summary += "; the loop goes through";
        for (std::size_t i = 0; i < movers.size(); ++i) cx.summary += (i ? ", " : " ") + movers[i];
    }
    return cx;
}

check_result deadlock_free(const lts::machine& m, const semantics::process_space& space, bool fd, const limits& lim) {
    state_graph g(m);
    if (!fd) {
        // Stop at the first deadlock: breadth-first, it is a shortest one.
        explore(g, keep_edges::none, lim, [&](std::uint32_t id) { return g.dead[id] != 0; });
        check_result r = result_of(g);
        for (std::uint32_t id = 0; id < g.dead.size(); ++id)
            if (g.dead[id]) {
                r.outcome = verdict::fail;
                r.reason.clear();
                r.example = deadlock_example(g, space, id);
                break;
            }
        return r;
    }
    explore(g, keep_edges::tau, lim);
    check_result r = result_of(g);
    std::vector<std::uint8_t> div = divergent_states(g);
    for (std::uint32_t id = 0; id < g.store.size(); ++id) {
        if (id < g.dead.size() && g.dead[id]) {
            r.outcome = verdict::fail;
            r.reason.clear();
            r.example = deadlock_example(g, space, id);
            break;
        }
        if (div[id]) {
            r.outcome = verdict::fail;
            r.reason.clear();
            r.example = divergence_example(g, space, id, div);
            break;
        }
    }
    return r;
}

check_result divergence_free(const lts::machine& m, const semantics::process_space& space, const limits& lim) {
    state_graph g(m);
    explore(g, keep_edges::tau, lim);
    check_result r = result_of(g);
    fail_on_divergence(g, space, r);
    return r;
}

std::uint32_t first_error_state(const state_graph& g, std::uint32_t error_mark) {
    std::vector<std::uint32_t> words(g.store.width());
    for (std::uint32_t id = 0; id < g.store.size(); ++id) {
        g.store.get(id, words.data());
        if (words.back() >= error_mark) return id;
    }
    return UINT32_MAX;
}

bool fail_on_divergence(const state_graph& g, const semantics::process_space& space, check_result& r) {
    std::vector<std::uint8_t> div = divergent_states(g);
    for (std::uint32_t id = 0; id < div.size(); ++id)
        if (div[id]) {
            r.outcome = verdict::fail;
            r.reason.clear();
            r.example = divergence_example(g, space, id, div);
            return true;
        }
    return false;
}

bool implementation_diverges(const state_graph& g, const semantics::process_space& space, check_result& r) {
    if (!fail_on_divergence(g, space, r)) return false;
    r.example->kind = "refinement: divergence";
    r.example->summary = "Impl diverges here and Spec does not; " + r.example->summary;
    return true;
}

}  // namespace cspgate::check
