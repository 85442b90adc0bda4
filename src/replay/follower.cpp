/// \file
/// Driving one concrete run along a trace (the simulator's `--follow`):
/// which transitions of the current state agree with the trace.

#include "cspgate/replay/tracker.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

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
    const std::size_t w = m_machine.width();
    std::string key(reinterpret_cast<const char*>(state), w * sizeof(std::uint32_t));
    if (auto it = m_cache.find(key); it != m_cache.end()) return it->second;
    // Breadth-first over τ moves, stopping at the first state that can do
    // the next event: in a run that follows its trace that is usually the
    // state itself, so the common case costs one expansion.
    std::unordered_set<std::string> seen{key};
    std::vector<std::uint32_t> frontier(state, state + w);  // w words per state, in the order found
    bool reaches = false, too_many = false;
    lts::successors out;
    for (std::size_t at = 0; at * w < frontier.size() && !reaches; ++at) {
        out.clear();
        m_machine.expand(frontier.data() + at * w, out);
        for (std::size_t k = 0; k < out.size() && !reaches; ++k) {
            if (out.events[k] == next()) {
                reaches = true;
            } else if (out.events[k] == tau_event) {
                const std::uint32_t* target = out.states.data() + k * w;
                if (seen.emplace(reinterpret_cast<const char*>(target), w * sizeof(std::uint32_t)).second)
                    frontier.insert(frontier.end(), target, target + w);
            }
        }
        if (seen.size() > m_limits.max_states) {
            too_many = true;
            break;
        }
    }
    // A closure too big to search counts as "may reach": the run is not
    // stopped for a reason the trace does not give.
    reaches = reaches || too_many;
    if (m_cache.size() > 1'000'000) m_cache.clear();  // memory stays bounded on a long trace
    m_cache.emplace(std::move(key), reaches);
    return reaches;
}

std::vector<std::size_t> trace_follower::allowed(const lts::successors& out) {
    std::vector<std::size_t> chosen;
    if (done()) {
        for (std::size_t k = 0; k < out.size(); ++k) chosen.push_back(k);
        return chosen;
    }
    const std::size_t w = m_machine.width();
    for (std::size_t k = 0; k < out.size(); ++k)
        if (out.events[k] == next() || (out.events[k] == tau_event && reaches_next(out.states.data() + k * w)))
            chosen.push_back(k);
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
