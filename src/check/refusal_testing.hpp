#pragma once
// Refinement in the refusal-testing models (`[R=`, `[RD=`), called by
// refines() once the specification is explored.

#include "cspgate/check/explore.hpp"
#include "cspgate/check/refinement.hpp"

#include <cstdint>
#include <vector>

namespace cspgate::check {

/// `spec` explored with every edge kept; `spec_div` its divergent states
/// (all zero unless the model is `[RD=`).
check_result refines_refusal_testing(const state_graph& spec, const std::vector<std::uint8_t>& spec_div,
                                     const lts::machine& impl, const semantics::process_space& space,
                                     refinement_model model, const limits& lim);

}  // namespace cspgate::check
