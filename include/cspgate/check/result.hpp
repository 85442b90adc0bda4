#pragma once
/// \file
/// The outcome of a check: a verdict, figures, and a counterexample that
/// says what happened, event by event and component by component.

#include "cspgate/semantics/process.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cspgate::check {

using semantics::event_id;
using semantics::tau_event;
using semantics::tick_event;

enum class verdict { pass, fail, inconclusive };
const char* verdict_name(verdict v) noexcept;

/// Limits that end a check as inconclusive, never by being killed.
struct limits {
    std::uint64_t max_states = 100'000'000;
    std::uint64_t max_memory = std::uint64_t{16} << 30;  ///< bytes
    double timeout_seconds = 0;                          ///< 0: none
    /// Called now and then during a long exploration (states, seconds, bytes).
    std::function<void(std::uint64_t, double, std::uint64_t)> progress;
};

struct statistics {
    std::uint64_t states = 0;
    std::uint64_t transitions = 0;
    double seconds = 0;
    std::uint64_t bytes = 0;  ///< memory held for the states (store, index, parent links)
    std::uint64_t components = 0;
    std::uint64_t component_states = 0;  ///< states of all component LTSs together
};

/// An event in a counterexample: as text, and as channel and field values.
struct event_info {
    event_id id = 0;
    std::string text;
    std::string channel;
    std::vector<std::string> fields;
};

/// One transition of a counterexample: the system's event and, for each
/// component that took part, the event it did itself.
struct step {
    event_info event;
    std::vector<std::pair<std::uint32_t, event_info>> components;
};

/// One component's view of a counterexample.
struct component_view {
    std::string name;
    std::vector<std::string> trace;  ///< its own visible events, in order
    std::string state;               ///< what it is at the end
    std::vector<std::string> offers; ///< what it could do at the end, on its own
};

struct counterexample {
    /// "deadlock", "divergence", "nondeterminism", "trace" (has trace),
    /// "refinement" and the like.
    std::string kind;
    std::vector<step> path;               ///< every transition, τ included
    std::vector<event_info> trace;        ///< the visible events of `path`
    std::string summary;                  ///< what went wrong at the end, in words
    std::vector<step> loop;               ///< a divergence's τ loop
    /// Non-determinism: the other behaviour after the same trace (the one
    /// that does the event `path`'s end refuses).
    std::vector<step> alternative;
    std::vector<component_view> components;
};

struct check_result {
    verdict outcome = verdict::pass;
    statistics stats;
    std::optional<counterexample> example;
    std::string reason;  ///< why it is inconclusive
    /// What the reader should know about how the verdict was reached (an
    /// option accepted but not applied, one applied), whatever the verdict.
    std::vector<std::string> notes;
};

}  // namespace cspgate::check
