#pragma once
/// \file
/// FDR4's type checker as a pass over the AST.
///
/// Hindley–Milner inference with let-polymorphism over the dependency groups
/// of the definitions, FDR's type classes (`Eq`, `Ord`, `Set`, `Inputable`,
/// `Yieldable`, `Complete`), and the dotted types of channels and datatype
/// constructors (`c : Int => Bool => Event`).  Errors are diagnostics naming
/// both types in words ("expected a set of events, found Int").  Where a
/// dotted type cannot be inferred simply, the checker gives up on that value
/// (its type becomes one that unifies with anything) rather than reject a
/// model FDR would accept.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/syntax/ast.hpp"

#include <optional>
#include <string>

namespace cspgate::semantics {

/// Type-checks every declaration of `script`; errors go to `sink`.  Returns
/// true when no type error was found.
bool typecheck(const syntax::ast::script& script, base::diagnostics& sink);

/// Type-checks `script`, then the expression `e` (parsed into the script's
/// arenas, see syntax::parse_expression) in its top-level scope, and returns
/// the expression's type in FDR's notation (`{Int}`, `(Int, Bool)`, `Proc`,
/// `(Int) -> Bool`, `Int => Event`); nothing when there was a type error.
std::optional<std::string> type_of(const syntax::ast::script& script, syntax::ast::expr_id e,
                                   base::diagnostics& sink);

}  // namespace cspgate::semantics
