#include "cspgate/syntax/ast.hpp"

namespace cspgate::syntax::ast {

std::string qualified_name::joined() const {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += "::";
        out += parts[i];
    }
    return out;
}

const char* model_name(semantic_model m) noexcept {
    switch (m) {
    case semantic_model::traces: return "T";
    case semantic_model::failures: return "F";
    case semantic_model::failures_divergences: return "FD";
    case semantic_model::revivals: return "V";
    case semantic_model::revivals_divergences: return "VD";
    case semantic_model::refusals: return "R";
    case semantic_model::refusals_divergences: return "RD";
    case semantic_model::unspecified: return "";
    }
    return "";
}

}  // namespace cspgate::syntax::ast
