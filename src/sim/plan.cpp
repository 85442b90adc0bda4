// Resolving a scenario against a model's events: one table lookup per
// clock and per event at run time instead of pattern matching.

#include "cspgate/sim/engine.hpp"

#include <algorithm>
#include <map>

namespace cspgate::sim {
namespace {

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
    return out;
}

/// The values of `vars` (in that order) bound by matching `p` against event e.
bool bind_key(const event_pattern& p, const event_table& t, std::size_t e, const std::vector<std::string>& vars,
          std::string& key) {
    std::vector<std::string> bound;
    if (!p.match(t.channels[e], t.tokens[e], &bound)) return false;
    std::vector<std::string> names = p.variables(), picked;
    for (const std::string& v : vars)
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == v) picked.push_back(bound[i]);
    key = join(picked);
    return true;
}

std::int32_t intern(std::map<std::string, std::int32_t>& index, std::vector<std::string>& names, const std::string& k) {
    auto [it, fresh] = index.emplace(k, static_cast<std::int32_t>(names.size()));
    if (fresh) names.push_back(k);
    return it->second;
}

}  // namespace

plan::plan(const scenario& s, const event_table& t) : m_scenario(s), m_events(t), m_e(t.event_count()) {
    const std::size_t clocks = clock_count();
    const scenario& sc = m_scenario;
    // Delays: 0 the default, then the rules in order, then the internal delay.
    delays.push_back(sc.default_delay);
    for (const delay_rule& r : sc.delays) delays.push_back(r.delay);
    std::uint32_t internal = 0;
    if (sc.internal_delay) {
        internal = static_cast<std::uint32_t>(delays.size());
        delays.push_back(*sc.internal_delay);
    }
    delay_of.assign(clocks, 0);
    fault_of.assign(clocks, -1);
    fault_clocks.resize(sc.faults.size());
    std::vector<std::int32_t> fault_delay(sc.faults.size(), -1);
    for (std::size_t f = 0; f < sc.faults.size(); ++f)
        if (sc.faults[f].delay) {
            fault_delay[f] = static_cast<std::int32_t>(delays.size());
            delays.push_back(*sc.faults[f].delay);
        }
    for (std::size_t e = 2; e < m_e; ++e) {
        std::uint32_t d = 0;
        for (std::size_t r = 0; r < sc.delays.size(); ++r)
            if (sc.delays[r].pattern.match(t.channels[e], t.tokens[e])) {
                d = static_cast<std::uint32_t>(r + 1);
                break;
            }
        std::int32_t fault = -1;
        for (std::size_t f = 0; f < sc.faults.size() && fault < 0; ++f)
            if (sc.faults[f].pattern.match(t.channels[e], t.tokens[e])) fault = static_cast<std::int32_t>(f);
        for (std::size_t c : {e, m_e + e}) {
            delay_of[c] = d;
            if (fault >= 0) {
                fault_of[c] = fault;
                fault_clocks[fault].push_back(static_cast<std::uint32_t>(c));
                if (fault_delay[fault] >= 0) delay_of[c] = static_cast<std::uint32_t>(fault_delay[fault]);
            }
        }
    }
    for (std::size_t c = 2 * m_e; c < clocks; ++c) delay_of[c] = internal;
    delay_of[m_e + semantics::tick_event] = internal;  // a component's termination, made τ by its parallel

    // Faults from outside.
    external_clocks.resize(sc.external.size());
    frozen_component.assign(sc.external.size(), -1);
    for (std::size_t f = 0; f < sc.external.size(); ++f) {
        const external_fault& x = sc.external[f];
        if (x.kind == external_fault::type::freeze) {
            for (std::size_t c = 0; c < t.components.size(); ++c)
                if (t.components[c] == x.target) frozen_component[f] = static_cast<std::int32_t>(c);
        } else {
            for (std::size_t e = 2; e < m_e; ++e)
                if (x.pattern.match(t.channels[e], t.tokens[e])) {
                    external_clocks[f].push_back(static_cast<std::uint32_t>(e));
                    external_clocks[f].push_back(static_cast<std::uint32_t>(m_e + e));
                }
        }
        boundaries.push_back({x.from, boundary::what::start, static_cast<std::uint32_t>(f)});
        if (x.until < std::numeric_limits<double>::infinity())
            boundaries.push_back({x.until, boundary::what::end, static_cast<std::uint32_t>(f)});
    }
    for (std::size_t f = 0; f < sc.faults.size(); ++f)
        for (double at : sc.faults[f].at) boundaries.push_back({at, boundary::what::arm, static_cast<std::uint32_t>(f)});
    std::stable_sort(boundaries.begin(), boundaries.end(),
                     [](const boundary& a, const boundary& b) { return a.time < b.time; });

    // Measurements: the key of an event is the values of the variables both patterns bind.
    for (const measurement& m : sc.measures) {
        std::vector<std::string> common, tv = m.to.variables();
        for (const std::string& v : m.from.variables())
            if (std::find(tv.begin(), tv.end(), v) != tv.end()) common.push_back(v);
        std::map<std::string, std::int32_t> index;
        std::vector<std::string> names;
        std::vector<std::int32_t> from(m_e, -1), to(m_e, -1), lost(m_e, -1);
        std::string key;
        for (std::size_t e = 2; e < m_e; ++e) {
            if (bind_key(m.from, t, e, common, key)) from[e] = intern(index, names, key);
            if (bind_key(m.to, t, e, common, key)) to[e] = intern(index, names, key);
            for (const event_pattern& l : m.lost)
                if (lost[e] < 0 && bind_key(l, t, e, common, key)) lost[e] = intern(index, names, key);
        }
        measure_from.push_back(std::move(from));
        measure_to.push_back(std::move(to));
        measure_lost.push_back(std::move(lost));
        measure_keys.push_back(std::move(names));
    }
    for (const counter& c : sc.counters) {
        std::map<std::string, std::int32_t> index;
        std::vector<std::string> names;
        std::vector<std::int32_t> group(m_e, -1);
        std::string key;
        for (std::size_t e = 2; e < m_e; ++e)
            if (bind_key(c.pattern, t, e, c.pattern.variables(), key)) group[e] = intern(index, names, key.empty() ? c.pattern.text : key);
        counter_group.push_back(std::move(group));
        counter_groups.push_back(std::move(names));
    }
    channel_names = t.channels;
    std::sort(channel_names.begin(), channel_names.end());
    channel_names.erase(std::unique(channel_names.begin(), channel_names.end()), channel_names.end());
    channel_of.resize(m_e);
    for (std::size_t e = 0; e < m_e; ++e)
        channel_of[e] = static_cast<std::uint32_t>(
            std::lower_bound(channel_names.begin(), channel_names.end(), t.channels[e]) - channel_names.begin());
}

const char* to_string(end_reason r) {
    switch (r) {
    case end_reason::until: return "time limit";
    case end_reason::max_events: return "event limit";
    case end_reason::terminated: return "terminated";
    case end_reason::deadlock: return "deadlock";
    case end_reason::stuck: return "stuck";
    case end_reason::stopped: return "stopped";
    }
    return "?";
}

}  // namespace cspgate::sim
