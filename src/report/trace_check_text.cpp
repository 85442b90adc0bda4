// The human summary of `cspgate trace-check`.

#include "cspgate/report/trace_check_report.hpp"

#include <algorithm>
#include <ostream>
#include <string>

namespace cspgate::report {
namespace {

using telemetry::violation;
using telemetry::violation_kind;

std::string where(const telemetry::trace_check_result& r, telemetry::span_location at) {
    const std::string& name = at.file < r.files.size() ? r.files[at.file].name : std::string("?");
    return name + ":span " + std::to_string(at.index);
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

void write_violation(std::ostream& out, const telemetry::trace_check_result& r, const violation& v) {
    out << "  " << telemetry::kind_name(v.kind) << ": trace " << telemetry::to_hex(v.trace) << " span "
        << telemetry::to_hex(v.span);
    switch (v.kind) {
    case violation_kind::orphan:
        out << ": parent " << telemetry::to_hex(v.parent) << " is not in the trace";
        break;
    case violation_kind::duplicate:
        out << ": seen again (first at " << where(r, v.first) << ")";
        break;
    case violation_kind::skew:
        out << ": starts " << (v.parent_start_unix_nano - v.start_unix_nano) << " ns before its parent "
            << telemetry::to_hex(v.parent);
        break;
    case violation_kind::cycle:
        out << ": a cycle of " << plural(v.cycle_length, "span", "spans") << " (";
        for (std::size_t i = 0; i < v.cycle.size(); ++i) out << (i ? " " : "") << telemetry::to_hex(v.cycle[i]);
        if (v.cycle.size() < v.cycle_length) out << " ...";
        out << ")";
        break;
    }
    out << " at " << where(r, v.where) << '\n';
}

}  // namespace

const char* trace_check_verdict(const telemetry::trace_check_result& result) noexcept {
    if (result.inconclusive()) return "inconclusive";
    return result.failed() ? "fail" : "pass";
}

void write_trace_check_text(std::ostream& out, const telemetry::trace_check_result& r, std::size_t show) {
    std::uint64_t bytes = 0;
    for (const auto& f : r.files) bytes += f.bytes;
    out << "trace-check: " << plural(r.files.size(), "file", "files") << ", " << plural(bytes, "byte", "bytes") << ", "
        << plural(r.spans, "span", "spans") << '\n';
    if (r.inconclusive()) {
        out << "result: inconclusive: " << r.limit_reached << '\n';
        return;
    }
    out << "  traces: " << r.traces << " (" << r.complete_trees << " complete "
        << (r.complete_trees == 1 ? "tree" : "trees") << ")\n";
    out << "  distinct spans: " << r.unique_spans << ", roots: " << r.roots << '\n';
    // Only when the window split a trace, so that the usual report is as before.
    if (r.reopened_traces != 0)
        out << "  reopened traces: at least " << r.reopened_traces << " trace "
            << (r.reopened_traces == 1 ? "id was" : "ids were") << " met again " << r.options.window
            << " or more spans after its last span, and each part checked as a trace (--window)\n";
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < telemetry::violation_kind_count; ++i) {
        auto k = static_cast<violation_kind>(i);
        total += r.count(k);
        out << "  " << telemetry::kind_plural(k) << ": " << r.count(k);
        if (k == violation_kind::skew) out << " (tolerance " << r.options.skew_ns << " ns)";
        if (r.allowed(k)) out << " (allowed)";
        out << '\n';
    }
    // The list holds what the result kept (--max-violations), at most `show`.
    std::size_t n = std::min<std::size_t>(show, r.violations.size());
    if (n != 0) {
        out << "violations";
        if (n < total) out << " (first " << n << " of " << total << ")";
        out << ", by trace and span id:\n";
        for (std::size_t i = 0; i < n; ++i) write_violation(out, r, r.violations[i]);
    }
    out << "result: " << trace_check_verdict(r);
    if (r.failed()) {
        out << " (";
        bool first = true;
        for (std::size_t i = 0; i < telemetry::violation_kind_count; ++i) {
            auto k = static_cast<violation_kind>(i);
            if (r.count(k) == 0 || r.allowed(k)) continue;
            out << (first ? "" : ", ") << telemetry::kind_plural(k);
            first = false;
        }
        out << " not allowed)";
    }
    out << '\n';
}

}  // namespace cspgate::report
