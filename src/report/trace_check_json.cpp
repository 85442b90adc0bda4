// The JSON report of `cspgate trace-check` (cspgate.trace-check/v1,
// docs/schema/trace-check.md).  It holds no time or path of the machine, so
// the same input gives the same bytes.

#include "cspgate/report/trace_check_report.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace cspgate::report {
namespace {

using nlohmann::ordered_json;
using telemetry::violation_kind;

ordered_json location_json(const telemetry::trace_check_result& r, telemetry::span_location at) {
    ordered_json j;
    j["file"] = at.file < r.files.size() ? r.files[at.file].name : std::string("?");
    j["span_index"] = at.index;
    return j;
}

ordered_json violation_json(const telemetry::trace_check_result& r, const telemetry::violation& v) {
    ordered_json j;
    j["kind"] = telemetry::kind_name(v.kind);
    j["trace_id"] = telemetry::to_hex(v.trace);
    j["span_id"] = telemetry::to_hex(v.span);
    j["at"] = location_json(r, v.where);
    switch (v.kind) {
    case violation_kind::orphan: j["parent_span_id"] = telemetry::to_hex(v.parent); break;
    case violation_kind::duplicate: j["first_at"] = location_json(r, v.first); break;
    case violation_kind::skew:
        j["parent_span_id"] = telemetry::to_hex(v.parent);
        j["start_time_unix_nano"] = v.start_unix_nano;
        j["parent_start_time_unix_nano"] = v.parent_start_unix_nano;
        j["early_ns"] = v.parent_start_unix_nano - v.start_unix_nano;
        break;
    case violation_kind::cycle: {
        ordered_json members = ordered_json::array();
        for (auto id : v.cycle) members.push_back(telemetry::to_hex(id));
        j["cycle"] = std::move(members);
        j["cycle_length"] = v.cycle_length;
        break;
    }
    }
    return j;
}

}  // namespace

void write_trace_check_json(std::ostream& out, const telemetry::trace_check_result& r) {
    ordered_json doc;
    doc["schema"] = "cspgate.trace-check/v1";
    doc["verdict"] = trace_check_verdict(r);
    if (r.inconclusive()) doc["reason"] = r.limit_reached;
    ordered_json files = ordered_json::array();
    for (const auto& f : r.files)
        files.push_back({{"path", f.name}, {"bytes", f.bytes}, {"documents", f.documents}, {"spans", f.spans}});
    doc["files"] = std::move(files);
    ordered_json allowed = ordered_json::array();
    for (std::size_t i = 0; i < telemetry::violation_kind_count; ++i)
        if (r.options.allowed[i]) allowed.push_back(telemetry::kind_plural(static_cast<violation_kind>(i)));
    doc["options"] = {{"skew_ns", r.options.skew_ns}, {"allow", std::move(allowed)}, {"window", r.options.window}};
    doc["totals"] = {{"spans", r.spans},
                     {"distinct_spans", r.unique_spans},
                     {"traces", r.traces},
                     {"roots", r.roots},
                     {"complete_trees", r.complete_trees},
                     {"reopened_traces", r.reopened_traces}};
    ordered_json counts;
    for (std::size_t i = 0; i < telemetry::violation_kind_count; ++i)
        counts[telemetry::kind_plural(static_cast<violation_kind>(i))] = r.counts[i];
    doc["counts"] = std::move(counts);
    ordered_json list = ordered_json::array();
    for (const auto& v : r.violations) list.push_back(violation_json(r, v));
    doc["violations"] = std::move(list);
    doc["violations_truncated"] = r.violations_truncated;
    // A file name that is not UTF-8 is written with U+FFFD, not refused.
    out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace cspgate::report
