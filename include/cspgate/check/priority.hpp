#pragma once
/// \file
/// FDR's assertion option `:[tau priority over]: E` (also written
/// `:[tau priority]: E`): the implementation runs with τ (and ✓) taking
/// priority over the events of E, so that in a state where τ or ✓ is
/// possible no event of E is — the maximal progress of tock-CSP, where
/// time (`tock`) passes only once internal activity has settled (Roscoe,
/// "Understanding Concurrent Systems", 2010, ch. 14; FDR's
/// `prioritise(P, <{}, E>)`, whose first level ranks with τ and ✓).
///
/// It is a machine wrapping a machine.

#include "cspgate/check/result.hpp"
#include "cspgate/lts/machine.hpp"

#include <vector>

namespace cspgate::check {

class tau_priority final : public lts::machine {
public:
    /// `events`: E, sorted.
    tau_priority(const lts::machine& inner, std::vector<event_id> events);

    std::size_t width() const override { return m_inner.width(); }
    std::vector<std::uint8_t> word_bits() const override { return m_inner.word_bits(); }
    void initial(std::uint32_t* out) const override { m_inner.initial(out); }
    void expand(const std::uint32_t* state, lts::successors& out) const override;
    bool terminated(const std::uint32_t* state) const override { return m_inner.terminated(state); }
    std::size_t component_count() const override { return m_inner.component_count(); }
    std::string component_name(std::size_t i) const override { return m_inner.component_name(i); }
    std::string component_state(const std::uint32_t* s, std::size_t i) const override { return m_inner.component_state(s, i); }
    std::vector<event_id> component_offers(const std::uint32_t* s, std::size_t i) const override {
        return m_inner.component_offers(s, i);
    }
    std::string event_name(event_id e) const override { return m_inner.event_name(e); }

private:
    const lts::machine& m_inner;
    std::vector<event_id> m_events;
    mutable lts::successors m_scratch;
};

/// Whether giving τ and ✓ priority over `events` changes `m` at all: some
/// reachable state offers τ or ✓ and an event of `events` together.  Null
/// when the exploration stopped at a limit (`reason` says which).
std::optional<bool> priority_changes(const lts::machine& m, const std::vector<event_id>& events, const limits& lim,
                                     std::string& reason);

}  // namespace cspgate::check
