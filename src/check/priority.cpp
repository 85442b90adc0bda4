// τ priority over a set of events, as a machine wrapping a machine (FDR's
// `:[tau priority over]: E`; its semantics is that of FDR's
// `prioritise(P, <{}, E>)`: τ and ✓ rank first, E below them).

#include "cspgate/check/priority.hpp"

#include "cspgate/check/explore.hpp"

#include <algorithm>

namespace cspgate::check {

tau_priority::tau_priority(const lts::machine& inner, std::vector<event_id> events)
    : m_inner(inner), m_events(std::move(events)) {
    std::sort(m_events.begin(), m_events.end());
    m_events.erase(std::unique(m_events.begin(), m_events.end()), m_events.end());
}

void tau_priority::expand(const std::uint32_t* s, lts::successors& out) const {
    m_scratch.clear();
    m_scratch.want_parts = out.want_parts;
    m_inner.expand(s, m_scratch);
    m_scratch.part_begin.push_back(static_cast<std::uint32_t>(m_scratch.parts.size()));
    const bool urgent = std::any_of(m_scratch.events.begin(), m_scratch.events.end(),
                                    [](event_id e) { return e == tau_event || e == tick_event; });
    const std::size_t w = m_inner.width();
    for (std::size_t k = 0; k < m_scratch.size(); ++k) {
        const event_id e = m_scratch.events[k];
        if (urgent && std::binary_search(m_events.begin(), m_events.end(), e)) continue;
        out.events.push_back(e);
        out.states.insert(out.states.end(), m_scratch.states.begin() + static_cast<std::ptrdiff_t>(k * w),
                          m_scratch.states.begin() + static_cast<std::ptrdiff_t>((k + 1) * w));
        if (out.want_parts) {
            out.part_begin.push_back(static_cast<std::uint32_t>(out.parts.size()));
            out.parts.insert(out.parts.end(), m_scratch.parts.begin() + m_scratch.part_begin[k],
                             m_scratch.parts.begin() + m_scratch.part_begin[k + 1]);
        }
    }
}

std::optional<bool> priority_changes(const lts::machine& m, const std::vector<event_id>& events, const limits& lim,
                                     std::string& reason) {
    state_graph g(m);
    std::vector<std::uint32_t> words(m.width());
    lts::successors next;
    bool changes = false;
    explore(g, keep_edges::none, lim, [&](std::uint32_t id) {
        g.store.get(id, words.data());
        next.clear();
        m.expand(words.data(), next);
        bool urgent = false, low = false;
        for (event_id e : next.events) {
            urgent |= e == tau_event || e == tick_event;
            low |= std::binary_search(events.begin(), events.end(), e);
        }
        changes = urgent && low;
        return changes;
    });
    if (changes) return true;
    if (!g.complete) {
        reason = g.limit_reached.empty() ? std::string("exploration stopped") : g.limit_reached;
        return std::nullopt;
    }
    return false;
}

}  // namespace cspgate::check
