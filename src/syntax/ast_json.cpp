#include "cspgate/syntax/ast_json.hpp"

#include <ostream>

namespace cspgate::syntax {
// Placeholder replaced by the full writer.
void write_ast_json(std::ostream& out, const ast::script&, const base::source_manager&) {
    out << "{\"schema\": \"cspgate.ast/v1\"}\n";
}
}  // namespace cspgate::syntax
