// Evaluation of expressions: lazily bound globals, closures, and the value
// operators of CSPM.  Process expressions evaluate to process terms (their
// expression and scope) that the state-space layer compiles.

#include "impl.hpp"

#include "cspgate/syntax/ast_walk.hpp"

#include <algorithm>

namespace cspgate::semantics {
namespace {

struct depth_scope {
    program::impl& p;
    depth_scope(program::impl& impl, base::span where) : p(impl) {
        if (++p.m_depth > p.m_limits.max_call_depth) {
            --p.m_depth;
            p.fail(where, "evaluation nested too deeply (more than " + std::to_string(p.m_limits.max_call_depth) +
                              " calls); is a definition recursive without a base case?");
        }
    }
    ~depth_scope() { --p.m_depth; }
};

/// Sets a flag for the life of a scope, also when an error unwinds it.
struct busy_scope {
    bool& flag;
    explicit busy_scope(bool& f) : flag(f) { flag = true; }
    ~busy_scope() { flag = false; }
};

}  // namespace

bool is_process_expr(const expr_variant& n) {
    if (const auto* b = std::get_if<binary>(&n)) {
        switch (b->op) {
        case binary_op::external_choice: case binary_op::internal_choice: case binary_op::interleave:
        case binary_op::sequential: case binary_op::interrupt: case binary_op::sliding_choice:
        case binary_op::hiding: case binary_op::project: case binary_op::guard:
            return true;
        default:
            return false;
        }
    }
    return std::holds_alternative<prefix>(n) || std::holds_alternative<generalised_parallel>(n) ||
           std::holds_alternative<alphabetised_parallel>(n) || std::holds_alternative<linked_parallel>(n) ||
           std::holds_alternative<exception>(n) || std::holds_alternative<synchronising_external_choice>(n) ||
           std::holds_alternative<synchronising_interrupt>(n) || std::holds_alternative<renaming>(n) ||
           std::holds_alternative<replicated>(n);
}

std::string kind_word(const value& v) {
    switch (v.kind()) {
    case value_kind::integer: return "an integer";
    case value_kind::boolean: return "a boolean";
    case value_kind::character: return "a character";
    case value_kind::tuple: return "a tuple";
    case value_kind::data: return "a dotted value";
    case value_kind::dot: return "a dotted value";
    case value_kind::set: return "a set";
    case value_kind::sequence: return "a sequence";
    case value_kind::map: return "a map";
    case value_kind::function: return "a function";
    case value_kind::process: {
        auto t = std::static_pointer_cast<const process_term>(v.parts().payload);
        if (t->is_reference) return "'" + t->name + "' itself, which is defined in terms of itself";
        return "a process";
    }
    }
    return "a value";
}


// Whether a pattern binds `name` (as a variable, not as a constructor it matches).
bool program::impl::binds(pat_id root, const std::string& name) const {
    bool found = false;
    for_each_pattern_name(m_script, root, [&](const variable_pattern& v, const pattern&) {
        if (v.name.text != name) return;
        auto g = m_globals.find(name);
        found = found || g == m_globals.end() || g->second.which != global::kind::constructor;
    });
    return found;
}

value program::impl::lookup(const std::string& name, const frame* env, base::span where) {
    if (name.find("::") != std::string::npos) return lookup_qualified(name, env, where);
    for (const frame* f = env; f; f = f->parent) {
        for (auto it = f->vars.rbegin(); it != f->vars.rend(); ++it)
            if (it->first == name) return it->second;
        if (f->let_decls) {
            for (decl_id id : *f->let_decls) {
                const auto& node = m_script.declaration(id).node;
                if (const auto* fb = std::get_if<function_binding>(&node); fb && fb->name.text == name) {
                    auto c = std::make_shared<function_closure>();
                    c->function = fb;
                    c->env = f;
                    c->name = name;
                    return make_opaque(value_kind::function, c);
                }
                if (const auto* pb = std::get_if<pattern_binding>(&node)) {
                    // Only a binding whose pattern names `name` is evaluated.
                    if (!binds(pb->pattern, name)) continue;
                    if (auto it = f->let_cache.find(id); it != f->let_cache.end()) {
                        // Cached: the bound tuple of (name, value) pairs, as a sequence of tuples.
                        for (const auto& pair : it->second.parts().items)
                            if (pair.parts().items[0].parts().payload &&
                                *std::static_pointer_cast<const std::string>(pair.parts().items[0].parts().payload) == name)
                                return pair.parts().items[1];
                        continue;
                    }
                    // Does this binding bind the name at all?  Evaluate and cache it.
                    if (f->let_busy[id]) return process_reference(name, f);
                    f->let_busy[id] = true;
                    value v = eval(pb->body, f);
                    bindings out;
                    if (!match(pb->pattern, v, out, f->parent))
                        fail(m_script.declaration(id).where, "pattern match failure: " + show(v) + " does not match the pattern");
                    f->let_busy[id] = false;
                    std::vector<value> pairs;
                    value found;
                    bool has = false;
                    for (auto& [n, val] : out) {
                        auto key = std::make_shared<compound>();
                        key->payload = std::make_shared<const std::string>(n);
                        pairs.push_back(make_tuple({value::of(value_kind::tuple, key), val}));
                        if (n == name) {
                            found = val;
                            has = true;
                        }
                    }
                    f->let_cache[id] = make_sequence(std::move(pairs));
                    ++m_cache_epoch;
                    if (has) return found;
                }
            }
        }
    }
    auto it = m_globals.find(name);
    if (it == m_globals.end()) {
        int b = builtin_id(name);
        if (b >= 0) {
            if (builtin_arity(b) < 0) {
                std::vector<value> none_args;
                return builtin_call(b, none_args, where);
            }
            auto c = std::make_shared<function_closure>();
            c->which = function_closure::kind::builtin;
            c->builtin = b;
            c->name = name;
            return make_opaque(value_kind::function, c);
        }
        fail(where, "'" + name + "' is not defined" + suggestion(name, env));
    }
    const global& g = it->second;
    if (auto cached = m_global_cache.find(name); cached != m_global_cache.end()) return cached->second;
    switch (g.which) {
    case global::kind::constructor:
        return make_data(g.constructor, {});
    case global::kind::definition: {
        const auto& fb = std::get<function_binding>(m_script.declaration(g.declaration).node);
        auto c = std::make_shared<function_closure>();
        c->function = &fb;
        c->name = name;
        value v = make_opaque(value_kind::function, c);
        m_global_cache.emplace(name, v);
        ++m_cache_epoch;
        return v;
    }
    case global::kind::pattern_variable: {
        thunk& t = m_thunks[g.thunk];
        if (t.status == thunk::state::busy) {
            // Only a process can be defined in terms of itself (`P = F(P)`,
            // FDR evaluates lazily): the reference becomes a term naming the
            // definition, which the compiler unfolds when it gets there.  Any
            // other use of the value fails where it needs a non-process.
            return process_reference(name, nullptr);
        }
        if (t.status == thunk::state::fresh) {
            t.status = thunk::state::busy;
            value v = eval(t.binding->body, nullptr);
            if (const auto* vp = std::get_if<variable_pattern>(&m_script.pat(t.binding->pattern).node))
                v = labelled(v, vp->name.text);
            bindings out;
            if (!match(t.binding->pattern, v, out, nullptr)) {
                t.status = thunk::state::fresh;
                fail(m_script.declaration(g.declaration).where,
                     "pattern match failure: " + show(v) + " does not match the pattern of this definition");
            }
            t.values = std::move(out);
            t.status = thunk::state::done;
            ++m_cache_epoch;
        }
        for (const auto& [n, v] : t.values)
            if (n == name) return v;
        fail(where, "'" + name + "' is not bound by its definition");
    }
    case global::kind::nametype: {
        if (m_global_busy[name]) fail(where, "'" + name + "' is defined in terms of itself");
        busy_scope busy(m_global_busy[name]);
        const auto& nt = std::get<nametype_declaration>(m_script.declaration(g.declaration).node);
        value v = set_of_type_expr(eval(nt.type, nullptr), m_script.declaration(g.declaration).where);
        m_global_cache.emplace(name, v);
        ++m_cache_epoch;
        return v;
    }
    case global::kind::type_set: {
        if (m_global_busy[name]) fail(where, "the datatype '" + name + "' is recursive, so its set of values is infinite");
        busy_scope busy(m_global_busy[name]);
        const auto& node = m_script.declaration(g.declaration).node;
        const auto& clauses = std::holds_alternative<datatype_declaration>(node)
                                  ? std::get<datatype_declaration>(node).clauses
                                  : std::get<subtype_declaration>(node).clauses;
        std::vector<value> all;
        for (const auto& c : clauses) {
            auto ctor = m_globals.find(c.name.text);
            if (ctor == m_globals.end() || ctor->second.which != global::kind::constructor)
                fail(c.name.where, "'" + c.name.text + "' is not a constructor");
            value prefix = make_data(ctor->second.constructor, {});
            if (std::holds_alternative<subtype_declaration>(node) && c.type != none) {
                value fields = set_of_type_expr(eval(c.type, nullptr), c.name.where);
                // The clause fixes the first fields (`D2.X`); the fields it
                // leaves out take every value of their sets.
                for (const value& f : enumerate(fields, c.name.where)) {
                    value v = dotted(prefix, f, c.name.where);
                    if (is_complete(v, c.name.where)) {
                        all.push_back(v);
                        continue;
                    }
                    for (const value& full : enumerate(productions(v, c.name.where), c.name.where)) all.push_back(full);
                }
                continue;
            }
            value ps = productions(prefix, c.name.where);
            for (const value& v : enumerate(ps, c.name.where)) all.push_back(v);
        }
        value v = make_set(std::move(all));
        m_global_cache.emplace(name, v);
        ++m_cache_epoch;
        return v;
    }
    case global::kind::builtin:
        break;
    }
    fail(where, "'" + name + "' cannot be evaluated");
}

// Edit distance (Levenshtein), for "did you mean".
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// "; did you mean 'x'?" for the nearest name in scope, if one is near.
std::string program::impl::suggestion(const std::string& name, const frame* env) const {
    std::vector<std::string> candidates;
    for (const frame* f = env; f; f = f->parent) {
        for (const auto& [n, v] : f->vars) candidates.push_back(n);
        if (f->let_decls)
            for (decl_id id : *f->let_decls)
                if (const auto* fb = std::get_if<function_binding>(&m_script.declaration(id).node)) candidates.push_back(fb->name.text);
    }
    for (const auto& [n, g] : m_globals) candidates.push_back(n);
    for (int b = 0; builtin_name(b)[0] != '?'; ++b) candidates.push_back(builtin_name(b));
    std::sort(candidates.begin(), candidates.end());  // deterministic choice among equals
    std::string best;
    std::size_t best_distance = name.size() <= 3 ? 1 : 2;
    for (const auto& c : candidates) {
        if (c == name || c.find(' ') != std::string::npos) continue;
        std::size_t d = edit_distance(name, c);
        if (d < best_distance || (d == best_distance && best.empty())) {
            best = c;
            best_distance = d;
        }
    }
    return best.empty() ? "" : "; did you mean '" + best + "'?";
}

value program::impl::process_reference(const std::string& name, const frame* scope) {
    auto t = std::make_shared<process_term>();
    t->name = name;
    t->env = scope;
    t->is_reference = true;
    return make_opaque(value_kind::process, t);
}

value program::impl::apply(const value& f, std::vector<value> args, base::span where) {
    if (f.kind() != value_kind::function) fail(where, "cannot apply " + kind_word(f) + " to arguments");
    auto c = std::static_pointer_cast<const function_closure>(f.parts().payload);
    depth_scope guard(*this, where);
    if (c->which == function_closure::kind::builtin) {
        // A built-in that returned a function carries its first arguments.
        if (!c->applied.empty()) args.insert(args.begin(), c->applied.front().begin(), c->applied.front().end());
        int arity = builtin_arity(c->builtin);
        if (static_cast<int>(args.size()) != arity)
            fail(where, std::string("'") + builtin_name(c->builtin) + "' takes " + std::to_string(arity) +
                            " argument" + (arity == 1 ? "" : "s") + ", not " + std::to_string(args.size()));
        return builtin_call(c->builtin, args, where);
    }
    if (c->which == function_closure::kind::lambda) {
        if (args.size() != c->lam->parameters.size())
            fail(where, "this lambda takes " + std::to_string(c->lam->parameters.size()) + " arguments, not " +
                            std::to_string(args.size()));
        bindings vars;
        for (std::size_t i = 0; i < args.size(); ++i)
            if (!match(c->lam->parameters[i], args[i], vars, c->env))
                fail(where, "pattern match failure: the argument " + show(args[i]) + " does not match the lambda's pattern");
        return eval(c->lam->body, new_frame(c->env, std::move(vars)));
    }
    // Clauses: collect argument lists until all parameter lists are supplied.
    std::vector<std::vector<value>> lists = c->applied;
    lists.push_back(std::move(args));
    const auto& first = c->function->clauses.front();
    if (lists.size() < first.parameters.size()) {
        auto curried = std::make_shared<function_closure>(*c);
        curried->applied = std::move(lists);
        return make_opaque(value_kind::function, curried);
    }
    for (const auto& clause : c->function->clauses) {
        if (clause.parameters.size() != lists.size()) continue;
        bindings vars;
        bool ok = true;
        for (std::size_t l = 0; ok && l < lists.size(); ++l) {
            if (clause.parameters[l].size() != lists[l].size()) {
                ok = false;
                break;
            }
            for (std::size_t i = 0; ok && i < lists[l].size(); ++i) ok = match(clause.parameters[l][i], lists[l][i], vars, c->env);
        }
        if (!ok) continue;
        try {
            value result = eval(clause.body, new_frame(c->env, std::move(vars)));
            if (result.kind() != value_kind::process) return result;
            std::string label = c->name;
            for (const auto& list : lists) {
                label += '(';
                for (std::size_t i = 0; i < list.size(); ++i) label += (i ? ", " : "") + show(list[i]);
                label += ')';
            }
            return labelled(result, label);
        } catch (eval_error& e) {
            if (e.chain.size() < 8)
                e.chain.push_back(base::note{where, "in the call of '" + c->name + "' here"});
            throw;
        }
    }
    std::string shown;
    for (std::size_t i = 0; i < lists.back().size(); ++i) shown += (i ? ", " : "") + show(lists.back()[i]);
    fail(where, "no clause of '" + c->name + "' matches the arguments (" + shown + ")");
}

void program::impl::comprehend(const std::vector<statement>& stmts, const frame* env,
                               const std::function<void(const frame*)>& emit) {
    // Depth-first, in order, so that sequences keep their order.
    auto run = [&](auto&& self, std::size_t i, const frame* scope) -> void {
        if (i == stmts.size()) {
            emit(scope);
            return;
        }
        const statement& st = stmts[i];
        if (st.pattern == none) {
            value b = eval(st.expression, scope);
            if (b.kind() != value_kind::boolean) fail(st.where, "a condition must be a boolean, found " + kind_word(b));
            if (b.as_bool()) self(self, i + 1, scope);
            return;
        }
        value source = eval(st.expression, scope);
        std::vector<value> items;
        if (source.kind() == value_kind::sequence)
            items = items_of(source, st.where, "a generator drawing from all");
        else if (source.kind() == value_kind::set) items = enumerate(source, st.where);
        else fail(st.where, "a generator draws from a set or a sequence, not " + kind_word(source));
        for (const value& item : items) {
            bindings vars;
            if (match(st.pattern, item, vars, scope)) self(self, i + 1, new_frame(scope, std::move(vars)));
        }
    };
    run(run, 0, env);
}

value program::impl::join_infinite(const value& front, const value& rest) {
    if (front.parts().items.empty()) return rest;
    std::size_t next = 0;
    return make_lazy([this, front, rest, next](std::vector<value>& made) mutable {
        const auto& items = front.parts().items;
        std::optional<value> x = next < items.size() ? items[next] : element_at(rest, next - items.size());
        if (!x) return false;
        made.push_back(std::move(*x));
        ++next;
        return true;
    });
}

value program::impl::make_lazy(std::function<bool(std::vector<value>&)> more) {
    auto g = std::make_shared<lazy_sequence>();
    g->more = std::move(more);
    // make_opaque numbers it, so that infinite sequences have an order.
    value v = make_opaque(value_kind::sequence, std::move(g));
    return v;
}

void program::impl::comparable(const value& v, base::span where) {
    if (v.kind() == value_kind::sequence && v.parts().payload)
        fail(where, "an infinite sequence cannot be compared (FDR would not terminate)");
}

// A sequence comprehension whose first generator draws from an infinite
// sequence is infinite too: it is made on demand, one source element at a
// time (the remaining statements, finite, run for each).  Nothing if the
// first statement is not such a generator.
std::optional<value> program::impl::lazy_comprehension(const std::vector<expr_id>& elements,
                                                       const std::vector<statement>& stmts, const frame* env) {
    if (stmts.empty() || stmts[0].pattern == none) return std::nullopt;
    value source = eval(stmts[0].expression, env);
    if (source.kind() != value_kind::sequence || !source.parts().payload) return std::nullopt;
    std::vector<statement> rest(stmts.begin() + 1, stmts.end());
    std::size_t next = 0;
    pat_id pattern = stmts[0].pattern;
    base::span where = stmts[0].where;
    // The scope of the element being tried: reused while elements are
    // dropped, left to the values when one is kept.
    std::size_t scratch = SIZE_MAX;
    return make_lazy([this, source, rest, next, pattern, elements, env, where, scratch](std::vector<value>& made) mutable {
        std::size_t before = made.size();
        // Draw source elements until one yields something; the evaluator's
        // step limit stops a filter that never passes.
        while (made.size() == before) {
            if (++m_steps > m_limits.max_steps)
                fail(where, "evaluation stopped after " + std::to_string(m_limits.max_steps) +
                                " steps (the limit on evaluation time): no element of this infinite sequence passes");
            std::optional<value> x = element_at(source, next++);
            if (!x) {
                ++m_cache_epoch;
                return false;
            }
            // An element that yields nothing leaves nothing that needs its
            // scope or the scopes made while trying it, unless something
            // made meanwhile was kept (see m_cache_epoch): they are reused
            // or freed, so a filter that rarely passes runs in constant
            // memory.
            if (scratch == SIZE_MAX) {
                m_frames.push_back(frame{env, {}, nullptr, {}, {}, {}, {}});
                scratch = m_frames.size() - 1;
            }
            frame& scope = m_frames[scratch];
            std::size_t mark = m_frames.size();
            std::uint64_t epoch = m_cache_epoch;
            scope.vars.clear();
            if (match(pattern, *x, scope.vars, env)) {
                comprehend(rest, &scope, [&](const frame* inner) {
                    for (expr_id el : elements) made.push_back(eval(el, inner));
                });
            }
            if (made.size() == before && m_cache_epoch == epoch) m_frames.resize(mark);
            else scratch = SIZE_MAX;
        }
        // Whoever forced this sequence keeps the scopes made for it.
        ++m_cache_epoch;
        return true;
    });
}

value program::impl::labelled(const value& v, const std::string& label) {
    if (v.kind() != value_kind::process) return v;
    auto t = std::static_pointer_cast<const process_term>(v.parts().payload);
    if (!t->label.empty() || t->is_reference) return v;
    auto named = std::make_shared<process_term>(*t);
    named->label = label;
    return make_opaque(value_kind::process, std::move(named));
}

value program::impl::eval(expr_id id, const frame* env) {
    const expr& e = m_script.at(id);
    if (++m_steps > m_limits.max_steps)
        fail(e.where, "evaluation stopped after " + std::to_string(m_limits.max_steps) +
                          " steps (the limit on evaluation time)");
    depth_scope guard(*this, e.where);
    if (is_process_expr(e.node)) {
        auto t = std::make_shared<process_term>();
        t->expression = id;
        t->env = env;
        return make_opaque(value_kind::process, t);
    }
    auto int_of = [&](expr_id x) {
        value v = eval(x, env);
        if (v.kind() != value_kind::integer) fail(m_script.at(x).where, "expected an integer, found " + kind_word(v));
        return v.as_int();
    };
    auto bool_of = [&](expr_id x) {
        value v = eval(x, env);
        if (v.kind() != value_kind::boolean) fail(m_script.at(x).where, "expected a boolean, found " + kind_word(v));
        return v.as_bool();
    };

    return std::visit(
        [&](const auto& n) -> value {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, int_literal>) {
                if (n.value > INT32_MAX) fail(e.where, "the integer " + std::to_string(n.value) + " is outside FDR's Int range");
                return value::integer(n.value);
            } else if constexpr (std::is_same_v<T, bool_literal>) {
                return value::boolean(n.value);
            } else if constexpr (std::is_same_v<T, char_literal>) {
                auto chars = decode_utf8(n.value);
                return value::character(chars.empty() ? 0 : chars.front());
            } else if constexpr (std::is_same_v<T, string_literal>) {
                std::vector<value> chars;
                for (char32_t ch : decode_utf8(n.value)) chars.push_back(value::character(ch));
                return make_sequence(std::move(chars));
            } else if constexpr (std::is_same_v<T, variable>) {
                return lookup(n.name.text, env, e.where);
            } else if constexpr (std::is_same_v<T, tuple>) {
                std::vector<value> items;
                for (expr_id x : n.elements) items.push_back(eval(x, env));
                return make_tuple(std::move(items));
            } else if constexpr (std::is_same_v<T, application>) {
                value f = eval(n.function, env);
                std::vector<value> args;
                for (expr_id x : n.arguments) args.push_back(eval(x, env));
                return apply(f, std::move(args), e.where);
            } else if constexpr (std::is_same_v<T, unary>) {
                switch (n.op) {
                case unary_op::negate: return value::integer(checked(-static_cast<__int128>(int_of(n.operand)), e.where));
                case unary_op::logical_not: return value::boolean(!bool_of(n.operand));
                case unary_op::length: {
                    value s = eval(n.operand, env);
                    if (s.kind() != value_kind::sequence) fail(e.where, "'#' takes a sequence, not " + kind_word(s));
                    return value::integer(static_cast<std::int64_t>(items_of(s, e.where, "the length '#'").size()));
                }
                }
                return value{};
            } else if constexpr (std::is_same_v<T, binary>) {
                switch (n.op) {
                case binary_op::add: return value::integer(checked(static_cast<__int128>(int_of(n.lhs)) + int_of(n.rhs), e.where));
                case binary_op::subtract: return value::integer(checked(static_cast<__int128>(int_of(n.lhs)) - int_of(n.rhs), e.where));
                case binary_op::multiply: return value::integer(checked(static_cast<__int128>(int_of(n.lhs)) * int_of(n.rhs), e.where));
                case binary_op::divide:
                case binary_op::modulo: {
                    std::int64_t a = int_of(n.lhs), b = int_of(n.rhs);
                    if (b == 0) fail(e.where, "division by zero");
                    // FDR divides as Haskell's `div` and `mod`: rounding towards negative infinity.
                    std::int64_t q = a / b, r = a % b;
                    if (r != 0 && ((r < 0) != (b < 0))) {
                        q -= 1;
                        r += b;
                    }
                    return value::integer(n.op == binary_op::divide ? checked(q, e.where) : r);
                }
                case binary_op::equal:
                case binary_op::not_equal: {
                    value a = eval(n.lhs, env), b = eval(n.rhs, env);
                    comparable(a, e.where);
                    comparable(b, e.where);
                    return value::boolean((a == b) == (n.op == binary_op::equal));
                }
                case binary_op::less: case binary_op::less_equal: case binary_op::greater: case binary_op::greater_equal: {
                    value a = eval(n.lhs, env), b = eval(n.rhs, env);
                    comparable(a, e.where);
                    comparable(b, e.where);
                    bool lt, eq;
                    if (a.kind() == value_kind::set && b.kind() == value_kind::set) {
                        // Sets are ordered by inclusion.
                        auto subset = [&](const value& x, const value& y) {
                            if (y.parts().is_range && x.parts().is_range) {
                                if (x.parts().items.empty() && !x.parts().is_range) return true;
                                return x.parts().range_from >= y.parts().range_from && x.parts().range_to <= y.parts().range_to;
                            }
                            if (x.parts().is_range && x.parts().range_to == compound::unbounded) return false;
                            for (const value& el : enumerate(x, e.where))
                                if (!member(el, y)) return false;
                            return true;
                        };
                        eq = a == b;
                        lt = subset(a, b) && !eq;
                        bool le = lt || eq, ge = subset(b, a);
                        switch (n.op) {
                        case binary_op::less: return value::boolean(lt);
                        case binary_op::less_equal: return value::boolean(le);
                        case binary_op::greater: return value::boolean(ge && !eq);
                        default: return value::boolean(ge);
                        }
                    }
                    if (a.kind() == value_kind::sequence && b.kind() == value_kind::sequence) {
                        // Sequences are ordered by prefix.
                        auto prefix_of = [](const value& x, const value& y) {
                            const auto& xs = x.parts().items;
                            const auto& ys = y.parts().items;
                            return xs.size() <= ys.size() && std::equal(xs.begin(), xs.end(), ys.begin());
                        };
                        eq = a == b;
                        switch (n.op) {
                        case binary_op::less: return value::boolean(prefix_of(a, b) && !eq);
                        case binary_op::less_equal: return value::boolean(prefix_of(a, b));
                        case binary_op::greater: return value::boolean(prefix_of(b, a) && !eq);
                        default: return value::boolean(prefix_of(b, a));
                        }
                    }
                    int c = compare(a, b);
                    switch (n.op) {
                    case binary_op::less: return value::boolean(c < 0);
                    case binary_op::less_equal: return value::boolean(c <= 0);
                    case binary_op::greater: return value::boolean(c > 0);
                    default: return value::boolean(c >= 0);
                    }
                }
                case binary_op::logical_and: return value::boolean(bool_of(n.lhs) && bool_of(n.rhs));
                case binary_op::logical_or: return value::boolean(bool_of(n.lhs) || bool_of(n.rhs));
                case binary_op::concat: {
                    value a = eval(n.lhs, env), b = eval(n.rhs, env);
                    if (a.kind() != value_kind::sequence || b.kind() != value_kind::sequence)
                        fail(e.where, "'^' joins two sequences");
                    if (a.parts().payload) return a;  // nothing comes after an infinite sequence
                    if (b.parts().payload) return join_infinite(a, b);
                    std::vector<value> items = a.parts().items;
                    items.insert(items.end(), b.parts().items.begin(), b.parts().items.end());
                    return make_sequence(std::move(items));
                }
                case binary_op::dot: return dotted(eval(n.lhs, env), eval(n.rhs, env), e.where);
                default: break;
                }
                fail(e.where, "this operator is not a value operator");
            } else if constexpr (std::is_same_v<T, if_then_else>) {
                return bool_of(n.condition) ? eval(n.then_branch, env) : eval(n.else_branch, env);
            } else if constexpr (std::is_same_v<T, let_within>) {
                m_frames.push_back(frame{env, {}, &n.declarations, {}, {}, {}, {}});
                return eval(n.body, &m_frames.back());
            } else if constexpr (std::is_same_v<T, lambda>) {
                auto c = std::make_shared<function_closure>();
                c->which = function_closure::kind::lambda;
                c->lam = &n;
                c->env = env;
                c->name = "lambda";
                return make_opaque(value_kind::function, c);
            } else if constexpr (std::is_same_v<T, set_enumeration>) {
                std::vector<value> items;
                for (expr_id x : n.elements) items.push_back(eval(x, env));
                return make_set(std::move(items));
            } else if constexpr (std::is_same_v<T, seq_enumeration>) {
                std::vector<value> items;
                for (expr_id x : n.elements) items.push_back(eval(x, env));
                return make_sequence(std::move(items));
            } else if constexpr (std::is_same_v<T, set_range> || std::is_same_v<T, seq_range>) {
                constexpr bool is_set = std::is_same_v<T, set_range>;
                std::vector<value> all;
                value result;
                bool unbounded = false;
                std::int64_t lowest = compound::unbounded;
                auto one = [&](const frame* scope) {
                    if constexpr (!is_set)
                        if (unbounded) return;  // nothing comes after an infinite sequence
                    std::int64_t from = 0, to = 0;
                    value fv = eval(n.from, scope);
                    if (fv.kind() != value_kind::integer) fail(e.where, "a range runs between integers");
                    from = fv.as_int();
                    if (n.to == none) {
                        to = compound::unbounded;
                        unbounded = true;
                    } else {
                        value tv = eval(n.to, scope);
                        if (tv.kind() != value_kind::integer) fail(e.where, "a range runs between integers");
                        to = tv.as_int();
                    }
                    if (to == compound::unbounded) {
                        if constexpr (is_set) {
                            // Infinite ranges of a comprehension are joined into one.
                            lowest = std::min(lowest, from);
                            result = make_range_set(lowest, to);
                        } else {
                            // <a..>: a, a+1, … made on demand; past FDR's Int range is an overflow.
                            auto g = std::make_shared<lazy_sequence>();
                            g->counting_from = from;
                            result = make_opaque(value_kind::sequence, std::move(g));
                            unbounded = true;
                        }
                        return;
                    }
                    if (to >= from && static_cast<std::uint64_t>(to - from) >= m_limits.max_set_size)
                        fail(e.where, "the range has more than " + std::to_string(m_limits.max_set_size) + " elements");
                    for (std::int64_t i = from; i <= to; ++i) all.push_back(value::integer(i));
                };
                if (n.statements.empty()) {
                    if constexpr (is_set) {
                        // A plain range is kept as a range: no enumeration.
                        value fv = eval(n.from, env);
                        if (fv.kind() != value_kind::integer) fail(e.where, "a range runs between integers");
                        if (n.to == none) return make_range_set(fv.as_int(), compound::unbounded);
                        value tv = eval(n.to, env);
                        if (tv.kind() != value_kind::integer) fail(e.where, "a range runs between integers");
                        return make_range_set(fv.as_int(), tv.as_int());
                    }
                    one(env);
                    if (unbounded) return result;
                    if constexpr (is_set) {
                        return all.empty() ? make_set({}) : make_range_set(all.front().as_int(), all.back().as_int());
                    } else {
                        return make_sequence(std::move(all));
                    }
                }
                comprehend(n.statements, env, [&](const frame* scope) { one(scope); });
                if constexpr (!is_set) {
                    // The ranges one after the other, up to the first infinite one.
                    if (unbounded) return join_infinite(make_sequence(std::move(all)), result);
                    return make_sequence(std::move(all));
                }
                if (unbounded) {
                    // {lowest..} and the finite ranges: one set if they join up.
                    std::vector<std::int64_t> below;
                    for (const value& x : all)
                        if (x.as_int() < lowest) below.push_back(x.as_int());
                    std::sort(below.begin(), below.end());
                    below.erase(std::unique(below.begin(), below.end()), below.end());
                    while (!below.empty() && below.back() == lowest - 1) {
                        --lowest;
                        below.pop_back();
                    }
                    value range = make_range_set(lowest, compound::unbounded);
                    if (below.empty()) return range;
                    // Otherwise kept as the union of the two, like union({0}, {5..}).
                    std::vector<value> low;
                    for (std::int64_t x : below) low.push_back(value::integer(x));
                    return described_union(make_set(std::move(low)), range);
                }
                return make_set(std::move(all));
            } else if constexpr (std::is_same_v<T, set_comprehension> || std::is_same_v<T, seq_comprehension>) {
                if constexpr (std::is_same_v<T, seq_comprehension>)
                    if (std::optional<value> lazy = lazy_comprehension(n.elements, n.statements, env)) return *lazy;
                std::vector<value> items;
                comprehend(n.statements, env, [&](const frame* scope) {
                    for (expr_id x : n.elements) items.push_back(eval(x, scope));
                });
                if constexpr (std::is_same_v<T, set_comprehension>) return make_set(std::move(items));
                else return make_sequence(std::move(items));
            } else if constexpr (std::is_same_v<T, syntax::ast::closure>) {
                std::vector<value> items;
                for (expr_id x : n.elements) items.push_back(eval(x, env));
                return closure_set(items, e.where);
            } else if constexpr (std::is_same_v<T, syntax::ast::closure_comprehension>) {
                std::vector<value> items;
                comprehend(n.statements, env, [&](const frame* scope) {
                    for (expr_id x : n.elements) items.push_back(eval(x, scope));
                });
                return closure_set(items, e.where);
            } else if constexpr (std::is_same_v<T, map_literal>) {
                std::vector<std::pair<value, value>> entries;
                for (const auto& en : n.entries) entries.emplace_back(eval(en.key, env), eval(en.value, env));
                return make_map(std::move(entries));
            } else if constexpr (std::is_same_v<T, partial>) {
                fail(e.where, "this expression is incomplete");
            } else {
                fail(e.where, "this expression cannot be evaluated yet");
            }
        },
        e.node);
}

}  // namespace cspgate::semantics
