// The human report of `cspgate check`: one line per assertion, and the
// counterexample below a failure, split per component as FDR's debugger
// splits it.

#include "cspgate/report/check_report.hpp"

#include <cstdio>
#include <ostream>

namespace cspgate::report {
namespace {

std::string thousands(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string trace_text(const std::vector<check::event_info>& trace) {
    std::string s = "<";
    for (std::size_t i = 0; i < trace.size(); ++i) s += (i ? ", " : "") + trace[i].text;
    return s + ">";
}

std::string list_text(const std::vector<std::string>& items, const char* open, const char* close) {
    std::string s = open;
    for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
    return s + close;
}

void write_steps(std::ostream& out, const char* title, const std::vector<check::step>& steps,
                 const std::vector<check::component_view>& names) {
    if (steps.empty()) return;
    out << "    " << title << ":\n";
    for (const auto& s : steps) {
        out << "      " << s.event.text;
        if (!s.components.empty()) {
            out << "   (";
            for (std::size_t i = 0; i < s.components.size(); ++i) {
                const auto& [c, e] = s.components[i];
                out << (i ? ", " : "") << (c < names.size() ? names[c].name : "?");
                if (e.text != s.event.text) out << ": " << e.text;
            }
            out << ")";
        }
        out << "\n";
    }
}

}  // namespace

std::string verdict_word(const assertion_report& r) {
    if (r.error) return "error";
    return check::verdict_name(r.result.outcome);
}

void write_text(std::ostream& out, const assertion_report& r, bool details, bool timings) {
    out << "[" << r.index << "] " << r.text << ": " << verdict_word(r);
    if (!r.error) {
        const auto& s = r.result.stats;
        out << " (" << thousands(s.states) << " states, " << thousands(s.transitions) << " transitions";
        if (timings) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.2f s", s.seconds);
            out << ", " << buf;
        }
        out << ")";
    }
    out << "\n";
    if (r.error) {
        out << "    " << r.error_message << "\n";
        return;
    }
    if (r.result.outcome == check::verdict::inconclusive) out << "    inconclusive: " << r.result.reason << "\n";
    for (const auto& n : r.result.notes) out << "    note: " << n << "\n";
    if (!details || !r.result.example) return;
    const check::counterexample& cx = *r.result.example;
    if (r.negated) out << "    (the negated property holds; this is the behaviour that shows it)\n";
    out << "    " << cx.kind << " after the trace " << trace_text(cx.trace) << "\n";
    // The summary may hold several lines (one per component).
    std::string summary = cx.summary;
    std::size_t at = 0;
    while (at <= summary.size()) {
        std::size_t nl = summary.find('\n', at);
        std::string line = summary.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        out << "    " << line << "\n";
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    write_steps(out, "the τ loop", cx.loop, cx.components);
    write_steps(out, "the other behaviour after the same trace", cx.alternative, cx.components);
    if (!cx.components.empty()) {
        out << "    per component:\n";
        for (const auto& c : cx.components)
            out << "      " << c.name << ": " << list_text(c.trace, "<", ">") << ", now " << c.state << ", offering "
                << list_text(c.offers, "{", "}") << "\n";
    }
}

}  // namespace cspgate::report
