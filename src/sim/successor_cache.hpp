#pragma once
// The simulator's cache of recently visited states' successors (engine.cpp);
// a private header of src/sim.

#include "cspgate/lts/machine.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cspgate::sim::detail {

/// The successors of recently visited states, direct-mapped by a hash of
/// the state: a run keeps coming back to the same states (a queue's lengths,
/// a protocol's phases), and expanding is most of a step's cost.  Memory is
/// flat: the table has a fixed number of slots.  A run over a large state
/// space rarely comes back: after each 2^16 lookups the cache is given up
/// for good if fewer than three quarters of them hit (below that, on the
/// OTLP pipeline, it costs more than it saves).
///
/// Which components take part in a transition is needed for the event log,
/// for freezing, and to time hidden events; asking for it costs, so a state
/// without a hidden transition is expanded without it unless `parts_always`.
class successor_cache {
public:
    successor_cache(const lts::machine& m, bool parts_always) : m_machine(m), m_parts_always(parts_always), m_slots(slot_count) {}

    const lts::successors& of(const std::vector<std::uint32_t>& state) {
        slot* sl = nullptr;
        if (m_caching) {
            std::uint64_t h = 0x9e3779b97f4a7c15ULL;
            for (std::uint32_t w : state) h = (h ^ w) * 0xff51afd7ed558ccdULL;
            sl = &m_slots[(h ^ (h >> 29)) & (slot_count - 1)];
            ++m_lookups;
            if (sl->valid && sl->key == state) ++m_hits;
            if ((m_lookups & 0xffff) == 0) {
                m_caching = 4 * m_hits >= 3 * 0x10000;
                m_hits = 0;
            }
        }
        if (sl && sl->valid && sl->key == state) return sl->succ;
        lts::successors& fill = sl ? sl->succ : m_uncached;
        fill.clear();
        fill.want_parts = m_parts_always;
        m_machine.expand(state.data(), fill);
        if (!m_parts_always && std::find(fill.events.begin(), fill.events.end(), semantics::tau_event) != fill.events.end()) {
            fill.clear();
            fill.want_parts = true;
            m_machine.expand(state.data(), fill);
        }
        if (sl) {
            sl->key = state;
            sl->valid = true;
        }
        return fill;
    }

private:
    static constexpr std::size_t slot_count = 1u << 10;
    struct slot {
        bool valid = false;
        std::vector<std::uint32_t> key;
        lts::successors succ;
    };
    const lts::machine& m_machine;
    bool m_parts_always;
    std::vector<slot> m_slots;
    bool m_caching = true;
    std::uint64_t m_lookups = 0, m_hits = 0;
    lts::successors m_uncached;
};

}  // namespace cspgate::sim::detail
