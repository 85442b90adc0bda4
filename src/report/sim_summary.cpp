// The summary of `cspgate simulate`: text for people and JSON
// (cspgate.sim/v1, docs/schema/sim.md).

#include "cspgate/report/sim_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ostream>

namespace cspgate::report {
namespace {

std::string count_text(double v) {
    char buf[64];
    if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string value_text(const sim::metric& m, double v) { return m.seconds ? sim::format_duration(v) : count_text(v); }

std::string pad(std::string s, std::size_t w) {
    // Width in characters, not bytes (channel names may be τ or ✓).
    std::size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    while (chars++ < w) s += ' ';
    return s;
}

std::string event_text(const sim::plan& p, const sim::trace_entry& t) {
    std::string name = p.events().names[t.event];
    return t.hidden ? name + " (hidden)" : name;
}

}  // namespace

void write_sim_text(std::ostream& out, const sim_summary& s) {
    const auto& runs = *s.runs;
    out << "model:     " << s.model << "\n";
    out << "process:   " << s.process << "\n";
    if (!s.scenario.empty()) out << "scenario:  " << s.scenario << "\n";
    out << "runs:      " << runs.size();
    if (runs.size() == 1) out << " (seed " << s.seed << ")\n";
    else out << " (seeds " << s.seed << ".." << s.seed + runs.size() - 1 << ")\n";
    out << "stop:      ";
    if (std::isfinite(s.options.until)) out << "at " << sim::format_duration(s.options.until) << " or ";
    out << "after " << s.options.max_events << " events\n";
    std::map<std::string, std::size_t> endings;
    for (const auto& r : runs) ++endings[sim::to_string(r.reason)];
    out << "ended:     ";
    bool first = true;
    for (const auto& [why, n] : endings) {
        out << (first ? "" : ", ") << why << " " << n;
        first = false;
    }
    out << "\n\n";
    const bool many = runs.size() > 1;
    out << pad("measure", 44) << (many ? "mean          95% interval\n" : "value\n");
    for (const sim::metric& m : s.metrics) {
        out << pad(m.name, 44);
        if (m.values.empty()) {
            out << "-\n";
            continue;
        }
        std::string v = value_text(m, m.mean);
        out << (many ? pad(v, 14) : v);
        if (many && m.values.size() > 1) out << "± " << value_text(m, m.half_width);
        if (many && m.values.size() != runs.size()) out << "  (" << m.values.size() << " runs)";
        out << "\n";
    }
    // A stuck run is reported, not hidden: the first one with its last events.
    for (const auto& r : runs) {
        if (r.reason != sim::end_reason::deadlock && r.reason != sim::end_reason::stuck) continue;
        std::size_t n = 0;
        for (const auto& x : runs) n += x.reason == sim::end_reason::deadlock || x.reason == sim::end_reason::stuck;
        out << "\n" << n << " of " << runs.size() << " runs ended in a deadlock or stuck; the first, seed " << r.seed
            << ": " << sim::to_string(r.reason) << " at " << sim::format_duration(r.end_time) << " after " << r.events
            << " events";
        if (!r.stuck_because.empty()) out << " (" << r.stuck_because << ")";
        out << "\n";
        std::size_t from = r.trace.size() > 20 ? r.trace.size() - 20 : 0;
        out << "  its last " << r.trace.size() - from << " events:\n";
        for (std::size_t i = from; i < r.trace.size(); ++i)
            out << "    " << pad(sim::format_duration(r.trace[i].time), 14) << event_text(*s.plan, r.trace[i]) << "\n";
        break;
    }
}

void write_sim_json(std::ostream& out, const sim_summary& s) {
    using nlohmann::ordered_json;
    const auto& runs = *s.runs;
    ordered_json doc;
    doc["schema"] = "cspgate.sim/v1";
    doc["model"] = s.model;
    doc["process"] = s.process;
    doc["scenario"] = s.scenario;
    doc["seed"] = s.seed;
    doc["runs"] = runs.size();
    doc["until"] = std::isfinite(s.options.until) ? ordered_json(s.options.until) : ordered_json(nullptr);
    doc["max_events"] = s.options.max_events;
    ordered_json metrics = ordered_json::array();
    for (const sim::metric& m : s.metrics) {
        ordered_json j;
        j["name"] = m.name;
        j["unit"] = m.seconds ? "s" : "count";
        j["mean"] = m.values.empty() ? ordered_json(nullptr) : ordered_json(m.mean);
        j["ci95"] = m.values.size() > 1 ? ordered_json(m.half_width) : ordered_json(nullptr);
        j["values"] = m.values;
        metrics.push_back(std::move(j));
    }
    doc["metrics"] = std::move(metrics);
    ordered_json results = ordered_json::array();
    for (const auto& r : runs) {
        ordered_json j;
        j["seed"] = r.seed;
        j["end"] = sim::to_string(r.reason);
        j["end_time"] = r.end_time;
        j["events"] = r.events;
        j["visible_events"] = r.visible_events;
        j["faults_injected"] = r.faults_injected;
        if (r.reason == sim::end_reason::deadlock || r.reason == sim::end_reason::stuck) {
            ordered_json d;
            d["time"] = r.end_time;
            d["reason"] = r.stuck_because.empty() ? "nothing is possible and the process has not terminated" : r.stuck_because;
            ordered_json trace = ordered_json::array();
            for (const auto& t : r.trace)
                trace.push_back({{"time", t.time}, {"event", s.plan->events().names[t.event]}, {"hidden", t.hidden}});
            d["last_events"] = std::move(trace);
            j["deadlock"] = std::move(d);
        }
        ordered_json lat = ordered_json::array();
        for (const auto& l : r.latencies) {
            ordered_json x;
            x["name"] = l.name;
            x["matched"] = l.matched;
            x["lost"] = l.lost;
            x["dropped"] = l.dropped;
            x["unmatched_ends"] = l.unmatched_to;
            if (l.matched) {
                x["min"] = l.min;
                x["p50"] = l.p50;
                x["p90"] = l.p90;
                x["p99"] = l.p99;
                x["max"] = l.max;
                x["mean"] = l.mean;
            }
            lat.push_back(std::move(x));
        }
        j["latencies"] = std::move(lat);
        ordered_json counters = ordered_json::array();
        for (const auto& c : r.counters) {
            ordered_json groups = ordered_json::object();
            for (const auto& [g, n] : c.groups) groups[g] = n;
            counters.push_back({{"name", c.name}, {"groups", std::move(groups)}});
        }
        j["counters"] = std::move(counters);
        ordered_json channels = ordered_json::object();
        for (const auto& [c, n] : r.channel_counts) channels[c] = n;
        j["channels"] = std::move(channels);
        results.push_back(std::move(j));
    }
    doc["results"] = std::move(results);
    out << doc.dump(2) << '\n';
}

}  // namespace cspgate::report
