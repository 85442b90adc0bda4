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
    /// Deepest expression tree (a chain `a -> b -> … -> STOP` is as deep as
    /// it is long).  Parsing builds such trees without recursion; the limit
    /// keeps the recursive walks of later layers within the stack.
    std::uint32_t max_tree_depth = 200000;
    /// Deepest include chain.
    std::uint32_t max_include_depth = 64;
    /// Errors kept before parsing gives up.
    std::size_t max_errors = 20;
};

}  // namespace cspgate::base
