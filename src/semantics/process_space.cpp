// Process terms and events: hash-consing and the public face of unfolding.
//
// A lazy term (a process value: an expression and its scope, a built-in
// process, a reference to a definition) is keyed by its expression and the
// values of the expression's free local variables, so that `COPY` reached
// twice, or `P(3)` called from two places, is one term.  Its unfolding is
// interned by content, so the operational semantics can rebuild `P' [] Q`
// and get the same number back.

#include "process_impl.hpp"

#include "cspgate/syntax/ast_walk.hpp"

#include <algorithm>
#include <cstring>

namespace cspgate::semantics {
namespace {

void put_u32(std::string& out, std::uint32_t x) { out.append(reinterpret_cast<const char*>(&x), sizeof x); }
void put_u64(std::string& out, std::uint64_t x) { out.append(reinterpret_cast<const char*>(&x), sizeof x); }

void report(base::diagnostics& sink, const eval_error& e) {
    base::diagnostic d;
    d.where = e.where;
    // Built-in processes and references have no expression to point at.
    d.has_location = !(e.where.file == 0 && e.where.begin == 0 && e.where.end == 0);
    d.message = e.message;
    d.notes = e.chain;
    sink.report(std::move(d));
}

}  // namespace

const char* op_name(process_op op) noexcept {
    switch (op) {
    case process_op::stop: return "STOP";
    case process_op::skip: return "SKIP";
    case process_op::div: return "DIV";
    case process_op::omega: return "Ω";
    case process_op::prefix: return "->";
    case process_op::external: return "[]";
    case process_op::internal: return "|~|";
    case process_op::sequential: return ";";
    case process_op::parallel: return "[| |]";
    case process_op::alphabetised: return "[ || ]";
    case process_op::linked: return "[<->]";
    case process_op::hide: return "\\";
    case process_op::rename: return "[[ ]]";
    case process_op::interrupt: return "/\\";
    case process_op::exception: return "[| |>";
    case process_op::sliding: return "[>";
    case process_op::sync_interrupt: return "/+ +\\";
    case process_op::sync_external: return "[+ +]";
    case process_op::chaos: return "CHAOS";
    case process_op::run: return "RUN";
    case process_op::prioritise: return "prioritise";
    case process_op::compress: return "compression";
    }
    return "?";
}

process_space::impl::impl(program::impl& evaluator) : ev(evaluator) {
    // Event numbers 0 and 1 are τ and ✓.
    event_values.resize(2);
    process_node n;
    n.op = process_op::omega;
    omega_term = make(n);
    n.op = process_op::stop;
    stop_term = make(n);
}

void process_space::impl::encode(const value& v, std::string& out) {
    out.push_back(static_cast<char>(v.kind()));
    switch (v.kind()) {
    case value_kind::integer:
    case value_kind::boolean:
    case value_kind::character:
        put_u64(out, static_cast<std::uint64_t>(v.as_int()));
        return;
    case value_kind::data:
        put_u32(out, v.constructor());
        [[fallthrough]];
    case value_kind::tuple:
    case value_kind::dot:
    case value_kind::sequence:
    case value_kind::map:
        if (v.parts().payload) {
            // An infinite sequence: the generator it shares and where it starts.
            put_u32(out, UINT32_MAX);
            put_u64(out, v.parts().identity);
            put_u64(out, static_cast<std::uint64_t>(v.parts().range_from));
            return;
        }
        put_u32(out, static_cast<std::uint32_t>(v.parts().items.size()));
        for (const value& x : v.parts().items) encode(x, out);
        return;
    case value_kind::set: {
        const compound& c = v.parts();
        out.push_back(c.is_range ? 'r' : static_cast<char>('e' + static_cast<int>(c.symbolic)));
        if (c.is_range) {
            put_u64(out, static_cast<std::uint64_t>(c.range_from));
            put_u64(out, static_cast<std::uint64_t>(c.range_to));
            return;
        }
        put_u32(out, static_cast<std::uint32_t>(c.items.size()));
        for (const value& x : c.items) encode(x, out);
        return;
    }
    case value_kind::function:
        put_u64(out, v.parts().identity);
        return;
    case value_kind::process:
        put_u32(out, term(v, base::span{}));
        return;
    }
}

const std::vector<std::string>& process_space::impl::free_names(expr_id root) {
    if (auto it = free_cache.find(root); it != free_cache.end()) return it->second;
    // Every unqualified name the expression mentions: a superset of its free
    // variables (a name bound inside it counts too), which costs some
    // sharing of terms but never merges two different ones.
    std::vector<std::string> names;
    std::vector<expr_id> work{root};
    while (!work.empty()) {
        expr_id id = work.back();
        work.pop_back();
        const expr& e = ev.m_script.at(id);
        if (const auto* v = std::get_if<variable>(&e.node); v && !v->name.is_qualified()) names.push_back(v->name.text);
        syntax::ast::for_each_child(ev.m_script, e, [&](expr_id c) { work.push_back(c); });
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return free_cache.emplace(root, std::move(names)).first->second;
}

term_id process_space::impl::term(const value& v, base::span where) {
    if (v.kind() != value_kind::process) ev.fail(where, "expected a process, found " + kind_word(v));
    auto t = std::static_pointer_cast<const process_term>(v.parts().payload);
    std::string key;
    if (t->is_reference) {
        key = "R" + t->name;
        put_u64(key, reinterpret_cast<std::uintptr_t>(t->env));
    } else if (t->expression == none) {
        key = "B" + t->name + '\0';
        for (const value& a : t->arguments) encode(a, key);
    } else {
        key = "E";
        put_u32(key, t->expression);
        for (const std::string& name : free_names(t->expression)) {
            // The innermost binding of the name decides: a local value, a
            // `let` (by its scope: evaluated once per scope), or nothing for
            // a global, which never changes.
            bool found = false;
            for (const frame* f = t->env; f && !found; f = f->parent) {
                for (auto it = f->vars.rbegin(); it != f->vars.rend(); ++it)
                    if (it->first == name) {
                        key.push_back('v');
                        encode(it->second, key);
                        found = true;
                        break;
                    }
                if (found || !f->let_decls) continue;
                for (decl_id d : *f->let_decls) {
                    const auto& node = ev.m_script.declaration(d).node;
                    const auto* fb = std::get_if<function_binding>(&node);
                    const auto* pb = std::get_if<pattern_binding>(&node);
                    if ((fb && fb->name.text == name) || (pb && ev.binds(pb->pattern, name))) {
                        key.push_back('l');
                        put_u64(key, reinterpret_cast<std::uintptr_t>(f));
                        found = true;
                        break;
                    }
                }
            }
            if (!found) key.push_back('g');
        }
    }
    auto [it, fresh] = lazy_keys.emplace(std::move(key), static_cast<term_id>(terms.size()));
    if (fresh) {
        term_entry e;
        e.process = v;
        e.is_lazy = true;
        e.label = t->label;
        terms.push_back(std::move(e));
    } else if (terms[it->second].label.empty() && !t->label.empty()) {
        terms[it->second].label = t->label;
    }
    return it->second;
}

term_id process_space::impl::make(process_node n) {
    std::string key;
    key.push_back(static_cast<char>(n.op));
    put_u32(key, static_cast<std::uint32_t>(n.children.size()));
    for (term_id c : n.children) put_u32(key, c);
    put_u32(key, static_cast<std::uint32_t>(n.branches.size()));
    for (auto [e, c] : n.branches) {
        put_u32(key, e);
        put_u32(key, c);
    }
    put_u32(key, static_cast<std::uint32_t>(n.sets.size()));
    for (const auto& s : n.sets) {
        put_u32(key, static_cast<std::uint32_t>(s.size()));
        for (event_id e : s) put_u32(key, e);
    }
    for (auto [a, b] : n.links) {
        put_u32(key, a);
        put_u32(key, b);
    }
    key.push_back(static_cast<char>(n.reduction));
    auto [it, fresh] = node_keys.emplace(std::move(key), static_cast<term_id>(terms.size()));
    if (fresh) {
        term_entry e;
        e.node = std::move(n);
        e.canonical = it->second;
        terms.push_back(std::move(e));
    }
    return it->second;
}

term_id process_space::impl::resolve(term_id t) {
    // Aliases are followed in a loop; a term met again while its own
    // unfolding is in progress is recursion with no operator in between.
    term_entry& e = terms[t];
    if (!e.is_lazy) return t;
    if (e.canonical != no_term) return e.canonical;
    auto p = std::static_pointer_cast<const process_term>(e.process.parts().payload);
    base::span where = p->expression != none ? ev.m_script.at(p->expression).where : base::span{};
    if (e.resolving) {
        std::string name = !e.label.empty() ? e.label : (p->is_reference ? p->name : std::string("this process"));
        ev.fail(where, "'" + name + "' is defined in terms of itself with no event in between (unguarded recursion)");
    }
    e.resolving = true;
    struct reset {
        term_entry& entry;
        ~reset() { entry.resolving = false; }
    } guard{e};
    unfolded u = unfold(*p);
    term_id c = u.is_alias ? resolve(term(u.alias, where)) : make(std::move(u.node));
    if (!u.is_alias && terms[c].node.op == process_op::compress && terms[c].label.empty()) {
        const term_entry& arg = terms[terms[c].node.children[0]];
        terms[c].label = p->name + "(" + (arg.label.empty() ? std::string("…") : arg.label) + ")";
    }
    term_entry& done = terms[t];
    done.canonical = c;
    // The shared terms STOP, SKIP, DIV and Ω keep their own names: a
    // definition that is one of them (`Idle = STOP`) must not rename every
    // finished component.
    const process_op op = terms[c].node.op;
    const bool shared = op == process_op::stop || op == process_op::skip || op == process_op::div || op == process_op::omega;
    if (!shared && terms[c].label.empty() && !done.label.empty()) terms[c].label = done.label;
    return c;
}

event_id process_space::impl::event(const value& v, base::span where, bool known_complete) {
    if (v.kind() != value_kind::data || !ev.m_constructors[v.constructor()].is_channel)
        ev.fail(where, ev.show(v) + " is not an event (an event is a channel with all its fields)");
    if (!known_complete && !ev.is_complete(v, where)) {
        const auto& c = ev.m_constructors[v.constructor()];
        ev.fail(where, "the event " + ev.show(v) + " is incomplete: channel '" + c.name + "' takes " +
                           std::to_string(ev.arity(v.constructor(), where)) + " field(s)");
    }
    std::string key;
    encode(v, key);
    auto [it, fresh] = event_keys.emplace(std::move(key), static_cast<event_id>(event_values.size()));
    if (fresh) event_values.push_back(v);
    return it->second;
}

std::vector<event_id> process_space::impl::events(const value& set, base::span where) {
    if (set.kind() != value_kind::set) ev.fail(where, "expected a set of events, found " + kind_word(set));
    std::string key;
    encode(set, key);
    if (auto it = set_cache.find(key); it != set_cache.end()) return it->second;
    std::vector<event_id> out;
    for (const value& x : ev.enumerate(set, where)) out.push_back(event(x, where));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    set_cache.emplace(std::move(key), out);
    return out;
}

// ------------------------------------------------------------------ public

process_space::process_space(program& p) : m_program(p), m_impl(std::make_unique<impl>(*p.m_impl)) {}
process_space::~process_space() = default;

term_id process_space::term(const value& process) { return m_impl->term(process, base::span{}); }

std::optional<term_id> process_space::canonical(term_id t, base::diagnostics& sink) {
    try {
        return m_impl->resolve(t);
    } catch (const eval_error& e) {
        report(sink, e);
        m_impl->ev.m_depth = 0;
        return std::nullopt;
    }
}

const process_node& process_space::node(term_id t) const { return m_impl->terms.at(t).node; }
term_id process_space::make(process_node n) { return m_impl->make(std::move(n)); }
term_id process_space::omega() { return m_impl->omega_term; }
term_id process_space::stop() { return m_impl->stop_term; }
const std::string& process_space::label(term_id t) const { return m_impl->terms.at(t).label; }

std::string process_space::describe(term_id t) const {
    const term_entry& e = m_impl->terms.at(t);
    if (!e.label.empty()) return e.label;
    switch (e.node.op) {
    case process_op::stop: case process_op::skip: case process_op::div: case process_op::omega:
        return op_name(e.node.op);
    case process_op::prefix: {
        std::string s;
        for (std::size_t i = 0; i < e.node.branches.size() && i < 3; ++i)
            s += (i ? " [] " : "") + event_name(e.node.branches[i].first) + " -> …";
        if (e.node.branches.size() > 3) s += " [] …";
        return s;
    }
    default:
        return std::string("a process (") + op_name(e.node.op) + ")";
    }
}

std::size_t process_space::term_count() const { return m_impl->terms.size(); }
std::size_t process_space::event_count() const { return m_impl->event_values.size(); }

event_id process_space::event(const value& v) { return m_impl->event(v, base::span{}); }
const value& process_space::event_value(event_id e) const { return m_impl->event_values.at(e); }

std::string process_space::event_name(event_id e) const {
    if (e == tau_event) return "τ";
    if (e == tick_event) return "✓";
    return m_impl->ev.show(m_impl->event_values.at(e));
}

std::string process_space::event_channel(event_id e) const {
    if (e == tau_event) return "τ";
    if (e == tick_event) return "✓";
    return m_impl->ev.m_constructors.at(m_impl->event_values.at(e).constructor()).name;
}

std::vector<value> process_space::event_fields(event_id e) const {
    if (e == tau_event || e == tick_event) return {};
    return m_impl->event_values.at(e).parts().items;
}

std::optional<std::vector<event_id>> process_space::events_of(const value& set, base::span where, base::diagnostics& sink) {
    try {
        return m_impl->events(set, where);
    } catch (const eval_error& e) {
        report(sink, e);
        m_impl->ev.m_depth = 0;
        return std::nullopt;
    }
}

std::optional<std::vector<event_id>> process_space::productions_of(const value& prefix, base::span where,
                                                                  base::diagnostics& sink) {
    try {
        return m_impl->events(m_impl->ev.productions(prefix, where), where);
    } catch (const eval_error& e) {
        report(sink, e);
        m_impl->ev.m_depth = 0;
        return std::nullopt;
    }
}

std::optional<std::vector<event_id>> process_space::all_events(base::diagnostics& sink) {
    try {
        return m_impl->events(m_impl->ev.lookup("Events", nullptr, base::span{}), base::span{});
    } catch (const eval_error& e) {
        report(sink, e);
        m_impl->ev.m_depth = 0;
        return std::nullopt;
    }
}

}  // namespace cspgate::semantics
