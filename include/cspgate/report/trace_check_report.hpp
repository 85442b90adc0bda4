#pragma once
/// \file
/// Reports of `cspgate trace-check`: a summary for people and the same
/// result as JSON (`cspgate.trace-check/v1`, docs/schema/trace-check.md).
/// This layer formats; the verdict and every figure come from
/// `telemetry::trace_check_result`.

#include "cspgate/telemetry/trace_check.hpp"

#include <cstddef>
#include <iosfwd>

namespace cspgate::report {

/// Totals, the count of each kind, the first `show` violations (trace and
/// span ids in lower-case hex, `file:span N` where each was read) and the
/// verdict line.
void write_trace_check_text(std::ostream& out, const telemetry::trace_check_result& result, std::size_t show);

/// The whole result as one JSON document, the same bytes for the same input.
void write_trace_check_json(std::ostream& out, const telemetry::trace_check_result& result);

/// "pass", "fail" or "inconclusive".
const char* trace_check_verdict(const telemetry::trace_check_result& result) noexcept;

}  // namespace cspgate::report
