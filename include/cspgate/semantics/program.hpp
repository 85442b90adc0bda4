#pragma once
/// \file
/// A loaded CSPM program: its declarations bound, ready to evaluate.
///
/// Loading declares the channels and datatypes, and binds every top-level
/// definition lazily: nothing is evaluated until asked for, as in FDR, so
/// recursive definitions of processes and infinite values load.  Run-time
/// errors (an empty sequence's head, a division by zero, no matching clause,
/// `error("…")`) become diagnostics with the span and the chain of calls.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/semantics/value.hpp"
#include "cspgate/syntax/ast.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cspgate::semantics {

class process_space;

/// Limits of evaluation; reaching one is a diagnostic, never a crash.
struct eval_limits {
    std::uint32_t max_call_depth = 20000;
    std::uint64_t max_set_size = 10'000'000;
    /// Evaluation steps (expressions evaluated) before a run is stopped: a
    /// deterministic bound on time (about 10^7 steps per second).
    std::uint64_t max_steps = 1'000'000'000;
};

class program {
public:
    /// Binds the declarations of `script` (which must outlive the program).
    /// Declaration errors (a duplicate name, a constructor field that is not
    /// a set) go to `sink`.
    static std::unique_ptr<program> load(const syntax::ast::script& script, base::diagnostics& sink,
                                         eval_limits lim = {});
    ~program();

    /// Evaluates an expression of the script in the top-level scope.
    std::optional<value> evaluate(syntax::ast::expr_id e, base::diagnostics& sink);
    /// The value of a top-level name, evaluating it if need be.
    std::optional<value> lookup(const std::string& name, base::diagnostics& sink);
    /// Top-level names bound by definitions, in file order.
    const std::vector<std::string>& definitions() const;
    /// The expressions of `print` declarations, in file order.
    const std::vector<syntax::ast::expr_id>& prints() const;
    /// A value in FDR's notation: `{0, 1}`, `<1, 2>`, `c.1.true`, `"abc"`, `(| 1 => 2 |)`.
    std::string show(const value& v) const;
    /// The local scopes the evaluator holds: for tests of its memory use.
    std::size_t scopes() const;
    const constructor_info& constructor(std::uint32_t id) const;
    /// The process terms of this program, made on first use.
    process_space& processes();

    class impl;

private:
    friend class process_space;
    explicit program(std::unique_ptr<impl> p);
    std::unique_ptr<impl> m_impl;
    std::unique_ptr<process_space> m_processes;
};

}  // namespace cspgate::semantics
