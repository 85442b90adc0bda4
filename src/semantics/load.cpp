// Loading a script: constructors, channels, and lazy top-level bindings.

#include "impl.hpp"

#include "cspgate/semantics/typecheck.hpp"
#include "cspgate/syntax/ast_walk.hpp"

namespace cspgate::semantics {
namespace {

struct loader {
    program::impl& p;
    base::diagnostics& sink;
    std::vector<decl_id> modules;  // modules and instances, bound once all else is declared

    void add_global(const located_name& name, global g) {
        if (p.m_globals.count(name.text)) {
            sink.error(name.where, "'" + name.text + "' is defined more than once at the top level");
            return;
        }
        p.m_globals.emplace(name.text, g);
    }

    std::uint32_t add_constructor(const located_name& name, bool channel, expr_id type) {
        auto id = static_cast<std::uint32_t>(p.m_constructors.size());
        constructor_info info;
        info.name = name.text;
        info.is_channel = channel;
        p.m_constructors.push_back(std::move(info));
        p.m_constructor_types.push_back(type);
        p.m_constructor_types_ready.push_back(type == none);
        // A datatype clause's fields are the components of its dotted type,
        // counted without evaluating them (the type may be the datatype
        // itself); a channel's type may be a name for a dotted type, so its
        // arity waits for evaluation.
        long arity = -1;
        if (type == none) {
            arity = 0;
        } else if (!channel) {
            arity = 1;
            for (expr_id e = type;;) {
                const auto* b = std::get_if<binary>(&p.m_script.at(e).node);
                if (!b || b->op != binary_op::dot) break;
                ++arity;
                e = b->rhs;
            }
        }
        p.m_arity.push_back(arity);
        global g;
        g.which = global::kind::constructor;
        g.constructor = id;
        add_global(name, g);
        if (channel) p.m_channels.push_back(id);
        return id;
    }

    void pattern_names(pat_id root, std::vector<located_name>& out) {
        for_each_pattern_name(p.m_script, root, [&](const variable_pattern& v, const pattern& pt) {
            out.push_back(located_name{v.name.text, pt.where});
        });
    }

    void declare(const std::vector<decl_id>& ids) {
        for (decl_id id : ids) {
            const decl& d = p.m_script.declaration(id);
            std::visit(
                [&](const auto& n) {
                    using T = std::decay_t<decltype(n)>;
                    if constexpr (std::is_same_v<T, function_binding>) {
                        global g;
                        g.declaration = id;
                        add_global(n.name, g);
                        p.m_definitions.push_back(n.name.text);
                    } else if constexpr (std::is_same_v<T, pattern_binding>) {
                        p.m_thunks.push_back(thunk{&n, thunk::state::fresh, {}});
                        std::vector<located_name> names;
                        pattern_names(n.pattern, names);
                        for (const auto& nm : names) {
                            // A name that is a constructor is matched, not bound.
                            auto it = p.m_globals.find(nm.text);
                            if (it != p.m_globals.end() && it->second.which == global::kind::constructor) continue;
                            global g;
                            g.which = global::kind::pattern_variable;
                            g.thunk = p.m_thunks.size() - 1;
                            g.declaration = id;
                            add_global(nm, g);
                            p.m_definitions.push_back(nm.text);
                        }
                    } else if constexpr (std::is_same_v<T, channel_declaration>) {
                        for (const auto& nm : n.names) add_constructor(nm, true, n.type);
                    } else if constexpr (std::is_same_v<T, datatype_declaration>) {
                        for (const auto& c : n.clauses) add_constructor(c.name, false, c.type);
                        global g;
                        g.which = global::kind::type_set;
                        g.declaration = id;
                        add_global(n.name, g);
                    } else if constexpr (std::is_same_v<T, subtype_declaration>) {
                        global g;
                        g.which = global::kind::type_set;
                        g.declaration = id;
                        add_global(n.name, g);
                    } else if constexpr (std::is_same_v<T, nametype_declaration>) {
                        global g;
                        g.which = global::kind::nametype;
                        g.declaration = id;
                        add_global(n.name, g);
                    } else if constexpr (std::is_same_v<T, include_declaration>) {
                        declare(n.declarations);
                    } else if constexpr (std::is_same_v<T, timed_section>) {
                        declare(n.declarations);
                    } else if constexpr (std::is_same_v<T, print_declaration>) {
                        p.m_prints.push_back(n.expression);
                    } else if constexpr (std::is_same_v<T, module_declaration>) {
                        modules.push_back(id);
                    } else if constexpr (std::is_same_v<T, instance_declaration>) {
                        modules.push_back(id);
                    }
                },
                d.node);
        }
    }
};

}  // namespace

void program::impl::load(base::diagnostics& sink) {
    // Type errors are reported when a file is loaded, before anything runs.
    if (!typecheck(m_script, sink)) return;
    loader l{*this, sink, {}};
    l.declare(m_script.top);
    m_constructor_env.assign(m_constructors.size(), nullptr);
    // Modules without parameters are their own instances; instances bind
    // their arguments now (they are evaluated in the top-level scope).
    for (decl_id id : l.modules) {
        const decl& d = m_script.declaration(id);
        try {
            if (const auto* m = std::get_if<module_declaration>(&d.node)) {
                if (!m->has_parameters) m_top_modules.emplace(m->name.text, instantiate(*m, nullptr, {}, d.where, m->name.text + "::"));
            } else if (const auto* inst = std::get_if<instance_declaration>(&d.node)) {
                // The module named may itself be qualified (`X1::N`).
                std::string target = inst->module.text;
                const module_declaration* decl_of = nullptr;
                const frame* parent = nullptr;
                std::size_t cut = target.rfind("::");
                if (cut == std::string::npos) {
                    for (decl_id other : m_script.top)
                        if (const auto* m = std::get_if<module_declaration>(&m_script.declaration(other).node);
                            m && m->name.text == target)
                            decl_of = m;
                } else {
                    const module_instance* outer = find_module(target.substr(0, target.find("::")), nullptr);
                    if (outer) {
                        for (decl_id other : outer->declaration->exported_declarations)
                            if (const auto* m = std::get_if<module_declaration>(&m_script.declaration(other).node);
                                m && m->name.text == target.substr(cut + 2)) {
                                decl_of = m;
                                parent = outer->body;
                            }
                    }
                }
                if (!decl_of) {
                    sink.error(inst->module_where, "'" + target + "' is not a module");
                    continue;
                }
                std::vector<value> args;
                for (expr_id a : inst->arguments) args.push_back(eval(a, nullptr));
                m_top_modules.emplace(inst->name.text, instantiate(*decl_of, parent, args, d.where, inst->name.text + "::"));
            }
        } catch (const eval_error& e) {
            sink.error(e.where, e.message);
        }
    }
}

}  // namespace cspgate::semantics
