#pragma once
/// \file
/// The property checks of FDR4: deadlock freedom, divergence freedom,
/// determinism and `has trace`, each in the semantic model the assertion
/// names.  Each explores breadth-first, so a counterexample is shortest.

#include "cspgate/check/result.hpp"
#include "cspgate/lts/machine.hpp"

#include <vector>

namespace cspgate::check {

/// `:[deadlock free [F]]` (and `[FD]` when `fd`, where a divergence fails too).
/// A state that has terminated (after ✓) is not a deadlock.
check_result deadlock_free(const lts::machine& m, const semantics::process_space& space, bool fd, const limits& lim);
/// `:[divergence free]`: no reachable state can do τ for ever.
check_result divergence_free(const lts::machine& m, const semantics::process_space& space, const limits& lim);
/// `:[deterministic [F]]` / `[FD]`: after no trace can the process both do
/// an event and refuse it (FDR's algorithm: normalise, then compare each
/// stable state's initials with its normal-form node's).
check_result deterministic(const lts::machine& m, const semantics::process_space& space, bool fd, const limits& lim);
/// `:[has trace [T|F|FD]]: s`.  In [FD], a divergence on the way makes
/// every continuation a trace.
check_result has_trace(const lts::machine& m, const semantics::process_space& space, const std::vector<event_id>& trace,
                       bool fd, const limits& lim);

}  // namespace cspgate::check
