// Types of value expressions: literals, names, application, operators,
// sets, sequences, maps, lambdas, let, and the dotted values of channels and
// datatype constructors.

#include "typecheck_impl.hpp"

namespace cspgate::semantics::detail {
namespace {

bool is_process_binary(binary_op op) {
    switch (op) {
    case binary_op::external_choice: case binary_op::internal_choice: case binary_op::interleave:
    case binary_op::sequential: case binary_op::interrupt: case binary_op::sliding_choice:
    case binary_op::hiding: case binary_op::project: case binary_op::guard:
        return true;
    default:
        return false;
    }
}

/// One overload per value expression; process forms go to process_expr.
struct expr_visitor {
    checker& c;
    expr_id id;
    const scope& env;
    type_store& ts() { return c.m_types; }
    base::span at(expr_id e) { return c.m_script.at(e).where; }

    tid operator()(const int_literal&) { return ts().int_t(); }
    tid operator()(const bool_literal&) { return ts().bool_t(); }
    tid operator()(const char_literal&) { return ts().char_t(); }
    tid operator()(const string_literal&) { return ts().seq_of(ts().char_t()); }
    tid operator()(const partial&) { return ts().unknown(); }
    tid operator()(const variable& v) {
        // A name that is not defined (FDR reports it while renaming) is left
        // to the evaluator's diagnostics; its type is unknown.
        const binding* b = env.find(v.name.text);
        return b ? c.instantiate(b->type) : ts().unknown();
    }
    tid operator()(const tuple& t) {
        std::vector<tid> items;
        for (expr_id e : t.elements) items.push_back(c.expr(e, env));
        return ts().make(tkind::tuple, std::move(items));
    }
    tid operator()(const application& a) {
        tid f = c.expr(a.function, env);
        std::vector<tid> args;
        for (expr_id e : a.arguments) args.push_back(c.expr(e, env));
        tid rf = ts().resolve(f);
        const tnode& n = ts().node(rf);
        if (n.kind == tkind::function && n.args.size() == args.size() + 1) {
            std::vector<tid> params(n.args.begin(), n.args.end() - 1);
            tid result = n.args.back();
            for (std::size_t i = 0; i < args.size(); ++i) c.unify_or_report(params[i], args[i], at(a.arguments[i]));
            return result;
        }
        tid result = ts().fresh(c.m_level);
        c.unify_or_report(ts().function(args, result), f, at(a.function));
        return result;
    }
    tid operator()(const unary& u) {
        switch (u.op) {
        case unary_op::negate: c.expect(u.operand, env, ts().int_t()); return ts().int_t();
        case unary_op::logical_not: c.expect(u.operand, env, ts().bool_t()); return ts().bool_t();
        case unary_op::length: c.expect(u.operand, env, ts().seq_of(ts().fresh(c.m_level))); return ts().int_t();
        }
        return ts().unknown();
    }
    tid operator()(const binary& b) {
        if (is_process_binary(b.op)) return c.process_expr(id, c.m_script.at(id).node, env);
        switch (b.op) {
        case binary_op::add: case binary_op::subtract: case binary_op::multiply: case binary_op::divide:
        case binary_op::modulo:
            c.expect(b.lhs, env, ts().int_t());
            c.expect(b.rhs, env, ts().int_t());
            return ts().int_t();
        case binary_op::equal: case binary_op::not_equal: case binary_op::less: case binary_op::less_equal:
        case binary_op::greater: case binary_op::greater_equal: {
            tid l = c.expr(b.lhs, env);
            tid r = c.expr(b.rhs, env);
            c.unify_or_report(l, r, at(b.rhs));
            bool eq = b.op == binary_op::equal || b.op == binary_op::not_equal;
            c.constrain_or_report(l, eq ? c_eq : c_ord, c.m_script.at(id).where);
            return ts().bool_t();
        }
        case binary_op::logical_and: case binary_op::logical_or:
            c.expect(b.lhs, env, ts().bool_t());
            c.expect(b.rhs, env, ts().bool_t());
            return ts().bool_t();
        case binary_op::concat: {
            tid s = ts().seq_of(ts().fresh(c.m_level));
            c.expect(b.lhs, env, s);
            c.expect(b.rhs, env, s);
            return s;
        }
        case binary_op::dot: return c.dot_chain(id, env);
        default: return ts().unknown();
        }
    }
    tid operator()(const if_then_else& i) {
        c.expect(i.condition, env, ts().bool_t());
        tid t = c.expr(i.then_branch, env);
        c.expect(i.else_branch, env, t);
        return t;
    }
    tid operator()(const let_within& l) {
        scope local{&env, {}};
        c.check_declarations(l.declarations, local);
        return c.expr(l.body, local);
    }
    tid operator()(const lambda& l) {
        scope local{&env, {}};
        std::vector<tid> params;
        for (pat_id p : l.parameters) params.push_back(c.pattern(p, local));
        return ts().function(std::move(params), c.expr(l.body, local));
    }
    tid elements(const std::vector<expr_id>& list, const scope& s, std::uint8_t classes) {
        tid e = ts().fresh(c.m_level, classes);
        for (expr_id x : list) c.expect(x, s, e);
        return e;
    }
    tid operator()(const set_enumeration& s) { return ts().set_of(elements(s.elements, env, c_set)); }
    tid operator()(const seq_enumeration& s) { return ts().seq_of(elements(s.elements, env, 0)); }
    tid operator()(const set_comprehension& s) {
        scope local{&env, {}};
        c.statements(s.statements, local, collection::either_set);
        return ts().set_of(elements(s.elements, local, c_set));
    }
    tid operator()(const seq_comprehension& s) {
        scope local{&env, {}};
        c.statements(s.statements, local, collection::either_seq);
        return ts().seq_of(elements(s.elements, local, 0));
    }
    template <typename Range>
    void range(const Range& r, collection how) {
        scope local{&env, {}};
        c.statements(r.statements, local, how);
        c.expect(r.from, local, ts().int_t());
        if (r.to != none) c.expect(r.to, local, ts().int_t());
    }
    tid operator()(const set_range& r) { range(r, collection::either_set); return ts().set_of(ts().int_t()); }
    tid operator()(const seq_range& r) { range(r, collection::either_seq); return ts().seq_of(ts().int_t()); }
    // `{| c, d.1 |}`: the events (or datatype values) that the elements
    // yield, whatever number of fields each still lacks.
    tid yields(const std::vector<expr_id>& list, const scope& s) {
        tid result = ts().fresh(c.m_level);
        for (expr_id x : list) {
            tid f = ts().final_result(c.expr(x, s));
            if (!ts().is_free(f)) c.unify_or_report(result, f, at(x));
        }
        return ts().set_of(result);
    }
    tid operator()(const closure& s) { return yields(s.elements, env); }
    tid operator()(const closure_comprehension& s) {
        scope local{&env, {}};
        c.statements(s.statements, local, collection::either_set);
        return yields(s.elements, local);
    }
    tid operator()(const map_literal& m) {
        tid k = ts().fresh(c.m_level, c_set);
        tid v = ts().fresh(c.m_level);
        for (const auto& en : m.entries) {
            c.expect(en.key, env, k);
            c.expect(en.value, env, v);
        }
        return ts().make(tkind::map, {k, v});
    }
    template <typename T>
    tid operator()(const T&) {
        return c.process_expr(id, c.m_script.at(id).node, env);
    }
};

}  // namespace

tid checker::expr(expr_id id, const scope& env) {
    const syntax::ast::expr& e = m_script.at(id);
    depth_guard guard(*this, e.where);
    if (!guard.ok) return m_types.unknown();
    return std::visit(expr_visitor{*this, id, env}, e.node);
}

void checker::expect(expr_id e, const scope& env, tid expected) {
    tid t = expr(e, env);
    unify_or_report(expected, t, m_script.at(e).where);
}

tid checker::dot_chain(expr_id id, const scope& env) {
    // `.` is right-associative: a.b.c is a.(b.c); its operands are read
    // left to right without recursion.
    std::vector<expr_id> operands;
    expr_id cur = id;
    for (;;) {
        const auto* b = std::get_if<binary>(&m_script.at(cur).node);
        if (!b || b->op != binary_op::dot) break;
        operands.push_back(b->lhs);
        cur = b->rhs;
    }
    operands.push_back(cur);
    std::vector<tid> types;
    std::vector<base::span> spans;
    for (expr_id o : operands) {
        types.push_back(expr(o, env));
        spans.push_back(m_script.at(o).where);
    }
    tid head = types.front();
    types.erase(types.begin());
    spans.erase(spans.begin());
    return apply_dots(head, types, spans, true);
}

tid checker::apply_dots(tid head, const std::vector<tid>& operands, const std::vector<base::span>& spans,
                        bool open_end) {
    tid cur = head;
    for (std::size_t i = 0; i < operands.size(); ++i) {
        tid r = m_types.resolve(cur);
        // Dotting onto something that is not a constructor (a variable, a
        // number, a complete value) makes a dotted value whose type this
        // checker does not follow.
        if (m_types.kind(r) != tkind::dotable) return m_types.unknown();
        tid field = m_types.node(r).args[0];
        tid rest = m_types.node(r).args[1];
        tid arg = m_types.resolve(operands[i]);
        bool last = i + 1 == operands.size();
        // An operand or a field of unknown type may be a dotted value that
        // spans several fields: what follows is not known either.
        if (m_types.kind(arg) == tkind::unknown || m_types.kind(field) == tkind::unknown) return m_types.unknown();
        if (m_types.kind(arg) == tkind::var && last && open_end && m_types.kind(rest) == tkind::dotable) {
            // libcspm's shortest-match rule lets a variable at the end stand
            // for all the fields still missing, or for just one: which one
            // is not known here, so neither is the result.
            m_types.forget(arg);
            return m_types.unknown();
        }
        if (m_types.kind(arg) == tkind::dotable && !m_types.is_free(field) && m_types.kind(field) != tkind::dotable) {
            // A partially applied constructor as a field: its own missing
            // fields come first (c.d.1, or {| c.d |}).
            std::vector<tid> missing;
            tid a = arg;
            for (std::uint32_t k = 0; m_types.kind(a) == tkind::dotable && k < max_type_depth; ++k) {
                missing.push_back(m_types.node(a).args[0]);
                a = m_types.resolve(m_types.node(a).args[1]);
            }
            unify_or_report(field, a, spans[i]);
            cur = rest;
            for (auto it = missing.rbegin(); it != missing.rend(); ++it) cur = m_types.make(tkind::dotable, {*it, cur});
            continue;
        }
        unify_or_report(field, arg, spans[i]);
        cur = rest;
    }
    return cur;
}

}  // namespace cspgate::semantics::detail
