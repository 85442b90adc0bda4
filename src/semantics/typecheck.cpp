// The public face of the type checker, its diagnostics, and the types
// written in annotations.

#include "typecheck_impl.hpp"

#include "cspgate/base/large_stack.hpp"
#include "cspgate/base/limits.hpp"

namespace cspgate::semantics {
namespace detail {

checker::checker(const script& s, base::diagnostics& sink) : m_script(s), m_sink(sink) { add_builtins(*this, m_builtins); }

tid checker::instantiate(const scheme& s) {
    return s.generic ? m_types.instantiate(s.type, s.level, m_level) : s.type;
}

void checker::report(base::span where, const std::string& message) { m_sink.error(where, message); }

namespace {

const char* class_meaning(std::uint8_t c) {
    switch (c) {
    case c_eq: return "cannot be compared for equality";
    case c_ord: return "cannot be ordered";
    case c_set: return "cannot be put in a set";
    case c_inputable: return "cannot be input on a channel";
    case c_yieldable: return "is not a type that dotted values yield";
    case c_complete: return "is not a complete value";
    default: return "is not in the class";
    }
}

}  // namespace

void checker::unify_or_report(tid expected, tid found, base::span where) {
    mismatch why;
    if (m_types.unify(expected, found, why)) return;
    if (why.missing_class != 0) {
        report(where, "type mismatch: " + m_types.words(why.found) + " " + class_meaning(why.missing_class) + " (it is not in " +
                          type_store::class_name(why.missing_class) + ")");
        return;
    }
    report(where, "type mismatch: expected " + m_types.words(why.expected) + ", found " + m_types.words(why.found));
}

void checker::constrain_or_report(tid t, std::uint8_t classes, base::span where) {
    mismatch why;
    if (m_types.constrain(t, classes, why)) return;
    report(where, "type mismatch: " + m_types.words(why.found) + " " + class_meaning(why.missing_class) + " (it is not in " +
                      type_store::class_name(why.missing_class) + ")");
}

// The parser bounds the depth of expressions; patterns and lets add a little
// to it.  Past the bound the checker stops descending (with one diagnostic)
// rather than exhaust the stack.
bool checker::too_deep(base::span where) {
    if (m_depth < base::limits{}.max_tree_depth + 1000) return false;
    if (!m_depth_reported) report(where, "expression nested too deeply for the type checker");
    m_depth_reported = true;
    return true;
}

namespace {

struct annotation_reader {
    checker& c;
    std::map<std::string, tid>& vars;
    tid read(type_id id, std::uint32_t depth) {
        type_store& ts = c.m_types;
        if (depth > 10000) return ts.unknown();
        const type_expr& t = c.m_script.type(id);
        auto list = [&](const std::vector<type_id>& ids) {
            std::vector<tid> out;
            for (type_id x : ids) out.push_back(read(x, depth + 1));
            return out;
        };
        if (const auto* n = std::get_if<type_name>(&t.node)) return name(n->name);
        if (const auto* n = std::get_if<type_tuple>(&t.node)) return ts.make(tkind::tuple, list(n->elements));
        if (const auto* n = std::get_if<type_seq>(&t.node)) return ts.seq_of(read(n->element, depth + 1));
        if (const auto* n = std::get_if<type_set>(&t.node)) return ts.set_of(read(n->element, depth + 1));
        if (const auto* n = std::get_if<type_yield>(&t.node)) {
            if (n->star) return ts.unknown();
            return ts.make(tkind::dotable, {read(n->from, depth + 1), read(n->to, depth + 1)});
        }
        if (const auto* n = std::get_if<type_function>(&t.node)) return ts.function(list(n->arguments), read(n->result, depth + 1));
        return ts.unknown();  // a dotted type `a.b`
    }
    tid name(const std::string& n) {
        type_store& ts = c.m_types;
        if (n == "Int") return ts.int_t();
        if (n == "Bool") return ts.bool_t();
        if (n == "Char") return ts.char_t();
        if (n == "Proc") return ts.proc_t();
        if (n == "Event") return ts.event_t();
        auto d = c.m_datatype_names.find(n);
        if (d != c.m_datatype_names.end()) return d->second;
        if (n.empty() || !std::islower(static_cast<unsigned char>(n[0]))) return ts.unknown();
        auto it = vars.find(n);
        if (it != vars.end()) return it->second;
        tid v = ts.fresh(c.m_level);
        vars.emplace(n, v);
        return v;
    }
};

}  // namespace

tid annotation_type(checker& c, const type_annotation& a, std::map<std::string, tid>& vars) {
    annotation_reader r{c, vars};
    for (const auto& cc : a.constraints) {
        static const std::map<std::string, std::uint8_t> names{
            {"Eq", c_eq}, {"Ord", c_ord}, {"Set", c_set}, {"Inputable", c_inputable}, {"Yieldable", c_yieldable},
            {"Complete", c_complete}};
        auto it = names.find(cc.class_name.text);
        if (it == names.end()) {
            c.report(cc.class_name.where, "unknown type class '" + cc.class_name.text + "'");
            continue;
        }
        mismatch why;
        c.m_types.constrain(r.name(cc.variable.text), it->second, why);
    }
    return a.type == none ? c.m_types.unknown() : r.read(a.type, 0);
}

}  // namespace detail

namespace {

/// Runs the checker over a script on a large stack; `then` sees the
/// checker and the top-level scope afterwards.
template <typename Then>
bool run(const syntax::ast::script& script, base::diagnostics& sink, Then&& then) {
    std::size_t before = sink.error_count();
    base::with_large_stack([&] {
        detail::checker c(script, sink);
        detail::scope top{&c.m_builtins, {}};
        c.check_declarations(script.top, top);
        then(c, top);
    });
    return sink.error_count() == before;
}

}  // namespace

bool typecheck(const syntax::ast::script& script, base::diagnostics& sink) {
    return run(script, sink, [](detail::checker&, detail::scope&) {});
}

std::optional<std::string> type_of(const syntax::ast::script& script, syntax::ast::expr_id e, base::diagnostics& sink) {
    std::optional<std::string> result;
    bool ok = run(script, sink, [&](detail::checker& c, detail::scope& top) {
        detail::tid t = c.expr(e, top);
        result = c.m_types.show(t);
    });
    if (!ok) return std::nullopt;
    return result;
}

}  // namespace cspgate::semantics
