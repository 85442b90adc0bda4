#pragma once
// A hand-written scanner for one OTLP/JSON document held in memory: the fast
// path of the reader (otlp_reader.cpp).  It validates the JSON as
// nlohmann-json does (RFC 8259 grammar, UTF-8 in strings, escapes) and reads
// only the fields that the trace checks need -- ids straight from their hex
// text into integers, times from their digits -- with no allocation per key,
// value or span.
//
// It succeeds only on a document that nlohmann-json's SAX parse, with the
// reader's handler, would read without error and into the same spans.  On
// anything else -- bad JSON, a field of the wrong type, and also valid input
// that it leaves to the full parser because it is rare (escapes in a key or
// an id, a time with a fraction or an exponent, "-0", a number with an
// exponent anywhere, a byte order mark) -- it gives up, and the reader parses
// the same bytes again with nlohmann-json, which gives the spans or the
// exact diagnostic.  So the scanner changes the speed of the reader, never
// what it reads or reports; the fuzz target and the unit tests compare the
// two on every input they try.

#include "cspgate/telemetry/otlp_reader.hpp"

#include <cstdint>
#include <vector>

namespace cspgate::telemetry::detail {

class otlp_scanner {
public:
    /// Scans the OTLP/JSON document that starts at `begin` (after white
    /// space) and ends before `end`, appends its spans to `out` in document
    /// order, and sets `stop` just after its closing brace: what follows is
    /// not looked at, as nlohmann-json's non-strict parse does not.  False
    /// when it gives up (see above), also when the document does not end
    /// before `end`; `out` may then hold some of the spans, and the caller
    /// drops them.
    bool scan(const char* begin, const char* end, std::vector<span_data>& out, const char*& stop);

private:
    /// Open containers of an ignored value (1: object, 0: array), kept
    /// between calls so that scanning allocates only while it warms up.
    std::vector<std::uint8_t> m_stack;
};

}  // namespace cspgate::telemetry::detail
