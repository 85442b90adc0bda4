#pragma once
// The spans in a `cspgate simulate --events` log, read as `simulate --otlp`
// makes them: the events of one channel are spans, three of their fields are
// the trace id, the span id and the parent span id (a parent equal to `root`
// means none), and the span starts at the event of `start` with the same
// trace and span (else at its own time).  So `trace-check` of a log gives the
// verdict that `trace-check` of the run's --otlp export gives.

#include "cspgate/telemetry/otlp_reader.hpp"

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

namespace cspgate::cli {

struct sim_span_mapping {
    std::string channel;
    std::size_t trace = 1, span = 2, parent = 3;  ///< 1-based field positions
    std::string root = "0";
    std::string start;  ///< the channel whose event starts a span; empty: none
};

/// Reads an event log (JSON Lines) and calls `on_span` for each span, in file
/// order; `summary.documents` counts the log's lines.  Malformed input is an
/// error at its byte offset.
std::optional<telemetry::read_error> read_sim_spans(std::istream& in, const sim_span_mapping& mapping,
                                                    const telemetry::span_callback& on_span,
                                                    telemetry::read_summary& summary);

}  // namespace cspgate::cli
