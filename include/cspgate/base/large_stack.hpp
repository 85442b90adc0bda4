#pragma once
/// \file
/// Running work on a thread with a large stack.
///
/// The parser and the evaluator recurse as deep as the input nests, within
/// their limits (limits.hpp).  Those limits are set for a stack of
/// `large_stack_bytes`; the entry points run themselves through
/// `with_large_stack`, so a caller with an ordinary 8 MiB (or 2 MiB) thread
/// stack is safe too.  Nested calls run in place.

#include <cstddef>
#include <functional>

namespace cspgate::base {

inline constexpr std::size_t large_stack_bytes = std::size_t{512} << 20;

/// Runs `work` on a thread with a stack of at least `bytes` (or in place if
/// the calling thread already is such a thread, or if no thread can be made)
/// and returns when it is done; an exception thrown by `work` is rethrown here.
void with_large_stack(const std::function<void()>& work, std::size_t bytes = large_stack_bytes);

/// True on a thread started by `with_large_stack`.
bool on_large_stack() noexcept;

}  // namespace cspgate::base
