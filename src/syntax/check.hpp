#pragma once
// Checks on a parsed script that the grammar cannot express: which
// declarations may stand where, patterns and fields used as expressions,
// type annotations without a definition.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/limits.hpp"
#include "cspgate/syntax/ast.hpp"

namespace cspgate::syntax {

void check_script(const ast::script& script, base::diagnostics& sink, const base::limits& lim);

/// Refuses an expression tree deeper than `limit` among the nodes
/// [first, last) (those of one declaration).  The parser builds chains
/// without recursion; the limit keeps the recursive walks of later layers
/// within the stack.  A tree cannot be deeper than it has nodes, so the
/// driver calls this only for declarations with more than `limit` nodes.
bool check_depth(const ast::script& script, base::diagnostics& sink, std::uint32_t limit, ast::expr_id first,
                 ast::expr_id last);

}  // namespace cspgate::syntax
