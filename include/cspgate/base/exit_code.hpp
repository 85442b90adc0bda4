#pragma once
/// \file
/// The exit codes of the `cspgate` program, which CI jobs gate on.

namespace cspgate::base {

/// What a run of `cspgate` tells its caller.
enum class exit_code : int {
    /// Every checked property holds (or the command did its job).
    ok = 0,
    /// At least one checked property fails.
    fail = 1,
    /// Bad input or usage; a diagnostic says what.
    bad_input = 2,
    /// A state, memory or time limit was reached before a verdict.
    inconclusive = 3,
};

/// The value to return from main().
constexpr int to_int(exit_code code) noexcept { return static_cast<int>(code); }

}  // namespace cspgate::base
