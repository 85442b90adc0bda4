#pragma once
/// \file
/// Compiling a process term into a machine, as FDR does (the FDR3 paper:
/// Gibson-Robinson, Armstrong, Boulgakov, Roscoe, "FDR3 — A Modern
/// Refinement Checker for CSP", TACAS 2014, section on the compiler).
///
/// The operators at the top of the term that keep their operands alive for
/// ever — parallel in all its forms, hiding, renaming — become combinator
/// rules ("supercombinators"); what lies below them, the sequential
/// components or "leaves", are explored to explicit LTSs with the term
/// semantics.  A system state is then one word per leaf (its state number)
/// plus the termination flags of the parallel operators.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/lts/machine.hpp"
#include "cspgate/semantics/process.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace cspgate::lts {

struct compile_limits {
    /// States of one leaf before it counts as infinite.
    std::uint64_t max_leaf_states = 5'000'000;
    std::uint64_t max_leaves = 1'000'000;
    std::uint64_t max_rules = 20'000'000;
    /// Resident memory (bytes) at which compiling stops.
    std::uint64_t max_memory = std::uint64_t{16} << 30;
    /// Seconds after which compiling stops (0: no limit).
    double timeout_seconds = 0;
};

/// What became of a compilation: a machine, or a reason there is none.
struct compile_result {
    std::unique_ptr<machine> compiled;
    /// Set when a limit was reached (an infinite leaf): the check is
    /// inconclusive, not wrong.  Empty on success and after a diagnostic.
    std::string limit_reached;
    /// Figures of the compilation, for statistics.
    std::uint64_t leaf_states = 0;
    std::uint64_t leaves = 0;
    std::uint64_t rules = 0;
    /// Whether a `normal` compression was applied: its normal form keeps the
    /// traces, failures, revivals and divergences of its argument, but not
    /// its refusal traces.
    bool normalised = false;
};

/// Compiles the process `root`.  Evaluation errors are reported to `sink`
/// (and `compiled` is null).  Runs on a large stack itself.
compile_result compile(semantics::process_space& space, semantics::term_id root, base::diagnostics& sink,
                       compile_limits limits = {});

}  // namespace cspgate::lts
