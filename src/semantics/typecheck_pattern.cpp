// Types of patterns, which bind their variables in a scope; generators and
// qualifiers of comprehensions and replicated operators; and the sets
// written as types in channel, datatype and nametype declarations.

#include "typecheck_impl.hpp"

namespace cspgate::semantics::detail {
namespace {

struct pattern_visitor {
    checker& c;
    scope& out;
    type_store& ts() { return c.m_types; }

    tid operator()(const wildcard_pattern&) { return ts().fresh(c.m_level); }
    tid operator()(const int_pattern&) { return ts().int_t(); }
    tid operator()(const bool_pattern&) { return ts().bool_t(); }
    tid operator()(const char_pattern&) { return ts().char_t(); }
    tid operator()(const string_pattern&) { return ts().seq_of(ts().char_t()); }
    tid operator()(const variable_pattern& v) {
        // A channel or constructor is matched; any other name is bound.
        const binding* b = out.find(v.name.text);
        if (b && b->is_constructor) return c.instantiate(b->type);
        if (v.name.is_qualified()) return ts().unknown();
        tid t = ts().fresh(c.m_level);
        out.names[v.name.text] = binding{c.mono(t), false};
        return t;
    }
    tid operator()(const tuple_pattern& p) {
        std::vector<tid> items;
        for (pat_id q : p.elements) items.push_back(c.pattern(q, out));
        return ts().make(tkind::tuple, std::move(items));
    }
    tid same(const std::vector<pat_id>& list) {
        tid e = ts().fresh(c.m_level);
        for (pat_id q : list) c.unify_or_report(e, c.pattern(q, out), c.m_script.pat(q).where);
        return e;
    }
    tid operator()(const seq_pattern& p) { return ts().seq_of(same(p.elements)); }
    tid operator()(const set_pattern& p) { return ts().set_of(same(p.elements)); }
    tid operator()(const concat_pattern& p) {
        tid s = ts().seq_of(ts().fresh(c.m_level));
        c.unify_or_report(s, c.pattern(p.lhs, out), c.m_script.pat(p.lhs).where);
        c.unify_or_report(s, c.pattern(p.rhs, out), c.m_script.pat(p.rhs).where);
        return s;
    }
    tid operator()(const double_pattern& p) {
        tid t = c.pattern(p.lhs, out);
        c.unify_or_report(t, c.pattern(p.rhs, out), c.m_script.pat(p.rhs).where);
        return t;
    }
    tid operator()(const dot_pattern& p) {
        std::vector<tid> types;
        std::vector<base::span> spans;
        types.push_back(c.pattern(p.lhs, out));
        for (pat_id q = p.rhs;;) {
            const auto* d = std::get_if<dot_pattern>(&c.m_script.pat(q).node);
            pat_id part = d ? d->lhs : q;
            types.push_back(c.pattern(part, out));
            spans.push_back(c.m_script.pat(part).where);
            if (!d) break;
            q = d->rhs;
        }
        tid head = types.front();
        types.erase(types.begin());
        return c.apply_dots(head, types, spans, true);
    }
};

}  // namespace

tid checker::pattern(pat_id p, scope& out) {
    const syntax::ast::pattern& pt = m_script.pat(p);
    depth_guard guard(*this, pt.where);
    if (!guard.ok) return m_types.unknown();
    return std::visit(pattern_visitor{*this, out}, pt.node);
}

void checker::statements(const std::vector<statement>& list, scope& out, collection how) {
    for (const statement& st : list) {
        if (st.pattern == none) {
            expect(st.expression, out, m_types.bool_t());
            continue;
        }
        tid coll = expr(st.expression, out);
        tid elem = m_types.fresh(m_level);
        tid r = m_types.resolve(coll);
        bool seq = m_types.kind(r) == tkind::seq ||
                   (m_types.kind(r) == tkind::var && (how == collection::seq || how == collection::either_seq));
        unify_or_report(seq ? m_types.seq_of(elem) : m_types.set_of(elem), coll, m_script.at(st.expression).where);
        unify_or_report(elem, pattern(st.pattern, out), m_script.pat(st.pattern).where);
    }
}

// In a channel or datatype declaration and a nametype, `(A, B)` is the set
// of pairs and `A.B` the set of dotted values; a name of a nametype stands
// for its definition.
tid checker::type_expr_element(expr_id e, const scope& env, std::uint32_t depth) {
    const syntax::ast::expr& x = m_script.at(e);
    if (depth > 64) return m_types.unknown();
    if (const auto* t = std::get_if<tuple>(&x.node)) {
        std::vector<tid> items;
        for (expr_id i : t->elements) items.push_back(type_expr_element(i, env, depth + 1));
        return m_types.make(tkind::tuple, std::move(items));
    }
    if (const auto* b = std::get_if<binary>(&x.node); b && b->op == binary_op::dot) {
        field_types(e, env);  // for its errors; a dotted value's type is not followed
        return m_types.unknown();
    }
    tid t = expr(e, env);
    tid r = m_types.resolve(t);
    if (m_types.kind(r) == tkind::set) return m_types.node(r).args[0];
    if (!m_types.is_free(r)) unify_or_report(m_types.set_of(m_types.fresh(m_level)), t, x.where);
    return m_types.unknown();
}

std::vector<tid> checker::field_types(expr_id type, const scope& env) {
    std::vector<tid> out;
    std::vector<std::pair<expr_id, std::uint32_t>> work{{type, 0}};
    while (!work.empty()) {
        auto [e, depth] = work.back();
        work.pop_back();
        const auto& node = m_script.at(e).node;
        if (const auto* b = std::get_if<binary>(&node); b && b->op == binary_op::dot) {
            work.push_back({b->rhs, depth});
            work.push_back({b->lhs, depth});
            continue;
        }
        if (const auto* v = std::get_if<variable>(&node); v && depth < 64) {
            auto it = m_nametypes.find(v->name.text);
            const binding* b = env.find(v->name.text);
            // A nametype for a dotted set stands for its fields (unless a
            // local name hides it).
            if (it != m_nametypes.end() && (!b || !b->is_constructor)) {
                const auto* body = std::get_if<binary>(&m_script.at(it->second).node);
                if (body && body->op == binary_op::dot) {
                    work.push_back({it->second, depth + 1});
                    continue;
                }
            }
        }
        out.push_back(type_expr_element(e, env, 0));
    }
    return out;
}

}  // namespace cspgate::semantics::detail
