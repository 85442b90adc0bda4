#pragma once
/// \file
/// Parsing CSPM scripts.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/limits.hpp"
#include "cspgate/syntax/ast.hpp"

#include <string>

namespace cspgate::syntax {

/// Reads and parses a file and every file it includes (paths relative to the
/// including file; an include cycle is an error).  Errors go to `sink`; the
/// script holds every declaration that parsed.  Parsing recovers at
/// declaration boundaries and stops after `lim.max_errors` errors.
ast::script parse_file(base::source_manager& sources, const std::string& path, base::diagnostics& sink,
                       const base::limits& lim = {});

/// Parses text held in memory; includes are resolved relative to `name`.
ast::script parse_text(base::source_manager& sources, std::string name, std::string text, base::diagnostics& sink,
                       const base::limits& lim = {});

/// Parses one expression (for `cspgate eval`) into an existing script, as a
/// file of its own named `name`; returns `ast::none` after reporting errors.
ast::expr_id parse_expression(ast::script& script, base::source_manager& sources, std::string name, std::string text,
                              base::diagnostics& sink, const base::limits& lim = {});

}  // namespace cspgate::syntax
