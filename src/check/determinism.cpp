// Determinism and `has trace`, both over the normal form of the process:
// the sets of states it can be in after each trace (τ-closed), found by
// subset construction (Roscoe, "Understanding Concurrent Systems", 16.1).
//
// A process is deterministic when, after no trace, it can both perform an
// event and refuse it: every stable state of a normal-form node must offer
// every event some state of the node offers.  In [FD] a divergence after a
// trace is a non-determinism too (FDR4 manual, "Determinism").

#include "divergence.hpp"

#include <algorithm>
#include <map>

namespace cspgate::check {
namespace {

using state_set = std::vector<std::uint32_t>;

}  // namespace

std::vector<std::uint32_t> tau_closure(const state_graph& g, std::vector<std::uint32_t> seeds) {
    using state_set = std::vector<std::uint32_t>;
    std::vector<std::uint32_t> stack(seeds.begin(), seeds.end());
    std::sort(seeds.begin(), seeds.end());
    seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
    state_set out = seeds;
    while (!stack.empty()) {
        std::uint32_t s = stack.back();
        stack.pop_back();
        if (s + 1 >= g.first.size()) continue;
        for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k) {
            if (g.edge_event[k] != tau_event) continue;
            std::uint32_t t = g.edge_target[k];
            auto it = std::lower_bound(out.begin(), out.end(), t);
            if (it != out.end() && *it == t) continue;
            out.insert(it, t);
            stack.push_back(t);
        }
    }
    return out;
}

namespace {

state_set closure(const state_graph& g, state_set seeds) { return tau_closure(g, std::move(seeds)); }

bool stable(const state_graph& g, std::uint32_t s) {
    for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
        if (g.edge_event[k] == tau_event) return false;
    return true;
}

std::vector<event_id> initials(const state_graph& g, std::uint32_t s) {
    std::vector<event_id> out;
    for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
        if (g.edge_event[k] != tau_event) out.push_back(g.edge_event[k]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

/// A shortest path of states whose visible events are `trace`, ending in a
/// state where `accept` holds (breadth-first over state × position).
std::vector<std::uint32_t> concrete(const state_graph& g, const std::vector<event_id>& trace,
                                    const std::function<bool(std::uint32_t)>& accept) {
    using key = std::pair<std::uint32_t, std::uint32_t>;
    std::map<key, key> from;
    std::vector<key> queue{{0, 0}};
    from[{0, 0}] = {0, 0};
    for (std::size_t i = 0; i < queue.size(); ++i) {
        auto [s, pos] = queue[i];
        if (pos == trace.size() && accept(s)) {
            std::vector<std::uint32_t> path;
            for (key k = queue[i];; k = from[k]) {
                path.push_back(k.first);
                if (k == key{0, 0}) break;
            }
            std::reverse(path.begin(), path.end());
            return path;
        }
        if (s + 1 >= g.first.size()) continue;
        for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k) {
            event_id e = g.edge_event[k];
            key next{g.edge_target[k], pos};
            if (e != tau_event) {
                if (pos == trace.size() || trace[pos] != e) continue;
                next.second = pos + 1;
            }
            if (from.emplace(next, queue[i]).second) queue.push_back(next);
        }
    }
    return {0};
}

}  // namespace

check_result deterministic(const lts::machine& m, const semantics::process_space& space, bool fd, const limits& lim) {
    state_graph g(m);
    explore(g, keep_edges::all, lim);
    check_result r = result_of(g);
    if (r.outcome == verdict::inconclusive) return r;
    std::vector<std::uint8_t> div = divergent_states(g);
    std::map<state_set, std::uint32_t> index;
    std::vector<state_set> nodes{closure(g, {0})};
    std::vector<std::pair<std::uint32_t, event_id>> parent{{0, tau_event}};
    index.emplace(nodes[0], 0);
    auto trace_to = [&](std::uint32_t n) {
        std::vector<event_id> t;
        for (; n != 0; n = parent[n].first) t.push_back(parent[n].second);
        std::reverse(t.begin(), t.end());
        return t;
    };
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
        const state_set members = nodes[n];
        if (fd)
            for (std::uint32_t s : members)
                if (div[s]) {
                    std::vector<event_id> t = trace_to(n);
                    auto path = concrete(g, t, [&](std::uint32_t x) { return div[x] != 0; });
                    r.outcome = verdict::fail;
                    r.example = divergence_example(g, space, path.back(), div);
                    r.example->path = steps_of(g, space, path);
                    r.example->trace = visible_events(r.example->path);
                    r.example->components = components_of(g, space, r.example->path, path.back());
                    r.example->summary = "the process can diverge here, which is non-deterministic in [FD]; " +
                                         r.example->summary;
                    return r;
                }
        std::vector<event_id> all;
        for (std::uint32_t s : members) {
            auto i = initials(g, s);
            all.insert(all.end(), i.begin(), i.end());
        }
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        for (std::uint32_t s : members) {
            auto mine = initials(g, s);
            // A state that can terminate can refuse everything but ✓ (✓ is
            // a signal: Roscoe, "Understanding Concurrent Systems", 2010).
            if (std::binary_search(mine.begin(), mine.end(), tick_event)) mine.assign(1, tick_event);
            else if (!stable(g, s)) continue;
            auto missing = std::find_if(all.begin(), all.end(),
                                        [&](event_id e) { return !std::binary_search(mine.begin(), mine.end(), e); });
            if (missing == all.end()) continue;
            event_id a = *missing;
            std::vector<event_id> t = trace_to(n);
            counterexample cx;
            cx.kind = "nondeterminism";
            auto refusing = concrete(g, t, [&](std::uint32_t x) { return x == s; });
            cx.path = steps_of(g, space, refusing);
            cx.trace = visible_events(cx.path);
            auto doing = concrete(g, t, [&](std::uint32_t x) {
                for (std::uint64_t k = g.first[x]; k < g.first[x + 1]; ++k)
                    if (g.edge_event[k] == a) return true;
                return false;
            });
            // The other behaviour: the same trace, then the event.
            std::uint32_t last = doing.back();
            for (std::uint64_t k = g.first[last]; k < g.first[last + 1]; ++k)
                if (g.edge_event[k] == a) {
                    doing.push_back(g.edge_target[k]);
                    break;
                }
            cx.alternative = steps_of(g, space, doing);
            cx.components = components_of(g, space, cx.path, s);
            cx.summary = "after this trace the process can do " + space.event_name(a) +
                         " and can also refuse it (a stable state that does not offer it)";
            r.outcome = verdict::fail;
            r.example = std::move(cx);
            return r;
        }
        for (event_id a : all) {
            if (a == tick_event) continue;
            state_set next;
            for (std::uint32_t s : members)
                for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
                    if (g.edge_event[k] == a) next.push_back(g.edge_target[k]);
            state_set c = closure(g, std::move(next));
            auto [it, fresh] = index.emplace(c, static_cast<std::uint32_t>(nodes.size()));
            if (fresh) {
                nodes.push_back(std::move(c));
                parent.emplace_back(n, a);
            }
        }
    }
    return r;
}

check_result has_trace(const lts::machine& m, const semantics::process_space& space, const std::vector<event_id>& trace,
                       bool fd, const limits& lim) {
    state_graph g(m);
    explore(g, keep_edges::all, lim);
    check_result r = result_of(g);
    if (r.outcome == verdict::inconclusive) return r;
    std::vector<std::uint8_t> div = fd ? divergent_states(g) : std::vector<std::uint8_t>(g.store.size(), 0);
    state_set now = closure(g, {0});
    for (std::size_t i = 0; i < trace.size(); ++i) {
        if (std::any_of(now.begin(), now.end(), [&](std::uint32_t s) { return div[s] != 0; })) return r;
        state_set next;
        for (std::uint32_t s : now)
            for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
                if (g.edge_event[k] == trace[i]) next.push_back(g.edge_target[k]);
        if (next.empty()) {
            std::vector<event_id> prefix(trace.begin(), trace.begin() + static_cast<std::ptrdiff_t>(i));
            auto path = concrete(g, prefix, [](std::uint32_t) { return true; });
            counterexample cx;
            cx.kind = "trace";
            cx.path = steps_of(g, space, path);
            cx.trace = visible_events(cx.path);
            cx.components = components_of(g, space, cx.path, path.back());
            cx.summary = "after " + std::to_string(i) + " event(s) of the trace the process cannot do " +
                         space.event_name(trace[i]);
            r.outcome = verdict::fail;
            r.example = std::move(cx);
            return r;
        }
        now = closure(g, std::move(next));
    }
    return r;
}

}  // namespace cspgate::check
