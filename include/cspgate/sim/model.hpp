#pragma once
/// \file
/// What the simulator needs to know about a model's events, gathered once
/// before any run (the process space is not thread-safe; this table is
/// read-only and shared by every run).

#include "cspgate/lts/machine.hpp"
#include "cspgate/semantics/process.hpp"

#include <string>
#include <vector>

namespace cspgate::sim {

struct event_table {
    /// Per event number: its printed name, its channel ("τ", "✓" for those),
    /// the dot-separated tokens after the channel, and its fields rendered as
    /// a JSON array (integers as numbers, other values as their printed text).
    std::vector<std::string> names, channels;
    std::vector<std::vector<std::string>> tokens;
    std::vector<std::string> fields_json;
    /// The names of the machine's components.
    std::vector<std::string> components;

    std::size_t event_count() const { return names.size(); }
};

/// Reads every event the space knows (after compiling, all that the machine
/// can do) and the machine's component names.
event_table make_event_table(semantics::process_space& space, const lts::machine& m);

}  // namespace cspgate::sim
