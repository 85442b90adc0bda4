// The summary of `cspgate simulate`: text for people and JSON
// (cspgate.sim/v1, docs/schema/sim.md).

#include "cspgate/report/sim_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
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

const char* outcome_name(sim::follow_result::outcome_kind o) {
    switch (o) {
    case sim::follow_result::outcome_kind::followed: return "followed";
    case sim::follow_result::outcome_kind::left: return "left";
    case sim::follow_result::outcome_kind::incomplete: return "incomplete";
    }
    return "?";
}

const char* cause_name(sim::follow_result::cause_kind c) {
    switch (c) {
    case sim::follow_result::cause_kind::none: return "none";
    case sim::follow_result::cause_kind::fault: return "fault";
    case sim::follow_result::cause_kind::model: return "model";
    case sim::follow_result::cause_kind::held_back: return "held back";
    case sim::follow_result::cause_kind::deadlock: return "deadlock";
    case sim::follow_result::cause_kind::terminated: return "terminated";
    }
    return "?";
}

std::string event_list(const sim::plan& p, const std::vector<semantics::event_id>& events) {
    std::vector<std::string> names;
    for (auto e : events) names.push_back(p.events().names[e]);
    std::sort(names.begin(), names.end());
    std::string out = "{";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + "}";
}

/// "event 6 of 12, store.0.1 (line 9)": a position of the trace, 0-based.
std::string trace_place(const sim_summary::follow_setup& f, std::size_t k) {
    std::string out = "event " + std::to_string(k + 1) + " of " + std::to_string(f.text.size());
    if (k < f.text.size()) out += ", " + f.text[k] + " (" + f.where[k] + ")";
    return out;
}

/// One run's following, in a few lines for people.
void write_follow_text(std::ostream& out, const sim_summary& s, const sim::run_result& r) {
    const sim::follow_result& f = *r.follow;
    using outcome = sim::follow_result::outcome_kind;
    if (f.outcome == outcome::followed) {
        out << "followed to its end: " << f.followed << " of " << f.length << " events, the last at "
            << sim::format_duration(f.time);
    } else if (f.outcome == outcome::incomplete) {
        out << "followed " << f.followed << " of " << f.length << " events; the run ended first ("
            << sim::to_string(r.reason) << " at " << sim::format_duration(r.end_time) << ")";
    } else {
        out << "left at " << trace_place(*s.follow, f.followed) << ", at " << sim::format_duration(f.time) << ": "
            << follow_reason(*s.plan, f) << "\n";
        out << "           possible there: " << event_list(*s.plan, f.possible) << "\n";
        out << "           then: " << (f.then_free ? "the run went on freely" : "the run stopped");
    }
    if (f.late) out << "\n           " << f.late << " events later than their timestamps (at most " << sim::format_duration(f.max_late) << ")";
    if (f.injected_count) {
        out << "\n           faults injected off the trace while following: ";
        for (std::size_t i = 0; i < f.injected.size(); ++i)
            out << (i ? ", " : "") << s.plan->events().names[f.injected[i].event] << " at " << sim::format_duration(f.injected[i].time);
        if (f.injected_count > f.injected.size()) out << " and " << f.injected_count - f.injected.size() << " more";
    }
    out << "\n";
}

}  // namespace

std::string fault_text(const sim::external_fault& f) {
    const char* kind = f.kind == sim::external_fault::type::freeze ? "freeze" : f.kind == sim::external_fault::type::block ? "block" : "slow";
    std::string out = std::string(kind) + " " + f.target + " from " + sim::format_duration(f.from);
    out += std::isfinite(f.until) ? " to " + sim::format_duration(f.until) : std::string(" on");
    return out;
}

std::string follow_reason(const sim::plan& p, const sim::follow_result& f) {
    using cause = sim::follow_result::cause_kind;
    switch (f.cause) {
    case cause::fault:
        if (f.external >= 0 && static_cast<std::size_t>(f.external) < p.setup().external.size())
            return "blocked by the injected fault " + fault_text(p.setup().external[f.external]);
        return "blocked by an injected fault";
    case cause::model: {
        std::string out = "not possible in the model here";
        if (f.injected_count) {
            const auto& last = f.injected.back();
            out += " (after the injected fault " + p.events().names[last.event] + " at " + sim::format_duration(last.time);
            if (f.injected_count > 1) out += ", the last of " + std::to_string(f.injected_count);
            out += ")";
        }
        return out;
    }
    case cause::held_back: return "only events the scenario holds back lead to it";
    case cause::deadlock: return "the process deadlocked before it";
    case cause::terminated: return "the process terminated before it";
    case cause::none: break;
    }
    return "";
}

void write_sim_text(std::ostream& out, const sim_summary& s) {
    const auto& runs = *s.runs;
    out << "model:     " << s.model << "\n";
    out << "process:   " << s.process << "\n";
    if (!s.scenario.empty()) out << "scenario:  " << s.scenario << "\n";
    out << "runs:      " << runs.size();
    if (runs.size() == 1) out << " (seed " << s.seed << ")\n";
    else out << " (seeds " << s.seed << ".." << s.seed + runs.size() - 1 << ")\n";
    if (s.follow) {
        out << "follow:    " << s.follow->file << " (" << s.follow->format << ", " << s.follow->text.size() << " events"
            << (s.follow->timed ? ", with times" : "") << "), then " << s.follow->then << "\n";
    }
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
    if (s.follow && !runs.empty() && runs[0].follow) {
        // One run: how it fared.  Several: how many followed, and the first that left.
        out << "\n";
        if (runs.size() == 1) {
            out << "trace:     ";
            write_follow_text(out, s, runs[0]);
        } else {
            std::size_t followed = 0, left = 0;
            for (const auto& r : runs) {
                followed += r.follow->outcome == sim::follow_result::outcome_kind::followed;
                left += r.follow->outcome == sim::follow_result::outcome_kind::left;
            }
            out << "trace:     followed to its end in " << followed << " of " << runs.size() << " runs, left in " << left << "\n";
            for (const auto& r : runs) {
                if (r.follow->outcome != sim::follow_result::outcome_kind::left) continue;
                out << "the first that left, seed " << r.seed << ": ";
                write_follow_text(out, s, r);
                break;
            }
        }
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

namespace {

nlohmann::ordered_json follow_json(const sim_summary& s, const sim::follow_result& f) {
    using nlohmann::ordered_json;
    const auto& names = s.plan->events().names;
    ordered_json j;
    j["outcome"] = outcome_name(f.outcome);
    j["followed"] = f.followed;
    j["length"] = f.length;
    j["time"] = f.time;
    j["events"] = f.events;
    j["late"] = f.late;
    j["max_late"] = f.max_late;
    j["then"] = f.then_free ? "free" : "stop";
    if (f.outcome == sim::follow_result::outcome_kind::left) {
        ordered_json l;
        l["position"] = f.followed;
        l["event"] = names[f.event];
        l["where"] = f.followed < s.follow->where.size() ? s.follow->where[f.followed] : "";
        l["cause"] = cause_name(f.cause);
        l["reason"] = follow_reason(*s.plan, f);
        if (f.external >= 0) {
            const sim::external_fault& x = s.plan->setup().external[f.external];
            ordered_json fj;
            fj["kind"] = x.kind == sim::external_fault::type::freeze ? "freeze" : x.kind == sim::external_fault::type::block ? "block" : "slow";
            fj["target"] = x.target;
            fj["from"] = x.from;
            fj["until"] = std::isfinite(x.until) ? ordered_json(x.until) : ordered_json(nullptr);
            l["fault"] = std::move(fj);
        } else {
            l["fault"] = nullptr;
        }
        std::vector<std::string> possible;
        for (auto e : f.possible) possible.push_back(names[e]);
        std::sort(possible.begin(), possible.end());
        l["possible"] = possible;
        ordered_json active = ordered_json::array();
        for (auto a : f.active) active.push_back(fault_text(s.plan->setup().external[a]));
        l["active_faults"] = std::move(active);
        j["left"] = std::move(l);
    }
    ordered_json injected = ordered_json::array();
    for (const auto& x : f.injected) injected.push_back({{"time", x.time}, {"event", names[x.event]}});
    j["injected"] = std::move(injected);
    j["injected_count"] = f.injected_count;
    return j;
}

}  // namespace

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
    if (s.follow) {
        ordered_json f;
        f["trace"] = s.follow->file;
        f["format"] = s.follow->format;
        f["events"] = s.follow->text.size();
        f["timed"] = s.follow->timed;
        f["then"] = s.follow->then;
        doc["follow"] = std::move(f);
    }
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
        if (r.follow && s.follow) j["follow"] = follow_json(s, *r.follow);
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
