#include "cspgate/syntax/ast.hpp"

namespace cspgate::syntax::ast {

std::vector<std::string> qualified_name::parts() const {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t at = text.find("::", start);
        out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) return out;
        start = at + 2;
    }
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
