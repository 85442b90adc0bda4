#pragma once
// The evaluator's internals, shared by its source files: environments,
// closures, the table of globals and constructors.

#include "cspgate/semantics/program.hpp"

#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cspgate::semantics {

using namespace syntax::ast;
using bindings = std::vector<std::pair<std::string, value>>;

/// A run-time error: unwinds the evaluation to the API boundary, where it
/// becomes a diagnostic.  `chain` holds the calls that led there.
struct eval_error {
    base::span where;
    std::string message;
    std::vector<base::note> chain;
};

/// The generator of an infinite sequence: `<a..>`, a sequence comprehension
/// that draws first from one, or a finite sequence joined to one.  Elements
/// are made on demand, in order, and kept, so every use sees the same list.
/// A sequence value is infinite when its compound's `payload` is one of
/// these; the value's first element is `made[range_from]`.
struct lazy_sequence {
    /// `<a..>` itself: element i is a + i, computed, never stored.
    std::optional<std::int64_t> counting_from;
    mutable std::vector<value> made;
    /// Appends at least one more element to `made`, or returns false when
    /// there are no more.  Evaluation errors and the step limit propagate.
    mutable std::function<bool(std::vector<value>&)> more;
};

/// One scope of local names.  Frames live in the program's arena for the
/// program's lifetime, so closures can point at them without cycles of
/// ownership.
struct module_instance;

struct frame {
    const frame* parent = nullptr;
    bindings vars;
    /// The declarations of a `let` or a module body, bound lazily in this frame.
    const std::vector<decl_id>* let_decls = nullptr;
    mutable std::unordered_map<decl_id, value> let_cache;
    mutable std::unordered_map<decl_id, bool> let_busy;
    /// Names in `vars` that are constructors or channels (matched, not bound, by patterns).
    std::vector<std::string> constructors;
    /// Modules and instances declared in this scope, by name.
    std::unordered_map<std::string, const module_instance*> modules;
};

/// A module (without parameters) or an instance: the scope of its body and
/// the names it exports.
struct module_instance {
    const module_declaration* declaration = nullptr;
    const frame* body = nullptr;
    std::vector<std::string> exported;
};

/// A function value: the clauses of a definition, a lambda, or a built-in,
/// with the argument lists applied so far.
struct function_closure {
    enum class kind { clauses, lambda, builtin } which = kind::clauses;
    const function_binding* function = nullptr;
    const lambda* lam = nullptr;
    const frame* env = nullptr;
    int builtin = -1;
    std::string name;
    std::vector<std::vector<value>> applied;
};

/// A process value, not yet compiled: its expression and scope, or a
/// built-in process (`STOP`, `RUN(A)`, a compression such as `normal(P)`)
/// with its arguments.
struct process_term {
    expr_id expression = none;
    const frame* env = nullptr;
    std::string name;
    std::vector<value> arguments;  ///< for built-ins
    bool is_reference = false;     ///< names a definition still being evaluated
    /// The definition this term is the body of, with its arguments: `P`, `Agent(2)`.
    std::string label;
};

struct global {
    enum class kind { definition, pattern_variable, constructor, builtin, type_set, nametype } which = kind::definition;
    decl_id declaration = none;
    std::uint32_t constructor = 0;
    int builtin = -1;
    std::size_t thunk = 0;  ///< for pattern variables: the shared binding
};

/// A lazily evaluated top-level pattern binding `(x, y) = e`.
struct thunk {
    const pattern_binding* binding = nullptr;
    enum class state { fresh, busy, done } status = state::fresh;
    bindings values;
};

class program::impl {
public:
    impl(const script& s, eval_limits lim) : m_script(s), m_limits(lim) {}

    void load(base::diagnostics& sink);
    value eval(expr_id e, const frame* env);
    /// Runs the generators and qualifiers of a comprehension or replicated
    /// operator, calling `emit` with the scope of each solution, in order.
    void comprehend(const std::vector<statement>& stmts, const frame* env, const std::function<void(const frame*)>& emit);
    /// `v` named after the definition it is the body of, if it is a process without a name yet.
    value labelled(const value& v, const std::string& label);
    value lookup(const std::string& name, const frame* env, base::span where);
    value apply(const value& f, std::vector<value> args, base::span where);
    bool match(pat_id p, const value& v, bindings& out, const frame* env);
    bool binds(pat_id p, const std::string& name) const;
    std::size_t double_width(pat_id q) const;
    std::vector<pat_id> dot_parts(pat_id q) const;
    /// "; did you mean 'x'?" when a name near `name` is in scope.
    std::string suggestion(const std::string& name, const frame* env) const;
    /// A process term that names a definition still being evaluated.
    value process_reference(const std::string& name, const frame* scope);
    std::string show(const value& v) const;
    value builtin_call(int id, std::vector<value>& args, base::span where);
    value dotted(const value& a, const value& b, base::span where);
    value set_of_type_expr(const value& v, base::span where);
    std::vector<value> enumerate(const value& set, base::span where);
    bool member(const value& x, const value& set);
    /// The elements of a finite sequence; an infinite one is an error naming `use`.
    const std::vector<value>& items_of(const value& seq, base::span where, const char* use);
    /// A sequence's element `i`, made if need be; nothing past the end.
    std::optional<value> element_at(const value& seq, std::size_t i);
    value lazy_tail(const value& seq);
    /// An infinite sequence made by `more` (see lazy_sequence).
    value make_lazy(std::function<bool(std::vector<value>&)> more);
    /// `front ^ rest` for a finite `front` and an infinite `rest`.
    value join_infinite(const value& front, const value& rest);
    /// The union of two sets, one of them infinite, kept as the two (symbolic_set::union_of).
    static value described_union(value a, value b);
    /// Fails on a value that `==` and the orders cannot compare (an infinite sequence).
    void comparable(const value& v, base::span where);
    std::optional<value> lazy_comprehension(const std::vector<expr_id>& elements, const std::vector<statement>& stmts,
                                            const frame* env);
    value productions(const value& prefix, base::span where);
    value closure_set(const std::vector<value>& elements, base::span where);
    /// Fails unless v may be field `index` of c; `before` holds the fields given before it.
    void check_field(std::uint32_t c, std::size_t index, const value& v, const std::vector<value>& before,
                     base::span where);
    /// Whether every constructor in `v`, at any depth, has all its fields.
    bool is_complete(const value& v, base::span where);
    /// The constructors and plain values of `v`, flattened in order.
    void leaves(const value& v, std::vector<value>& out);
    std::unordered_set<std::uint32_t> m_field_sets_failed;
    std::unordered_set<std::uint32_t> m_field_sets_busy;
    /// Fields read as the components of a set of dotted values that is not
    /// their product (`channel g : {0.1, 1.0}`): fields first … first+width-1
    /// together must be a member of `set`.
    struct joint_fields {
        std::size_t first = 0;
        std::size_t width = 0;
        value set;
    };
    std::unordered_map<std::uint32_t, std::vector<joint_fields>> m_joint_fields;
    /// Whether `fields` (the first ones of constructor c, the last just
    /// given) satisfy the joint constraint that ends at the last of them.
    const joint_fields* joint_ending(std::uint32_t c, std::size_t index) const;
    /// The number of fields of a constructor or channel.
    std::size_t arity(std::uint32_t c, base::span where);
    /// Fills in the field sets of a constructor or channel (evaluating its type).
    void field_sets(std::uint32_t c, base::span where);

    [[noreturn]] void fail(base::span where, std::string message) { throw eval_error{where, std::move(message), {}}; }
    const frame* new_frame(const frame* parent, bindings vars) {
        m_frames.push_back(frame{parent, std::move(vars), nullptr, {}, {}, {}, {}});
        return &m_frames.back();
    }
    std::int64_t checked(__int128 r, base::span where) {
        if (r < INT32_MIN || r > INT32_MAX) fail(where, "integer overflow: the result " + std::to_string(static_cast<long long>(r)) + " is outside FDR's Int range");
        return static_cast<std::int64_t>(r);
    }

    const script& m_script;
    eval_limits m_limits;
    std::deque<frame> m_frames;
    std::vector<constructor_info> m_constructors;
    std::vector<expr_id> m_constructor_types;     ///< the type expression of each constructor's fields
    std::vector<bool> m_constructor_types_ready;
    std::vector<long> m_arity;  ///< -1 until known
    std::vector<const frame*> m_constructor_env;
    std::unordered_map<std::string, global> m_globals;
    std::unordered_map<std::string, value> m_global_cache;
    std::unordered_map<std::string, bool> m_global_busy;
    std::deque<thunk> m_thunks;
    std::vector<std::string> m_definitions;
    std::vector<expr_id> m_prints;
    std::vector<std::uint32_t> m_channels;
    std::deque<module_instance> m_modules;
    std::deque<std::vector<decl_id>> m_module_decls;
    std::unordered_map<std::string, const module_instance*> m_top_modules;
    const module_instance* instantiate(const module_declaration& m, const frame* parent, const std::vector<value>& args,
                                       base::span where, const std::string& prefix);
    const module_instance* find_module(const std::string& name, const frame* env) const;
    value lookup_qualified(const std::string& name, const frame* env, base::span where);
    bool is_constructor_name(const std::string& name, const frame* env) const;
    std::uint32_t m_depth = 0;
    std::uint64_t m_steps = 0;
    /// Bumped whenever a value is kept beyond the evaluation that made it (a
    /// global, a let binding, a field set, a module, an element of an
    /// infinite sequence): frames made while it stays the same can be freed
    /// once their values are dropped.
    std::uint64_t m_cache_epoch = 0;
};

/// "an integer", "a set", … for messages.
std::string kind_word(const value& v);
/// Whether an expression is a process operator (evaluated lazily, to a term).
bool is_process_expr(const expr_variant& n);

/// The built-in functions and constants; `builtin_id` is -1 for unknown names.
int builtin_id(const std::string& name);
/// How many arguments a built-in function takes (-1 for constants).
int builtin_arity(int id);
const char* builtin_name(int id);

}  // namespace cspgate::semantics
