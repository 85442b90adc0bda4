// The event log (JSON Lines) and the OTLP/JSON spans of a simulation run.

#include "cspgate/report/sim_report.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <ostream>

namespace cspgate::report {
namespace {

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

void append_time(std::string& out, double t) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.9f", t);
    out += buf;
}

std::string nanos(double t) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.0f", std::floor(t * 1e9 + 0.5));
    return buf;
}

}  // namespace

event_log::event_log(std::ostream& out, const sim::event_table& events, const sim::plan* p)
    : m_out(out), m_events(events), m_plan(p) {
    for (std::size_t e = 0; e < events.event_count(); ++e) {
        m_names.push_back(quoted(events.names[e]));
        m_channels.push_back(quoted(events.channels[e]));
    }
    for (const std::string& c : events.components) m_components.push_back(quoted(c));
}

void event_log::on_event(const sim::fired_event& e) {
    m_line.assign("{\"time\":");
    append_time(m_line, e.time);
    m_line += ",\"event\":";
    m_line += m_names[e.event];
    m_line += ",\"channel\":";
    m_line += m_channels[e.event];
    m_line += ",\"fields\":";
    m_line += m_events.fields_json[e.event];
    m_line += ",\"hidden\":";
    m_line += e.hidden ? "true" : "false";
    m_line += ",\"components\":[";
    for (std::size_t i = 0; i < e.part_count; ++i) {
        if (i) m_line += ',';
        m_line += m_components[e.parts[i].first];
    }
    m_line += ']';
    if (e.declared_fault) m_line += ",\"fault\":\"declared\"";
    m_line += "}\n";
    m_out << m_line;
}

void event_log::on_fault(double time, const sim::external_fault* f, const sim::declared_fault* d, bool start) {
    m_line.assign("{\"time\":");
    append_time(m_line, time);
    if (d) {
        m_line += ",\"fault\":\"at\",\"target\":" + quoted(d->pattern.text) + ",\"phase\":\"armed\"}\n";
    } else {
        const char* kind = f->kind == sim::external_fault::type::freeze ? "freeze"
                           : f->kind == sim::external_fault::type::block ? "block"
                                                                           : "slow";
        m_line += std::string(",\"fault\":\"") + kind + "\",\"target\":" + quoted(f->target) + ",\"phase\":\"" +
                  (start ? "start" : "end") + "\"}\n";
    }
    m_out << m_line;
}

void event_log::on_follow(double time, const sim::follow_result& f) {
    // No "event" key: a reader of event logs (cspgate replay, --follow) skips the line.
    m_line.assign("{\"time\":");
    append_time(m_line, time);
    using outcome = sim::follow_result::outcome_kind;
    if (f.outcome == outcome::left) {
        m_line += ",\"follow\":\"left\",\"position\":" + std::to_string(f.followed) +
                  ",\"trace_event\":" + (f.event < m_names.size() ? m_names[f.event] : quoted("?"));
        if (m_plan) m_line += ",\"reason\":" + quoted(follow_reason(*m_plan, f));
        m_line += std::string(",\"then\":\"") + (f.then_free ? "free" : "stop") + "\"}\n";
    } else {
        m_line += ",\"follow\":\"end\",\"followed\":" + std::to_string(f.followed);
        m_line += std::string(",\"then\":\"") + (f.then_free ? "free" : "stop") + "\"}\n";
    }
    m_out << m_line;
}

std::string otlp_id(const std::string& value, std::size_t hex_digits) {
    bool integer = !value.empty() && value.size() <= 18;
    for (char c : value) integer = integer && c >= '0' && c <= '9';
    std::string out;
    char buf[32];
    if (integer) {
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(std::stoull(value) + 1));
        out = buf;
        while (out.size() < hex_digits) out = "0000000000000000" + out;
    } else {
        // FNV-1a, 64 bits; a 128-bit id is two hashes (of the text, and of the text and '#').
        auto fnv = [](const std::string& s) {
            std::uint64_t h = 0xcbf29ce484222325ULL;
            for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
            return h;
        };
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv(value + "#")));
        out = buf;
        if (hex_digits > 16) {
            std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv(value)));
            out += buf;
        }
    }
    return out.substr(out.size() - hex_digits);
}

span_collector::span_collector(const sim::otlp_spans& setup, const sim::event_table& events)
    : m_setup(setup), m_events(events) {}

void span_collector::on_event(const sim::fired_event& e) {
    const std::string& ch = m_events.channels[e.event];
    const auto& tok = m_events.tokens[e.event];
    auto at = [&](std::size_t pos) -> const std::string* { return pos >= 1 && pos <= tok.size() ? &tok[pos - 1] : nullptr; };
    const std::string *t = at(m_setup.trace), *s = at(m_setup.span);
    if (!t || !s) return;
    if (!m_setup.start.empty() && ch == m_setup.start) m_started[{*t, *s}] = e.time;
    if (ch != m_setup.channel) return;
    span x;
    x.trace = otlp_id(*t, 32);
    x.id = otlp_id(*s, 16);
    const std::string* p = at(m_setup.parent);
    if (p && *p != m_setup.root) x.parent = otlp_id(*p, 16);
    x.name = m_events.names[e.event];
    x.end = e.time;
    x.start = e.time;
    auto it = m_started.find({*t, *s});
    if (it != m_started.end()) {
        x.start = it->second;
        m_started.erase(it);
    }
    m_spans.push_back(std::move(x));
}

void span_collector::write(std::ostream& out) const {
    using nlohmann::ordered_json;
    ordered_json spans = ordered_json::array();
    for (const span& s : m_spans) {
        ordered_json j;
        j["traceId"] = s.trace;
        j["spanId"] = s.id;
        if (!s.parent.empty()) j["parentSpanId"] = s.parent;
        j["name"] = s.name;
        j["kind"] = 1;
        j["startTimeUnixNano"] = nanos(s.start);
        j["endTimeUnixNano"] = nanos(s.end);
        j["attributes"] = ordered_json::array({{{"key", "cspgate.event"}, {"value", {{"stringValue", s.name}}}}});
        spans.push_back(std::move(j));
    }
    ordered_json doc;
    ordered_json resource;
    resource["attributes"] =
        ordered_json::array({{{"key", "service.name"}, {"value", {{"stringValue", m_setup.service}}}}});
    ordered_json scope;
    scope["scope"] = {{"name", "cspgate.sim"}};
    scope["spans"] = std::move(spans);
    ordered_json rs;
    rs["resource"] = std::move(resource);
    rs["scopeSpans"] = ordered_json::array({std::move(scope)});
    doc["resourceSpans"] = ordered_json::array({std::move(rs)});
    out << doc.dump(1) << '\n';
}

}  // namespace cspgate::report
