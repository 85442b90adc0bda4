// One dependency group of declarations: channels, datatypes, subtypes and
// nametypes get their types from the sets written in them; functions and
// pattern bindings are typed together, checked against their annotations,
// and generalised.  Also modules, instances and assertions.

#include "typecheck_impl.hpp"

namespace cspgate::semantics::detail {
namespace {

/// `A => B => … => result` for the fields A, B, ….
tid dotable_chain(type_store& ts, const std::vector<tid>& fields, tid result) {
    tid t = result;
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) t = ts.make(tkind::dotable, {*it, t});
    return t;
}

}  // namespace

// A placeholder type for every constructor and channel, and the types of
// datatype names, before anything else of the scope is typed.
void checker::declare_constructors(decl_id d, scope& env) {
    const auto& node = m_script.declaration(d).node;
    if (const auto* c = std::get_if<channel_declaration>(&node)) {
        for (const auto& nm : c->names) {
            env.names[nm.text] = binding{mono(m_types.fresh(m_level)), true};
            m_constructor_names[nm.text] = true;
        }
    } else if (const auto* dt = std::get_if<datatype_declaration>(&node)) {
        tid t = m_types.datatype(dt->name.text);
        m_datatype_names[dt->name.text] = t;
        env.names[dt->name.text] = binding{mono(m_types.set_of(t)), false};
        for (const auto& cl : dt->clauses) {
            env.names[cl.name.text] = binding{mono(m_types.fresh(m_level)), true};
            m_constructor_names[cl.name.text] = true;
        }
    } else if (const auto* nt = std::get_if<nametype_declaration>(&node)) {
        m_nametypes[nt->name.text] = nt->type;
    }
}

void checker::check_group(const std::vector<decl_id>& group, scope& env,
                          const std::unordered_map<std::string, const type_annotation*>& annotations) {
    ++m_level;
    // Monomorphic types for the group's own definitions while it is typed.
    std::vector<std::pair<decl_id, tid>> defs;
    std::vector<std::string> generalised;
    for (decl_id d : group) {
        const auto& node = m_script.declaration(d).node;
        if (const auto* f = std::get_if<function_binding>(&node)) {
            tid t = m_types.fresh(m_level);
            env.names[f->name.text] = binding{mono(t), false};
            defs.emplace_back(d, t);
            generalised.push_back(f->name.text);
        } else if (const auto* p = std::get_if<pattern_binding>(&node)) {
            defs.emplace_back(d, pattern(p->pattern, env));
            for (const auto& nm : defined_names(d, env)) generalised.push_back(nm);
        }
    }
    for (const auto& nm : generalised) {
        auto a = annotations.find(nm);
        if (a == annotations.end()) continue;
        std::map<std::string, tid> vars;
        tid t = annotation_type(*this, *a->second, vars);
        unify_or_report(t, env.names[nm].type.type, a->second->type != none ? m_script.type(a->second->type).where
                                                                             : m_script.declaration(group.front()).where);
    }
    for (decl_id d : group) {
        const auto& node = m_script.declaration(d).node;
        if (const auto* nt = std::get_if<nametype_declaration>(&node)) {
            tid el = type_expr_element(nt->type, env, 0);
            env.names[nt->name.text] = binding{mono(m_types.set_of(el)), false};
        } else if (const auto* c = std::get_if<channel_declaration>(&node)) {
            std::vector<tid> fields;
            if (c->type != none) fields = field_types(c->type, env);
            tid t = dotable_chain(m_types, fields, m_types.event_t());
            for (const auto& nm : c->names) unify_or_report(t, env.names[nm.text].type.type, nm.where);
        } else if (const auto* dt = std::get_if<datatype_declaration>(&node)) {
            tid self = m_types.datatype(dt->name.text);
            for (const auto& cl : dt->clauses) {
                std::vector<tid> fields;
                if (cl.type != none) fields = field_types(cl.type, env);
                unify_or_report(dotable_chain(m_types, fields, self), env.names[cl.name.text].type.type, cl.name.where);
            }
        } else if (const auto* st = std::get_if<subtype_declaration>(&node)) {
            tid element = m_types.unknown();
            for (const auto& cl : st->clauses) {
                if (cl.type != none) field_types(cl.type, env);
                const binding* b = env.find(cl.name.text);
                if (b && b->is_constructor) element = m_types.final_result(instantiate(b->type));
            }
            env.names[st->name.text] = binding{mono(m_types.set_of(element)), false};
        } else if (const auto* m = std::get_if<module_declaration>(&node)) {
            check_module(*m, env);
        } else if (const auto* i = std::get_if<instance_declaration>(&node)) {
            check_instance(*i, env);
        }
    }
    for (const auto& [d, t] : defs) {
        const auto& node = m_script.declaration(d).node;
        if (const auto* f = std::get_if<function_binding>(&node)) {
            for (const auto& cl : f->clauses) {
                scope local{&env, {}};
                std::vector<std::vector<tid>> lists;
                for (const auto& list : cl.parameters) {
                    lists.emplace_back();
                    for (pat_id p : list) lists.back().push_back(pattern(p, local));
                }
                tid ft = expr(cl.body, local);
                for (auto it = lists.rbegin(); it != lists.rend(); ++it) ft = m_types.function(*it, ft);
                unify_or_report(t, ft, cl.where);
            }
        } else if (const auto* p = std::get_if<pattern_binding>(&node)) {
            unify_or_report(t, expr(p->body, env), m_script.at(p->body).where);
        }
    }
    --m_level;
    for (const auto& nm : generalised) generalise(env.names[nm].type);
}

void checker::check_module(const module_declaration& m, scope& env) {
    ++m_level;
    scope local{&env, {}};
    for (pat_id p : m.parameters) pattern(p, local);
    std::vector<decl_id> all = m.private_declarations;
    all.insert(all.end(), m.exported_declarations.begin(), m.exported_declarations.end());
    check_declarations(all, local);
    --m_level;
    // The exported names (and the names inside exported modules) become
    // M::x, generic also in the module's parameters.
    std::unordered_map<std::string, bool> exported;
    for (decl_id d : m.exported_declarations)
        for (const auto& nm : defined_names(d, local)) exported[nm] = true;
    for (const auto& [name, b] : local.names) {
        if (!exported.count(name.substr(0, name.find("::")))) continue;
        binding out = b;
        out.type = scheme{b.type.type, m_level, true};
        env.names[m.name.text + "::" + name] = out;
    }
}

void checker::check_instance(const instance_declaration& i, scope& env) {
    for (expr_id a : i.arguments) expr(a, env);
    std::string prefix = i.module.text + "::";
    std::vector<std::pair<std::string, binding>> copies;
    for (const scope* s = &env; s; s = s->parent)
        for (const auto& [name, b] : s->names)
            if (name.compare(0, prefix.size(), prefix) == 0) copies.emplace_back(i.name.text + "::" + name.substr(prefix.size()), b);
    for (auto& [name, b] : copies) env.names.emplace(name, b);
}

void checker::check_assertion(const assertion& a, const scope& env) {
    tid proc = m_types.proc_t();
    expect(a.lhs, env, proc);
    if (a.rhs != none) {
        if (a.kind == assertion_kind::has_trace)
            expect(a.rhs, env, m_types.seq_of(m_types.event_t()));
        else if (a.kind == assertion_kind::causal_consistency || a.kind == assertion_kind::sequential_consistency)
            expr(a.rhs, env);  // a channel (with some fields), or (channel, root): checked when the assertion runs
        else
            expect(a.rhs, env, proc);
    }
    for (const auto& o : a.options)
        if (o.events != none) expect(o.events, env, m_types.set_of(m_types.event_t()));
}

}  // namespace cspgate::semantics::detail
