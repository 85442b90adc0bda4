// The type store: union-find over type nodes, unification with FDR's
// classes, instantiation of schemes, and printing types in FDR's notation.

#include "typecheck_impl.hpp"

namespace cspgate::semantics::detail {

type_store::type_store() {
    m_unknown = make(tkind::unknown);
    m_int = make(tkind::int_);
    m_bool = make(tkind::bool_);
    m_char = make(tkind::char_);
    m_proc = make(tkind::proc);
    m_event = make(tkind::event);
}

tid type_store::make(tkind k, std::vector<tid> args, std::string name) {
    tnode n;
    n.kind = k;
    n.args = std::move(args);
    n.name = std::move(name);
    m_nodes.push_back(std::move(n));
    return static_cast<tid>(m_nodes.size() - 1);
}

tid type_store::fresh(std::uint32_t level, std::uint8_t classes) {
    tid t = make(tkind::var);
    m_nodes[t].level = level;
    m_nodes[t].classes = classes;
    return t;
}

tid type_store::function(std::vector<tid> args, tid result) {
    args.push_back(result);
    return make(tkind::function, std::move(args));
}

tid type_store::datatype(const std::string& name) {
    auto it = m_datatypes.find(name);
    if (it != m_datatypes.end()) return it->second;
    tid t = make(tkind::datatype, {}, name);
    m_datatypes.emplace(name, t);
    return t;
}

// Path compression keeps chains short; resolve is const, so it walks only.
tid type_store::resolve(tid t) const {
    while (m_nodes[t].kind == tkind::var && m_nodes[t].link != none) t = m_nodes[t].link;
    return t;
}

tid type_store::final_result(tid t) const {
    t = resolve(t);
    for (std::uint32_t i = 0; m_nodes[t].kind == tkind::dotable && i < max_type_depth; ++i)
        t = resolve(m_nodes[t].args[1]);
    return t;
}

bool type_store::occurs(tid var, tid t, std::uint32_t depth) {
    t = resolve(t);
    if (t == var) return true;
    if (depth > max_type_depth) return false;
    for (tid a : m_nodes[t].args)
        if (occurs(var, a, depth + 1)) return true;
    return false;
}

// Which classes each kind of type belongs to, following libcspm's
// instances: sets are in every class but Yieldable; tuples are in a class
// when their components are, sequences too (but are ordered by prefix); Bool, events and datatypes are not
// ordered; processes can only be put in sets; partially applied
// constructors (dotables) are not Complete.
bool type_store::constrain(tid t, std::uint8_t classes, mismatch& why) {
    t = resolve(t);
    tnode& n = m_nodes[t];
    auto fail = [&](std::uint8_t c) {
        why.expected = none;
        why.found = t;
        why.missing_class = c;
        return false;
    };
    auto allowed = [&](std::uint8_t mask) -> bool {
        std::uint8_t bad = static_cast<std::uint8_t>(classes & ~mask);
        if (!bad) return true;
        return fail(static_cast<std::uint8_t>(bad & -bad));
    };
    const std::uint8_t all = c_eq | c_ord | c_set | c_inputable | c_yieldable | c_complete;
    const std::uint8_t values = all & ~c_yieldable;
    switch (n.kind) {
    case tkind::var: n.classes |= classes; return true;
    case tkind::unknown: return true;
    case tkind::int_: case tkind::char_: case tkind::set: case tkind::map: return allowed(values);
    case tkind::bool_: return allowed(values & ~c_ord);
    case tkind::event: case tkind::datatype: return allowed(all & ~c_ord);
    case tkind::proc: return allowed(c_set | c_complete);
    case tkind::function: return allowed(c_set | c_complete);
    case tkind::dotable: return allowed(c_eq | c_set | c_inputable | c_yieldable);
    case tkind::tuple: {
        if (!allowed(values)) return false;
        std::vector<tid> parts = n.args;
        for (tid a : parts)
            if (!constrain(a, classes, why)) return false;
        return true;
    }
    case tkind::seq: {
        // Sequences are ordered by prefix, which needs only equality of
        // their elements.
        if (!allowed(values)) return false;
        std::uint8_t inner = classes & c_ord ? static_cast<std::uint8_t>((classes & ~c_ord) | c_eq) : classes;
        return constrain(n.args[0], inner, why);
    }
    }
    return true;
}

bool type_store::unify(tid expected, tid found, mismatch& why) {
    if (unify_at(expected, found, why, 0)) return true;
    if (why.expected == none && why.missing_class == 0) {
        why.expected = resolve(expected);
        why.found = resolve(found);
    }
    return false;
}

bool type_store::unify_at(tid a, tid b, mismatch& why, std::uint32_t depth) {
    a = resolve(a);
    b = resolve(b);
    if (a == b || depth > max_type_depth) return true;
    tnode& na = m_nodes[a];
    tnode& nb = m_nodes[b];
    if (na.kind == tkind::unknown || nb.kind == tkind::unknown) {
        // A variable that meets an unknown type becomes unknown: it may
        // stand for a dotted value whose type is not followed.
        if (na.kind == tkind::var) na.link = m_unknown;
        if (nb.kind == tkind::var) nb.link = m_unknown;
        return true;
    }
    if (na.kind == tkind::var || nb.kind == tkind::var) {
        tid var = na.kind == tkind::var ? a : b;
        tid other = var == a ? b : a;
        tnode& v = m_nodes[var];
        if (occurs(var, other, 0)) {
            why.expected = a;
            why.found = b;
            return false;
        }
        adjust_levels(other, v.level);
        if (!constrain(other, v.classes, why)) return false;
        v.link = other;
        return true;
    }
    if (na.kind != nb.kind || na.args.size() != nb.args.size() ||
        (na.kind == tkind::datatype && na.name != nb.name)) {
        why.expected = a;
        why.found = b;
        return false;
    }
    std::vector<tid> as = na.args, bs = nb.args;
    for (std::size_t i = 0; i < as.size(); ++i) {
        if (!unify_at(as[i], bs[i], why, depth + 1)) {
            // Name the whole types, not the parts, unless a class was missing.
            if (why.missing_class == 0) {
                why.expected = a;
                why.found = b;
            }
            return false;
        }
    }
    return true;
}

void type_store::adjust_levels(tid t, std::uint32_t level) {
    std::vector<tid> work{t};
    for (std::size_t steps = 0; !work.empty() && steps < 4 * max_type_depth; ++steps) {
        tid x = resolve(work.back());
        work.pop_back();
        tnode& n = m_nodes[x];
        if (n.kind == tkind::var) {
            if (n.level > level) n.level = level;
            continue;
        }
        work.insert(work.end(), n.args.begin(), n.args.end());
    }
}

tid type_store::instantiate(tid root, std::uint32_t level, std::uint32_t at) {
    // Iterative post-order copy: a type as deep as the input allows must
    // not reach the stack.
    struct item { tid t; bool expanded; };
    std::vector<item> work{{root, false}};
    std::map<tid, tid> done;
    while (!work.empty()) {
        item it = work.back();
        work.pop_back();
        tid t = resolve(it.t);
        if (done.count(t)) continue;
        const tnode& n = m_nodes[t];
        if (n.kind == tkind::var) {
            if (n.level > level) {
                tid f = fresh(at, m_nodes[t].classes);
                done[t] = f;
            } else {
                done[t] = t;
            }
            continue;
        }
        if (n.args.empty()) {
            done[t] = t;
            continue;
        }
        if (!it.expanded) {
            work.push_back({t, true});
            for (tid a : n.args) work.push_back({a, false});
            continue;
        }
        std::vector<tid> args;
        bool changed = false;
        for (tid a : m_nodes[t].args) {
            tid c = done.count(resolve(a)) ? done[resolve(a)] : resolve(a);
            changed = changed || c != resolve(a);
            args.push_back(c);
        }
        done[t] = changed ? make(m_nodes[t].kind, std::move(args), m_nodes[t].name) : t;
    }
    return done.count(resolve(root)) ? done[resolve(root)] : root;
}

const char* type_store::class_name(std::uint8_t c) {
    switch (c) {
    case c_eq: return "Eq";
    case c_ord: return "Ord";
    case c_set: return "Set";
    case c_inputable: return "Inputable";
    case c_yieldable: return "Yieldable";
    case c_complete: return "Complete";
    default: return "?";
    }
}

}  // namespace cspgate::semantics::detail
