#pragma once
// The type checker's internals, shared by its source files: the type store
// (union-find over type nodes), type schemes, environments and the checker
// state.
//
// The algorithm is Hindley–Milner with let-polymorphism (Damas and Milner,
// "Principal type-schemes for functional programs", 1982) using levels for
// generalisation (Rémy, "Extension of ML type system with a sorted equational
// theory on types", 1992), extended with the type classes and the dotted
// types of FDR4 as libcspm implements them (Gibson-Robinson, "Efficient
// Simulation of CSP-Like Languages", DPhil thesis, 2016, chapter on the type
// checker).  Where the dotted types of a program cannot be inferred simply,
// the checker falls back to the type `unknown`, which unifies with anything:
// a model FDR accepts must never be rejected.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/semantics/typecheck.hpp"
#include "cspgate/syntax/ast.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace cspgate::semantics::detail {

using namespace syntax::ast;
using tid = std::uint32_t;

enum class tkind : std::uint8_t {
    var, unknown, int_, bool_, char_, proc, event, set, seq, map, tuple, function, dotable, datatype,
};

/// The type classes of FDR4, as bits of a type variable's constraint set.
enum tclass : std::uint8_t {
    c_eq = 1, c_ord = 2, c_set = 4, c_inputable = 8, c_yieldable = 16, c_complete = 32,
};

/// One node of the type store.  A bound variable forwards to `link`; a
/// function's arguments are `args` but the last, which is its result;
/// `dotable` is `args[0] => args[1]`.
struct tnode {
    tkind kind = tkind::var;
    tid link = none;
    std::uint8_t classes = 0;
    std::uint32_t level = 0;
    std::vector<tid> args;
    std::string name;  ///< of a datatype
};

/// A type scheme: a type whose variables at a level above `level` are
/// generic, instantiated afresh at each use.
struct scheme {
    tid type = none;
    std::uint32_t level = 0;
    bool generic = false;
};

/// Why a unification failed: the two types, resolved, at the point they
/// disagreed (or a class that a type is not in).
struct mismatch {
    tid expected = none;
    tid found = none;
    std::uint8_t missing_class = 0;
};

/// The type store: nodes, unification, classes and printing.
class type_store {
public:
    tid make(tkind k, std::vector<tid> args = {}, std::string name = {});
    tid fresh(std::uint32_t level, std::uint8_t classes = 0);
    tid unknown() { return m_unknown; }
    tid int_t() { return m_int; }
    tid bool_t() { return m_bool; }
    tid char_t() { return m_char; }
    tid proc_t() { return m_proc; }
    tid event_t() { return m_event; }
    tid set_of(tid t) { return make(tkind::set, {t}); }
    tid seq_of(tid t) { return make(tkind::seq, {t}); }
    tid function(std::vector<tid> args, tid result);
    tid datatype(const std::string& name);

    tid resolve(tid t) const;
    const tnode& node(tid t) const { return m_nodes[resolve(t)]; }
    tkind kind(tid t) const { return node(t).kind; }
    bool is_free(tid t) const { return kind(t) == tkind::var || kind(t) == tkind::unknown; }
    /// The type a chain of dotables ends in: `Int => Bool => Event` ends in Event.
    tid final_result(tid t) const;

    /// Unifies two types; on failure fills `why` and returns false (the
    /// store may then hold partial bindings, which only make later errors
    /// less likely).
    bool unify(tid expected, tid found, mismatch& why);
    /// Adds a class constraint to a type; false if the type cannot be in it.
    bool constrain(tid t, std::uint8_t classes, mismatch& why);
    /// Raises every variable in `t` above `level` down to it.
    void adjust_levels(tid t, std::uint32_t level);
    /// Binds an unbound variable to `unknown` (it stands for several dotted fields).
    void forget(tid var) {
        var = resolve(var);
        if (m_nodes[var].kind == tkind::var) m_nodes[var].link = m_unknown;
    }
    /// A copy of `t` with its variables above `level` replaced by fresh ones at `at`.
    tid instantiate(tid t, std::uint32_t level, std::uint32_t at);

    /// The type in FDR's notation: `{Int}`, `(Int, Bool)`, `Int -> Bool`, `Int => Event`.
    std::string show(tid t);
    /// The type in words for a diagnostic: "a set of events", "Int", "a function".
    std::string words(tid t);
    static const char* class_name(std::uint8_t c);

private:
    bool occurs(tid var, tid t, std::uint32_t depth);
    bool unify_at(tid a, tid b, mismatch& why, std::uint32_t depth);
    std::string show_at(tid t, std::map<tid, std::string>& names, std::uint32_t depth, bool nested);

    std::vector<tnode> m_nodes;
    std::unordered_map<std::string, tid> m_datatypes;
    tid m_unknown = none, m_int = none, m_bool = none, m_char = none, m_proc = none, m_event = none;

public:
    type_store();
};

/// Types deeper than this are treated as unknown (nesting is limited by the
/// parser, so only absurd inputs get there) instead of recursing further.
inline constexpr std::uint32_t max_type_depth = 20000;

/// What a name stands for, for the checker.
struct binding {
    scheme type;
    bool is_constructor = false;  ///< a channel or datatype constructor, matched by patterns
};

/// A scope of names: a flat map per scope, chained to its parent.
struct scope {
    const scope* parent = nullptr;
    std::unordered_map<std::string, binding> names;
    const binding* find(const std::string& name) const {
        for (const scope* s = this; s; s = s->parent) {
            auto it = s->names.find(name);
            if (it != s->names.end()) return &it->second;
        }
        return nullptr;
    }
};

/// How a generator's collection is read when its type is not yet known.
enum class collection { set, seq, either_set, either_seq };

class checker {
public:
    checker(const script& s, base::diagnostics& sink);

    // typecheck_decl.cpp: declarations in dependency order.
    void check_declarations(const std::vector<decl_id>& decls, scope& env);
    /// The names a declaration binds (constructors included).
    std::vector<std::string> defined_names(decl_id d, const scope& env) const;
    /// Every name a declaration mentions, at any depth (an over-approximation
    /// of its free names: it only merges dependency groups).
    std::vector<std::string> mentioned_names(decl_id d) const;
    // typecheck_group.cpp: one dependency group; modules; assertions.
    void check_group(const std::vector<decl_id>& group, scope& env,
                     const std::unordered_map<std::string, const type_annotation*>& annotations);
    void check_module(const module_declaration& m, scope& env);
    void check_instance(const instance_declaration& i, scope& env);
    void check_assertion(const assertion& a, const scope& env);
    void declare_constructors(decl_id d, scope& env);
    // typecheck_expr.cpp: expressions.
    tid expr(expr_id e, const scope& env);
    void expect(expr_id e, const scope& env, tid expected);
    tid dot_chain(expr_id e, const scope& env);
    /// Applies a dotted head (`c`, `c.1`) to further operands: each consumes
    /// one field of a `dotable`.  With `open_end`, a last operand that is a
    /// type variable may stand for all the remaining fields.
    tid apply_dots(tid head, const std::vector<tid>& operands, const std::vector<base::span>& spans, bool open_end);
    /// The element type of a set written as a type (`{0..3}`, `(A, B)`, `Int`).
    tid type_expr_element(expr_id e, const scope& env, std::uint32_t depth);
    // typecheck_process.cpp: process operators.
    tid process_expr(expr_id e, const expr_variant& n, const scope& env);
    tid prefix_expr(const prefix& p, const scope& env);
    /// Binds the generators of a list of statements into `out`, checking
    /// the qualifiers; `how` says whether generators range over sets or sequences.
    void statements(const std::vector<statement>& list, scope& out, collection how);
    // typecheck_pattern.cpp: patterns bind names in a scope.
    tid pattern(pat_id p, scope& out);
    /// The fields of a channel or constructor type expression `A.B.C`.
    std::vector<tid> field_types(expr_id type, const scope& env);

    // Errors.
    void unify_or_report(tid expected, tid found, base::span where);
    void constrain_or_report(tid t, std::uint8_t classes, base::span where);
    void report(base::span where, const std::string& message);
    bool too_deep(base::span where);

    type_store m_types;
    const script& m_script;
    base::diagnostics& m_sink;
    std::uint32_t m_level = 0;
    std::uint32_t m_depth = 0;
    bool m_depth_reported = false;
    /// Nametype bodies by name, for expanding `channel c : N` with `nametype N = A.B`.
    std::unordered_map<std::string, expr_id> m_nametypes;
    scope m_builtins;
    /// Names of the declared datatypes, for annotations.
    std::unordered_map<std::string, tid> m_datatype_names;
    /// Names of all channels and constructors seen, for dependencies.
    std::unordered_map<std::string, bool> m_constructor_names;

    scheme mono(tid t) const { return scheme{t, m_level, false}; }
    tid instantiate(const scheme& s);
    void generalise(scheme& s) const { s.generic = true; s.level = m_level; }

    struct depth_guard {
        checker& c;
        bool ok;
        depth_guard(checker& ch, base::span where) : c(ch), ok(!ch.too_deep(where)) { ++c.m_depth; }
        ~depth_guard() { --c.m_depth; }
    };
};

/// Fills a scope with the built-ins of FDR4's prelude.
void add_builtins(checker& c, scope& env);
/// The type written in an annotation (`(Int) -> Int`, `Eq a => <a>`).
tid annotation_type(checker& c, const type_annotation& a, std::map<std::string, tid>& vars);
/// Parses the signature of a built-in, written in FDR's notation.
tid parse_signature(checker& c, const std::string& text);

}  // namespace cspgate::semantics::detail
