// Patterns.  CSPM cannot tell a pattern from an expression until it sees what
// follows (`f(x, y) = …`, `x <- S`), so the grammar reads both as expressions
// and the builder converts here, as libcspm does, reporting what cannot be a
// pattern.  Pattern nesting is bounded by the parser's nesting limit.

#include "builder.hpp"

namespace cspgate::syntax::grammar {

ast::pat_id builder::pattern(ast::expr_id e) {
    base::span sp = where(e);
    // Copy the node: converting children appends to the arenas.
    ast::expr_variant node = m_script.exprs[e].node;
    auto convert_all = [&](const std::vector<ast::expr_id>& elems) {
        std::vector<ast::pat_id> out;
        out.reserve(elems.size());
        for (ast::expr_id x : elems) out.push_back(pattern(x));
        return out;
    };
    if (auto* i = std::get_if<ast::int_literal>(&node)) return pat(sp, ast::int_pattern{i->value});
    if (auto* b = std::get_if<ast::bool_literal>(&node)) return pat(sp, ast::bool_pattern{b->value});
    if (auto* c = std::get_if<ast::char_literal>(&node)) return pat(sp, ast::char_pattern{c->value});
    if (auto* s = std::get_if<ast::string_literal>(&node)) return pat(sp, ast::string_pattern{s->value});
    if (auto* v = std::get_if<ast::variable>(&node)) {
        if (v->name.text == "_") return pat(sp, ast::wildcard_pattern{});
        return pat(sp, ast::variable_pattern{v->name});
    }
    if (auto* t = std::get_if<ast::tuple>(&node)) return pat(sp, ast::tuple_pattern{convert_all(t->elements)});
    if (auto* s = std::get_if<ast::seq_enumeration>(&node)) return pat(sp, ast::seq_pattern{convert_all(s->elements)});
    if (auto* s = std::get_if<ast::set_enumeration>(&node)) {
        if (s->elements.size() <= 1) return pat(sp, ast::set_pattern{convert_all(s->elements)});
        error(sp, "a set pattern holds at most one element, as in '{x}'");
        return pat(sp, ast::wildcard_pattern{});
    }
    if (auto* u = std::get_if<ast::unary>(&node)) {
        if (u->op == ast::unary_op::negate) {
            if (auto* i = std::get_if<ast::int_literal>(&m_script.exprs[u->operand].node))
                return pat(sp, ast::int_pattern{-i->value});
        }
        error(sp, u->op == ast::unary_op::negate ? "only an integer literal can be negated in a pattern"
                                                 : "an operator application is not a valid pattern");
        return pat(sp, ast::wildcard_pattern{});
    }
    if (auto* b = std::get_if<ast::binary>(&node)) {
        if (b->op == ast::binary_op::dot) {
            ast::expr_id l = b->lhs, r = b->rhs;
            ast::pat_id lp = pattern(l);
            return pat(sp, ast::dot_pattern{lp, pattern(r)});
        }
        if (b->op == ast::binary_op::concat) {
            ast::expr_id l = b->lhs, r = b->rhs;
            ast::pat_id lp = pattern(l);
            return pat(sp, ast::concat_pattern{lp, pattern(r)});
        }
    }
    if (auto* p = std::get_if<ast::partial>(&node); p && p->which == ast::partial::kind::double_pattern) {
        ast::expr_id l = p->lhs, r = p->rhs;
        ast::pat_id lp = pattern(l);
        return pat(sp, ast::double_pattern{lp, pattern(r)});
    }
    error(sp, "this expression is not a valid pattern");
    return pat(sp, ast::wildcard_pattern{});
}

}  // namespace cspgate::syntax::grammar
