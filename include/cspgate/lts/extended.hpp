#pragma once
/// \file
/// A machine that runs another with one more word of state after the inner
/// machine's own words: the product of a system with a specification's
/// normal-form node, a set of specification states, or a monitor's state.
/// The extra word starts at 0; each product says how it moves (`expand`) and
/// when the whole has terminated.  Components, their states and offers, and
/// event names are the inner machine's.

#include "cspgate/lts/machine.hpp"

namespace cspgate::lts {

class extended_machine : public machine {
public:
    explicit extended_machine(const machine& inner) : m_inner(inner), m_w(inner.width()) {}

    std::size_t width() const override { return m_w + 1; }
    std::vector<std::uint8_t> word_bits() const override {
        auto b = m_inner.word_bits();
        b.push_back(32);
        return b;
    }
    void initial(std::uint32_t* out) const override {
        m_inner.initial(out);
        out[m_w] = 0;
    }
    std::size_t component_count() const override { return m_inner.component_count(); }
    std::string component_name(std::size_t i) const override { return m_inner.component_name(i); }
    std::string component_state(const std::uint32_t* s, std::size_t i) const override {
        return m_inner.component_state(s, i);
    }
    std::vector<event_id> component_offers(const std::uint32_t* s, std::size_t i) const override {
        return m_inner.component_offers(s, i);
    }
    std::string event_name(event_id e) const override { return m_inner.event_name(e); }

protected:
    /// Appends a successor: `event`, the inner state `inner` (m_w words) with
    /// `word` after it, and the parts of successor k of `from` (none when
    /// `from` is null: an error transition that keeps the state it was found in).
    void push(successors& out, event_id event, const std::uint32_t* inner, std::uint32_t word,
              const successors* from = nullptr, std::size_t k = 0) const {
        out.events.push_back(event);
        out.states.insert(out.states.end(), inner, inner + m_w);
        out.states.push_back(word);
        if (!out.want_parts) return;
        out.part_begin.push_back(static_cast<std::uint32_t>(out.parts.size()));
        if (from)
            out.parts.insert(out.parts.end(), from->parts.begin() + from->part_begin[k],
                             from->parts.begin() + from->part_begin[k + 1]);
    }

    const machine& m_inner;
    std::size_t m_w;  ///< the inner machine's width: the extra word's index
};

}  // namespace cspgate::lts
