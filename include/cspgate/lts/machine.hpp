#pragma once
/// \file
/// The one interface between process models and the engines that explore
/// them (the checks, the simulator, replay), after LTSmin's PINS: an initial
/// state and the successors of a state, through a buffer.
///
/// A state is a fixed number of 32-bit words.  A wrapper (a normalised
/// specification in product with an implementation, a property monitor) is
/// a machine around a machine.

#include "cspgate/semantics/process.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cspgate::lts {

using semantics::event_id;
using semantics::tau_event;
using semantics::tick_event;

/// The transitions out of one state: `events[k]` leads to the state in
/// words `states[k * width .. (k + 1) * width)`.  When `want_parts` is set,
/// a machine made of components also says which components took part in
/// each transition and with which event of their own (before hiding and
/// renaming): `parts[part_begin[k] .. part_begin[k + 1])`.
struct successors {
    std::vector<event_id> events;
    std::vector<std::uint32_t> states;
    bool want_parts = false;
    std::vector<std::uint32_t> part_begin;
    std::vector<std::pair<std::uint32_t, event_id>> parts;

    void clear() {
        events.clear();
        states.clear();
        part_begin.clear();
        parts.clear();
    }
    std::size_t size() const { return events.size(); }
};

class machine {
public:
    virtual ~machine() = default;
    /// Words per state.
    virtual std::size_t width() const = 0;
    /// How many bits each word needs at most (for packing states).
    virtual std::vector<std::uint8_t> word_bits() const = 0;
    virtual void initial(std::uint32_t* out) const = 0;
    /// Appends the transitions of `state` to `out` (which is not cleared).
    virtual void expand(const std::uint32_t* state, successors& out) const = 0;
    /// Whether the state has terminated (after ✓): no transitions, and not a deadlock.
    virtual bool terminated(const std::uint32_t* state) const = 0;

    /// The components (the sequential processes put in parallel), for
    /// counterexamples that say which component did what.
    virtual std::size_t component_count() const = 0;
    virtual std::string component_name(std::size_t i) const = 0;
    /// What component `i` is in `state`: its current process, described.
    virtual std::string component_state(const std::uint32_t* state, std::size_t i) const = 0;
    /// The events component `i` could do on its own in `state` (ignoring the others).
    virtual std::vector<event_id> component_offers(const std::uint32_t* state, std::size_t i) const = 0;

    virtual std::string event_name(event_id e) const = 0;

    /// A copy for another thread (a machine keeps scratch space and is used
    /// by one thread at a time), sharing what never changes; null when the
    /// machine cannot be copied.
    virtual std::unique_ptr<machine> clone() const { return nullptr; }
};

}  // namespace cspgate::lts
