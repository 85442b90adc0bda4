/// \file
/// Driving one concrete run along a trace (the simulator's `--follow`):
/// which transitions of the current state agree with the trace.

#include "cspgate/replay/tracker.hpp"

#include <algorithm>
#include <string>

namespace cspgate::replay {

trace_follower::trace_follower(const lts::machine& m, std::vector<event_id> trace, replay_limits lim)
    : m_machine(m), m_limits(lim) {
    // τ in a trace is no event to wait for: the run may move internally at any time.
    for (event_id e : trace)
        if (e != tau_event) m_trace.push_back(e);
}

bool trace_follower::reaches_next(const std::uint32_t* state) {
    if (m_cache_at != m_at) {
        m_cache.clear();
        m_cache_at = m_at;
    }
    std::string key(reinterpret_cast<const char*>(state), m_machine.width() * sizeof(std::uint32_t));
    if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
    state_set_tracker closure(m_machine, state, m_limits);
    // A closure too big to search counts as "may reach": the run is not
    // stopped for a reason the trace does not give.
    bool reaches = !closure.ok();
    if (!reaches) {
        auto possible = closure.possible();
        reaches = std::binary_search(possible.begin(), possible.end(), next());
    }
    m_cache.emplace(std::move(key), reaches);
    return reaches;
}

std::vector<std::size_t> trace_follower::allowed(const lts::successors& out) {
    std::vector<std::size_t> chosen;
    if (done()) {
        for (std::size_t k = 0; k < out.size(); ++k) chosen.push_back(k);
        return chosen;
    }
    for (std::size_t k = 0; k < out.size(); ++k)
        if (out.events[k] == next()) chosen.push_back(k);
    if (!chosen.empty()) return chosen;
    const std::size_t w = m_machine.width();
    for (std::size_t k = 0; k < out.size(); ++k)
        if (out.events[k] == tau_event && reaches_next(out.states.data() + k * w)) chosen.push_back(k);
    return chosen;
}

bool trace_follower::taken(event_id e) noexcept {
    if (e == tau_event) return true;
    if (done() || e != m_trace[m_at]) return false;
    ++m_at;
    return true;
}

std::vector<event_id> trace_follower::possible_from(const std::uint32_t* state) {
    state_set_tracker closure(m_machine, state, m_limits);
    return closure.possible();
}

}  // namespace cspgate::replay
