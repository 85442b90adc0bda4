#pragma once
/// \file
/// How much memory the process holds, for limits that must end a run
/// cleanly before the operating system kills it.

#include <cstdint>

namespace cspgate::base {

/// Resident memory of this process in bytes (0 where it cannot be read).
std::uint64_t resident_bytes() noexcept;

}  // namespace cspgate::base
