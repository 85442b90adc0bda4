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

/// The stable revivals models (`[V=`, `[VD=`) check, beyond the failures,
/// that what a stable state of Impl accepts after refusing the rest, a
/// stable state of Spec accepts after refusing as much (Roscoe,
/// "Understanding Concurrent Systems", 2010, ch. 11 and 16.2; "Revivals,
/// stuckness and the hierarchy of CSP models", JLAP 78, 2009).
///
/// The refusal-testing models (`[R=`, `[RD=`) record each refusal before
/// each event: refusal traces (Phillips, "Refusal Testing", 1987; UCS ch. 11).
enum class refinement_model {
    traces, failures, failures_divergences, revivals, revivals_divergences, refusals, refusals_divergences
};

/// Whether the model records divergences (`[FD=`, `[VD=`, `[RD=`): after a
/// trace on which Spec can diverge anything goes; elsewhere Impl must not
/// diverge.
constexpr bool divergence_strict(refinement_model m) {
    return m == refinement_model::failures_divergences || m == refinement_model::revivals_divergences ||
           m == refinement_model::refusals_divergences;
}
/// Whether the model is one of refusal testing (`[R=`, `[RD=`).
constexpr bool refusal_testing(refinement_model m) {
    return m == refinement_model::refusals || m == refinement_model::refusals_divergences;
}
/// Whether the model records revivals (`[V=`, `[VD=`).
constexpr bool records_revivals(refinement_model m) {
    return m == refinement_model::revivals || m == refinement_model::revivals_divergences;
}

/// `Spec [T= Impl`, `[F=`, `[FD=`, `[V=`, `[VD=`, `[R=`, `[RD=`.
check_result refines(const lts::machine& spec, const lts::machine& impl, const semantics::process_space& space,
                     refinement_model model, const limits& lim);

}  // namespace cspgate::check
