#pragma once
/// \file
/// A streaming reader of OTLP/JSON trace exports.
///
/// It reads the JSON encoding of the OTLP specification
/// (opentelemetry-proto, docs/specification.md, "JSON Protobuf Encoding"):
/// a `TracesData` / `ExportTraceServiceRequest` object whose
/// `resourceSpans[].scopeSpans[].spans[]` (or the older
/// `instrumentationLibrarySpans`) hold the spans; trace and span ids are
/// hexadecimal strings in any case; 64-bit times are decimal strings or JSON
/// numbers; unknown fields are ignored.  A file may hold several such
/// documents one after the other, as JSON Lines (the collector's file
/// exporter) does.
///
/// The reader never builds the document: a hand-written scanner reads the
/// lines of JSON Lines, and nlohmann-json's SAX interface (`sax_parse`)
/// whatever the scanner leaves (see `read_mode`); spans go to a callback as
/// soon as their document has been read, so memory does not grow with the
/// file.

#include "cspgate/base/diagnostic.hpp"

#include <compare>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace cspgate::telemetry {

/// A 16-byte trace id as two big-endian halves, so that ordering the pair
/// orders the ids as their hex text does.
struct trace_id {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    friend auto operator<=>(const trace_id&, const trace_id&) = default;
};

/// An 8-byte span id.
using span_id = std::uint64_t;

/// What the reader keeps of one span: its identity, its parent and its times.
struct span_data {
    trace_id trace;
    span_id span = 0;
    /// Meaningful only when `has_parent`; an empty or absent parentSpanId is a root.
    span_id parent = 0;
    bool has_parent = false;
    /// 0 when the field is absent (proto3 JSON leaves out zero values).
    std::uint64_t start_unix_nano = 0;
    std::uint64_t end_unix_nano = 0;
};

/// Malformed input: a JSON syntax error or a field that OTLP/JSON does not
/// allow.  `offset` is the 0-based byte offset in the stream.
struct read_error {
    std::uint64_t offset = 0;
    std::string message;
};

/// Figures of one read.
struct read_summary {
    std::uint64_t spans = 0;
    std::uint64_t documents = 0;
    std::uint64_t bytes = 0;
    /// Documents read by the hand-written scanner (`read_mode::fast`); the
    /// others went through nlohmann-json.
    std::uint64_t scanned_documents = 0;
    /// The callback asked to stop before the end of the input.
    bool stopped = false;
};

/// Called once per span, in file order; returning false stops the read.
using span_callback = std::function<bool(const span_data&)>;

/// Reads every OTLP/JSON document of `in`, calling `on_span` for each span.
/// Returns the first error, or nothing when the whole input was read (or the
/// callback stopped it).  Never throws for bad input; I/O errors of the
/// stream are reported as a `read_error` too.
std::optional<read_error> read_otlp_json(std::istream& in, const span_callback& on_span, read_summary& summary);

/// How `read_otlp_json` parses: `fast` reads JSON Lines with a hand-written
/// scanner and leaves to nlohmann-json only what the scanner gives up on;
/// `reference` parses everything with nlohmann-json's SAX interface.  Both
/// give the same spans, summaries and errors; `reference` exists so that
/// tests and the fuzz target can check that.
enum class read_mode : std::uint8_t { fast, reference };
std::optional<read_error> read_otlp_json(std::istream& in, const span_callback& on_span, read_summary& summary,
                                         read_mode mode);

/// The same over input that is already in memory (a mapped file): no copy,
/// no buffer.  Spans, summary and errors are those of the stream version.
std::optional<read_error> read_otlp_json(std::string_view bytes, const span_callback& on_span, read_summary& summary,
                                         read_mode mode = read_mode::fast);

/// Lower-case hex text of an id: 32 digits for a trace id, 16 for a span id.
std::string to_hex(const trace_id& id);
std::string to_hex(span_id id);

/// Parses exactly 32 (trace) or 16 (span) hex digits, in any case.
std::optional<trace_id> parse_trace_id(std::string_view text);
std::optional<span_id> parse_span_id(std::string_view text);

/// The line, column and an excerpt of the line around byte `offset` of `in`,
/// found by reading `in` from where it stands (its start) up to a little past
/// the offset.  Only the excerpt is kept, so this works on a file of any size.
base::line_excerpt locate(std::istream& in, std::string name, std::uint64_t offset);

}  // namespace cspgate::telemetry
