// The machine-readable reports of `cspgate check`: JSON (cspgate.check/v1,
// docs/schema/check.md) and JUnit XML.  Without `timings` both are the same
// bytes for the same model, whatever the machine.

#include "cspgate/report/check_report.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>
#include <sstream>

namespace cspgate::report {
namespace {

using nlohmann::ordered_json;

ordered_json event_json(const check::event_info& e) {
    ordered_json j;
    j["text"] = e.text;
    j["channel"] = e.channel;
    j["fields"] = e.fields;
    return j;
}

ordered_json steps_json(const std::vector<check::step>& steps) {
    ordered_json a = ordered_json::array();
    for (const auto& s : steps) {
        ordered_json j;
        j["event"] = event_json(s.event);
        ordered_json parts = ordered_json::array();
        for (const auto& [c, e] : s.components) parts.push_back({{"component", c}, {"event", event_json(e)}});
        j["components"] = std::move(parts);
        a.push_back(std::move(j));
    }
    return a;
}

ordered_json example_json(const check::counterexample& cx) {
    ordered_json j;
    j["kind"] = cx.kind;
    j["summary"] = cx.summary;
    ordered_json trace = ordered_json::array();
    for (const auto& e : cx.trace) trace.push_back(event_json(e));
    j["trace"] = std::move(trace);
    j["path"] = steps_json(cx.path);
    if (!cx.loop.empty()) j["loop"] = steps_json(cx.loop);
    if (!cx.alternative.empty()) j["alternative"] = steps_json(cx.alternative);
    ordered_json comps = ordered_json::array();
    for (const auto& c : cx.components)
        comps.push_back({{"name", c.name}, {"trace", c.trace}, {"state", c.state}, {"offers", c.offers}});
    j["components"] = std::move(comps);
    return j;
}

std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            // Control characters other than tab and newline are not allowed in XML 1.0.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') out += ' ';
            else out += c;
        }
    }
    return out;
}

}  // namespace

void write_json(std::ostream& out, const std::string& file, const std::vector<assertion_report>& reports, bool timings) {
    ordered_json doc;
    doc["schema"] = "cspgate.check/v1";
    doc["file"] = file;
    ordered_json list = ordered_json::array();
    std::size_t counts[4] = {0, 0, 0, 0};
    for (const auto& r : reports) {
        ordered_json j;
        j["index"] = r.index;
        j["assertion"] = r.text;
        j["location"] = {{"file", r.file}, {"line", r.line}, {"column", r.column}};
        j["property"] = r.property;
        j["model"] = r.model;
        j["negated"] = r.negated;
        std::string v = verdict_word(r);
        j["verdict"] = v;
        counts[v == "pass" ? 0 : v == "fail" ? 1 : v == "inconclusive" ? 2 : 3]++;
        if (r.error) {
            j["error"] = r.error_message;
        } else {
            const auto& s = r.result.stats;
            ordered_json st;
            st["states"] = s.states;
            st["transitions"] = s.transitions;
            st["components"] = s.components;
            st["component_states"] = s.component_states;
            if (timings) {
                st["seconds"] = s.seconds;
                st["bytes"] = s.bytes;
            }
            j["statistics"] = std::move(st);
            if (r.result.outcome == check::verdict::inconclusive) j["reason"] = r.result.reason;
            if (!r.result.notes.empty()) j["notes"] = r.result.notes;
            if (r.result.example) j["counterexample"] = example_json(*r.result.example);
        }
        list.push_back(std::move(j));
    }
    doc["assertions"] = std::move(list);
    doc["summary"] = {{"pass", counts[0]}, {"fail", counts[1]}, {"inconclusive", counts[2]}, {"error", counts[3]}};
    out << doc.dump(2) << "\n";
}

void write_junit(std::ostream& out, const std::string& file, const std::vector<assertion_report>& reports, bool timings) {
    std::size_t failures = 0, errors = 0, skipped = 0;
    double total = 0;
    for (const auto& r : reports) {
        std::string v = verdict_word(r);
        failures += v == "fail";
        errors += v == "error";
        skipped += v == "inconclusive";
        total += r.result.stats.seconds;
    }
    auto seconds = [&](double s) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", s);
        return std::string(buf);
    };
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites>\n";
    out << "  <testsuite name=\"" << xml_escape(file) << "\" tests=\"" << reports.size() << "\" failures=\"" << failures
        << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\"";
    if (timings) out << " time=\"" << seconds(total) << "\"";
    out << ">\n";
    for (const auto& r : reports) {
        out << "    <testcase classname=\"" << xml_escape(file) << "\" name=\"" << xml_escape("[" + std::to_string(r.index) + "] " + r.text)
            << "\" file=\"" << xml_escape(r.file) << "\" line=\"" << r.line << "\"";
        if (timings) out << " time=\"" << seconds(r.result.stats.seconds) << "\"";
        out << ">\n";
        std::string v = verdict_word(r);
        if (v == "fail") {
            std::string first = r.result.example ? r.result.example->kind : "fail";
            std::ostringstream detail;
            write_text(detail, r, true, false);
            out << "      <failure message=\"" << xml_escape(first) << "\" type=\"" << xml_escape(r.property) << "\">"
                << xml_escape(detail.str()) << "</failure>\n";
        } else if (v == "error") {
            out << "      <error message=\"" << xml_escape(r.error_message) << "\"/>\n";
        } else if (v == "inconclusive") {
            out << "      <skipped message=\"" << xml_escape("inconclusive: " + r.result.reason) << "\"/>\n";
        }
        if (!r.result.notes.empty()) {
            std::string notes;
            for (const auto& n : r.result.notes) notes += "note: " + n + "\n";
            out << "      <system-out>" << xml_escape(notes) << "</system-out>\n";
        }
        out << "    </testcase>\n";
    }
    out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace cspgate::report
