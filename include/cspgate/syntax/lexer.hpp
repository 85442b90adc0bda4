#pragma once
/// \file
/// The CSPM lexer and FDR's layout rule.
///
/// FDR separates declarations by newlines, yet lets a declaration run on over
/// several lines wherever the expression is unfinished.  libcspm (the front end
/// of FDR3 and FDR4) implements this in its lexer: a newline is dropped when
/// the token before it cannot end an expression (a binary operator, an opening
/// bracket, a keyword such as `then`) or the token after it cannot begin a
/// declaration (a binary operator, a closing bracket).  We do the same, and
/// additionally drop newlines inside brackets, where no declaration can begin.
/// `let … within` and the braces of a `Timed` section are blocks whose newlines
/// separate the declarations inside them.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/limits.hpp"
#include "cspgate/syntax/token.hpp"

#include <vector>

namespace cspgate::syntax {

/// Splits one file into tokens, applying the layout rule.  Lexical errors
/// (an unknown character, an unterminated comment or string, an integer out
/// of range) are reported to `sink`; the offending text is skipped.  The last
/// token is always `eof`.
std::vector<token> lex(const base::source_file& file, base::file_id id, base::diagnostics& sink,
                       const base::limits& lim = {});

}  // namespace cspgate::syntax
