#pragma once
/// \file
/// Process terms: what the evaluator hands to the state-space layer.
///
/// A process value evaluates, one operator at a time, to a `process_node`:
/// the operator with its events fully evaluated (sets expanded into sorted
/// lists of event numbers) and its operands as further terms.  Terms are
/// hash-consed: the same expression with the same values of its free
/// variables is the same term, and a structural node built by the
/// operational semantics (`P' [] Q` after P moved) is interned by content.
/// So a recursive definition unfolds to a finite graph of terms whenever its
/// state space is finite, and term numbers can serve as states.
///
/// A term is unfolded on demand (`node`), because unfolding is evaluation:
/// `c?x -> P(x)` enumerates the values of x, and P(x) is only a term until
/// somebody asks for its operator.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/semantics/value.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cspgate::semantics {

class program;

/// An event: a complete channel value, numbered in the order first met.
using event_id = std::uint32_t;
/// A process term.
using term_id = std::uint32_t;

inline constexpr event_id tau_event = 0;   ///< the invisible event τ
inline constexpr event_id tick_event = 1;  ///< termination ✓

enum class process_op : std::uint8_t {
    stop,
    skip,
    div,
    omega,          ///< terminated: what SKIP becomes after ✓
    prefix,         ///< `branches`: each event with the term it leads to
    external,       ///< n-ary `[]`
    internal,       ///< n-ary `|~|`
    sequential,     ///< `children[0] ; children[1]`
    parallel,       ///< n-ary; all children synchronise on `sets[0]` (`|||`: empty)
    alphabetised,   ///< n-ary; child i may do only `sets[i]`, and synchronises on shared events
    linked,         ///< two children; `links` pairs an event of the left with one of the right
    hide,           ///< `children[0] \ sets[0]`
    rename,         ///< `children[0] [[ links ]]`
    interrupt,      ///< `children[0] /\ children[1]`
    exception,      ///< `children[0] [| sets[0] |> children[1]`
    sliding,        ///< `children[0] [> children[1]`
    sync_interrupt, ///< `children[0] /+ sets[0] +\ children[1]`
    sync_external,  ///< n-ary `[+ sets[0] +]`
    chaos,          ///< CHAOS(sets[0])
    run,            ///< RUN(sets[0])
    prioritise,     ///< `children[0]` with priority levels `sets` (highest first)
    compress,       ///< `normal(P)`, `sbisim(P)`, …: P, to be compiled as one reduced component
};

/// The name of an operator, as FDR writes it ("[]", "|||", "\\", …).
const char* op_name(process_op op) noexcept;

/// How a compression function reduces its argument: `normal` normalises it
/// (FDR's normal form, kept as an LTS) and then takes the strong
/// bisimulation quotient; the others take the strong bisimulation quotient.
enum class compression : std::uint8_t { strong_bisimulation, normalise };

struct process_node {
    process_op op = process_op::stop;
    std::vector<term_id> children;
    std::vector<std::pair<event_id, term_id>> branches;  ///< sorted
    std::vector<std::vector<event_id>> sets;             ///< each sorted
    std::vector<std::pair<event_id, event_id>> links;    ///< sorted
    /// For `compress`: how the argument is reduced.
    compression reduction = compression::strong_bisimulation;

    bool operator==(const process_node&) const = default;
};

/// The terms and events of one program.  Not thread-safe.  Unfolding
/// evaluates CSPM, so `node` must run on a large stack
/// (base::with_large_stack) like any evaluation.
class process_space {
public:
    explicit process_space(program& p);
    ~process_space();
    process_space(const process_space&) = delete;
    process_space& operator=(const process_space&) = delete;

    /// The term of a process value.  Cheap: nothing is evaluated.
    term_id term(const value& process);
    /// The term a term stands for once its aliases (a name, `normal(P)`) are
    /// followed: the number to use as a state.  Evaluates; on a run-time
    /// error reports to `sink` and returns nothing.
    std::optional<term_id> canonical(term_id t, base::diagnostics& sink);
    /// The operator of a canonical term.
    const process_node& node(term_id canonical_term) const;
    /// Interns a node built by the operational semantics (its children
    /// canonical).
    term_id make(process_node n);
    /// The terms of the omega and STOP processes.
    term_id omega();
    term_id stop();

    /// The definition a term is an instance of — `P`, `Agent(2)` — or "".
    const std::string& label(term_id t) const;
    /// A short description of a term for counterexamples.
    std::string describe(term_id t) const;

    std::size_t term_count() const;
    std::size_t event_count() const;
    event_id event(const value& v);
    const value& event_value(event_id e) const;
    /// `a`, `c.1.true`, `τ`, `✓`.
    std::string event_name(event_id e) const;
    /// The channel of an event and its field values (none for τ, ✓).
    std::string event_channel(event_id e) const;
    std::vector<value> event_fields(event_id e) const;
    /// The events of a set of events (or of channels, `{| c |}` style), sorted.
    std::optional<std::vector<event_id>> events_of(const value& set, base::span where, base::diagnostics& sink);
    /// The events that extend `prefix` (a channel, or a channel with some
    /// fields: `{| prefix |}`), sorted.
    std::optional<std::vector<event_id>> productions_of(const value& prefix, base::span where, base::diagnostics& sink);
    /// All events of the program's channels (`Events`), sorted.
    std::optional<std::vector<event_id>> all_events(base::diagnostics& sink);

    program& owner() { return m_program; }

    class impl;

private:
    program& m_program;
    std::unique_ptr<impl> m_impl;
};

}  // namespace cspgate::semantics
