// Types in FDR's notation (`{Int}`, `(Int, Bool)`, `(Int) -> Bool`,
// `Int => Event`, `Eq a => <a>`) and in words for diagnostics.

#include "typecheck_impl.hpp"

namespace cspgate::semantics::detail {
namespace {

/// The n-th type variable name: a, b, …, z, a1, b1, …
std::string var_name(std::size_t n) {
    std::string s(1, static_cast<char>('a' + n % 26));
    if (n >= 26) s += std::to_string(n / 26);
    return s;
}

}  // namespace

std::string type_store::show(tid t) {
    std::map<tid, std::string> names;
    std::string body = show_at(t, names, 0, false);
    // The class constraints of the variables, as FDR writes them in front.
    std::vector<std::string> constraints;
    for (const auto& [var, name] : names) {
        std::uint8_t cs = m_nodes[var].classes;
        for (std::uint8_t c = 1; c != 0 && c <= c_complete; c = static_cast<std::uint8_t>(c << 1))
            if (cs & c) constraints.push_back(std::string(class_name(c)) + " " + name);
    }
    if (constraints.empty()) return body;
    std::string head;
    for (std::size_t i = 0; i < constraints.size(); ++i) head += (i ? ", " : "") + constraints[i];
    return (constraints.size() == 1 ? head : "(" + head + ")") + " => " + body;
}

std::string type_store::show_at(tid t, std::map<tid, std::string>& names, std::uint32_t depth, bool nested) {
    t = resolve(t);
    if (depth > max_type_depth) return "...";
    const tnode n = m_nodes[t];
    auto list = [&](std::size_t count) {
        std::string s;
        for (std::size_t i = 0; i < count; ++i) s += (i ? ", " : "") + show_at(n.args[i], names, depth + 1, false);
        return s;
    };
    switch (n.kind) {
    case tkind::var: {
        auto it = names.find(t);
        if (it != names.end()) return it->second;
        std::string name = var_name(names.size());
        names.emplace(t, name);
        return name;
    }
    case tkind::unknown: return "?";
    case tkind::int_: return "Int";
    case tkind::bool_: return "Bool";
    case tkind::char_: return "Char";
    case tkind::proc: return "Proc";
    case tkind::event: return "Event";
    case tkind::datatype: return n.name;
    case tkind::set: return "{" + list(1) + "}";
    case tkind::seq: return "<" + list(1) + ">";
    case tkind::tuple: return "(" + list(n.args.size()) + ")";
    case tkind::map:
        return "(|" + show_at(n.args[0], names, depth + 1, false) + " => " + show_at(n.args[1], names, depth + 1, false) + "|)";
    case tkind::function: {
        std::string s = "(" + list(n.args.size() - 1) + ") -> " + show_at(n.args.back(), names, depth + 1, false);
        return nested ? "(" + s + ")" : s;
    }
    case tkind::dotable: {
        std::string s = show_at(n.args[0], names, depth + 1, true) + " => " + show_at(n.args[1], names, depth + 1, false);
        return nested ? "(" + s + ")" : s;
    }
    }
    return "?";
}

// In words: "a set of events", "a sequence of Int", "Proc", "Int": simple
// types by their names, compound ones described.
std::string type_store::words(tid t) {
    // Inside a sentence the class constraints are left out.
    auto show = [this](tid x) {
        std::map<tid, std::string> names;
        return show_at(x, names, 0, false);
    };
    t = resolve(t);
    const tnode n = m_nodes[t];
    switch (n.kind) {
    case tkind::set: {
        tid e = resolve(n.args[0]);
        if (m_nodes[e].kind == tkind::event) return "a set of events";
        if (m_nodes[e].kind == tkind::proc) return "a set of processes";
        return "a set of " + show(e);
    }
    case tkind::seq: {
        tid e = resolve(n.args[0]);
        if (m_nodes[e].kind == tkind::event) return "a sequence of events";
        if (m_nodes[e].kind == tkind::char_) return "a string";
        return "a sequence of " + show(e);
    }
    case tkind::function: return "a function of type " + show(t);
    case tkind::dotable: return "a constructor of type " + show(t) + " (not all its fields are given)";
    case tkind::tuple: return "a tuple of type " + show(t);
    case tkind::map: return "a map of type " + show(t);
    case tkind::var: return "a value of any type";
    default: return show(t);
    }
}

}  // namespace cspgate::semantics::detail
