#pragma once
/// \file
/// The firing rules of every CSP operator over hash-consed process terms
/// (Roscoe, "Understanding Concurrent Systems", chapter 9, "Operational
/// semantics"; the FDR4 manual for the operators FDR adds).  This is the
/// semantics the compiled machine's leaves are explored with, and the one a
/// whole term falls back to when it does not decompose.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/semantics/process.hpp"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace cspgate::lts {

using semantics::event_id;
using semantics::process_space;
using semantics::term_id;

using transition_list = std::vector<std::pair<event_id, term_id>>;

class term_semantics {
public:
    term_semantics(process_space& space, base::diagnostics& sink) : m_space(space), m_sink(sink) {}

    /// The canonical term of `t` (evaluating it), or nothing after a diagnostic.
    std::optional<term_id> canonical(term_id t);
    /// The transitions of a canonical term, or nothing after a diagnostic
    /// (an evaluation error, unguarded recursion).  A target may be a term
    /// not yet canonical (a prefix's branch): pass it through `canonical`
    /// before using it as a state.
    /// Must run on a large stack (base::with_large_stack).
    const transition_list* transitions(term_id t);

    process_space& space() { return m_space; }

private:
    struct failed {};
    term_id canon(term_id t);
    const transition_list& fire(term_id t);
    void fire_parallel(term_id t, transition_list& out);
    void fire_linked(term_id t, transition_list& out);
    term_id with_child(term_id t, std::size_t i, term_id c);

    process_space& m_space;
    base::diagnostics& m_sink;
    /// Held by pointer: references to a list stay valid while the table grows.
    std::vector<std::unique_ptr<transition_list>> m_memo;
    std::vector<bool> m_busy;
};

}  // namespace cspgate::lts
