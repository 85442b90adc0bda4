#pragma once
// The builder: what the grammar's semantic actions call to put nodes into the
// script's arenas.  It also folds the flat operator lists the grammar
// produces into trees (fold.cpp) and turns expressions into patterns where
// the grammar could not yet know it was reading one (pattern.cpp).

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/limits.hpp"
#include "cspgate/syntax/ast.hpp"
#include "cspgate/syntax/token.hpp"

#include <string>
#include <vector>

namespace cspgate::syntax::grammar {

/// An operand: prefix operators (`-`, `not`, `#`) and the term after them.
struct operand_t {
    std::vector<const token*> prefixes;
    ast::expr_id atom = ast::none;
};

/// A binary operator, with the sub-expressions some operators carry
/// (`[| A |]`, `[A || B]`, `[a <-> b]`, `[| A |>`, `[+ A +]`, `/+ A +\`).
struct binop_t {
    const token* op = nullptr;  ///< the operator's first token
    tok form = tok::eof;        ///< the operator token, or for bracketed ones the opening token; see fold.cpp
    bool exception = false;     ///< `[| A |>` rather than `[| A |]`
    bool linked = false;        ///< `[a <-> b]` rather than `[A || B]`
    ast::expr_id a = ast::none;
    ast::expr_id b = ast::none;
    std::vector<ast::tie> ties;
    std::vector<ast::statement> statements;
};

/// An expression as a flat list: operand (binop operand)*.  The operands
/// and operators themselves sit on the builder's stacks (nested expressions
/// push above and fold away before their parent continues), so that parsing
/// an expression allocates nothing of its own.
struct flat_t {
    std::size_t operand_begin = 0;
    std::size_t op_begin = 0;
};

/// The contents of `{ … }`, `{| … |}` or `< … >`.
struct bracket_t {
    enum class form { enumeration, range, comprehension } shape = form::enumeration;
    std::vector<ast::expr_id> elements;
    ast::expr_id to = ast::none;
    std::vector<ast::statement> statements;
};

class builder {
public:
    builder(ast::script& script, base::diagnostics& sink, const base::limits& lim, std::string_view text,
            const token* first)
        : m_script(script), m_sink(sink), m_limits(lim), m_text(text), m_first(first) {}

    ast::script& script() { return m_script; }
    base::diagnostics& sink() { return m_sink; }
    std::string_view text(const token* t) const { return m_text.substr(t->where.begin, t->where.end - t->where.begin); }
    base::span span_of(const token* first, const token* last_exclusive) const;
    void error(base::span where, std::string message) { m_sink.error(where, std::move(message)); }

    /// Appends a node to one of the script's arenas; its index is its id.
    template <typename Arena, typename Node>
    static std::uint32_t append(Arena& arena, base::span where, Node&& node) {
        arena.push_back(typename Arena::value_type{where, std::forward<Node>(node)});
        return static_cast<std::uint32_t>(arena.size() - 1);
    }
    template <typename Node>
    ast::expr_id expr(base::span where, Node&& node) { return append(m_script.exprs, where, std::forward<Node>(node)); }
    template <typename Node>
    ast::pat_id pat(base::span where, Node&& node) { return append(m_script.patterns, where, std::forward<Node>(node)); }
    template <typename Node>
    ast::type_id type(base::span where, Node&& node) { return append(m_script.types, where, std::forward<Node>(node)); }
    template <typename Node>
    ast::decl_id decl(base::span where, Node&& node) { return append(m_script.decls, where, std::forward<Node>(node)); }
    base::span where(ast::expr_id e) const { return m_script.exprs[e].where; }

    // Literals and names.
    ast::expr_id integer(const token* t);
    ast::expr_id string_literal(const token* t);
    ast::expr_id char_literal(const token* t);
    ast::located_name name(const token* t) { return ast::located_name{std::string(text(t)), t->where}; }
    ast::qualified_name qualified(const std::vector<const token*>& parts);
    /// The name spelt by the identifiers from `first` to `last`, `::` between.
    ast::qualified_name qualified(const token* first, const token* last);
    std::string decode(const token* t);

    /// Folds the operator list above `flat`'s marks into a tree by FDR's
    /// precedence table, and pops it (fold.cpp).
    ast::expr_id fold(const flat_t& flat);
    flat_t mark() const { return flat_t{m_operands.size(), m_ops.size()}; }
    void push_operand(operand_t&& o) { m_operands.push_back(std::move(o)); }
    void push_op(binop_t&& o) { m_ops.push_back(std::move(o)); }
    /// Empties the stacks after a declaration failed part-way.
    void reset_stacks() {
        m_starts.clear();
        m_operands.clear();
        m_ops.clear();
    }
    /// A bracketed collection: kind is tok::lbrace, tok::lclosure or tok::seq_open.
    ast::expr_id collection(base::span where, tok kind, bracket_t& b);
    /// `p <- e`, `p : e` or a qualifier `e`.
    ast::statement statement(base::span where, ast::expr_id lhs, ast::expr_id source);
    /// Turns an expression into a pattern, reporting what cannot be one (pattern.cpp).
    ast::pat_id pattern(ast::expr_id e);
    /// `lhs = rhs` at declaration level: a function clause or a pattern binding.
    ast::decl_id binding(base::span where, ast::expr_id lhs, ast::expr_id rhs);
    /// An assertion from its parts; properties are read from their text.
    ast::decl_id assertion(base::span where, bool negated, ast::expr_id lhs, const token* op, ast::expr_id rhs,
                           const std::vector<std::pair<const token*, ast::expr_id>>& options);

    /// Merges adjacent clauses `f(0) = …` `f(n) = …` of one function into
    /// one declaration, as FDR does; the list is edited in place.
    void merge_clauses(std::vector<ast::decl_id>& decls);

    /// Include declarations met while parsing the current top-level declaration.
    std::vector<ast::decl_id>& pending_includes() { return m_pending_includes; }

    std::uint32_t& depth() { return m_depth; }
    std::vector<const token*>& starts() { return m_starts; }
    const base::limits& limits() const { return m_limits; }

private:
    ast::script& m_script;
    base::diagnostics& m_sink;
    const base::limits& m_limits;
    std::string_view m_text;
    const token* m_first;
    std::uint32_t m_depth = 0;
    std::vector<ast::decl_id> m_pending_includes;
    std::vector<const token*> m_starts;
    std::vector<operand_t> m_operands;
    std::vector<binop_t> m_ops;
};

}  // namespace cspgate::syntax::grammar
