// Spans from a simulator event log (sim_spans.hpp).

#include "sim_spans.hpp"

#include "cspgate/report/sim_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <utility>
#include <vector>

namespace cspgate::cli {
namespace {

std::uint64_t nanos(double seconds) { return static_cast<std::uint64_t>(std::floor(seconds * 1e9 + 0.5)); }

// A field as the simulator's tokens write it: a number in decimal, a name as itself.
std::string token(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
    if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
    return v.dump();
}

}  // namespace

std::optional<telemetry::read_error> read_sim_spans(std::istream& in, const sim_span_mapping& mapping,
                                                    const telemetry::span_callback& on_span,
                                                    telemetry::read_summary& summary) {
    std::map<std::pair<std::string, std::string>, double> started;
    std::uint64_t offset = 0;
    std::string line;
    while (std::getline(in, line)) {
        const std::uint64_t at = offset;
        offset += line.size() + 1;
        summary.bytes = offset;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        ++summary.documents;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            return telemetry::read_error{at + (e.byte > 0 ? e.byte - 1 : 0), std::string("invalid JSON: ") + e.what()};
        }
        if (!j.is_object()) return telemetry::read_error{at, "an event log line is a JSON object"};
        if (!j.contains("event")) continue;  // a note (a followed trace's end), not an event
        auto channel = j.find("channel");
        auto fields = j.find("fields");
        auto time = j.find("time");
        if (channel == j.end() || !channel->is_string() || fields == j.end() || !fields->is_array() || time == j.end() ||
            !time->is_number() || time->get<double>() < 0)
            return telemetry::read_error{at, "an event of a simulator log needs \"channel\" (a string), \"fields\" (an "
                                             "array) and \"time\" (seconds, not negative)"};
        const std::string ch = channel->get<std::string>();
        if (ch != mapping.channel && ch != mapping.start) continue;
        auto field = [&](std::size_t pos) -> std::optional<std::string> {
            if (pos < 1 || pos > fields->size()) return std::nullopt;
            return token((*fields)[pos - 1]);
        };
        auto t = field(mapping.trace), s = field(mapping.span);
        if (!t || !s) continue;
        const double when = time->get<double>();
        if (!mapping.start.empty() && ch == mapping.start) started[{*t, *s}] = when;
        if (ch != mapping.channel) continue;
        telemetry::span_data span;
        span.trace = *telemetry::parse_trace_id(report::otlp_id(*t, 32));
        span.span = *telemetry::parse_span_id(report::otlp_id(*s, 16));
        if (auto p = field(mapping.parent); p && *p != mapping.root) {
            span.parent = *telemetry::parse_span_id(report::otlp_id(*p, 16));
            span.has_parent = true;
        }
        span.end_unix_nano = nanos(when);
        span.start_unix_nano = span.end_unix_nano;
        if (auto it = started.find({*t, *s}); it != started.end()) {
            span.start_unix_nano = nanos(it->second);
            started.erase(it);
        }
        ++summary.spans;
        if (!on_span(span)) {
            summary.stopped = true;
            return std::nullopt;
        }
    }
    return std::nullopt;
}

}  // namespace cspgate::cli
