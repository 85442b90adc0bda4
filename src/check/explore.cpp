// Breadth-first exploration with parent links, and turning a path of
// states back into the transitions (and components) that made it.

#include "cspgate/check/explore.hpp"

#include "cspgate/semantics/program.hpp"

#include <algorithm>
#include <chrono>
#include <map>

namespace cspgate::check {

const char* verdict_name(verdict v) noexcept {
    switch (v) {
    case verdict::pass: return "pass";
    case verdict::fail: return "fail";
    case verdict::inconclusive: return "inconclusive";
    }
    return "?";
}

std::uint64_t state_graph::bytes() const {
    return store.bytes() + parent.capacity() * 4 + first.capacity() * 8 + edge_event.capacity() * 4 +
           edge_target.capacity() * 4 + dead.capacity() / 8;
}

statistics state_graph::stats() const {
    statistics s;
    s.states = store.size();
    s.transitions = transitions;
    s.seconds = seconds;
    s.bytes = bytes();
    s.components = machine.component_count();
    return s;
}

void explore(state_graph& g, keep_edges keep, const limits& lim, const std::function<bool(std::uint32_t)>& stop) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    auto last_report = start;
    const std::size_t w = g.machine.width();
    std::vector<std::uint32_t> state(w);
    g.machine.initial(state.data());
    g.store.insert(state.data());
    g.parent.push_back(0);
    g.first.push_back(0);
    lts::successors next;
    std::vector<std::uint32_t> ids;
    std::vector<std::uint8_t> fresh;
    // States are numbered in the order found, so the queue is just the
    // numbers from `at` on.
    for (std::uint32_t at = 0; at < g.store.size(); ++at) {
        if ((at & 4095) == 0 && at > 0) {
            auto now = clock::now();
            double elapsed = std::chrono::duration<double>(now - start).count();
            if (lim.timeout_seconds > 0 && elapsed > lim.timeout_seconds) {
                g.limit_reached = "the time limit of " + std::to_string(lim.timeout_seconds) + " s was reached";
                break;
            }
            if (g.bytes() > lim.max_memory) {
                g.limit_reached = "the memory limit of " + std::to_string(lim.max_memory >> 20) + " MiB was reached";
                break;
            }
            if (lim.progress && std::chrono::duration<double>(now - last_report).count() >= 0.5 && elapsed >= 1.0) {
                last_report = now;
                lim.progress(g.store.size(), elapsed, g.bytes());
            }
        }
        g.store.get(at, state.data());
        next.clear();
        g.machine.expand(state.data(), next);
        g.transitions += next.size();
        bool is_dead = next.size() == 0 && !g.machine.terminated(state.data());
        g.dead.push_back(is_dead);  // states are expanded in order: this is dead[at]
        g.store.insert_many(next.states.data(), next.size(), ids, fresh);
        for (std::size_t k = 0; k < next.size(); ++k) {
            if (fresh[k]) {
                g.parent.push_back(at);
                if (g.store.size() > lim.max_states) {
                    g.limit_reached = "the state limit of " + std::to_string(lim.max_states) + " states was reached";
                    break;
                }
            }
            if (keep == keep_edges::all || (keep == keep_edges::tau && next.events[k] == tau_event)) {
                g.edge_event.push_back(next.events[k]);
                g.edge_target.push_back(ids[k]);
            }
        }
        g.first.push_back(g.edge_event.size());
        if (!g.limit_reached.empty()) break;
        if (stop && stop(at)) break;
        if (at + 1 == g.store.size()) g.complete = true;
    }
    if (g.dead.size() < g.store.size()) g.dead.resize(g.store.size(), false);
    g.seconds = std::chrono::duration<double>(clock::now() - start).count();
}

std::vector<std::uint32_t> path_to(const state_graph& g, std::uint32_t id) {
    std::vector<std::uint32_t> path{id};
    while (id != 0) {
        id = g.parent[id];
        path.push_back(id);
    }
    std::reverse(path.begin(), path.end());
    return path;
}

event_info describe_event(const semantics::process_space& space, event_id e) {
    event_info info;
    info.id = e;
    info.text = space.event_name(e);
    info.channel = space.event_channel(e);
    for (const auto& f : space.event_fields(e)) info.fields.push_back(const_cast<semantics::process_space&>(space).owner().show(f));
    return info;
}

std::vector<step> steps_of(const state_graph& g, const semantics::process_space& space,
                           const std::vector<std::uint32_t>& states) {
    std::vector<step> out;
    const std::size_t w = g.machine.width();
    std::vector<std::uint32_t> from(w), to(w);
    lts::successors next;
    next.want_parts = true;
    for (std::size_t i = 0; i + 1 < states.size(); ++i) {
        g.store.get(states[i], from.data());
        g.store.get(states[i + 1], to.data());
        next.clear();
        g.machine.expand(from.data(), next);
        next.part_begin.push_back(static_cast<std::uint32_t>(next.parts.size()));
        // The first transition that leads there: deterministic, as expansion is.
        for (std::size_t k = 0; k < next.size(); ++k) {
            if (!std::equal(to.begin(), to.end(), next.states.begin() + static_cast<std::ptrdiff_t>(k * w))) continue;
            step s;
            s.event = describe_event(space, next.events[k]);
            for (std::uint32_t p = next.part_begin[k]; p < next.part_begin[k + 1]; ++p)
                s.components.emplace_back(next.parts[p].first, describe_event(space, next.parts[p].second));
            out.push_back(std::move(s));
            break;
        }
    }
    return out;
}

std::vector<event_info> visible_events(const std::vector<step>& path) {
    std::vector<event_info> out;
    for (const step& s : path)
        if (s.event.id != tau_event) out.push_back(s.event);
    return out;
}

check_result result_of(const state_graph& g) {
    check_result r;
    r.stats = g.stats();
    if (!g.complete) {
        r.outcome = verdict::inconclusive;
        r.reason = g.limit_reached.empty() ? "the exploration stopped early" : g.limit_reached;
    }
    return r;
}

std::vector<component_view> components_of(const state_graph& g, const semantics::process_space& space,
                                          const std::vector<step>& path, std::uint32_t end) {
    std::vector<component_view> views(g.machine.component_count());
    std::vector<std::uint32_t> state(g.machine.width());
    g.store.get(end, state.data());
    for (std::size_t i = 0; i < views.size(); ++i) {
        views[i].name = g.machine.component_name(i);
        views[i].state = g.machine.component_state(state.data(), i);
        for (event_id e : g.machine.component_offers(state.data(), i)) views[i].offers.push_back(space.event_name(e));
    }
    for (const step& s : path)
        for (const auto& [c, e] : s.components)
            if (e.id != semantics::tau_event && c < views.size()) views[c].trace.push_back(e.text);
    return views;
}

}  // namespace cspgate::check
