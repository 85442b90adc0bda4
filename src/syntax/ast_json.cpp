// The syntax tree as JSON, schema `cspgate.ast/v1` (docs/schema/ast.md).
//
// Expression trees may be as deep as limits::max_nesting, so the tree is not
// walked recursively.  Each node is described as a flat list of actions (open
// an object, write a key, write a string, visit a child, ...); the actions go
// on an explicit stack, and a child is described only when its action is
// popped.  Per level of the tree the stack holds the few actions that follow
// the child being written, and the call stack stays flat whatever the input.

#include "cspgate/syntax/ast_json.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace cspgate::syntax {
namespace {

using namespace ast;

// ------------------------------------------------------------------ printer

/// Writes JSON text in the layout of a 2-space pretty printer, buffered.
/// Spans and qualified names, small records of fixed shape, go on one line.
class json_printer {
public:
    explicit json_printer(std::ostream& out) : m_out(out) { m_buf.reserve(flush_bytes + 4096); }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view k) {
        separate();
        string_body(k);
        m_buf += ": ";
        m_after_key = true;
    }
    void string(std::string_view s) {
        value();
        string_body(s);
    }
    void null() {
        value();
        m_buf += "null";
    }
    void boolean(bool b) {
        value();
        m_buf += b ? "true" : "false";
    }
    void integer(std::int64_t v) {
        value();
        number(v);
    }

    void span_object(base::file_id file, base::position b, base::position e) {
        value();
        m_buf += "{\"file\": ";
        number(file);
        m_buf += ", \"line\": ";
        number(b.line);
        m_buf += ", \"column\": ";
        number(b.column);
        m_buf += ", \"end_line\": ";
        number(e.line);
        m_buf += ", \"end_column\": ";
        number(e.column);
        m_buf += '}';
    }
    // A qualified name `M::x` as the array ["M", "x"], on one line.
    void name_parts(std::string_view text) {
        value();
        m_buf += '[';
        for (std::size_t start = 0;;) {
            std::size_t sep = text.find("::", start);
            string_body(text.substr(start, sep == std::string_view::npos ? sep : sep - start));
            if (sep == std::string_view::npos) break;
            m_buf += ", ";
            start = sep + 2;
        }
        m_buf += ']';
    }
    void finish() {
        m_buf += '\n';
        flush();
    }

private:
    // Nesting deeper than this is not indented further: a chain of 20,000
    // prefixes would otherwise need gigabytes of spaces.
    static constexpr std::size_t max_indent_depth = 64;
    static constexpr std::size_t flush_bytes = std::size_t{1} << 16;

    void open(char c) {
        value();
        m_buf += c;
        m_counts.push_back(0);
    }
    void close(char c) {
        bool empty = m_counts.back() == 0;
        m_counts.pop_back();
        if (!empty) newline();
        m_buf += c;
    }
    // Before a key, or an element of an array: a comma after the previous
    // member, then a new indented line.
    void separate() {
        if (m_counts.empty()) return;
        if (m_counts.back()++ != 0) m_buf += ',';
        newline();
    }
    void value() {
        if (m_after_key)
            m_after_key = false;
        else
            separate();
        if (m_buf.size() >= flush_bytes) flush();
    }
    void newline() {
        m_buf += '\n';
        m_buf.append(2 * std::min(m_counts.size(), max_indent_depth), ' ');
    }
    template <class Int>
    void number(Int v) {
        char digits[24];
        auto r = std::to_chars(digits, digits + sizeof digits, v);
        m_buf.append(digits, r.ptr);
    }
    void flush() {
        m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
        m_buf.clear();
    }
    void string_body(std::string_view s);

    std::ostream& m_out;
    std::string m_buf;
    std::vector<std::uint32_t> m_counts;  // members written so far, per open container
    bool m_after_key = false;
};

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0
// with `bad` set to the length of its maximal ill-formed prefix (at least 1),
// which is replaced by one U+FFFD as Unicode recommends (chapter 3, "U+FFFD
// Substitution of Maximal Subparts").
std::size_t utf8_sequence(std::string_view s, std::size_t& bad) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char lead = byte(0);
    // The length, and the range of the second byte, by the lead byte
    // (Unicode, Table 3-7, "Well-Formed UTF-8 Byte Sequences").
    std::size_t len = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
                    : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    unsigned lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    unsigned hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    if (len == 0) {
        bad = 1;
        return 0;
    }
    for (std::size_t i = 1; i < len; ++i) {
        bool ok = i < s.size() && byte(i) >= (i == 1 ? lo : 0x80) && byte(i) <= (i == 1 ? hi : 0xBF);
        if (!ok) {
            bad = i;
            return 0;
        }
    }
    return len;
}

void json_printer::string_body(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    m_buf += '"';
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t bad = 0, len = utf8_sequence(s.substr(i), bad);
            if (len) m_buf.append(s.substr(i, len));
            else m_buf += "\xEF\xBF\xBD";
            i += len ? len : bad;
            continue;
        }
        switch (c) {
        case '"': m_buf += "\\\""; break;
        case '\\': m_buf += "\\\\"; break;
        case '\b': m_buf += "\\b"; break;
        case '\f': m_buf += "\\f"; break;
        case '\n': m_buf += "\\n"; break;
        case '\r': m_buf += "\\r"; break;
        case '\t': m_buf += "\\t"; break;
        default:
            if (c < 0x20) {
                m_buf += "\\u00";
                m_buf += hex[c >> 4];
                m_buf += hex[c & 15];
            } else {
                m_buf += static_cast<char>(c);
            }
        }
        ++i;
    }
    m_buf += '"';
}

// ------------------------------------------------------------------ actions

// One step of the output.  `text` points into the script or to a literal;
// the script outlives the writer, so no string is copied.
enum class step : std::uint8_t {
    begin_object, end_object, begin_array, end_array, key, string, literal, integer, boolean, null,
    where, name, expr_child, pat_child, type_child, decl_child,
};
struct action {
    step what = step::null;
    std::uint32_t id = none;
    std::int64_t number = 0;
    const void* text = nullptr;
    base::span sp{};
};

/// Appends the actions that describe one node, in output order.
class describer {
public:
    explicit describer(std::vector<action>& out) : m_out(out) {}

    // A node object starts with its kind and its span.
    void open(const char* kind, span where) {
        push({step::begin_object});
        literal("kind", kind);
        this->where("span", where);
    }
    void close() { push({step::end_object}); }
    void begin_object() { push({step::begin_object}); }
    void end_object() { push({step::end_object}); }
    void begin_array(const char* k) { put(k, {step::begin_array}); }
    void begin_array() { push({step::begin_array}); }
    void end_array() { push({step::end_array}); }

    void literal(const char* k, const char* v) { put(k, {step::literal, none, 0, v}); }
    void text(const char* k, const std::string& v) { put(k, {step::string, none, 0, &v}); }
    void integer(const char* k, std::int64_t v) { put(k, {step::integer, none, v}); }
    void boolean(const char* k, bool v) { put(k, {step::boolean, none, v ? 1 : 0}); }
    void null(const char* k) { put(k, {step::null}); }
    void where(const char* k, span v) { put(k, {step::where, none, 0, nullptr, v}); }
    void name(const char* k, const qualified_name& v) { put(k, {step::name, none, 0, &v}); }

    void expr(const char* k, expr_id id) { put(k, child(step::expr_child, id)); }
    void pat(const char* k, pat_id id) { put(k, child(step::pat_child, id)); }
    void type(const char* k, type_id id) { put(k, child(step::type_child, id)); }
    void exprs(const char* k, const std::vector<expr_id>& ids) { list(k, step::expr_child, ids); }
    void pats(const char* k, const std::vector<pat_id>& ids) { list(k, step::pat_child, ids); }
    void pats(const std::vector<pat_id>& ids) { list(nullptr, step::pat_child, ids); }
    void types(const char* k, const std::vector<type_id>& ids) { list(k, step::type_child, ids); }
    void decls(const char* k, const std::vector<decl_id>& ids) { list(k, step::decl_child, ids); }

    void located(const char* k, const located_name& n) {
        key(k);
        located(n);
    }
    void located(const char* k, const std::vector<located_name>& names) {
        begin_array(k);
        for (const auto& n : names) located(n);
        end_array();
    }

    /// A list of auxiliary objects (statements, fields, ...); `members`
    /// describes the members of one.
    template <class T, class F>
    void objects(const char* k, const std::vector<T>& items, F members) {
        begin_array(k);
        for (const auto& item : items) {
            begin_object();
            members(item);
            end_object();
        }
        end_array();
    }

private:
    void push(action a) { m_out.push_back(a); }
    void key(const char* k) { push({step::key, none, 0, k}); }
    void put(const char* k, action a) {
        key(k);
        push(a);
    }
    static action child(step s, std::uint32_t id) { return id == none ? action{step::null} : action{s, id}; }
    void list(const char* k, step s, const std::vector<std::uint32_t>& ids) {
        if (k) key(k);
        push({step::begin_array});
        for (auto id : ids) push(child(s, id));
        push({step::end_array});
    }
    void located(const located_name& n) {
        begin_object();
        text("text", n.text);
        where("span", n.where);
        end_object();
    }

    std::vector<action>& m_out;
};

// ---------------------------------------------------------- enum spellings

const char* spelling(unary_op op) {
    switch (op) {
    case unary_op::negate: return "negate";
    case unary_op::logical_not: return "logical_not";
    case unary_op::length: return "length";
    }
    return "?";
}

const char* spelling(binary_op op) {
    switch (op) {
    case binary_op::add: return "add";
    case binary_op::subtract: return "subtract";
    case binary_op::multiply: return "multiply";
    case binary_op::divide: return "divide";
    case binary_op::modulo: return "modulo";
    case binary_op::equal: return "equal";
    case binary_op::not_equal: return "not_equal";
    case binary_op::less: return "less";
    case binary_op::less_equal: return "less_equal";
    case binary_op::greater: return "greater";
    case binary_op::greater_equal: return "greater_equal";
    case binary_op::logical_and: return "logical_and";
    case binary_op::logical_or: return "logical_or";
    case binary_op::concat: return "concat";
    case binary_op::dot: return "dot";
    case binary_op::external_choice: return "external_choice";
    case binary_op::internal_choice: return "internal_choice";
    case binary_op::interleave: return "interleave";
    case binary_op::sequential: return "sequential";
    case binary_op::interrupt: return "interrupt";
    case binary_op::sliding_choice: return "sliding_choice";
    case binary_op::hiding: return "hiding";
    case binary_op::project: return "project";
    case binary_op::guard: return "guard";
    }
    return "?";
}

const char* spelling(replicated_op op) {
    switch (op) {
    case replicated_op::external_choice: return "external_choice";
    case replicated_op::internal_choice: return "internal_choice";
    case replicated_op::interleave: return "interleave";
    case replicated_op::sequential: return "sequential";
    case replicated_op::alphabetised_parallel: return "alphabetised_parallel";
    case replicated_op::generalised_parallel: return "generalised_parallel";
    case replicated_op::linked_parallel: return "linked_parallel";
    case replicated_op::synchronising_external_choice: return "synchronising_external_choice";
    }
    return "?";
}

const char* spelling(field_kind k) {
    switch (k) {
    case field_kind::output: return "output";
    case field_kind::input: return "input";
    case field_kind::nondeterministic_input: return "nondeterministic_input";
    }
    return "?";
}

const char* spelling(partial::kind k) {
    switch (k) {
    case partial::kind::input: return "input";
    case partial::kind::output: return "output";
    case partial::kind::nondeterministic_input: return "nondeterministic_input";
    case partial::kind::restriction: return "restriction";
    case partial::kind::double_pattern: return "double_pattern";
    }
    return "?";
}

const char* spelling(assertion_kind k) {
    switch (k) {
    case assertion_kind::refinement: return "refinement";
    case assertion_kind::deadlock_free: return "deadlock_free";
    case assertion_kind::divergence_free: return "divergence_free";
    case assertion_kind::deterministic: return "deterministic";
    case assertion_kind::has_trace: return "has_trace";
    case assertion_kind::causal_consistency: return "causal_consistency";
    case assertion_kind::sequential_consistency: return "sequential_consistency";
    }
    return "?";
}

const char* spelling(model_option::kind k) {
    switch (k) {
    case model_option::kind::tau_priority: return "tau_priority";
    case model_option::kind::partial_order_reduce: return "partial_order_reduce";
    }
    return "?";
}

// ------------------------------------------------------------ node members
// One overload per alternative of the node variants; std::visit fails to
// compile when a new alternative has none.  Members keep their names and
// their order from ast.hpp; a member called `kind` is written under the name
// of its enum type, since "kind" is the node's own kind.

void statements(describer& d, const std::vector<statement>& items) {
    d.objects("statements", items, [&](const statement& s) {
        d.where("span", s.where);
        d.pat("pattern", s.pattern);
        d.expr("expression", s.expression);
    });
}

void ties(describer& d, const std::vector<tie>& items) {
    d.objects("ties", items, [&](const tie& t) {
        d.expr("left", t.left);
        d.expr("right", t.right);
    });
}

template <class Range>
void range(describer& d, const char* kind, span where, const Range& n) {
    d.open(kind, where);
    d.expr("from", n.from);
    d.expr("to", n.to);
    statements(d, n.statements);
    d.close();
}

template <class Comprehension>
void comprehension(describer& d, const char* kind, span where, const Comprehension& n) {
    d.open(kind, where);
    d.exprs("elements", n.elements);
    statements(d, n.statements);
    d.close();
}

// The ids of all arenas are plain integers, so the arena of the elements is
// named by the caller, never deduced from their type.
enum class arena { exprs, pats, types };

template <class Node>
void elements(describer& d, const char* kind, span where, const Node& n, arena of) {
    d.open(kind, where);
    if (of == arena::pats) d.pats("elements", n.elements);
    else if (of == arena::types) d.types("elements", n.elements);
    else d.exprs("elements", n.elements);
    d.close();
}

// `lhs`, `events`, `rhs`: the three event-set operators.
template <class Node>
void with_events(describer& d, const char* kind, span where, const Node& n) {
    d.open(kind, where);
    d.expr("lhs", n.lhs);
    d.expr("events", n.events);
    d.expr("rhs", n.rhs);
    d.close();
}

template <class Node>
void pattern_pair(describer& d, const char* kind, span where, const Node& n) {
    d.open(kind, where);
    d.pat("lhs", n.lhs);
    d.pat("rhs", n.rhs);
    d.close();
}

template <class Node>
void scalar(describer& d, const char* kind, span where, const Node& n) {
    d.open(kind, where);
    using value_type = std::remove_cvref_t<decltype(n.value)>;
    if constexpr (std::is_same_v<value_type, bool>) d.boolean("value", n.value);
    else if constexpr (std::is_same_v<value_type, std::string>) d.text("value", n.value);
    else d.integer("value", n.value);
    d.close();
}

void datatype_clauses(describer& d, const std::vector<datatype_clause>& items) {
    d.objects("clauses", items, [&](const datatype_clause& c) {
        d.located("name", c.name);
        d.expr("type", c.type);
    });
}

// Expressions.
void describe(describer& d, span w, const int_literal& n) { scalar(d, "int_literal", w, n); }
void describe(describer& d, span w, const bool_literal& n) { scalar(d, "bool_literal", w, n); }
void describe(describer& d, span w, const char_literal& n) { scalar(d, "char_literal", w, n); }
void describe(describer& d, span w, const string_literal& n) { scalar(d, "string_literal", w, n); }
void describe(describer& d, span w, const variable& n) {
    d.open("variable", w);
    d.name("name", n.name);
    d.close();
}
void describe(describer& d, span w, const tuple& n) { elements(d, "tuple", w, n, arena::exprs); }
void describe(describer& d, span w, const application& n) {
    d.open("application", w);
    d.expr("function", n.function);
    d.exprs("arguments", n.arguments);
    d.close();
}
void describe(describer& d, span w, const unary& n) {
    d.open("unary", w);
    d.literal("op", spelling(n.op));
    d.expr("operand", n.operand);
    d.close();
}
void describe(describer& d, span w, const binary& n) {
    d.open("binary", w);
    d.literal("op", spelling(n.op));
    d.expr("lhs", n.lhs);
    d.expr("rhs", n.rhs);
    d.close();
}
void describe(describer& d, span w, const if_then_else& n) {
    d.open("if_then_else", w);
    d.expr("condition", n.condition);
    d.expr("then_branch", n.then_branch);
    d.expr("else_branch", n.else_branch);
    d.close();
}
void describe(describer& d, span w, const let_within& n) {
    d.open("let_within", w);
    d.decls("declarations", n.declarations);
    d.expr("body", n.body);
    d.close();
}
void describe(describer& d, span w, const lambda& n) {
    d.open("lambda", w);
    d.pats("parameters", n.parameters);
    d.expr("body", n.body);
    d.close();
}
void describe(describer& d, span w, const set_enumeration& n) { elements(d, "set_enumeration", w, n, arena::exprs); }
void describe(describer& d, span w, const set_range& n) { range(d, "set_range", w, n); }
void describe(describer& d, span w, const set_comprehension& n) { comprehension(d, "set_comprehension", w, n); }
void describe(describer& d, span w, const closure& n) { elements(d, "closure", w, n, arena::exprs); }
void describe(describer& d, span w, const closure_comprehension& n) {
    comprehension(d, "closure_comprehension", w, n);
}
void describe(describer& d, span w, const seq_enumeration& n) { elements(d, "seq_enumeration", w, n, arena::exprs); }
void describe(describer& d, span w, const seq_range& n) { range(d, "seq_range", w, n); }
void describe(describer& d, span w, const seq_comprehension& n) { comprehension(d, "seq_comprehension", w, n); }
void describe(describer& d, span w, const map_literal& n) {
    d.open("map_literal", w);
    d.objects("entries", n.entries, [&](const map_entry& e) {
        d.expr("key", e.key);
        d.expr("value", e.value);
    });
    d.close();
}
void describe(describer& d, span w, const prefix& n) {
    d.open("prefix", w);
    d.expr("event", n.event);
    d.objects("fields", n.fields, [&](const field& f) {
        d.literal("field_kind", spelling(f.kind));
        d.where("span", f.where);
        d.expr("value", f.value);
        d.pat("pattern", f.pattern);
        d.expr("restriction", f.restriction);
    });
    d.expr("body", n.body);
    d.close();
}
void describe(describer& d, span w, const generalised_parallel& n) {
    d.open("generalised_parallel", w);
    d.expr("lhs", n.lhs);
    d.expr("sync", n.sync);
    d.expr("rhs", n.rhs);
    d.close();
}
void describe(describer& d, span w, const alphabetised_parallel& n) {
    d.open("alphabetised_parallel", w);
    d.expr("lhs", n.lhs);
    d.expr("lhs_alpha", n.lhs_alpha);
    d.expr("rhs_alpha", n.rhs_alpha);
    d.expr("rhs", n.rhs);
    d.close();
}
void describe(describer& d, span w, const linked_parallel& n) {
    d.open("linked_parallel", w);
    d.expr("lhs", n.lhs);
    ties(d, n.ties);
    statements(d, n.statements);
    d.expr("rhs", n.rhs);
    d.close();
}
void describe(describer& d, span w, const exception& n) { with_events(d, "exception", w, n); }
void describe(describer& d, span w, const synchronising_external_choice& n) {
    with_events(d, "synchronising_external_choice", w, n);
}
void describe(describer& d, span w, const synchronising_interrupt& n) {
    with_events(d, "synchronising_interrupt", w, n);
}
void describe(describer& d, span w, const renaming& n) {
    d.open("renaming", w);
    d.expr("process", n.process);
    d.objects("pairs", n.pairs, [&](const rename_pair& p) {
        d.expr("from", p.from);
        d.expr("to", p.to);
    });
    statements(d, n.statements);
    d.close();
}
void describe(describer& d, span w, const replicated& n) {
    d.open("replicated", w);
    d.literal("op", spelling(n.op));
    statements(d, n.statements);
    d.expr("events", n.events);
    ties(d, n.ties);
    d.expr("body", n.body);
    d.close();
}
void describe(describer& d, span w, const partial& n) {
    d.open("partial", w);
    d.literal("which", spelling(n.which));
    d.expr("lhs", n.lhs);
    d.expr("rhs", n.rhs);
    d.close();
}

// Patterns.
void describe(describer& d, span w, const wildcard_pattern&) {
    d.open("wildcard_pattern", w);
    d.close();
}
void describe(describer& d, span w, const variable_pattern& n) {
    d.open("variable_pattern", w);
    d.name("name", n.name);
    d.close();
}
void describe(describer& d, span w, const int_pattern& n) { scalar(d, "int_pattern", w, n); }
void describe(describer& d, span w, const bool_pattern& n) { scalar(d, "bool_pattern", w, n); }
void describe(describer& d, span w, const char_pattern& n) { scalar(d, "char_pattern", w, n); }
void describe(describer& d, span w, const string_pattern& n) { scalar(d, "string_pattern", w, n); }
void describe(describer& d, span w, const tuple_pattern& n) { elements(d, "tuple_pattern", w, n, arena::pats); }
void describe(describer& d, span w, const dot_pattern& n) { pattern_pair(d, "dot_pattern", w, n); }
void describe(describer& d, span w, const seq_pattern& n) { elements(d, "seq_pattern", w, n, arena::pats); }
void describe(describer& d, span w, const concat_pattern& n) { pattern_pair(d, "concat_pattern", w, n); }
void describe(describer& d, span w, const set_pattern& n) { elements(d, "set_pattern", w, n, arena::pats); }
void describe(describer& d, span w, const double_pattern& n) { pattern_pair(d, "double_pattern", w, n); }

// Types.
void describe(describer& d, span w, const type_name& n) {
    d.open("type_name", w);
    d.text("name", n.name);
    d.close();
}
void describe(describer& d, span w, const type_tuple& n) { elements(d, "type_tuple", w, n, arena::types); }
void describe(describer& d, span w, const type_seq& n) {
    d.open("type_seq", w);
    d.type("element", n.element);
    d.close();
}
void describe(describer& d, span w, const type_set& n) {
    d.open("type_set", w);
    d.type("element", n.element);
    d.close();
}
void describe(describer& d, span w, const type_dot& n) {
    d.open("type_dot", w);
    d.type("lhs", n.lhs);
    d.type("rhs", n.rhs);
    d.close();
}
void describe(describer& d, span w, const type_yield& n) {
    d.open("type_yield", w);
    d.type("from", n.from);
    d.type("to", n.to);
    d.boolean("star", n.star);
    d.close();
}
void describe(describer& d, span w, const type_function& n) {
    d.open("type_function", w);
    d.types("arguments", n.arguments);
    d.type("result", n.result);
    d.close();
}

// Declarations.
void describe(describer& d, span w, const function_binding& n) {
    d.open("function_binding", w);
    d.located("name", n.name);
    d.objects("clauses", n.clauses, [&](const function_clause& c) {
        d.where("span", c.where);
        d.begin_array("parameters");
        for (const auto& group : c.parameters) d.pats(group);
        d.end_array();
        d.expr("body", c.body);
    });
    d.close();
}
void describe(describer& d, span w, const pattern_binding& n) {
    d.open("pattern_binding", w);
    d.pat("pattern", n.pattern);
    d.expr("body", n.body);
    d.close();
}
void describe(describer& d, span w, const channel_declaration& n) {
    d.open("channel_declaration", w);
    d.located("names", n.names);
    d.expr("type", n.type);
    d.close();
}
void describe(describer& d, span w, const datatype_declaration& n) {
    d.open("datatype_declaration", w);
    d.located("name", n.name);
    datatype_clauses(d, n.clauses);
    d.close();
}
void describe(describer& d, span w, const subtype_declaration& n) {
    d.open("subtype_declaration", w);
    d.located("name", n.name);
    datatype_clauses(d, n.clauses);
    d.close();
}
void describe(describer& d, span w, const nametype_declaration& n) {
    d.open("nametype_declaration", w);
    d.located("name", n.name);
    d.expr("type", n.type);
    d.close();
}
void describe(describer& d, span w, const external_declaration& n) {
    d.open("external_declaration", w);
    d.located("names", n.names);
    d.close();
}
void describe(describer& d, span w, const transparent_declaration& n) {
    d.open("transparent_declaration", w);
    d.located("names", n.names);
    d.close();
}
void describe(describer& d, span w, const assertion& n) {
    d.open("assertion", w);
    d.boolean("negated", n.negated);
    d.literal("assertion_kind", spelling(n.kind));
    if (n.model == semantic_model::unspecified) d.null("model");
    else d.literal("model", model_name(n.model));
    d.where("property_where", n.property_where);
    d.expr("lhs", n.lhs);
    d.expr("rhs", n.rhs);
    d.objects("options", n.options, [&](const model_option& o) {
        d.literal("which", spelling(o.which));
        d.where("span", o.where);
        d.expr("events", o.events);
        d.text("mode", o.mode);
    });
    d.close();
}
void describe(describer& d, span w, const include_declaration& n) {
    d.open("include_declaration", w);
    d.text("path", n.path);
    if (n.loaded) d.integer("file", n.file);
    else d.null("file");
    d.boolean("loaded", n.loaded);
    d.decls("declarations", n.declarations);
    d.close();
}
void describe(describer& d, span w, const module_declaration& n) {
    d.open("module_declaration", w);
    d.located("name", n.name);
    d.boolean("has_parameters", n.has_parameters);
    d.pats("parameters", n.parameters);
    d.decls("private_declarations", n.private_declarations);
    d.decls("exported_declarations", n.exported_declarations);
    d.close();
}
void describe(describer& d, span w, const instance_declaration& n) {
    d.open("instance_declaration", w);
    d.located("name", n.name);
    d.name("module", n.module);
    d.where("module_where", n.module_where);
    d.boolean("has_arguments", n.has_arguments);
    d.exprs("arguments", n.arguments);
    d.close();
}
void describe(describer& d, span w, const timed_section& n) {
    d.open("timed_section", w);
    d.expr("time_function", n.time_function);
    d.decls("declarations", n.declarations);
    d.close();
}
void describe(describer& d, span w, const print_declaration& n) {
    d.open("print_declaration", w);
    d.expr("expression", n.expression);
    d.close();
}
void describe(describer& d, span w, const type_annotation& n) {
    d.open("type_annotation", w);
    d.located("names", n.names);
    d.objects("constraints", n.constraints, [&](const class_constraint& c) {
        d.located("class_name", c.class_name);
        d.located("variable", c.variable);
    });
    d.type("type", n.type);
    d.close();
}

// ------------------------------------------------------------------- writer

/// Pops actions and prints them; a child action is replaced by the actions
/// that describe the child.
class tree_writer {
public:
    tree_writer(const script& s, const base::source_manager& sources, json_printer& printer)
        : m_script(s), m_sources(sources), m_printer(printer) {}

    void write(const std::vector<decl_id>& top) {
        m_printer.begin_array();
        for (auto id : top) {
            perform({step::decl_child, id});
            while (!m_stack.empty()) {
                action a = m_stack.back();
                m_stack.pop_back();
                perform(a);
            }
        }
        m_printer.end_array();
    }

private:
    void perform(const action& a) {
        auto& p = m_printer;
        switch (a.what) {
        case step::begin_object: p.begin_object(); break;
        case step::end_object: p.end_object(); break;
        case step::begin_array: p.begin_array(); break;
        case step::end_array: p.end_array(); break;
        case step::key: p.key(static_cast<const char*>(a.text)); break;
        case step::string: p.string(*static_cast<const std::string*>(a.text)); break;
        case step::literal: p.string(static_cast<const char*>(a.text)); break;
        case step::integer: p.integer(a.number); break;
        case step::boolean: p.boolean(a.number != 0); break;
        case step::null: p.null(); break;
        case step::where: {
            const auto& file = m_sources.file(a.sp.file);
            p.span_object(a.sp.file, file.position_of(a.sp.begin), file.position_of(a.sp.end));
            break;
        }
        case step::name: p.name_parts(static_cast<const qualified_name*>(a.text)->text); break;
        case step::expr_child: expand(m_script.at(a.id)); break;
        case step::pat_child: expand(m_script.pat(a.id)); break;
        case step::type_child: expand(m_script.type(a.id)); break;
        case step::decl_child: expand(m_script.declaration(a.id)); break;
        }
    }

    // Describes a node into the scratch list, then pushes that reversed, so
    // that its first action is popped first.
    template <class Node>
    void expand(const Node& n) {
        m_scratch.clear();
        describer d(m_scratch);
        std::visit([&](const auto& alt) { describe(d, n.where, alt); }, n.node);
        m_stack.insert(m_stack.end(), m_scratch.rbegin(), m_scratch.rend());
    }

    const script& m_script;
    const base::source_manager& m_sources;
    json_printer& m_printer;
    std::vector<action> m_stack;
    std::vector<action> m_scratch;
};

}  // namespace

void write_ast_json(std::ostream& out, const ast::script& script, const base::source_manager& sources) {
    json_printer p(out);
    p.begin_object();
    p.key("schema");
    p.string("cspgate.ast/v1");
    p.key("files");
    p.begin_array();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        p.begin_object();
        p.key("id");
        p.integer(static_cast<std::int64_t>(i));
        p.key("path");
        p.string(sources.file(static_cast<base::file_id>(i)).name());
        p.end_object();
    }
    p.end_array();
    p.key("declarations");
    tree_writer(script, sources, p).write(script.top);
    p.end_object();
    p.finish();
}

}  // namespace cspgate::syntax
