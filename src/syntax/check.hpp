#pragma once
// Checks on a parsed script that the grammar cannot express: which
// declarations may stand where, patterns and fields used as expressions,
// type annotations without a definition.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/limits.hpp"
#include "cspgate/syntax/ast.hpp"

namespace cspgate::syntax {

void check_script(const ast::script& script, base::diagnostics& sink, const base::limits& lim);

}  // namespace cspgate::syntax
