#pragma once
/// \file
/// Reading the traces `cspgate replay` accepts, as event texts (matching
/// them to a model's events is the caller's business):
///
/// * a `cspgate.check/v1` document (`cspgate check --json`): the trace of
///   one counterexample, chosen by assertion index or the first one there is;
/// * a simulator event log, JSON Lines: one object per line, each with an
///   `"event"` string (other keys are ignored; a line without `"event"`,
///   such as a note about an injected fault, is skipped; so is an event
///   that is hidden: `"hidden": true`, or the event or its channel `τ`;
///   a `"time"`, when there is one, must be a number and is kept);
/// * a plain JSON list of event strings: `["a", "c.1", "✓"]`.
///
/// Errors name the file and the place in it: a JSON path
/// (`$.assertions[7].counterexample.trace[3].text`, `$[4]`) or a line.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cspgate::replay {

/// One event of a trace file: its printed form and where it was read.
struct trace_event {
    std::string text;
    std::string where;  ///< a JSON path (`$[3]`) or `line N`
    /// An event log's `"time"` (simulated seconds), where the line has one.
    std::optional<double> time;
};

enum class trace_format { check, event_log, list };
const char* format_name(trace_format f) noexcept;

struct trace_file {
    trace_format format = trace_format::list;
    std::vector<trace_event> events;
    /// Event-log lines skipped: hidden events, and lines without an event.
    std::size_t skipped = 0;

    // A check counterexample only:
    /// The chosen assertion's `index` (1-based), text, property, counterexample kind.
    std::size_t assertion = 0;
    std::string assertion_text;
    std::string property;
    std::string kind;
    /// The `file` the check document names (the model that was checked).
    std::string checked_file;
    /// A refinement counterexample: the trace is one of the implementation
    /// (the right-hand side of `[T=`, `[F=`, `[FD=`), not of the specification.
    bool implementation_side = false;
    /// A "refinement: trace" counterexample: its trace is followed by the
    /// event the implementation can do and the specification cannot (read
    /// from its summary, "Impl can do E here"); that event is part of the
    /// implementation's trace and is appended as the last event.
    bool final_event_added = false;
};

/// Reads a trace from `text`; `name` is the file name for messages.
/// `assertion` picks the counterexample of a check document (and is an
/// error for the other formats).  On error, returns nothing and sets `error`
/// to a message that starts with `name`.
std::optional<trace_file> parse_trace(const std::string& name, const std::string& text,
                                      std::optional<std::size_t> assertion, std::string& error);

/// Reads the file at `path` and parses it as above (I/O errors too go to `error`).
std::optional<trace_file> read_trace(const std::string& path, std::optional<std::size_t> assertion, std::string& error);

}  // namespace cspgate::replay
