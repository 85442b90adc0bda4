// Declarations in dependency order: the definitions of a scope are split
// into strongly connected components of the "mentions" graph (Tarjan, "Depth-
// first search and linear graph algorithms", 1972, here with an explicit
// stack), and each component is typed and then generalised in turn, so that
// a definition is polymorphic in the definitions that use it.

#include "typecheck_impl.hpp"

#include "cspgate/syntax/ast_walk.hpp"

#include <algorithm>

namespace cspgate::semantics::detail {
namespace {

/// The declarations of a list with includes and timed sections opened.
std::vector<decl_id> flatten(const script& s, const std::vector<decl_id>& in) {
    std::vector<decl_id> out;
    std::vector<decl_id> work(in.rbegin(), in.rend());
    while (!work.empty()) {
        decl_id d = work.back();
        work.pop_back();
        const auto& node = s.declaration(d).node;
        if (const auto* inc = std::get_if<include_declaration>(&node))
            work.insert(work.end(), inc->declarations.rbegin(), inc->declarations.rend());
        else if (const auto* t = std::get_if<timed_section>(&node))
            work.insert(work.end(), t->declarations.rbegin(), t->declarations.rend());
        else
            out.push_back(d);
    }
    return out;
}

/// Strongly connected components in dependency order (a component comes
/// after every component it mentions), by Tarjan's algorithm.
std::vector<std::vector<std::size_t>> components(const std::vector<std::vector<std::size_t>>& edges) {
    const std::size_t n = edges.size(), unvisited = static_cast<std::size_t>(-1);
    std::vector<std::size_t> index(n, unvisited), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    std::vector<std::vector<std::size_t>> out;
    std::size_t counter = 0;
    struct frame { std::size_t v; std::size_t next; };
    for (std::size_t root = 0; root < n; ++root) {
        if (index[root] != unvisited) continue;
        std::vector<frame> calls{{root, 0}};
        index[root] = low[root] = counter++;
        stack.push_back(root);
        on_stack[root] = true;
        while (!calls.empty()) {
            frame& f = calls.back();
            if (f.next < edges[f.v].size()) {
                std::size_t w = edges[f.v][f.next++];
                if (index[w] == unvisited) {
                    index[w] = low[w] = counter++;
                    stack.push_back(w);
                    on_stack[w] = true;
                    calls.push_back({w, 0});
                } else if (on_stack[w]) {
                    low[f.v] = std::min(low[f.v], index[w]);
                }
                continue;
            }
            std::size_t v = f.v;
            calls.pop_back();
            if (!calls.empty()) low[calls.back().v] = std::min(low[calls.back().v], low[v]);
            if (low[v] != index[v]) continue;
            std::vector<std::size_t> group;
            std::size_t w;
            do {
                w = stack.back();
                stack.pop_back();
                on_stack[w] = false;
                group.push_back(w);
            } while (w != v);
            std::sort(group.begin(), group.end());
            out.push_back(std::move(group));
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> checker::defined_names(decl_id d, const scope& env) const {
    std::vector<std::string> out;
    std::visit(
        [&](const auto& n) {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, function_binding>) {
                out.push_back(n.name.text);
            } else if constexpr (std::is_same_v<T, pattern_binding>) {
                for_each_pattern_name(m_script, n.pattern, [&](const variable_pattern& v, const syntax::ast::pattern&) {
                    const binding* b = env.find(v.name.text);
                    if (!(b && b->is_constructor)) out.push_back(v.name.text);
                });
            } else if constexpr (std::is_same_v<T, channel_declaration>) {
                for (const auto& nm : n.names) out.push_back(nm.text);
            } else if constexpr (std::is_same_v<T, datatype_declaration>) {
                out.push_back(n.name.text);
                for (const auto& c : n.clauses) out.push_back(c.name.text);
            } else if constexpr (std::is_same_v<T, subtype_declaration> || std::is_same_v<T, nametype_declaration> ||
                                 std::is_same_v<T, module_declaration> || std::is_same_v<T, instance_declaration>) {
                out.push_back(n.name.text);
            }
        },
        m_script.declaration(d).node);
    return out;
}

std::vector<std::string> checker::mentioned_names(decl_id root) const {
    std::vector<std::string> out;
    std::vector<expr_id> exprs;
    std::vector<pat_id> pats;
    std::vector<decl_id> decls{root};
    std::vector<std::string> local_functions;
    auto statements = [&](const std::vector<statement>& list) {
        for (const auto& st : list)
            if (st.pattern != none) pats.push_back(st.pattern);
    };
    while (!decls.empty() || !exprs.empty()) {
        if (!decls.empty()) {
            decl_id d = decls.back();
            decls.pop_back();
            std::visit(
                [&](const auto& n) {
                    using T = std::decay_t<decltype(n)>;
                    if constexpr (std::is_same_v<T, function_binding>) {
                        if (d != root) local_functions.push_back(n.name.text);
                        for (const auto& c : n.clauses) {
                            for (const auto& list : c.parameters) pats.insert(pats.end(), list.begin(), list.end());
                            exprs.push_back(c.body);
                        }
                    } else if constexpr (std::is_same_v<T, pattern_binding>) {
                        pats.push_back(n.pattern);
                        exprs.push_back(n.body);
                    } else if constexpr (std::is_same_v<T, channel_declaration> || std::is_same_v<T, nametype_declaration>) {
                        if (n.type != none) exprs.push_back(n.type);
                    } else if constexpr (std::is_same_v<T, datatype_declaration> || std::is_same_v<T, subtype_declaration>) {
                        for (const auto& c : n.clauses) {
                            if (c.type != none) exprs.push_back(c.type);
                            if constexpr (std::is_same_v<T, subtype_declaration>) out.push_back(c.name.text);
                        }
                    } else if constexpr (std::is_same_v<T, module_declaration>) {
                        pats.insert(pats.end(), n.parameters.begin(), n.parameters.end());
                        decls.insert(decls.end(), n.private_declarations.begin(), n.private_declarations.end());
                        decls.insert(decls.end(), n.exported_declarations.begin(), n.exported_declarations.end());
                    } else if constexpr (std::is_same_v<T, instance_declaration>) {
                        out.push_back(n.module.text);
                        exprs.insert(exprs.end(), n.arguments.begin(), n.arguments.end());
                    } else if constexpr (std::is_same_v<T, include_declaration> || std::is_same_v<T, timed_section>) {
                        decls.insert(decls.end(), n.declarations.begin(), n.declarations.end());
                    }
                },
                m_script.declaration(d).node);
            continue;
        }
        expr_id e = exprs.back();
        exprs.pop_back();
        const syntax::ast::expr& x = m_script.at(e);
        if (const auto* v = std::get_if<variable>(&x.node)) out.push_back(v->name.text);
        if (const auto* l = std::get_if<let_within>(&x.node)) decls.insert(decls.end(), l->declarations.begin(), l->declarations.end());
        if (const auto* l = std::get_if<lambda>(&x.node)) pats.insert(pats.end(), l->parameters.begin(), l->parameters.end());
        if (const auto* p = std::get_if<prefix>(&x.node))
            for (const auto& f : p->fields)
                if (f.pattern != none) pats.push_back(f.pattern);
        std::visit(
            [&](const auto& n) {
                if constexpr (requires { n.statements; }) statements(n.statements);
            },
            x.node);
        for_each_child(m_script, x, [&](expr_id c) { exprs.push_back(c); });
    }
    // Names bound inside the declaration (parameters, generators, local
    // definitions) are not dependencies: a parameter x must not tie f to a
    // top-level x.  Constructors in patterns are.
    std::unordered_map<std::string, bool> bound;
    for (pat_id p : pats)
        for_each_pattern_name(m_script, p, [&](const variable_pattern& v, const syntax::ast::pattern&) {
            if (m_constructor_names.count(v.name.text)) out.push_back(v.name.text);
            else bound[v.name.text] = true;
        });
    for (const auto& name : local_functions) bound[name] = true;
    std::erase_if(out, [&](const std::string& n) { return bound.count(n) > 0; });
    return out;
}

void checker::check_declarations(const std::vector<decl_id>& decls, scope& env) {
    std::vector<decl_id> all = flatten(m_script, decls);
    // Constructors, channels and datatype names first: patterns anywhere
    // must see them, whatever the order of the declarations.
    for (decl_id d : all) declare_constructors(d, env);
    std::unordered_map<std::string, const type_annotation*> annotations;
    std::vector<decl_id> nodes;
    std::unordered_map<std::string, std::size_t> definer;
    for (decl_id d : all) {
        const auto& node = m_script.declaration(d).node;
        if (const auto* a = std::get_if<type_annotation>(&node)) {
            for (const auto& nm : a->names) annotations[nm.text] = a;
            continue;
        }
        std::vector<std::string> names = defined_names(d, env);
        if (names.empty() && !std::holds_alternative<pattern_binding>(node)) continue;
        for (const auto& nm : names) definer.emplace(nm, nodes.size());
        nodes.push_back(d);
    }
    std::vector<std::vector<std::size_t>> edges(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        for (std::string nm : mentioned_names(nodes[i])) {
            if (auto cut = nm.find("::"); cut != std::string::npos) nm = nm.substr(0, cut);
            auto it = definer.find(nm);
            if (it != definer.end()) edges[i].push_back(it->second);
        }
    }
    for (const auto& group : components(edges)) {
        std::vector<decl_id> ids;
        for (std::size_t i : group) ids.push_back(nodes[i]);
        check_group(ids, env, annotations);
    }
    for (decl_id d : all) {
        const auto& node = m_script.declaration(d).node;
        if (const auto* a = std::get_if<assertion>(&node)) check_assertion(*a, env);
        if (const auto* p = std::get_if<print_declaration>(&node)) expr(p->expression, env);
    }
}

}  // namespace cspgate::semantics::detail
