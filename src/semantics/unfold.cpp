// Unfolding a process term by one operator: the operands become terms, the
// event sets are evaluated and expanded, a prefix's inputs are enumerated.
//
// The meaning of each operator is FDR4's (the FDR4 manual, "CSPM: processes");
// the firing rules that use these nodes are in src/lts/term_semantics.cpp.

#include "process_impl.hpp"

#include <algorithm>
#include <map>

namespace cspgate::semantics {

term_id process_space::impl::process_of(expr_id x, const frame* env) {
    return term(ev.eval(x, env), ev.m_script.at(x).where);
}

std::vector<event_id> process_space::impl::event_set(expr_id x, const frame* env) {
    return events(ev.eval(x, env), ev.m_script.at(x).where);
}

std::vector<value> process_space::impl::rest_of(const value& part, const value& full) {
    // `part` is `full` with fields missing at the end; its last field may
    // itself be an unfinished constructor, completed inside `full`.
    if (part.kind() != value_kind::data) return {};
    const auto& have = part.parts().items;
    const auto& all = full.parts().items;
    std::vector<value> out;
    std::size_t given = have.size();
    if (given > 0 && given <= all.size() && !(have.back() == all[given - 1]))
        out = rest_of(have.back(), all[given - 1]);
    for (std::size_t i = given; i < all.size(); ++i) out.push_back(all[i]);
    return out;
}

void process_space::impl::expand_pairs(const value& from, const value& to, base::span where,
                                       std::vector<std::pair<event_id, event_id>>& out) {
    for (const value& e : ev.enumerate(ev.productions(from, where), where)) {
        value target = to;
        for (const value& f : rest_of(from, e)) target = ev.dotted(target, f, where);
        out.emplace_back(event(e, where), event(target, where));
    }
}

const std::vector<value>& process_space::impl::input_candidates(const value& so_far, bool last,
                                                               const value* restriction, base::span where) {
    // Every state of a process like BUFF(c, d, n, s) unfolds the same `c?x`
    // again: the values of x depend only on the fields given so far and the
    // restriction, so they are enumerated once.
    std::string key(1, last ? 'L' : 'F');
    encode(so_far, key);
    if (restriction) encode(*restriction, key);
    if (auto it = input_cache.find(key); it != input_cache.end()) {
        last_input_restricted = restricted_inputs.count(key) != 0;
        return it->second;
    }
    last_input_restricted = false;
    // An input takes one field; the last input of a prefix takes all the
    // fields that remain (`c?x` with `c : A.B` binds x to a.b).
    if (restriction && restriction->kind() != value_kind::set)
        ev.fail(where, "an input restriction must be a set, found " + kind_word(*restriction));
    std::vector<value> candidates;
    try {
        for (const value& full : ev.enumerate(ev.productions(so_far, where), where)) {
            std::vector<value> rest = rest_of(so_far, full);
            if (rest.empty()) ev.fail(where, "this input has no field left to take: " + ev.show(so_far) + " is complete");
            if (!last || rest.size() == 1) candidates.push_back(std::move(rest.front()));
            else candidates.push_back(make_dot_list(std::move(rest)));
        }
    } catch (const eval_error&) {
        // A channel of an infinite type (`channel out : Int`) can still be
        // read with a restriction (`out?x:{1,2}`), as FDR allows: the
        // restriction gives the values, which the event is checked against.
        if (!restriction) throw;
        candidates = ev.enumerate(*restriction, where);
        restricted_inputs.insert(key);
        last_input_restricted = true;
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (restriction) std::erase_if(candidates, [&](const value& c) { return !ev.member(c, *restriction); });
    return input_cache.emplace(std::move(key), std::move(candidates)).first->second;
}

process_space::impl::unfolded process_space::impl::unfold(const process_term& t) {
    if (t.is_reference) {
        unfolded u;
        u.is_alias = true;
        u.alias = ev.lookup(t.name, t.env, base::span{});
        return u;
    }
    if (t.expression == none) return unfold_builtin(t);
    return unfold_expr(t.expression, t.env);
}

process_space::impl::unfolded process_space::impl::unfold_builtin(const process_term& t) {
    unfolded u;
    const std::string& n = t.name;
    if (n == "STOP") u.node.op = process_op::stop;
    else if (n == "SKIP") u.node.op = process_op::skip;
    else if (n == "DIV") u.node.op = process_op::div;
    else if (n == "CHAOS" || n == "RUN") {
        u.node.op = n == "RUN" ? process_op::run : process_op::chaos;
        u.node.sets.push_back(events(t.arguments.at(0), base::span{}));
    } else if (n == "prioritise" || n == "prioritise_nocache") {
        u.node.op = process_op::prioritise;
        u.node.children.push_back(term(t.arguments.at(0), base::span{}));
        const value& levels = t.arguments.at(1);
        if (levels.kind() != value_kind::sequence)
            ev.fail(base::span{}, "'prioritise' expects a sequence of sets of events, found " + kind_word(levels));
        for (const value& level : ev.items_of(levels, base::span{}, "'prioritise'"))
            u.node.sets.push_back(events(level, base::span{}));
    } else if (n == "WAIT" || n == "timed_priority" || n == "prioritisepo") {
        ev.fail(base::span{}, "'" + n + "' is not supported yet (see docs/cspm-coverage.md)");
    } else if (n == "explicate" || n == "chase" || n == "chase_nocache") {
        // These denote their argument (chase only where its τs are
        // confluent, as FDR's manual says; cspgate explores them all).
        u.is_alias = true;
        u.alias = t.arguments.at(0);
    } else {
        // The compressions (normal, sbisim, wbisim, diamond, dbisim,
        // tau_loop_factor, model_compress) denote their argument in every
        // model FDR checks them in; the compiler reduces the argument's
        // state space as one component.
        u.node.op = process_op::compress;
        if (n == "normal") u.node.reduction = compression::normalise;
        u.node.children.push_back(term(t.arguments.at(0), base::span{}));
    }
    return u;
}

process_space::impl::unfolded process_space::impl::unfold_expr(expr_id id, const frame* env) {
    const expr& e = ev.m_script.at(id);
    unfolded u;
    process_node& n = u.node;
    auto two = [&](process_op op, expr_id l, expr_id r) {
        n.op = op;
        n.children = {process_of(l, env), process_of(r, env)};
    };
    if (const auto* b = std::get_if<binary>(&e.node)) {
        switch (b->op) {
        case binary_op::external_choice: two(process_op::external, b->lhs, b->rhs); break;
        case binary_op::internal_choice: two(process_op::internal, b->lhs, b->rhs); break;
        case binary_op::interleave:
            two(process_op::parallel, b->lhs, b->rhs);
            n.sets.emplace_back();
            break;
        case binary_op::sequential: two(process_op::sequential, b->lhs, b->rhs); break;
        case binary_op::interrupt: two(process_op::interrupt, b->lhs, b->rhs); break;
        case binary_op::sliding_choice: two(process_op::sliding, b->lhs, b->rhs); break;
        case binary_op::hiding:
            n.op = process_op::hide;
            n.children = {process_of(b->lhs, env)};
            n.sets.push_back(event_set(b->rhs, env));
            break;
        case binary_op::project: {
            // `P |\ A` hides every event outside A.
            n.op = process_op::hide;
            n.children = {process_of(b->lhs, env)};
            std::vector<event_id> keep = event_set(b->rhs, env);
            std::vector<event_id> all = events(ev.lookup("Events", nullptr, e.where), e.where), hidden;
            std::set_difference(all.begin(), all.end(), keep.begin(), keep.end(), std::back_inserter(hidden));
            n.sets.push_back(std::move(hidden));
            break;
        }
        case binary_op::guard: {
            value c = ev.eval(b->lhs, env);
            if (c.kind() != value_kind::boolean)
                ev.fail(ev.m_script.at(b->lhs).where, "a guard must be a boolean, found " + kind_word(c));
            u.is_alias = true;
            u.alias = c.as_bool() ? ev.eval(b->rhs, env) : ev.lookup("STOP", nullptr, e.where);
            break;
        }
        default:
            ev.fail(e.where, "not a process operator");
        }
        return u;
    }
    return std::visit(
        [&](const auto& x) -> unfolded {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, prefix>) {
                return unfold_prefix(x, e.where, env);
            } else if constexpr (std::is_same_v<T, generalised_parallel>) {
                two(process_op::parallel, x.lhs, x.rhs);
                n.sets.push_back(event_set(x.sync, env));
            } else if constexpr (std::is_same_v<T, alphabetised_parallel>) {
                two(process_op::alphabetised, x.lhs, x.rhs);
                n.sets.push_back(event_set(x.lhs_alpha, env));
                n.sets.push_back(event_set(x.rhs_alpha, env));
            } else if constexpr (std::is_same_v<T, exception>) {
                two(process_op::exception, x.lhs, x.rhs);
                n.sets.push_back(event_set(x.events, env));
            } else if constexpr (std::is_same_v<T, synchronising_external_choice>) {
                two(process_op::sync_external, x.lhs, x.rhs);
                n.sets.push_back(event_set(x.events, env));
            } else if constexpr (std::is_same_v<T, synchronising_interrupt>) {
                two(process_op::sync_interrupt, x.lhs, x.rhs);
                n.sets.push_back(event_set(x.events, env));
            } else if constexpr (std::is_same_v<T, linked_parallel>) {
                two(process_op::linked, x.lhs, x.rhs);
                auto add = [&](const frame* scope) {
                    for (const tie& t : x.ties)
                        expand_pairs(ev.eval(t.left, scope), ev.eval(t.right, scope), ev.m_script.at(t.left).where, n.links);
                };
                if (x.statements.empty()) add(env);
                else ev.comprehend(x.statements, env, add);
            } else if constexpr (std::is_same_v<T, renaming>) {
                n.op = process_op::rename;
                n.children = {process_of(x.process, env)};
                auto add = [&](const frame* scope) {
                    for (const rename_pair& p : x.pairs)
                        expand_pairs(ev.eval(p.from, scope), ev.eval(p.to, scope), ev.m_script.at(p.from).where, n.links);
                };
                if (x.statements.empty()) add(env);
                else ev.comprehend(x.statements, env, add);
            } else if constexpr (std::is_same_v<T, replicated>) {
                return unfold_replicated(x, e.where, env);
            } else {
                ev.fail(e.where, "not a process operator");
            }
            std::sort(n.links.begin(), n.links.end());
            n.links.erase(std::unique(n.links.begin(), n.links.end()), n.links.end());
            return u;
        },
        e.node);
}

process_space::impl::unfolded process_space::impl::unfold_prefix(const prefix& p, base::span where, const frame* env) {
    // Each way of filling in the fields gives one event and the scope its
    // body runs in; `$` fields are chosen internally, before the rest.
    struct outcome {
        value event;
        const frame* scope;
        std::vector<value> internal;
    };
    std::vector<outcome> outcomes;
    // Values taken from a restriction rather than from the channel's type
    // are not known to make complete events: those are checked.
    bool unchecked = false;
    auto run = [&](auto&& self, std::size_t i, value so_far, const frame* scope, std::vector<value> nd) -> void {
        if (i == p.fields.size()) {
            outcomes.push_back({std::move(so_far), scope, std::move(nd)});
            return;
        }
        const field& f = p.fields[i];
        if (f.kind == field_kind::output) {
            self(self, i + 1, ev.dotted(so_far, ev.eval(f.value, scope), f.where), scope, nd);
            return;
        }
        bool last = i + 1 == p.fields.size();
        std::optional<value> restriction;
        if (f.restriction != none) restriction = ev.eval(f.restriction, scope);
        const std::vector<value>& candidates =
            input_candidates(so_far, last, restriction ? &*restriction : nullptr, f.where);
        if (last_input_restricted) unchecked = true;
        for (const value& c : candidates) {
            bindings vars;
            if (!ev.match(f.pattern, c, vars, scope)) continue;
            std::vector<value> nd2 = nd;
            if (f.kind == field_kind::nondeterministic_input) nd2.push_back(c);
            self(self, i + 1, ev.dotted(so_far, c, f.where), ev.new_frame(scope, std::move(vars)), std::move(nd2));
        }
    };
    run(run, std::size_t{0}, ev.eval(p.event, env), env, std::vector<value>{});

    // A prefix that ends with an input has filled in its event from
    // `productions`, which yields complete values only: no need to check.
    bool ends_with_input = !p.fields.empty() && p.fields.back().kind != field_kind::output && !unchecked;
    std::map<std::vector<value>, std::vector<std::pair<event_id, term_id>>> groups;
    for (outcome& o : outcomes) {
        event_id ev_id = event(o.event, where, ends_with_input);
        groups[o.internal].emplace_back(ev_id, process_of(p.body, o.scope));
    }
    unfolded u;
    if (groups.empty()) {
        u.node.op = process_op::stop;  // an input over an empty set of values
        return u;
    }
    auto prefix_node = [&](std::vector<std::pair<event_id, term_id>> branches) {
        process_node n;
        n.op = process_op::prefix;
        std::sort(branches.begin(), branches.end());
        n.branches = std::move(branches);
        return n;
    };
    if (groups.size() == 1 && groups.begin()->first.empty()) {
        u.node = prefix_node(std::move(groups.begin()->second));
        return u;
    }
    u.node.op = process_op::internal;
    for (auto& [key, branches] : groups) u.node.children.push_back(make(prefix_node(std::move(branches))));
    return u;
}

process_space::impl::unfolded process_space::impl::unfold_replicated(const replicated& r, base::span where,
                                                                      const frame* env) {
    unfolded u;
    process_node& n = u.node;
    std::vector<const frame*> scopes;
    ev.comprehend(r.statements, env, [&](const frame* scope) { scopes.push_back(scope); });
    auto skip = [&] {
        u.is_alias = true;
        u.alias = ev.lookup("SKIP", nullptr, where);
        return u;
    };
    switch (r.op) {
    case replicated_op::external_choice:
    case replicated_op::internal_choice:
        if (scopes.empty()) {
            if (r.op == replicated_op::internal_choice)
                ev.fail(where, "a replicated internal choice over an empty set is not a process");
            n.op = process_op::stop;
            return u;
        }
        n.op = r.op == replicated_op::external_choice ? process_op::external : process_op::internal;
        for (const frame* s : scopes) n.children.push_back(process_of(r.body, s));
        return u;
    case replicated_op::interleave:
    case replicated_op::generalised_parallel:
    case replicated_op::synchronising_external_choice:
        if (scopes.empty()) {
            if (r.op != replicated_op::synchronising_external_choice) return skip();
            n.op = process_op::stop;
            return u;
        }
        n.op = r.op == replicated_op::synchronising_external_choice ? process_op::sync_external : process_op::parallel;
        n.sets.push_back(r.op == replicated_op::interleave ? std::vector<event_id>{} : event_set(r.events, env));
        for (const frame* s : scopes) n.children.push_back(process_of(r.body, s));
        return u;
    case replicated_op::alphabetised_parallel:
        if (scopes.empty()) return skip();
        n.op = process_op::alphabetised;
        for (const frame* s : scopes) {
            n.children.push_back(process_of(r.body, s));
            n.sets.push_back(event_set(r.events, s));
        }
        return u;
    case replicated_op::sequential:
    case replicated_op::linked_parallel: {
        // Over a sequence, in order: P(x1) ; (P(x2) ; …), and likewise for
        // linked parallel, whose links are the same between each neighbour.
        if (scopes.empty()) return skip();
        std::vector<std::pair<event_id, event_id>> links;
        if (r.op == replicated_op::linked_parallel)
            for (const tie& t : r.ties)
                expand_pairs(ev.eval(t.left, env), ev.eval(t.right, env), ev.m_script.at(t.left).where, links);
        std::sort(links.begin(), links.end());
        links.erase(std::unique(links.begin(), links.end()), links.end());
        term_id acc = resolve(process_of(r.body, scopes.back()));
        for (std::size_t i = scopes.size() - 1; i-- > 0;) {
            process_node step;
            step.op = r.op == replicated_op::sequential ? process_op::sequential : process_op::linked;
            step.children = {process_of(r.body, scopes[i]), acc};
            step.links = links;
            acc = make(std::move(step));
        }
        u.node = terms[acc].node;
        return u;
    }
    }
    return u;
}

}  // namespace cspgate::semantics
