// Types of process expressions: prefixes with their ?, ! and $ fields, the
// binary and parallel operators, renaming, and the replicated operators.
// Every process side is Proc; every synchronisation set, alphabet, hidden or
// interface set is a set of events.

#include "typecheck_impl.hpp"

namespace cspgate::semantics::detail {
namespace {

struct process_visitor {
    checker& c;
    expr_id id;
    const scope& env;
    type_store& ts() { return c.m_types; }
    tid proc() { return ts().proc_t(); }
    tid events() { return ts().set_of(ts().event_t()); }

    tid operator()(const binary& b) {
        switch (b.op) {
        case binary_op::hiding: case binary_op::project:
            c.expect(b.lhs, env, proc());
            c.expect(b.rhs, env, events());
            break;
        case binary_op::guard:
            c.expect(b.lhs, env, ts().bool_t());
            c.expect(b.rhs, env, proc());
            break;
        default:
            c.expect(b.lhs, env, proc());
            c.expect(b.rhs, env, proc());
        }
        return proc();
    }
    tid operator()(const prefix& p) { return c.prefix_expr(p, env); }
    tid operator()(const generalised_parallel& g) { return sides(g.lhs, g.sync, g.rhs, env); }
    tid operator()(const exception& g) { return sides(g.lhs, g.events, g.rhs, env); }
    tid operator()(const synchronising_external_choice& g) { return sides(g.lhs, g.events, g.rhs, env); }
    tid operator()(const synchronising_interrupt& g) { return sides(g.lhs, g.events, g.rhs, env); }
    tid operator()(const alphabetised_parallel& a) {
        c.expect(a.lhs_alpha, env, events());
        c.expect(a.rhs_alpha, env, events());
        c.expect(a.lhs, env, proc());
        c.expect(a.rhs, env, proc());
        return proc();
    }
    tid sides(expr_id lhs, expr_id set, expr_id rhs, const scope& s) {
        c.expect(lhs, s, proc());
        c.expect(set, s, events());
        c.expect(rhs, s, proc());
        return proc();
    }
    // `a <-> b` and `a <- b`: both sides name events, or channels with the
    // same fields.
    void same_yield(expr_id a, expr_id b, const scope& s) {
        tid ta = c.expr(a, s);
        c.expect(b, s, ta);
    }
    tid operator()(const linked_parallel& l) {
        c.expect(l.lhs, env, proc());
        c.expect(l.rhs, env, proc());
        scope local{&env, {}};
        c.statements(l.statements, local, collection::either_set);
        for (const auto& t : l.ties) same_yield(t.left, t.right, local);
        return proc();
    }
    tid operator()(const renaming& r) {
        c.expect(r.process, env, proc());
        scope local{&env, {}};
        c.statements(r.statements, local, collection::either_set);
        for (const auto& p : r.pairs) same_yield(p.from, p.to, local);
        return proc();
    }
    tid operator()(const replicated& r) {
        // Replicated sequential composition and linked parallel run over
        // sequences; the others over sets.
        bool over_seq = r.op == replicated_op::sequential || r.op == replicated_op::linked_parallel;
        scope local{&env, {}};
        c.statements(r.statements, local, over_seq ? collection::either_seq : collection::either_set);
        if (r.events != none) c.expect(r.events, local, events());
        for (const auto& t : r.ties) same_yield(t.left, t.right, local);
        c.expect(r.body, local, proc());
        return proc();
    }
    template <typename T>
    tid operator()(const T&) {
        return ts().unknown();
    }
};

}  // namespace

tid checker::process_expr(expr_id id, const expr_variant& n, const scope& env) {
    return std::visit(process_visitor{*this, id, env}, n);
}

// `c?x!y$z:S -> P`: each field takes the next field of the channel's type;
// an input pattern `x.y` of plain variables takes one field per part; the
// last field may take all those left (`c?x` with c : A.B binds x to a
// dotted value).  What is left at the end must be an event.
tid checker::prefix_expr(const prefix& p, const scope& env) {
    tid event = expr(p.event, env);
    scope local{&env, {}};
    for (std::size_t k = 0; k < p.fields.size(); ++k) {
        const field& f = p.fields[k];
        bool last = k + 1 == p.fields.size();
        if (f.kind == field_kind::output) {
            event = apply_dots(event, {expr(f.value, local)}, {f.where}, last);
            continue;
        }
        tid restriction = f.restriction != none ? expr(f.restriction, local) : none;
        std::vector<pat_id> parts;
        const auto* dp = std::get_if<dot_pattern>(&m_script.pat(f.pattern).node);
        bool split = dp != nullptr;
        if (split) {
            // Only plain variables split; a constructor pattern is one field.
            for (pat_id q = f.pattern;;) {
                const auto* d = std::get_if<dot_pattern>(&m_script.pat(q).node);
                if (!d) {
                    parts.push_back(q);
                    break;
                }
                parts.push_back(d->lhs);
                q = d->rhs;
            }
            for (pat_id q : parts) {
                const auto* v = std::get_if<variable_pattern>(&m_script.pat(q).node);
                const binding* b = v ? local.find(v->name.text) : nullptr;
                if (b && b->is_constructor) split = false;
            }
        }
        if (!split) parts = {f.pattern};
        std::vector<tid> types;
        std::vector<base::span> spans;
        for (pat_id q : parts) {
            types.push_back(pattern(q, local));
            spans.push_back(m_script.pat(q).where);
        }
        event = apply_dots(event, types, spans, last);
        if (restriction != none && !split) unify_or_report(restriction, m_types.set_of(types.front()), f.where);
    }
    // Without inputs the body needs no scope of its own: a long chain
    // `a -> b -> …` must not make every lookup walk a long chain of scopes.
    expect(p.body, local.names.empty() ? env : local, m_types.proc_t());
    unify_or_report(m_types.event_t(), event, m_script.at(p.event).where);
    return m_types.proc_t();
}

}  // namespace cspgate::semantics::detail
