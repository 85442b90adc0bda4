// Modules and instances (FDR4 manual, "Modules").  A module's body is a scope
// whose declarations are bound lazily, like a `let`; `M::x` reaches an
// exported name.  A module without parameters is its own instance;
// `instance I = M(args)` binds the parameters and makes a new one.  Channels
// and datatypes of a module get constructors of their own per instance,
// named `I::c`.

#include "impl.hpp"

#include "cspgate/syntax/ast_walk.hpp"

#include <algorithm>

namespace cspgate::semantics {
namespace {

void exported_names(const script& s, const std::vector<decl_id>& ids, std::vector<std::string>& out) {
    for (decl_id id : ids) {
        std::visit(
            [&](const auto& n) {
                using T = std::decay_t<decltype(n)>;
                if constexpr (std::is_same_v<T, function_binding>) out.push_back(n.name.text);
                else if constexpr (std::is_same_v<T, channel_declaration>)
                    for (const auto& nm : n.names) out.push_back(nm.text);
                else if constexpr (std::is_same_v<T, datatype_declaration>) {
                    out.push_back(n.name.text);
                    for (const auto& c : n.clauses) out.push_back(c.name.text);
                } else if constexpr (std::is_same_v<T, nametype_declaration>) out.push_back(n.name.text);
                else if constexpr (std::is_same_v<T, include_declaration>) exported_names(s, n.declarations, out);
                else if constexpr (std::is_same_v<T, timed_section>) exported_names(s, n.declarations, out);
                else if constexpr (std::is_same_v<T, pattern_binding>) {
                    for_each_pattern_name(s, n.pattern, [&](const variable_pattern& v, const pattern&) { out.push_back(v.name.text); });
                } else if constexpr (std::is_same_v<T, module_declaration>) out.push_back(n.name.text);
            },
            s.declaration(id).node);
    }
}

}  // namespace

const module_instance* program::impl::instantiate(const module_declaration& m, const frame* parent,
                                                  const std::vector<value>& args, base::span where,
                                                  const std::string& prefix) {
    bindings params;
    if (m.parameters.size() != args.size())
        fail(where, "module '" + m.name.text + "' takes " + std::to_string(m.parameters.size()) + " arguments, not " +
                        std::to_string(args.size()));
    for (std::size_t i = 0; i < args.size(); ++i)
        if (!match(m.parameters[i], args[i], params, parent))
            fail(where, "the argument " + show(args[i]) + " does not match the module's parameter");
    const frame* param_frame = m.parameters.empty() ? parent : new_frame(parent, std::move(params));
    // The body: private and exported declarations share one lazy scope.
    m_module_decls.emplace_back(m.private_declarations);
    auto& all = m_module_decls.back();
    all.insert(all.end(), m.exported_declarations.begin(), m.exported_declarations.end());
    m_frames.push_back(frame{param_frame, {}, &all, {}, {}, {}, {}});
    frame& body = m_frames.back();
    ++m_cache_epoch;
    // Constructors, channels and nested modules of the body.
    for (decl_id id : all) {
        std::visit(
            [&](const auto& n) {
                using T = std::decay_t<decltype(n)>;
                auto add_constructor = [&](const located_name& name, bool channel, expr_id type) {
                    auto c = static_cast<std::uint32_t>(m_constructors.size());
                    constructor_info info;
                    info.name = prefix + name.text;
                    info.is_channel = channel;
                    m_constructors.push_back(std::move(info));
                    m_constructor_types.push_back(type);
                    m_constructor_types_ready.push_back(type == none);
                    long arity = type == none ? 0 : -1;
                    if (type != none && !channel) {
                        arity = 1;
                        for (expr_id e = type;;) {
                            const auto* b = std::get_if<binary>(&m_script.at(e).node);
                            if (!b || b->op != binary_op::dot) break;
                            ++arity;
                            e = b->rhs;
                        }
                    }
                    m_arity.push_back(arity);
                    m_constructor_env.push_back(&body);
                    if (channel) m_channels.push_back(c);
                    body.vars.emplace_back(name.text, make_data(c, {}));
                    body.constructors.push_back(name.text);
                };
                if constexpr (std::is_same_v<T, channel_declaration>) {
                    for (const auto& nm : n.names) add_constructor(nm, true, n.type);
                } else if constexpr (std::is_same_v<T, datatype_declaration>) {
                    for (const auto& c : n.clauses) add_constructor(c.name, false, c.type);
                } else if constexpr (std::is_same_v<T, module_declaration>) {
                    if (!n.has_parameters) body.modules.emplace(n.name.text, instantiate(n, &body, {}, n.name.where, prefix + n.name.text + "::"));
                } else if constexpr (std::is_same_v<T, instance_declaration>) {
                    (void)n;
                }
            },
            m_script.declaration(id).node);
    }
    m_modules.push_back(module_instance{&m, &body, {}});
    module_instance& inst = m_modules.back();
    exported_names(m_script, m.exported_declarations, inst.exported);
    return &inst;
}

const module_instance* program::impl::find_module(const std::string& name, const frame* env) const {
    for (const frame* f = env; f; f = f->parent)
        if (auto it = f->modules.find(name); it != f->modules.end()) return it->second;
    if (auto it = m_top_modules.find(name); it != m_top_modules.end()) return it->second;
    return nullptr;
}

bool program::impl::is_constructor_name(const std::string& name, const frame* env) const {
    for (const frame* f = env; f; f = f->parent) {
        for (const auto& c : f->constructors)
            if (c == name) return true;
        for (const auto& [n, v] : f->vars)
            if (n == name) return false;  // a local variable shadows
    }
    auto g = m_globals.find(name);
    return g != m_globals.end() && g->second.which == global::kind::constructor;
}

// `A::B::x`: module A (in scope), its exported module B, B's exported x.
value program::impl::lookup_qualified(const std::string& name, const frame* env, base::span where) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
        std::size_t at = name.find("::", start);
        parts.push_back(name.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + 2;
    }
    const module_instance* m = find_module(parts[0], env);
    if (!m) fail(where, "'" + parts[0] + "' is not a module or an instance");
    for (std::size_t i = 1; i + 1 < parts.size(); ++i) {
        auto it = m->body->modules.find(parts[i]);
        if (it == m->body->modules.end()) fail(where, "'" + parts[i] + "' is not a module exported by '" + parts[i - 1] + "'");
        m = it->second;
    }
    const std::string& last = parts.back();
    if (std::find(m->exported.begin(), m->exported.end(), last) == m->exported.end())
        fail(where, "'" + last + "' is not exported by '" + parts[parts.size() - 2] + "'");
    return lookup(last, m->body, where);
}

}  // namespace cspgate::semantics
