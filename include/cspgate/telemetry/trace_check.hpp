#pragma once
/// \file
/// Causal checks over recorded spans: per trace id, orphan spans, duplicate
/// span ids, children that start before their parent, cycles in the parent
/// relation, and the number of complete trees.
///
/// A span is identified by its trace id and span id together (an id that
/// repeats in another trace is another span).  The checker keeps the spans
/// of the open traces only, 32 bytes each (ids, parent, start time, where it
/// was read), grouped by trace id.  A trace stays open until `window` spans
/// have been read after its last one; then it is checked and its spans are
/// released, so memory follows the traces open at a time, not the length of
/// the input.  Spans of one trace id read further apart than the window are
/// checked as separate traces (the result counts the trace ids seen again);
/// within the window, the result is exactly that of checking all spans
/// together.  The result is in trace id, then span id order, whatever the
/// order of the input.

#include "cspgate/telemetry/otlp_reader.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cspgate::telemetry {

enum class violation_kind : std::uint8_t { orphan, duplicate, skew, cycle };
inline constexpr std::size_t violation_kind_count = 4;

/// "orphan", "duplicate", "skew", "cycle".
const char* kind_name(violation_kind k) noexcept;
/// The name `--allow` takes and reports count under: "orphans", "duplicates", "skew", "cycles".
const char* kind_plural(violation_kind k) noexcept;
/// Either name of a kind.
std::optional<violation_kind> parse_kind(std::string_view text) noexcept;

/// Where a span was read: the index of its file among the inputs, and its
/// position in that file (1-based, in file order).
struct span_location {
    std::uint32_t file = 0;
    std::uint64_t index = 0;
    friend auto operator<=>(const span_location&, const span_location&) = default;
};

/// One finding.  Which fields matter depends on the kind.
struct violation {
    violation_kind kind = violation_kind::orphan;
    trace_id trace;
    span_id span = 0;
    span_location where;
    /// orphan, skew: the parent span id.
    span_id parent = 0;
    /// duplicate: where the span was first read (`where` is the repeat).
    span_location first;
    /// skew: the child's and the parent's start times, in ns since the epoch.
    std::uint64_t start_unix_nano = 0;
    std::uint64_t parent_start_unix_nano = 0;
    /// cycle: the span ids on the cycle, in increasing order (at most
    /// `max_cycle_members`); `span` is the smallest of them.
    std::vector<span_id> cycle;
    std::uint64_t cycle_length = 0;
};

inline constexpr std::size_t max_cycle_members = 64;

struct trace_check_options {
    /// A child may start this many ns before its parent without a violation.
    std::uint64_t skew_ns = 0;
    /// Kinds that do not make the check fail (they are still reported).
    std::array<bool, violation_kind_count> allowed{};
    /// Reading stops, inconclusive, after this many spans.
    std::uint64_t max_spans = 500'000'000;
    /// Violations kept in the result; the counts always cover all of them.
    std::size_t max_kept_violations = 10'000;
    /// A trace is checked, and its spans released, once this many spans have
    /// been read after its last span; 0 keeps every trace open to the end.
    std::uint64_t window = 1'000'000;
};

/// One input file and what was read from it.
struct file_summary {
    std::string name;
    std::uint64_t spans = 0;
    std::uint64_t documents = 0;
    std::uint64_t bytes = 0;
};

struct trace_check_result {
    trace_check_options options;
    std::vector<file_summary> files;
    std::uint64_t spans = 0;         ///< spans read, repeats included
    std::uint64_t unique_spans = 0;  ///< distinct (trace id, span id) pairs
    std::uint64_t traces = 0;
    std::uint64_t roots = 0;            ///< spans without a parent
    std::uint64_t complete_trees = 0;   ///< traces with one root and no orphan or cycle
    /// Trace ids met again after their trace was checked (`window`): a lower
    /// bound, since only recently checked ids are remembered.  Each such
    /// part counts as a trace of its own.
    std::uint64_t reopened_traces = 0;
    /// The most spans held at once (of open traces), a measure of memory.
    std::uint64_t peak_open_spans = 0;
    std::array<std::uint64_t, violation_kind_count> counts{};
    /// The first `max_kept_violations` violations, by trace id, span id, kind, location.
    std::vector<violation> violations;
    bool violations_truncated = false;
    /// Non-empty when a limit stopped the read: no verdict then.
    std::string limit_reached;

    std::uint64_t count(violation_kind k) const noexcept { return counts[static_cast<std::size_t>(k)]; }
    bool allowed(violation_kind k) const noexcept { return options.allowed[static_cast<std::size_t>(k)]; }
    /// Some violation of a kind that is not allowed was found.
    bool failed() const noexcept;
    bool inconclusive() const noexcept { return !limit_reached.empty(); }
};

/// Collects spans from any number of files, checking each trace once it
/// closes (see `trace_check_options::window`) and the rest at the end.
class trace_checker {
public:
    explicit trace_checker(trace_check_options options);
    ~trace_checker();
    trace_checker(const trace_checker&) = delete;
    trace_checker& operator=(const trace_checker&) = delete;

    /// Takes one span; false (and nothing taken) once `max_spans` spans were taken.
    bool add(const span_data& s, span_location where);
    /// Spans taken so far.
    std::uint64_t size() const noexcept;
    /// Spans held now, in open traces; and the most held at once.
    std::uint64_t open_spans() const noexcept;
    std::uint64_t peak_open_spans() const noexcept;
    /// Traces open now.
    std::uint64_t open_traces() const noexcept;
    /// Checks the traces still open and returns the result of all of them;
    /// the checker is empty afterwards.
    trace_check_result finish();

    /// The packed record of one span (public for the layout check in the tests).
    struct record {
        span_id span = 0;
        span_id parent = 0;
        std::uint64_t start = 0;
        /// bit 63: has a parent; bits 48-62: file; bits 0-47: index in the file.
        std::uint64_t where = 0;
    };

private:
    struct state;
    std::unique_ptr<state> m_state;
};

/// Most files one check reads, and most spans one file may hold, so that a
/// location fits the record.
inline constexpr std::uint32_t max_files = (1u << 15) - 1;
inline constexpr std::uint64_t max_spans_per_file = (std::uint64_t{1} << 48) - 1;

/// Parses a duration such as "0", "250us", "1.5ms", "2s" into nanoseconds.
/// Units: ns, us (or µs), ms, s; a number without a unit must be 0.
std::optional<std::uint64_t> parse_duration_ns(std::string_view text) noexcept;

}  // namespace cspgate::telemetry
