#pragma once
/// \file
/// Visiting the direct sub-expressions of an expression node.

#include "cspgate/syntax/ast.hpp"

#include <type_traits>

namespace cspgate::syntax::ast {

/// Calls `f(expr_id)` for every direct sub-expression of `e`, in source
/// order, skipping absent ones.  The expressions of the declarations of a
/// `let` (clause bodies, bound expressions) count as sub-expressions; those
/// nested deeper in the let's declarations (module bodies, say) do not.
template <typename F>
void for_each_child(const script& s, const expr& e, F&& f) {
    auto call = [&](expr_id id) {
        if (id != none) f(id);
    };
    auto statements = [&](const std::vector<statement>& list) {
        for (const auto& st : list) call(st.expression);
    };
    std::visit(
        [&](const auto& n) {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, tuple> || std::is_same_v<T, set_enumeration> || std::is_same_v<T, closure> ||
                          std::is_same_v<T, seq_enumeration>) {
                for (expr_id x : n.elements) call(x);
            } else if constexpr (std::is_same_v<T, application>) {
                call(n.function);
                for (expr_id x : n.arguments) call(x);
            } else if constexpr (std::is_same_v<T, unary>) {
                call(n.operand);
            } else if constexpr (std::is_same_v<T, binary> || std::is_same_v<T, partial>) {
                call(n.lhs);
                call(n.rhs);
            } else if constexpr (std::is_same_v<T, if_then_else>) {
                call(n.condition);
                call(n.then_branch);
                call(n.else_branch);
            } else if constexpr (std::is_same_v<T, let_within>) {
                for (decl_id d : n.declarations) {
                    const auto& node = s.declaration(d).node;
                    if (const auto* fb = std::get_if<function_binding>(&node))
                        for (const auto& c : fb->clauses) call(c.body);
                    else if (const auto* pb = std::get_if<pattern_binding>(&node))
                        call(pb->body);
                }
                call(n.body);
            } else if constexpr (std::is_same_v<T, lambda>) {
                call(n.body);
            } else if constexpr (std::is_same_v<T, set_range> || std::is_same_v<T, seq_range>) {
                call(n.from);
                call(n.to);
                statements(n.statements);
            } else if constexpr (std::is_same_v<T, set_comprehension> || std::is_same_v<T, closure_comprehension> ||
                                 std::is_same_v<T, seq_comprehension>) {
                for (expr_id x : n.elements) call(x);
                statements(n.statements);
            } else if constexpr (std::is_same_v<T, map_literal>) {
                for (const auto& en : n.entries) {
                    call(en.key);
                    call(en.value);
                }
            } else if constexpr (std::is_same_v<T, prefix>) {
                call(n.event);
                for (const auto& fl : n.fields) {
                    call(fl.value);
                    call(fl.restriction);
                }
                call(n.body);
            } else if constexpr (std::is_same_v<T, generalised_parallel>) {
                call(n.lhs);
                call(n.sync);
                call(n.rhs);
            } else if constexpr (std::is_same_v<T, alphabetised_parallel>) {
                call(n.lhs);
                call(n.lhs_alpha);
                call(n.rhs_alpha);
                call(n.rhs);
            } else if constexpr (std::is_same_v<T, linked_parallel>) {
                call(n.lhs);
                for (const auto& t : n.ties) {
                    call(t.left);
                    call(t.right);
                }
                statements(n.statements);
                call(n.rhs);
            } else if constexpr (std::is_same_v<T, exception> || std::is_same_v<T, synchronising_external_choice> ||
                                 std::is_same_v<T, synchronising_interrupt>) {
                call(n.lhs);
                call(n.events);
                call(n.rhs);
            } else if constexpr (std::is_same_v<T, renaming>) {
                call(n.process);
                for (const auto& p : n.pairs) {
                    call(p.from);
                    call(p.to);
                }
                statements(n.statements);
            } else if constexpr (std::is_same_v<T, replicated>) {
                statements(n.statements);
                call(n.events);
                for (const auto& t : n.ties) {
                    call(t.left);
                    call(t.right);
                }
                call(n.body);
            }
        },
        e.node);
}

/// Calls `f(const variable_pattern&, const pattern&)` for every name in a
/// pattern, left to right (whether it binds or names a constructor is for
/// the caller to decide).  Iterative: no input depth reaches the stack.
template <typename F>
void for_each_pattern_name(const script& s, pat_id root, F&& f) {
    std::vector<pat_id> work{root};
    while (!work.empty()) {
        pat_id id = work.back();
        work.pop_back();
        const pattern& p = s.pat(id);
        std::visit(
            [&](const auto& n) {
                using T = std::decay_t<decltype(n)>;
                if constexpr (std::is_same_v<T, variable_pattern>) {
                    f(n, p);
                } else if constexpr (std::is_same_v<T, tuple_pattern> || std::is_same_v<T, seq_pattern> ||
                                     std::is_same_v<T, set_pattern>) {
                    work.insert(work.end(), n.elements.rbegin(), n.elements.rend());
                } else if constexpr (std::is_same_v<T, dot_pattern> || std::is_same_v<T, concat_pattern> ||
                                     std::is_same_v<T, double_pattern>) {
                    work.push_back(n.rhs);
                    work.push_back(n.lhs);
                }
            },
            p.node);
    }
}

}  // namespace cspgate::syntax::ast
