#pragma once
// Shared by the checks: divergent states and the counterexamples for
// deadlock and divergence.

#include "cspgate/check/checks.hpp"
#include "cspgate/check/explore.hpp"

#include <cstdint>
#include <vector>

namespace cspgate::check {

/// For each state of a graph explored with τ (or all) edges kept: whether it
/// lies on a τ cycle.
std::vector<std::uint8_t> divergent_states(const state_graph& g);
/// A shortest τ loop from `start` back to itself (states, `start` first and last).
std::vector<std::uint32_t> tau_loop(const state_graph& g, std::uint32_t start, const std::vector<std::uint8_t>& on_cycle);
/// The states reachable from `seeds` by τ transitions (seeds included), sorted;
/// `g` must keep τ edges.
std::vector<std::uint32_t> tau_closure(const state_graph& g, std::vector<std::uint32_t> seeds);
counterexample deadlock_example(const state_graph& g, const semantics::process_space& space, std::uint32_t at);
counterexample divergence_example(const state_graph& g, const semantics::process_space& space, std::uint32_t at,
                                  const std::vector<std::uint8_t>& on_cycle);

/// The first divergent state of `g` (explored with τ edges), if any, as the
/// failure of `r`; true then.
bool fail_on_divergence(const state_graph& g, const semantics::process_space& space, check_result& r);
/// For the refinement products, whose last word is at least `error_mark` in
/// an error state: the first error state in breadth-first order (one found
/// but not yet expanded when the search ended), or UINT32_MAX.
std::uint32_t first_error_state(const state_graph& g, std::uint32_t error_mark);
/// For a divergence-strict refinement with no error state: whether the
/// implementation diverges (the products stop at the specification's
/// divergent nodes, so any τ cycle is one the specification does not allow);
/// if so, `r` becomes that failure.
bool implementation_diverges(const state_graph& g, const semantics::process_space& space, check_result& r);

}  // namespace cspgate::check
