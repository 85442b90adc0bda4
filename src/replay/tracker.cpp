/// \file
/// The τ-closed state set of a machine after a trace, and the replay of a
/// whole trace with it (Roscoe, "Understanding Concurrent Systems", 2010,
/// section 16.1: the states a process can be in after a trace, as in the
/// normal form, built here for one trace only).

#include "cspgate/replay/tracker.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cspgate::replay {
namespace {

std::string_view key_of(const std::uint32_t* words, std::size_t width) {
    return {reinterpret_cast<const char*>(words), width * sizeof(std::uint32_t)};
}

}  // namespace

state_set_tracker::state_set_tracker(const lts::machine& m, replay_limits lim)
    : m_machine(m), m_limits(lim), m_width(m.width()) {
    std::vector<std::uint32_t> init(m_width);
    m_machine.initial(init.data());
    close_under_tau(init, 1);
}

state_set_tracker::state_set_tracker(const lts::machine& m, const std::uint32_t* start, replay_limits lim)
    : m_machine(m), m_limits(lim), m_width(m.width()) {
    close_under_tau(std::vector<std::uint32_t>(start, start + m_width), 1);
}

void state_set_tracker::close_under_tau(const std::vector<std::uint32_t>& seeds, std::size_t count) {
    // Breadth-first over τ transitions from the seeds; each state found is
    // expanded once, and its visible transitions are kept for step().
    m_states.clear();
    m_first.assign(1, 0);
    m_event.clear();
    m_target.clear();
    m_dead.clear();
    m_done.clear();
    m_count = 0;
    std::unordered_map<std::string, std::uint32_t> index;
    auto add = [&](const std::uint32_t* words) {
        if (!index.emplace(std::string(key_of(words, m_width)), static_cast<std::uint32_t>(m_count)).second) return true;
        if (m_count >= m_limits.max_states) return false;
        m_states.insert(m_states.end(), words, words + m_width);
        ++m_count;
        return true;
    };
    for (std::size_t i = 0; i < count; ++i)
        if (!add(seeds.data() + i * m_width)) {
            m_ok = false;
            return;
        }
    std::vector<std::uint32_t> state(m_width);
    for (std::size_t s = 0; s < m_count; ++s) {
        std::copy_n(m_states.begin() + static_cast<std::ptrdiff_t>(s * m_width), m_width, state.begin());
        m_scratch.clear();
        m_machine.expand(state.data(), m_scratch);
        bool terminated = m_machine.terminated(state.data());
        m_done.push_back(terminated ? 1 : 0);
        m_dead.push_back(m_scratch.size() == 0 && !terminated ? 1 : 0);
        for (std::size_t k = 0; k < m_scratch.size(); ++k) {
            const std::uint32_t* target = m_scratch.states.data() + k * m_width;
            if (m_scratch.events[k] == tau_event) {
                if (!add(target)) {
                    m_ok = false;
                    m_peak = std::max(m_peak, m_count);
                    return;
                }
                continue;
            }
            m_event.push_back(m_scratch.events[k]);
            m_target.insert(m_target.end(), target, target + m_width);
        }
        m_first.push_back(m_event.size());
    }
    m_peak = std::max(m_peak, m_count);
}

state_set_tracker::step_outcome state_set_tracker::step(event_id e) {
    if (!m_ok) return step_outcome::too_many_states;
    if (e == tau_event) return step_outcome::taken;
    std::vector<std::uint32_t> seeds;
    std::size_t found = 0;
    for (std::size_t k = 0; k < m_event.size(); ++k)
        if (m_event[k] == e) {
            seeds.insert(seeds.end(), m_target.begin() + static_cast<std::ptrdiff_t>(k * m_width),
                         m_target.begin() + static_cast<std::ptrdiff_t>((k + 1) * m_width));
            ++found;
        }
    if (found == 0) return step_outcome::impossible;
    close_under_tau(seeds, found);
    return m_ok ? step_outcome::taken : step_outcome::too_many_states;
}

std::vector<event_id> state_set_tracker::possible() const {
    std::vector<event_id> out(m_event.begin(), m_event.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool state_set_tracker::can_deadlock() const noexcept {
    return std::find(m_dead.begin(), m_dead.end(), std::uint8_t{1}) != m_dead.end();
}

bool state_set_tracker::has_terminated() const noexcept {
    return std::find(m_done.begin(), m_done.end(), std::uint8_t{1}) != m_done.end();
}

replay_result replay_trace(const lts::machine& m, const std::vector<event_id>& trace, replay_limits lim) {
    replay_result r;
    state_set_tracker set(m, lim);
    auto too_many = [&](std::size_t at) {
        r.outcome = replay_result::verdict::inconclusive;
        r.fitted = at;
        r.peak_states = set.peak();
        r.reason = "after " + std::to_string(at) + " event(s) of the trace the process can be in more than " +
                   std::to_string(lim.max_states) + " states (raise --max-states)";
        return r;
    };
    if (!set.ok()) return too_many(0);
    for (std::size_t i = 0; i < trace.size(); ++i) {
        switch (set.step(trace[i])) {
        case state_set_tracker::step_outcome::taken: break;
        case state_set_tracker::step_outcome::too_many_states: return too_many(i);
        case state_set_tracker::step_outcome::impossible:
            r.outcome = replay_result::verdict::does_not_fit;
            r.fitted = i;
            r.event = trace[i];
            r.possible = set.possible();
            r.states = set.size();
            r.peak_states = set.peak();
            return r;
        }
    }
    r.fitted = trace.size();
    r.possible = set.possible();
    r.states = set.size();
    r.peak_states = set.peak();
    r.can_deadlock = set.can_deadlock();
    r.has_terminated = set.has_terminated();
    return r;
}

}  // namespace cspgate::replay
