#pragma once
/// \file
/// Refinement checking, FDR's way: normalise the specification (τ-closure
/// and subset construction, with minimal acceptances for the failures
/// models and divergence marks for failures-divergences), then explore the
/// product of the normal form and the implementation breadth-first, checking
/// each pair (Roscoe, "Understanding Concurrent Systems", ch. 16; the FDR3
/// paper, TACAS 2014).  The product is a machine wrapping the
/// implementation's machine; a violation is a transition to an error state,
/// so the search finds a shortest one.

#include "cspgate/check/result.hpp"
#include "cspgate/lts/machine.hpp"

namespace cspgate::check {

enum class refinement_model { traces, failures, failures_divergences };

/// `Spec [T= Impl`, `[F=`, `[FD=`.
check_result refines(const lts::machine& spec, const lts::machine& impl, const semantics::process_space& space,
                     refinement_model model, const limits& lim);

}  // namespace cspgate::check
