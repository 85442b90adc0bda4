#pragma once
/// \file
/// Breadth-first exploration of a machine, with parent links so that every
/// state found comes with a shortest path to it.

#include "cspgate/check/result.hpp"
#include "cspgate/check/state_store.hpp"
#include "cspgate/lts/machine.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cspgate::check {

/// Which transitions the exploration keeps.
enum class keep_edges { none, tau, all };

struct state_graph {
    explicit state_graph(const lts::machine& m) : machine(m), store(m.word_bits()) {}
    const lts::machine& machine;
    state_store store;
    std::vector<std::uint32_t> parent;  ///< breadth-first parent of each state (the root's is itself)
    /// Kept transitions, by source state: [first[s], first[s + 1]).
    std::vector<std::uint64_t> first;
    std::vector<event_id> edge_event;
    std::vector<std::uint32_t> edge_target;
    std::uint64_t transitions = 0;
    std::vector<bool> dead;              ///< states with no transition at all that have not terminated (a bit each)
    bool complete = false;               ///< every reachable state was expanded
    std::string limit_reached;           ///< why not
    double seconds = 0;

    std::uint64_t bytes() const;
    statistics stats() const;
};

/// Explores from the initial state.  `stop(id)` is asked after each state is
/// expanded and ends the search early when it returns true.
void explore(state_graph& g, keep_edges keep, const limits& lim,
             const std::function<bool(std::uint32_t)>& stop = nullptr);

/// The states of a shortest path from the initial state to `id`.
std::vector<std::uint32_t> path_to(const state_graph& g, std::uint32_t id);

/// Turns a path of states into steps, asking the machine which transition
/// (and which components) led from each state to the next.
std::vector<step> steps_of(const state_graph& g, const semantics::process_space& space,
                           const std::vector<std::uint32_t>& states);
event_info describe_event(const semantics::process_space& space, event_id e);
/// The visible events of a path (its τ steps left out).
std::vector<event_info> visible_events(const std::vector<step>& path);
/// A check's result before its verdict: the graph's figures, and
/// "inconclusive" with the reason when the exploration stopped at a limit.
check_result result_of(const state_graph& g);
/// Each component's own trace along `path`, and what it is and offers in `end`.
std::vector<component_view> components_of(const state_graph& g, const semantics::process_space& space,
                                          const std::vector<step>& path, std::uint32_t end);

}  // namespace cspgate::check
