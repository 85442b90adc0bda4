// Building AST nodes from the grammar's matches: literals, collections,
// statements, declarations and assertions.

#include "builder.hpp"

#include <algorithm>

namespace cspgate::syntax::grammar {

base::span builder::span_of(const token* first, const token* last_exclusive) const {
    if (first == last_exclusive) return base::span{first->where.file, first->where.begin, first->where.begin};
    return base::span{first->where.file, first->where.begin, (last_exclusive - 1)->where.end};
}

ast::expr_id builder::integer(const token* t) {
    std::string_view digits = text(t);
    std::int64_t value = 0;
    bool overflow = false;
    for (char c : digits) {
        if (value > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) {
            overflow = true;
            break;
        }
        value = value * 10 + (c - '0');
    }
    if (overflow) error(t->where, "integer literal " + std::string(digits) + " is too large");
    return expr(t->where, ast::int_literal{value});
}

// Decodes a string or character literal: the quotes go, and the escapes
// \" \' \\ \n \t \r stand for their characters.
std::string builder::decode(const token* t) {
    std::string_view raw = text(t);
    raw = raw.substr(1, raw.size() - 2);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
            char n = raw[++i];
            switch (n) {
            case 'n': out += '\n'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            default: out += n; break;
            }
        } else {
            out += raw[i];
        }
    }
    return out;
}

ast::expr_id builder::string_literal(const token* t) { return expr(t->where, ast::string_literal{decode(t)}); }
ast::expr_id builder::char_literal(const token* t) { return expr(t->where, ast::char_literal{decode(t)}); }

ast::qualified_name builder::qualified(const token* first, const token* last) {
    ast::qualified_name q;
    q.text = std::string(m_text.substr(first->where.begin, last->where.end - first->where.begin));
    if (first != last) {
        // Drop any blanks around the `::`s.
        q.text.clear();
        for (const token* p = first; p <= last; ++p) q.text += p->kind == tok::ident ? std::string(text(p)) : "::";
    }
    return q;
}

ast::qualified_name builder::qualified(const std::vector<const token*>& parts) {
    ast::qualified_name q;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) q.text += "::";
        q.text += text(parts[i]);
    }
    return q;
}

ast::expr_id builder::collection(base::span where, tok kind, bracket_t& b) {
    using form = bracket_t::form;
    if (b.shape == form::range && b.elements.size() != 1) {
        error(where, "a range '{a..b}' has exactly one expression before '..'");
    }
    if (kind == tok::lclosure && b.shape == form::range) {
        error(where, "'{| |}' cannot hold a range");
    }
    switch (b.shape) {
    case form::range: {
        ast::expr_id from = b.elements.empty() ? ast::none : b.elements.front();
        if (kind == tok::seq_open) return expr(where, ast::seq_range{from, b.to, std::move(b.statements)});
        return expr(where, ast::set_range{from, b.to, std::move(b.statements)});
    }
    case form::comprehension:
        if (kind == tok::seq_open) return expr(where, ast::seq_comprehension{std::move(b.elements), std::move(b.statements)});
        if (kind == tok::lclosure)
            return expr(where, ast::closure_comprehension{std::move(b.elements), std::move(b.statements)});
        return expr(where, ast::set_comprehension{std::move(b.elements), std::move(b.statements)});
    case form::enumeration:
        break;
    }
    if (kind == tok::seq_open) return expr(where, ast::seq_enumeration{std::move(b.elements)});
    if (kind == tok::lclosure) {
        if (b.elements.empty()) error(where, "'{| |}' needs at least one channel or event");
        return expr(where, ast::closure{std::move(b.elements)});
    }
    return expr(where, ast::set_enumeration{std::move(b.elements)});
}

ast::statement builder::statement(base::span where, ast::expr_id lhs, ast::expr_id source) {
    ast::statement s;
    s.where = where;
    if (source != ast::none) {
        s.pattern = pattern(lhs);
        s.expression = source;
        return s;
    }
    if (const auto* p = std::get_if<ast::partial>(&m_script.exprs[lhs].node);
        p && p->which == ast::partial::kind::restriction) {
        ast::expr_id l = p->lhs, r = p->rhs;
        s.pattern = pattern(l);
        s.expression = r;
        return s;
    }
    s.expression = lhs;
    return s;
}

// `lhs = rhs`.  An application `f(p1, p2)(p3)` on the left defines a clause
// of function f; anything else is a pattern bound to the right-hand side.
ast::decl_id builder::binding(base::span where, ast::expr_id lhs, ast::expr_id rhs) {
    std::vector<std::vector<ast::expr_id>> argument_lists;
    ast::expr_id head = lhs;
    while (const auto* app = std::get_if<ast::application>(&m_script.exprs[head].node)) {
        argument_lists.push_back(app->arguments);
        head = app->function;
    }
    if (!argument_lists.empty()) {
        const auto* var = std::get_if<ast::variable>(&m_script.exprs[head].node);
        if (var && !var->name.is_qualified() && var->name.text != "_") {
            ast::function_binding f;
            f.name = ast::located_name{var->name.text, m_script.exprs[head].where};
            ast::function_clause clause;
            clause.where = where;
            std::reverse(argument_lists.begin(), argument_lists.end());
            for (auto& list : argument_lists) {
                std::vector<ast::pat_id> pats;
                for (ast::expr_id e : list) pats.push_back(pattern(e));
                clause.parameters.push_back(std::move(pats));
            }
            clause.body = rhs;
            f.clauses.push_back(std::move(clause));
            return decl(where, std::move(f));
        }
        error(m_script.exprs[head].where, "the left-hand side of a function definition must be a name");
    }
    return decl(where, ast::pattern_binding{pattern(lhs), rhs});
}

void builder::merge_clauses(std::vector<ast::decl_id>& decls) {
    std::vector<ast::decl_id> out;
    out.reserve(decls.size());
    for (ast::decl_id id : decls) {
        auto* next = std::get_if<ast::function_binding>(&m_script.decls[id].node);
        if (next && !out.empty()) {
            auto& prev_decl = m_script.decls[out.back()];
            auto* prev = std::get_if<ast::function_binding>(&prev_decl.node);
            if (prev && prev->name.text == next->name.text) {
                for (auto& c : next->clauses) prev->clauses.push_back(std::move(c));
                next->clauses.clear();
                prev_decl.where = base::span::cover(prev_decl.where, m_script.decls[id].where);
                continue;
            }
        }
        out.push_back(id);
    }
    decls = std::move(out);
}

}  // namespace cspgate::syntax::grammar
