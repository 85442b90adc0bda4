// Assertions: `assert P [T= Q`, `assert P :[deadlock free [F]]`, and their
// options.  The lexer hands over `:[ … ]` as one token; its words are read
// here, with FDR's spellings ("deadlock free" and "deadlock-free", …).

#include "builder.hpp"

#include <cctype>

namespace cspgate::syntax::grammar {
namespace {

/// The words of a `:[ … ]` token, whitespace collapsed, and the model or
/// mode in the inner brackets if any.
struct property_text {
    std::string words;
    std::string inner;
    bool has_inner = false;
};

property_text read_property(std::string_view raw) {
    // raw is ":[ ... ]"
    std::string_view body = raw.substr(2, raw.size() - 3);
    property_text out;
    std::string* target = &out.words;
    bool space = false;
    for (char c : body) {
        if (c == '[') {
            target = &out.inner;
            out.has_inner = true;
            space = false;
            continue;
        }
        if (c == ']') {
            target = &out.words;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !target->empty();
            continue;
        }
        if (space) *target += ' ';
        space = false;
        *target += c;
    }
    while (!out.words.empty() && out.words.back() == ' ') out.words.pop_back();
    return out;
}

bool model_from(const std::string& name, ast::semantic_model& m) {
    static const std::pair<const char*, ast::semantic_model> table[] = {
        {"T", ast::semantic_model::traces}, {"F", ast::semantic_model::failures},
        {"FD", ast::semantic_model::failures_divergences}, {"V", ast::semantic_model::revivals},
        {"VD", ast::semantic_model::revivals_divergences}, {"R", ast::semantic_model::refusals},
        {"RD", ast::semantic_model::refusals_divergences},
    };
    for (const auto& [n, model] : table)
        if (name == n) {
            m = model;
            return true;
        }
    return false;
}

}  // namespace

ast::decl_id builder::assertion(base::span where, bool negated, ast::expr_id lhs, const token* op, ast::expr_id rhs,
                                const std::vector<std::pair<const token*, ast::expr_id>>& options) {
    ast::assertion a;
    a.negated = negated;
    a.lhs = lhs;
    a.property_where = op->where;
    if (op->kind == tok::refines) {
        a.kind = ast::assertion_kind::refinement;
        static const ast::semantic_model by_index[] = {
            ast::semantic_model::traces, ast::semantic_model::failures, ast::semantic_model::failures_divergences,
            ast::semantic_model::revivals, ast::semantic_model::revivals_divergences, ast::semantic_model::refusals,
            ast::semantic_model::refusals_divergences};
        a.model = by_index[op->model];
        a.rhs = rhs;
    } else {
        property_text p = read_property(text(op));
        if (p.words == "deadlock free" || p.words == "deadlock-free") {
            a.kind = ast::assertion_kind::deadlock_free;
        } else if (p.words == "divergence free" || p.words == "divergence-free" || p.words == "livelock free" ||
                   p.words == "livelock-free") {
            a.kind = ast::assertion_kind::divergence_free;
        } else if (p.words == "deterministic") {
            a.kind = ast::assertion_kind::deterministic;
        } else if (p.words == "has trace") {
            a.kind = ast::assertion_kind::has_trace;
        } else if (p.words == "causal consistency") {
            a.kind = ast::assertion_kind::causal_consistency;
        } else if (p.words == "sequential consistency" || p.words == "sequential consistency gapless") {
            a.kind = ast::assertion_kind::sequential_consistency;
            a.gapless = p.words != "sequential consistency";
        } else if (p.words == "tau priority" || p.words == "tau priority over" || p.words == "partial order reduce") {
            error(op->where, "':[" + p.words + "]' is an option of an assertion, not a property; "
                             "it follows a refinement or a property");
        } else {
            error(op->where, "unknown property ':[" + p.words +
                                 "]'; expected deadlock free, divergence free, livelock free, deterministic, has trace, "
                                 "causal consistency or sequential consistency [gapless]");
        }
        if (p.has_inner && !model_from(p.inner, a.model))
            error(op->where, "unknown semantic model '[" + p.inner + "]'; expected [T], [F], [FD], [R], [RD], [V] or [VD]");
        const bool consistency = a.kind == ast::assertion_kind::causal_consistency ||
                                 a.kind == ast::assertion_kind::sequential_consistency;
        if (consistency && p.has_inner)
            error(op->where, "':[" + p.words + "]' is checked on traces and takes no semantic model");
        if (a.kind == ast::assertion_kind::has_trace) {
            if (rhs == ast::none) error(op->where, "':[has trace]' must be followed by ':' and a trace, as in ':[has trace]: <a, b>'");
            a.rhs = rhs;
        } else if (consistency) {
            if (rhs == ast::none)
                error(op->where, "':[" + p.words + "]' must be followed by ':' and a channel, as in ':[" + p.words + "]: store'");
            a.rhs = rhs;
        } else if (rhs != ast::none) {
            error(where, "only ':[has trace]' and the consistency properties are followed by ':' and an expression");
        }
    }
    bool tau_seen = false, por_seen = false;
    for (const auto& [tok_ptr, value] : options) {
        property_text p = read_property(text(tok_ptr));
        ast::model_option o;
        o.where = tok_ptr->where;
        if (p.words == "tau priority" || p.words == "tau priority over") {
            o.which = ast::model_option::kind::tau_priority;
            if (value == ast::none) error(tok_ptr->where, "':[tau priority over]' must be followed by ':' and a set of events");
            if (tau_seen) error(tok_ptr->where, "':[tau priority over]' is given twice");
            tau_seen = true;
            o.events = value;
        } else if (p.words == "partial order reduce") {
            o.which = ast::model_option::kind::partial_order_reduce;
            o.mode = p.inner;
            if (value != ast::none) error(tok_ptr->where, "':[partial order reduce]' takes no ':' argument");
            if (por_seen) error(tok_ptr->where, "':[partial order reduce]' is given twice");
            por_seen = true;
        } else {
            error(tok_ptr->where, "unknown assertion option ':[" + p.words +
                                      "]'; expected ':[tau priority over]: {…}' or ':[partial order reduce]'");
            continue;
        }
        a.options.push_back(std::move(o));
    }
    return decl(where, std::move(a));
}

}  // namespace cspgate::syntax::grammar
