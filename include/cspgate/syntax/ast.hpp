#pragma once
/// \file
/// The CSPM abstract syntax tree.
///
/// One plain struct per construct, each node carrying a source span.  Nodes
/// live in flat arenas inside `script` and refer to each other by index, so a
/// tree of any depth is built, copied and destroyed without recursion.

#include "cspgate/base/huge_page_allocator.hpp"
#include "cspgate/base/source.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

namespace cspgate::syntax::ast {

using base::span;
using expr_id = std::uint32_t;
using pat_id = std::uint32_t;
using decl_id = std::uint32_t;
using type_id = std::uint32_t;
/// The id of an absent optional child.
inline constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

/// A name as written, with its span.
struct located_name {
    std::string text;
    span where;
};

/// A possibly qualified name: `x`, or `M::x` for a name exported by module M.
/// Held as one string (short names need no allocation).
struct qualified_name {
    std::string text;  ///< as written, `::` between the parts
    bool is_qualified() const { return text.find("::") != std::string::npos; }
    /// The parts between the `::`s.
    std::vector<std::string> parts() const;
    const std::string& joined() const { return text; }
};

// ---------------------------------------------------------------- expressions

struct int_literal { std::int64_t value = 0; };
struct bool_literal { bool value = false; };
struct char_literal { std::string value; };    ///< UTF-8 of one character
struct string_literal { std::string value; };  ///< decoded, UTF-8
struct variable { qualified_name name; };
struct tuple { std::vector<expr_id> elements; };
struct application { expr_id function = none; std::vector<expr_id> arguments; };

enum class unary_op { negate, logical_not, length };
struct unary { unary_op op; expr_id operand = none; };

enum class binary_op {
    // values
    add, subtract, multiply, divide, modulo, equal, not_equal, less, less_equal, greater,
    greater_equal, logical_and, logical_or, concat, dot,
    // processes
    external_choice, internal_choice, interleave, sequential, interrupt, sliding_choice,
    hiding, project, guard,
};
struct binary { binary_op op; expr_id lhs = none; expr_id rhs = none; };

struct if_then_else { expr_id condition = none; expr_id then_branch = none; expr_id else_branch = none; };
struct let_within { std::vector<decl_id> declarations; expr_id body = none; };
struct lambda { std::vector<pat_id> parameters; expr_id body = none; };

/// A statement of a comprehension or replicated operator: a generator
/// `p <- e` (or `p : e`) when `pattern` is set, else a qualifier (a guard).
struct statement {
    span where;
    pat_id pattern = none;
    expr_id expression = none;
};

struct set_enumeration { std::vector<expr_id> elements; };
/// `{a..b}`, `{a..}` when `to` is none; with statements `{x..y | (x,y) <- S}`
/// is the union of the ranges over the generators.
struct set_range { expr_id from = none; expr_id to = none; std::vector<statement> statements; };
struct set_comprehension { std::vector<expr_id> elements; std::vector<statement> statements; };
struct closure { std::vector<expr_id> elements; };             ///< `{| c, d.1 |}`
struct closure_comprehension { std::vector<expr_id> elements; std::vector<statement> statements; };
struct seq_enumeration { std::vector<expr_id> elements; };
struct seq_range { expr_id from = none; expr_id to = none; std::vector<statement> statements; };  ///< as set_range
struct seq_comprehension { std::vector<expr_id> elements; std::vector<statement> statements; };
struct map_entry { expr_id key = none; expr_id value = none; };
struct map_literal { std::vector<map_entry> entries; };

enum class field_kind { output, input, nondeterministic_input };
/// One communication field of a prefix: `!e`, `?p`, `?p:S`, `$p`, `$p:S`.
struct field {
    field_kind kind = field_kind::output;
    span where;
    expr_id value = none;        ///< for output
    pat_id pattern = none;       ///< for the two inputs
    expr_id restriction = none;  ///< the set after `:`, if any
};
struct prefix { expr_id event = none; std::vector<field> fields; expr_id body = none; };

struct generalised_parallel { expr_id lhs = none; expr_id sync = none; expr_id rhs = none; };
struct alphabetised_parallel { expr_id lhs = none; expr_id lhs_alpha = none; expr_id rhs_alpha = none; expr_id rhs = none; };
struct tie { expr_id left = none; expr_id right = none; };
struct linked_parallel { expr_id lhs = none; std::vector<tie> ties; std::vector<statement> statements; expr_id rhs = none; };
struct exception { expr_id lhs = none; expr_id events = none; expr_id rhs = none; };
struct synchronising_external_choice { expr_id lhs = none; expr_id events = none; expr_id rhs = none; };
struct synchronising_interrupt { expr_id lhs = none; expr_id events = none; expr_id rhs = none; };
struct rename_pair { expr_id from = none; expr_id to = none; };
struct renaming { expr_id process = none; std::vector<rename_pair> pairs; std::vector<statement> statements; };

enum class replicated_op {
    external_choice, internal_choice, interleave, sequential, alphabetised_parallel,
    generalised_parallel, linked_parallel, synchronising_external_choice,
};
/// `[] x:S @ P` and the other replicated forms.  `events` is the alphabet of
/// `|| x:S @ [A] P` or the synchronisation set of `[| A |] x:S @ P` and
/// `[+ A +] x:S @ P`; `ties` belong to `[a <-> b] x:s @ P`.
struct replicated {
    replicated_op op = replicated_op::external_choice;
    std::vector<statement> statements;
    expr_id events = none;
    std::vector<tie> ties;
    expr_id body = none;
};

/// A piece of an unfinished expression: the fields `?x`, `!e`, `$x`, the
/// restriction `x : S` and the double pattern `p @@ q`.  The grammar builds
/// them while it cannot yet know where they belong; the builder moves them
/// into prefixes, statements and patterns.  A script that parsed without
/// errors holds none that can be reached from a declaration.
struct partial {
    enum class kind { input, output, nondeterministic_input, restriction, double_pattern } which = kind::output;
    expr_id lhs = none;
    expr_id rhs = none;
};

using expr_variant = std::variant<
    int_literal, bool_literal, char_literal, string_literal, variable, tuple, application, unary,
    binary, if_then_else, let_within, lambda, set_enumeration, set_range, set_comprehension,
    closure, closure_comprehension, seq_enumeration, seq_range, seq_comprehension, map_literal,
    prefix, generalised_parallel, alphabetised_parallel, linked_parallel, exception,
    synchronising_external_choice, synchronising_interrupt, renaming, replicated, partial>;

struct expr {
    span where;
    expr_variant node;
};

// ------------------------------------------------------------------- patterns

struct wildcard_pattern {};
struct variable_pattern { qualified_name name; };  ///< a fresh variable, or a constant / constructor
struct int_pattern { std::int64_t value = 0; };
struct bool_pattern { bool value = false; };
struct char_pattern { std::string value; };
struct string_pattern { std::string value; };
struct tuple_pattern { std::vector<pat_id> elements; };
struct dot_pattern { pat_id lhs = none; pat_id rhs = none; };
struct seq_pattern { std::vector<pat_id> elements; };
struct concat_pattern { pat_id lhs = none; pat_id rhs = none; };
struct set_pattern { std::vector<pat_id> elements; };  ///< `{}` or `{p}`
struct double_pattern { pat_id lhs = none; pat_id rhs = none; };  ///< `p @@ q`

using pattern_variant = std::variant<
    wildcard_pattern, variable_pattern, int_pattern, bool_pattern, char_pattern, string_pattern,
    tuple_pattern, dot_pattern, seq_pattern, concat_pattern, set_pattern, double_pattern>;

struct pattern {
    span where;
    pattern_variant node;
};

// ---------------------------------------------------------------------- types

struct type_name { std::string name; };  ///< `Int`, `Proc`, a type variable `a`, a datatype
struct type_tuple { std::vector<type_id> elements; };
struct type_seq { type_id element = none; };
struct type_set { type_id element = none; };
struct type_dot { type_id lhs = none; type_id rhs = none; };
struct type_yield { type_id from = none; type_id to = none; bool star = false; };  ///< `a => b`, `a =>* b`
struct type_function { std::vector<type_id> arguments; type_id result = none; };

using type_variant = std::variant<type_name, type_tuple, type_seq, type_set, type_dot, type_yield, type_function>;

struct type_expr {
    span where;
    type_variant node;
};

struct class_constraint {
    located_name class_name;
    located_name variable;
};

// --------------------------------------------------------------- declarations

struct function_clause {
    span where;
    std::vector<std::vector<pat_id>> parameters;  ///< one list per bracket: f(x)(y)
    expr_id body = none;
};
/// All adjacent clauses `f(…) = …` of one function.
struct function_binding {
    located_name name;
    std::vector<function_clause> clauses;
};
struct pattern_binding { pat_id pattern = none; expr_id body = none; };
struct channel_declaration { std::vector<located_name> names; expr_id type = none; };
struct datatype_clause { located_name name; expr_id type = none; };
struct datatype_declaration { located_name name; std::vector<datatype_clause> clauses; };
struct subtype_declaration { located_name name; std::vector<datatype_clause> clauses; };
struct nametype_declaration { located_name name; expr_id type = none; };
struct external_declaration { std::vector<located_name> names; };
struct transparent_declaration { std::vector<located_name> names; };

enum class semantic_model {
    traces, failures, failures_divergences, revivals, revivals_divergences, refusals,
    refusals_divergences, unspecified,
};
enum class assertion_kind {
    refinement, deadlock_free, divergence_free, deterministic, has_trace,
    /// cspgate's extensions (FDR rejects them): `:[causal consistency]: c`,
    /// `:[sequential consistency]: c` and `:[sequential consistency gapless]: c`.
    causal_consistency, sequential_consistency,
};
struct model_option {
    enum class kind { tau_priority, partial_order_reduce } which = kind::tau_priority;
    span where;
    expr_id events = none;  ///< for tau priority
    std::string mode;       ///< for partial order reduce: "", "fast", "precise", "hybrid", …
};
struct assertion {
    bool negated = false;
    assertion_kind kind = assertion_kind::refinement;
    semantic_model model = semantic_model::unspecified;
    span property_where;   ///< the `[T=` or `:[ … ]` token
    expr_id lhs = none;    ///< the specification, or the process of a property
    expr_id rhs = none;    ///< the implementation, the trace of `has trace`, or the channel of a consistency check
    bool gapless = false;  ///< `:[sequential consistency gapless]`
    std::vector<model_option> options;
};
struct include_declaration {
    std::string path;                      ///< as written
    base::file_id file = 0;                ///< the included file, when it could be read
    bool loaded = false;
    std::vector<decl_id> declarations;     ///< the included file's declarations
};
struct module_declaration {
    located_name name;
    bool has_parameters = false;
    std::vector<pat_id> parameters;
    std::vector<decl_id> private_declarations;
    std::vector<decl_id> exported_declarations;
};
struct instance_declaration {
    located_name name;
    qualified_name module;
    span module_where;
    bool has_arguments = false;
    std::vector<expr_id> arguments;
};
/// `Timed(f) { … }`; `time_function` is none for `Timed { … }`.
struct timed_section { expr_id time_function = none; std::vector<decl_id> declarations; };
struct print_declaration { expr_id expression = none; };
struct type_annotation {
    std::vector<located_name> names;
    std::vector<class_constraint> constraints;
    type_id type = none;
};

using decl_variant = std::variant<
    function_binding, pattern_binding, channel_declaration, datatype_declaration,
    subtype_declaration, nametype_declaration, external_declaration, transparent_declaration,
    assertion, include_declaration, module_declaration, instance_declaration, timed_section,
    print_declaration, type_annotation>;

struct decl {
    span where;
    decl_variant node;
};

/// A parsed CSPM script: the arenas and the top-level declarations of the
/// root file in order (an `include` is a declaration holding those of the
/// included file).
struct script {
    /// The arena of expressions, the largest part of a script; it sits on
    /// huge pages when it is big.
    std::vector<expr, base::huge_page_allocator<expr>> exprs;
    std::vector<pattern> patterns;
    std::vector<type_expr> types;
    std::vector<decl> decls;
    std::vector<decl_id> top;
    base::file_id root = 0;

    const expr& at(expr_id id) const { return exprs.at(id); }
    const pattern& pat(pat_id id) const { return patterns.at(id); }
    const type_expr& type(type_id id) const { return types.at(id); }
    const decl& declaration(decl_id id) const { return decls.at(id); }
};

/// The model name as FDR writes it: "T", "F", "FD", "V", "VD", "R", "RD".
const char* model_name(semantic_model m) noexcept;

}  // namespace cspgate::syntax::ast
