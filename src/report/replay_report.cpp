/// \file
/// The reports of `cspgate replay`: text and JSON (cspgate.replay/v1,
/// docs/schema/replay.md).  Same report, same bytes.

#include "cspgate/report/replay_report.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace cspgate::report {
namespace {

std::string set_text(const std::vector<std::string>& events) {
    std::string out = "{";
    for (std::size_t i = 0; i < events.size(); ++i) out += (i ? ", " : "") + events[i];
    return out + "}";
}

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

void write_text(std::ostream& out, const replay_report& r) {
    out << "process: " << r.process << "\n";
    out << "trace:   " << r.trace_file << " (" << r.format;
    if (r.assertion != 0) out << ", the counterexample of assertion " << r.assertion << ": " << r.counterexample;
    if (r.skipped != 0) out << ", " << plural(r.skipped, "line") << " without a visible event skipped";
    out << ")\n";
    if (r.final_event_added)
        out << "         (its last event is the one the implementation can do and the specification cannot)\n";
    if (r.verdict == "fits") {
        out << "the trace fits (" << plural(r.events, "event") << ")\n";
        if (r.states == 1) out << "  after it the process is in 1 state";
        else out << "  after it the process is in one of " << plural(r.states, "state");
        if (r.possible.empty()) out << " and can do no visible event";
        else out << " and can do " << set_text(r.possible);
        out << "\n";
        if (r.can_deadlock) out << "  it may be deadlocked there\n";
        if (r.has_terminated) out << "  it may have terminated there\n";
    } else if (r.verdict == "does not fit") {
        out << "the trace does not fit: event " << r.fitted + 1 << " of " << r.events << ", " << r.event << " ("
            << r.where << "), is not possible after the " << plural(r.fitted, "event") << " before it\n";
        out << "  possible there: " << set_text(r.possible) << "\n";
    } else {
        out << "inconclusive: " << r.reason << "\n";
    }
}

void write_json(std::ostream& out, const replay_report& r) {
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["schema"] = "cspgate.replay/v1";
    doc["file"] = r.file;
    doc["process"] = r.process;
    ordered_json trace;
    trace["file"] = r.trace_file;
    trace["format"] = r.format;
    trace["events"] = r.events;
    trace["skipped"] = r.skipped;
    if (r.assertion != 0) {
        trace["assertion"] = r.assertion;
        trace["assertion_text"] = r.assertion_text;
        trace["counterexample"] = r.counterexample;
        trace["final_event_added"] = r.final_event_added;
    }
    doc["trace"] = std::move(trace);
    doc["verdict"] = r.verdict;
    doc["fitted"] = r.fitted;
    if (r.verdict == "does not fit") {
        doc["mismatch"] = {{"index", r.fitted}, {"where", r.where}, {"event", r.event}, {"possible", r.possible}};
    } else if (r.verdict == "fits") {
        doc["end"] = {{"possible", r.possible}, {"deadlock", r.can_deadlock}, {"terminated", r.has_terminated}};
    } else {
        doc["reason"] = r.reason;
    }
    doc["statistics"] = {{"states", r.states}, {"peak_states", r.peak_states}};
    // Invalid UTF-8 (a file name given on the command line) is replaced, not an exception.
    out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace cspgate::report
