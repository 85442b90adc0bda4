#pragma once
/// \file
/// The syntax tree as JSON, schema `cspgate.ast/v1` (docs/schema/ast.md).

#include "cspgate/base/source.hpp"
#include "cspgate/syntax/ast.hpp"

#include <iosfwd>

namespace cspgate::syntax {

/// Writes the whole script as one JSON document, pretty-printed, keys in a
/// fixed order, so that the same input always gives the same bytes.
void write_ast_json(std::ostream& out, const ast::script& script, const base::source_manager& sources);

}  // namespace cspgate::syntax
