#pragma once
/// \file
/// Reports of `cspgate simulate`: the summary for people, the summary as
/// JSON (`cspgate.sim/v1`, docs/schema/sim.md), the event log as JSON Lines
/// and the spans of a channel as OTLP/JSON.  This layer formats; it decides
/// nothing.  Without wall-clock figures every output is the same bytes for
/// the same model, scenario and seed.

#include "cspgate/sim/engine.hpp"
#include "cspgate/sim/runs.hpp"

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cspgate::report {

/// What a summary is about.
struct sim_summary {
    std::string model, process, scenario;
    std::uint64_t seed = 1;
    const sim::plan* plan = nullptr;
    sim::run_options options;
    const std::vector<sim::run_result>* runs = nullptr;
    std::vector<sim::metric> metrics;
    /// `--follow`: the trace the runs followed.
    struct follow_setup {
        std::string file, format;
        std::string then;  ///< "stop" or "free"
        bool timed = false;
        /// Per event of the trace (τ entries left out): its text and where the file has it.
        std::vector<std::string> text, where;
    };
    std::optional<follow_setup> follow;
};

/// Why a run left the trace it followed, in words ("blocked by the injected
/// fault freeze Sink from 5 s to 7 s", "not possible in the model here").
std::string follow_reason(const sim::plan& p, const sim::follow_result& f);
/// An external fault in words: "freeze Sink from 5 s to 7 s".
std::string fault_text(const sim::external_fault& f);

void write_sim_text(std::ostream& out, const sim_summary& s);
void write_sim_json(std::ostream& out, const sim_summary& s);

/// The event log: one JSON object per line, per event and per fault
/// (docs/schema/sim.md, "Event log").
class event_log final : public sim::observer {
public:
    /// `p` (may be null) lets a run that follows a trace say why it left it.
    event_log(std::ostream& out, const sim::event_table& events, const sim::plan* p = nullptr);
    void on_event(const sim::fired_event& e) override;
    void on_fault(double time, const sim::external_fault* f, const sim::declared_fault* d, bool start) override;
    void on_follow(double time, const sim::follow_result& f) override;

private:
    std::ostream& m_out;
    const sim::event_table& m_events;
    const sim::plan* m_plan;
    std::vector<std::string> m_names, m_channels, m_components;  // JSON-quoted
    std::string m_line;
};

/// Collects the span-carrying events of one channel and writes them as
/// OTLP/JSON (an ExportTraceServiceRequest: resourceSpans / scopeSpans / spans).
class span_collector final : public sim::observer {
public:
    span_collector(const sim::otlp_spans& setup, const sim::event_table& events);
    void on_event(const sim::fired_event& e) override;
    void on_fault(double, const sim::external_fault*, const sim::declared_fault*, bool) override {}
    void write(std::ostream& out) const;
    std::size_t size() const { return m_spans.size(); }

private:
    struct span {
        std::string trace, id, parent, name;
        double start, end;
    };
    sim::otlp_spans m_setup;
    const sim::event_table& m_events;
    std::map<std::pair<std::string, std::string>, double> m_started;
    std::vector<span> m_spans;
};

/// Hands every event to each of several observers.
class tee final : public sim::observer {
public:
    void add(sim::observer* o) {
        if (o) m_to.push_back(o);
    }
    bool empty() const { return m_to.empty(); }
    void on_event(const sim::fired_event& e) override {
        for (auto* o : m_to) o->on_event(e);
    }
    void on_fault(double t, const sim::external_fault* f, const sim::declared_fault* d, bool start) override {
        for (auto* o : m_to) o->on_fault(t, f, d, start);
    }
    void on_follow(double t, const sim::follow_result& f) override {
        for (auto* o : m_to) o->on_follow(t, f);
    }

private:
    std::vector<sim::observer*> m_to;
};

/// An OTLP id of `hex_digits` hex digits for a field value: a non-negative
/// integer n gives n + 1 (so that 0 is not the invalid all-zero id), any
/// other text its FNV-1a hash.
std::string otlp_id(const std::string& value, std::size_t hex_digits);

}  // namespace cspgate::report
