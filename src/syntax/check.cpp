// Checks on a parsed script that the grammar does not express, as libcspm's
// parser makes them:
//  - which declarations may stand where: a `let` holds only definitions,
//    type annotations, `external` and `transparent`; a module holds no
//    assertion and no `print`;
//  - a type annotation names something defined beside it, once, and its
//    class constraints name FDR's type classes;
//  - `_`, the fields `?x !e $x`, `x : S` and `p @@ q` appear only where a
//    pattern, a prefix or a generator allows them.
// Every walk uses an explicit stack, so no input depth can exhaust the stack.

#include "check.hpp"

#include "cspgate/syntax/ast_walk.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace cspgate::syntax {
namespace {

using namespace ast;

enum class where_kind { top, let, module };

const char* kind_name(const decl_variant& node) {
    switch (node.index()) {
    case 2: return "a channel declaration";
    case 3: return "a datatype declaration";
    case 4: return "a subtype declaration";
    case 5: return "a nametype declaration";
    case 8: return "an assertion";
    case 9: return "an include";
    case 10: return "a module";
    case 11: return "an instance";
    case 13: return "a print statement";
    default: return "this declaration";
    }
}

class checker {
public:
    checker(const script& s, base::diagnostics& sink) : m_s(s), m_sink(sink) {}

    void run() {
        check_list(m_s.top, where_kind::top);
        walk_expressions();
    }

private:
    // Declarations -------------------------------------------------------

    void check_list(const std::vector<decl_id>& ids, where_kind where) {
        // A declaration list, with the lists of Timed sections and includes
        // flattened into it (they share its scope).
        std::vector<decl_id> flat;
        std::vector<decl_id> work(ids.rbegin(), ids.rend());
        while (!work.empty()) {
            decl_id id = work.back();
            work.pop_back();
            const decl& d = m_s.declaration(id);
            flat.push_back(id);
            if (const auto* t = std::get_if<timed_section>(&d.node)) {
                if (t->time_function != none) m_roots.push_back(t->time_function);
                for (decl_id inner : t->declarations)
                    if (std::holds_alternative<print_declaration>(m_s.declaration(inner).node))
                        m_sink.error(m_s.declaration(inner).where, "a print statement is not allowed inside a Timed section");
                work.insert(work.end(), t->declarations.rbegin(), t->declarations.rend());
            } else if (const auto* inc = std::get_if<include_declaration>(&d.node)) {
                work.insert(work.end(), inc->declarations.rbegin(), inc->declarations.rend());
            }
        }
        for (decl_id id : flat) check_placement(id, where);
        check_annotations(flat);
    }

    void check_placement(decl_id id, where_kind where) {
        const decl& d = m_s.declaration(id);
        const auto& n = d.node;
        if (where == where_kind::let) {
            bool allowed = std::holds_alternative<function_binding>(n) || std::holds_alternative<pattern_binding>(n) ||
                           std::holds_alternative<type_annotation>(n) || std::holds_alternative<external_declaration>(n) ||
                           std::holds_alternative<transparent_declaration>(n) || std::holds_alternative<timed_section>(n) ||
                           std::holds_alternative<include_declaration>(n);
            if (!allowed) m_sink.error(d.where, std::string(kind_name(n)) + " is not allowed inside 'let'");
        }
        if (where == where_kind::module &&
            (std::holds_alternative<assertion>(n) || std::holds_alternative<print_declaration>(n)))
            m_sink.error(d.where, std::string(kind_name(n)) + " is not allowed inside a module");
        collect_roots(id, where);
    }

    // The expressions of a declaration, and nested declaration lists.
    void collect_roots(decl_id id, where_kind where) {
        const decl& d = m_s.declaration(id);
        std::visit(
            [&](const auto& n) {
                using T = std::decay_t<decltype(n)>;
                if constexpr (std::is_same_v<T, function_binding>) {
                    for (const auto& c : n.clauses) m_roots.push_back(c.body);
                } else if constexpr (std::is_same_v<T, pattern_binding>) {
                    m_roots.push_back(n.body);
                } else if constexpr (std::is_same_v<T, channel_declaration> || std::is_same_v<T, nametype_declaration>) {
                    if (n.type != none) m_roots.push_back(n.type);
                } else if constexpr (std::is_same_v<T, datatype_declaration> || std::is_same_v<T, subtype_declaration>) {
                    for (const auto& c : n.clauses)
                        if (c.type != none) m_roots.push_back(c.type);
                } else if constexpr (std::is_same_v<T, assertion>) {
                    m_roots.push_back(n.lhs);
                    if (n.rhs != none) m_roots.push_back(n.rhs);
                    for (const auto& o : n.options)
                        if (o.events != none) m_roots.push_back(o.events);
                } else if constexpr (std::is_same_v<T, module_declaration>) {
                    check_list(n.private_declarations, where_kind::module);
                    check_list(n.exported_declarations, where_kind::module);
                } else if constexpr (std::is_same_v<T, instance_declaration>) {
                    for (expr_id e : n.arguments) m_roots.push_back(e);
                } else if constexpr (std::is_same_v<T, print_declaration>) {
                    m_roots.push_back(n.expression);
                }
            },
            d.node);
        (void)where;
    }

    void check_annotations(const std::vector<decl_id>& flat) {
        bool any = std::any_of(flat.begin(), flat.end(), [&](decl_id id) {
            return std::holds_alternative<type_annotation>(m_s.declaration(id).node);
        });
        if (!any) return;
        std::set<std::string> defined;
        for (decl_id id : flat) {
            const auto& n = m_s.declaration(id).node;
            if (const auto* f = std::get_if<function_binding>(&n)) defined.insert(f->name.text);
            if (const auto* p = std::get_if<pattern_binding>(&n)) add_pattern_names(p->pattern, defined);
            if (const auto* c = std::get_if<channel_declaration>(&n))
                for (const auto& name : c->names) defined.insert(name.text);
            if (const auto* dt = std::get_if<datatype_declaration>(&n))
                for (const auto& c : dt->clauses) defined.insert(c.name.text);
            if (const auto* st = std::get_if<subtype_declaration>(&n))
                for (const auto& c : st->clauses) defined.insert(c.name.text);
        }
        static const std::set<std::string> classes{"Eq", "Ord", "Set", "Inputable", "Yieldable", "Complete"};
        std::map<std::string, base::span> seen;
        for (decl_id id : flat) {
            const auto* a = std::get_if<type_annotation>(&m_s.declaration(id).node);
            if (!a) continue;
            for (const auto& c : a->constraints)
                if (!classes.count(c.class_name.text))
                    m_sink.error(c.class_name.where, "unknown type class '" + c.class_name.text +
                                                         "'; FDR's classes are Eq, Ord, Set, Inputable, Yieldable and Complete");
            for (const auto& name : a->names) {
                if (auto it = seen.find(name.text); it != seen.end()) {
                    base::diagnostic d;
                    d.where = name.where;
                    d.message = "'" + name.text + "' already has a type annotation";
                    d.notes.push_back(base::note{it->second, "the first annotation is here"});
                    m_sink.report(std::move(d));
                    continue;
                }
                seen.emplace(name.text, name.where);
                if (!defined.count(name.text))
                    m_sink.error(name.where, "type annotation for '" + name.text +
                                                 "', which is not defined in the same scope");
            }
        }
    }

    void add_pattern_names(pat_id root, std::set<std::string>& out) const {
        for_each_pattern_name(m_s, root, [&](const variable_pattern& v, const pattern&) {
            if (!v.name.is_qualified()) out.insert(v.name.text);
        });
    }

    // Expressions ----------------------------------------------------------

    void push_statements(const std::vector<statement>& stmts, std::vector<expr_id>& work) {
        for (const auto& s : stmts) work.push_back(s.expression);
    }

    void walk_expressions() {
        std::vector<expr_id> work = m_roots;
        std::vector<bool> visited(m_s.exprs.size(), false);
        while (!work.empty()) {
            expr_id e = work.back();
            work.pop_back();
            if (e == none || visited[e]) continue;
            visited[e] = true;
            const expr& x = m_s.at(e);
            std::visit(
                [&](const auto& n) {
                    using T = std::decay_t<decltype(n)>;
                    if constexpr (std::is_same_v<T, variable>) {
                        if (n.name.text == "_")
                            m_sink.error(x.where, "'_' can only be used in a pattern");
                    } else if constexpr (std::is_same_v<T, partial>) {
                        report_partial(n, x.where);
                        work.push_back(n.lhs);
                        work.push_back(n.rhs);
                    } else if constexpr (std::is_same_v<T, tuple> || std::is_same_v<T, set_enumeration> ||
                                         std::is_same_v<T, closure> || std::is_same_v<T, seq_enumeration>) {
                        work.insert(work.end(), n.elements.begin(), n.elements.end());
                    } else if constexpr (std::is_same_v<T, application>) {
                        work.push_back(n.function);
                        work.insert(work.end(), n.arguments.begin(), n.arguments.end());
                    } else if constexpr (std::is_same_v<T, unary>) {
                        work.push_back(n.operand);
                    } else if constexpr (std::is_same_v<T, binary>) {
                        work.push_back(n.lhs);
                        work.push_back(n.rhs);
                    } else if constexpr (std::is_same_v<T, if_then_else>) {
                        work.insert(work.end(), {n.condition, n.then_branch, n.else_branch});
                    } else if constexpr (std::is_same_v<T, let_within>) {
                        std::vector<expr_id> saved;
                        saved.swap(m_roots);
                        check_list(n.declarations, where_kind::let);
                        work.insert(work.end(), m_roots.begin(), m_roots.end());
                        m_roots.swap(saved);
                        work.push_back(n.body);
                    } else if constexpr (std::is_same_v<T, lambda>) {
                        work.push_back(n.body);
                    } else if constexpr (std::is_same_v<T, set_range> || std::is_same_v<T, seq_range>) {
                        work.push_back(n.from);
                        work.push_back(n.to);
                        push_statements(n.statements, work);
                    } else if constexpr (std::is_same_v<T, set_comprehension> || std::is_same_v<T, closure_comprehension> ||
                                         std::is_same_v<T, seq_comprehension>) {
                        work.insert(work.end(), n.elements.begin(), n.elements.end());
                        push_statements(n.statements, work);
                    } else if constexpr (std::is_same_v<T, map_literal>) {
                        for (const auto& en : n.entries) work.insert(work.end(), {en.key, en.value});
                    } else if constexpr (std::is_same_v<T, prefix>) {
                        work.push_back(n.event);
                        for (const auto& f : n.fields) work.insert(work.end(), {f.value, f.restriction});
                        work.push_back(n.body);
                    } else if constexpr (std::is_same_v<T, generalised_parallel>) {
                        work.insert(work.end(), {n.lhs, n.sync, n.rhs});
                    } else if constexpr (std::is_same_v<T, alphabetised_parallel>) {
                        work.insert(work.end(), {n.lhs, n.lhs_alpha, n.rhs_alpha, n.rhs});
                    } else if constexpr (std::is_same_v<T, linked_parallel>) {
                        work.insert(work.end(), {n.lhs, n.rhs});
                        for (const auto& t : n.ties) work.insert(work.end(), {t.left, t.right});
                        push_statements(n.statements, work);
                    } else if constexpr (std::is_same_v<T, exception> || std::is_same_v<T, synchronising_external_choice> ||
                                         std::is_same_v<T, synchronising_interrupt>) {
                        work.insert(work.end(), {n.lhs, n.events, n.rhs});
                    } else if constexpr (std::is_same_v<T, renaming>) {
                        work.push_back(n.process);
                        for (const auto& p : n.pairs) work.insert(work.end(), {p.from, p.to});
                        push_statements(n.statements, work);
                    } else if constexpr (std::is_same_v<T, replicated>) {
                        push_statements(n.statements, work);
                        work.push_back(n.events);
                        for (const auto& t : n.ties) work.insert(work.end(), {t.left, t.right});
                        work.push_back(n.body);
                    }
                },
                x.node);
        }
    }

    void report_partial(const partial& p, base::span where) {
        switch (p.which) {
        case partial::kind::input:
        case partial::kind::output:
        case partial::kind::nondeterministic_input:
            m_sink.error(where, "a communication field ('?x', '!e' or '$x') can only appear in a prefix, before '->'");
            break;
        case partial::kind::restriction:
            m_sink.error(where, "':' can only appear in a generator 'x : S' or an input '?x : S'");
            break;
        case partial::kind::double_pattern:
            m_sink.error(where, "'@@' can only appear in a pattern");
            break;
        }
    }

    const script& m_s;
    base::diagnostics& m_sink;
    std::vector<expr_id> m_roots;
};

}  // namespace

// Children are always created before their parents, so one pass in arena
// order computes every node's depth.
bool check_depth(const script& s, base::diagnostics& sink, std::uint32_t limit, expr_id first, expr_id last) {
    std::vector<std::uint32_t> depth(last - first, 1);
    for (expr_id e = first; e < last; ++e) {
        std::uint32_t d = 1;
        for_each_child(s, s.exprs[e], [&](expr_id c) {
            if (c >= first && c < e) d = std::max(d, depth[c - first] + 1);
        });
        depth[e - first] = d;
        if (d > limit) {
            sink.error(s.exprs[e].where, "expression nested too deeply (more than " + std::to_string(limit) +
                                             " levels; split it into several definitions)");
            return false;
        }
    }
    return true;
}

void check_script(const script& s, base::diagnostics& sink, const base::limits&) { checker(s, sink).run(); }

}  // namespace cspgate::syntax
