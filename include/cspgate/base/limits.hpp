#pragma once
/// \file
/// Limits that keep every input inside bounded time, memory and stack.

#include <cstddef>
#include <cstdint>

namespace cspgate::base {

struct limits {
    /// Largest source file read, in bytes (a larger one is a diagnostic).
    std::size_t max_file_bytes = std::size_t{256} << 20;
    /// Deepest nesting of brackets and prefix forms the parser accepts.
    std::uint32_t max_nesting = 2000;
    /// Deepest include chain.
    std::uint32_t max_include_depth = 64;
    /// Errors kept before parsing gives up.
    std::size_t max_errors = 20;
};

}  // namespace cspgate::base
