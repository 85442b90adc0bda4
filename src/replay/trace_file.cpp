/// \file
/// Reading traces: a check counterexample, a simulator event log (JSON
/// Lines) or a plain list of event strings (replay/trace_file.hpp).

#include "cspgate/replay/trace_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cspgate::replay {
namespace {

using nlohmann::json;

/// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string json_message(const json::exception& e) {
    std::string m = e.what();
    if (!m.empty() && m.front() == '[') {
        auto close = m.find("] ");
        if (close != std::string::npos) m = m.substr(close + 2);
    }
    return m;
}

struct reader {
    const std::string& name;
    std::string& error;

    bool fail(const std::string& where, const std::string& message) {
        error = name + ": " + (where.empty() ? "" : where + ": ") + message;
        return false;
    }

    bool list(const json& doc, trace_file& out) {
        out.format = trace_format::list;
        for (std::size_t i = 0; i < doc.size(); ++i) {
            std::string where = "$[" + std::to_string(i) + "]";
            if (!doc[i].is_string()) return fail(where, "expected an event as a string, found " + std::string(doc[i].type_name()));
            out.events.push_back({doc[i].get<std::string>(), where, std::nullopt});
        }
        return true;
    }

    /// The event of the "Impl can do E here" that ends a refinement trace counterexample's summary.
    static std::optional<std::string> final_event(const std::string& summary) {
        const std::string open = "Impl can do ", close = " here";
        if (summary.rfind(open, 0) != 0) return std::nullopt;
        auto end = summary.find(close, open.size());
        if (end == std::string::npos || end == open.size()) return std::nullopt;
        return summary.substr(open.size(), end - open.size());
    }

    /// The position in `all` of the assertion whose counterexample to
    /// replay: number `assertion`, or the first with a counterexample.
    std::optional<std::size_t> choose(const json& all, std::optional<std::size_t> assertion) {
        std::string indices;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const json& a = all[i];
            std::string where = "$.assertions[" + std::to_string(i) + "]";
            if (!a.is_object()) return fail(where, "expected an assertion object"), std::nullopt;
            if (!a.contains("index") || !a["index"].is_number_unsigned())
                return fail(where + ".index", "expected the assertion's index, a positive integer"), std::nullopt;
            std::size_t index = a["index"].get<std::size_t>();
            indices += (indices.empty() ? "" : ", ") + std::to_string(index);
            bool has_example = a.contains("counterexample");
            if (assertion && index != *assertion) continue;
            if (!assertion && !has_example) continue;
            if (!has_example) {
                std::string verdict = a.contains("verdict") && a["verdict"].is_string() ? a["verdict"].get<std::string>() : "unknown";
                fail(where, "assertion " + std::to_string(index) + " (verdict " + verdict + ") has no counterexample");
                return std::nullopt;
            }
            return i;
        }
        if (assertion)
            fail("", "no assertion " + std::to_string(*assertion) + " in this report (it holds " +
                         (indices.empty() ? std::string("none") : "assertions " + indices) + ")");
        else
            fail("", "no counterexample in this report: no assertion it holds failed (use a report of a failing check)");
        return std::nullopt;
    }

    bool check(const json& doc, std::optional<std::size_t> assertion, trace_file& out) {
        out.format = trace_format::check;
        if (doc.contains("file") && doc["file"].is_string()) out.checked_file = doc["file"].get<std::string>();
        if (!doc.contains("assertions") || !doc["assertions"].is_array())
            return fail("$.assertions", "expected the array of assertions of a cspgate.check/v1 document");
        const json& all = doc["assertions"];
        std::optional<std::size_t> chosen = choose(all, assertion);
        if (!chosen) return false;
        const json& a = all[*chosen];
        std::string base = "$.assertions[" + std::to_string(*chosen) + "]";
        out.assertion = a["index"].get<std::size_t>();
        auto text_of = [&](const json& j, const char* key) {
            return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
        };
        out.assertion_text = text_of(a, "assertion");
        out.property = text_of(a, "property");
        const json& cx = a["counterexample"];
        if (!cx.is_object()) return fail(base + ".counterexample", "expected an object");
        out.kind = text_of(cx, "kind");
        out.implementation_side = out.kind.rfind("refinement", 0) == 0;
        if (!cx.contains("trace") || !cx["trace"].is_array())
            return fail(base + ".counterexample.trace", "expected the counterexample's trace, an array of events");
        const json& trace = cx["trace"];
        for (std::size_t i = 0; i < trace.size(); ++i) {
            std::string where = base + ".counterexample.trace[" + std::to_string(i) + "]";
            const json& e = trace[i];
            if (e.is_string()) {
                out.events.push_back({e.get<std::string>(), where, std::nullopt});
                continue;
            }
            if (!e.is_object() || !e.contains("text") || !e["text"].is_string())
                return fail(where, "expected an event: an object with a \"text\" string");
            out.events.push_back({e["text"].get<std::string>(), where + ".text", std::nullopt});
        }
        if (out.kind == "refinement: trace")
            if (auto last = final_event(text_of(cx, "summary"))) {
                out.events.push_back({*last, base + ".counterexample.summary", std::nullopt});
                out.final_event_added = true;
            }
        return true;
    }

    bool event_line(const json& line, const std::string& where, trace_file& out) {
        if (!line.is_object()) return fail(where, "expected a JSON object with an \"event\" string");
        auto e = line.find("event");
        if (e == line.end()) {
            ++out.skipped;
            return true;
        }
        if (!e->is_string()) return fail(where, "\"event\" must be a string, found " + std::string(e->type_name()));
        std::string text = e->get<std::string>();
        auto hidden = line.find("hidden");
        if (hidden != line.end() && !hidden->is_boolean()) return fail(where, "\"hidden\" must be true or false");
        auto channel = line.find("channel");
        bool is_hidden = (hidden != line.end() && hidden->get<bool>()) || text == "τ" ||
                         (channel != line.end() && channel->is_string() && channel->get<std::string>() == "τ");
        if (is_hidden) {
            ++out.skipped;
            return true;
        }
        std::optional<double> time;
        if (auto t = line.find("time"); t != line.end()) {
            if (!t->is_number() || !std::isfinite(t->get<double>()) || t->get<double>() < 0)
                return fail(where, "\"time\" must be a number of seconds, not negative");
            time = t->get<double>();
        }
        out.events.push_back({std::move(text), where, time});
        return true;
    }

    bool event_log(const std::string& text, trace_file& out) {
        out.format = trace_format::event_log;
        std::size_t line_no = 0, at = 0;
        while (at < text.size()) {
            std::size_t end = text.find('\n', at);
            if (end == std::string::npos) end = text.size();
            std::string line = text.substr(at, end - at);
            at = end + 1;
            ++line_no;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            std::string where = "line " + std::to_string(line_no);
            json j;
            try {
                j = json::parse(line);
            } catch (const json::exception& e) {
                return fail(where, json_message(e));
            }
            if (!event_line(j, where, out)) return false;
        }
        return true;
    }
};

}  // namespace

const char* format_name(trace_format f) noexcept {
    switch (f) {
    case trace_format::check: return "check";
    case trace_format::event_log: return "event log";
    case trace_format::list: return "list";
    }
    return "?";
}

std::optional<trace_file> parse_trace(const std::string& name, const std::string& text,
                                      std::optional<std::size_t> assertion, std::string& error) {
    reader r{name, error};
    trace_file out;
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) first = text.find_first_not_of(" \t\r\n", 3);
    if (first == std::string::npos) {
        r.fail("", "the trace file is empty (expected a check report, an event log or a list of events)");
        return std::nullopt;
    }
    auto no_assertion = [&](trace_format f) {
        if (!assertion) return true;
        return r.fail("", std::string("--assert picks a counterexample of a check report, but this is ") +
                              (f == trace_format::list ? "a list of events" : "an event log"));
    };
    if (text[first] == '[') {
        json doc;
        try {
            doc = json::parse(text.begin() + static_cast<std::ptrdiff_t>(first), text.end());
        } catch (const json::exception& e) {
            r.fail("", json_message(e));
            return std::nullopt;
        }
        if (!no_assertion(trace_format::list) || !r.list(doc, out)) return std::nullopt;
        return out;
    }
    if (text[first] != '{') {
        r.fail("", "expected a JSON object or array (a check report, an event log or a list of events)");
        return std::nullopt;
    }
    // One document: a check report, or an event log of one line.  Else JSON Lines.
    json doc;
    bool whole = true;
    try {
        doc = json::parse(text.begin() + static_cast<std::ptrdiff_t>(first), text.end());
    } catch (const json::exception& e) {
        whole = false;
        // Not JSON Lines either when the first line is not a whole object:
        // then the document itself is malformed.
        std::size_t end = text.find('\n', first);
        bool first_line_ok = json::accept(text.substr(first, end == std::string::npos ? std::string::npos : end - first));
        if (!first_line_ok) {
            r.fail("", json_message(e));
            return std::nullopt;
        }
    }
    if (whole && doc.contains("schema")) {
        std::string schema = doc["schema"].is_string() ? doc["schema"].get<std::string>() : std::string("?");
        if (schema != "cspgate.check/v1") {
            r.fail("$.schema", "a '" + schema +
                                   "' document is not a trace (expected a cspgate.check/v1 report, an event log or a list of events)");
            return std::nullopt;
        }
        if (!r.check(doc, assertion, out)) return std::nullopt;
        return out;
    }
    if (!no_assertion(trace_format::event_log) || !r.event_log(text, out)) return std::nullopt;
    return out;
}

std::optional<trace_file> read_trace(const std::string& path, std::optional<std::size_t> assertion, std::string& error) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = path + ": is a directory, not a trace file";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open the trace file";
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        error = path + ": cannot read the trace file";
        return std::nullopt;
    }
    return parse_trace(path, text.str(), assertion, error);
}

}  // namespace cspgate::replay
