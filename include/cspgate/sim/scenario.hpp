#pragma once
/// \file
/// Scenarios: what a simulation run assumes about time, faults and what to
/// measure, read from JSON (the format is in docs/scenarios.md).
///
/// Reading checks the document against the model: every channel and
/// pattern must name a channel the model declares, every frozen component a
/// component of the compiled machine.  Each problem becomes a
/// `scenario_error` whose `path` is a JSON pointer into the document
/// (`/channels/emit/delay`), so the command line can say
/// `s.json: error: /channels/emit/delay: unknown distribution 'gauss'`.

#include "cspgate/sim/distribution.hpp"
#include "cspgate/sim/pattern.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cspgate::sim {

struct scenario_error {
    std::string path;
    std::string message;
};

/// A delay rule: events matching `pattern` draw their delay from `delay`.
struct delay_rule {
    event_pattern pattern;
    distribution delay;
};

/// A fault the model declares as events (`fail.0`, `crash.g`, `drop.c`).
/// Matching events are held back unless a plan is given:
/// `at` (fire once at each of these times, or at the first moment after it
/// when the event is possible), `delay` (race like any event with this
/// distribution; `rate` r is an exponential delay of mean 1/r), or
/// `probability` (at each opportunity — each time the event becomes
/// possible — fire at once with probability p, after `delay` if one is given).
struct declared_fault {
    event_pattern pattern;
    enum class plan { never, at, delay, probability } kind = plan::never;
    std::vector<double> at;
    std::optional<distribution> delay;
    double probability = 0;
};

/// A fault applied from outside the model, during [from, until).
struct external_fault {
    enum class type { freeze, block, slow } kind = type::freeze;
    /// freeze: the component's name; block and slow: an event pattern.
    std::string target;
    event_pattern pattern;
    double from = 0;
    double until = 0;  ///< infinity: for ever
    /// slow: the delay added to each draw made during the window.
    distribution add;
};

/// Pairs events by bound fields: latency from `from` to `to`, first in
/// first out per key.  An event matching one of `lost` (a drop the model
/// declares, with the same bound fields) ends the oldest open pair of its
/// key as lost.
struct measurement {
    std::string name;
    event_pattern from, to;
    std::vector<event_pattern> lost;
};

/// Counts events by the values of the pattern's variables.
struct counter {
    std::string name;
    event_pattern pattern;
};

/// Writes the events of a channel as OTLP/JSON spans.
struct otlp_spans {
    std::string channel;
    /// 1-based positions of the trace id, span id and parent among the event's tokens.
    std::size_t trace = 1, span = 2, parent = 3;
    /// The parent value that means "no parent".
    std::string root = "0";
    /// A channel whose event with the same trace and span ids starts the span ("" : none).
    std::string start;
    std::string service = "cspgate-sim";
};

struct scenario {
    std::string model;    ///< as written (relative to the scenario file)
    std::string process;
    double until = 0;     ///< infinity: no time limit
    std::uint64_t max_events = 0;  ///< 0: no limit
    distribution default_delay = distribution::exponential_of(0.001);
    /// Internal moves of a component (its own τ), not caused by hiding.
    std::optional<distribution> internal_delay;
    /// Rules in order of precedence: `events` entries first, then `channels`.
    std::vector<delay_rule> delays;
    std::vector<declared_fault> faults;
    std::vector<external_fault> external;
    std::vector<measurement> measures;
    std::vector<counter> counters;
    std::optional<otlp_spans> otlp;
};

/// What reading a scenario needs to know about the model.
struct model_catalog {
    /// The number of fields of a declared channel, or nothing if there is none of that name.
    std::function<std::optional<std::size_t>(const std::string&)> channel_arity;
    /// The names of the machine's components.
    std::vector<std::string> components;
};

/// Reads the model-independent parts: `model` and `process` (to find the model first).
void read_scenario_header(const nlohmann::json& doc, scenario& out, std::vector<scenario_error>& errors);
/// Reads the rest, checked against the model.  Returns false with `errors` set.
bool read_scenario(const nlohmann::json& doc, const model_catalog& model, scenario& out,
                   std::vector<scenario_error>& errors);

/// Reads a distribution: a duration string (constant) or an object
/// `{"dist": "exponential", "mean": "10 ms"}`; `path` names it in errors.
std::optional<distribution> read_distribution(const nlohmann::json& j, const std::string& path,
                                              std::vector<scenario_error>& errors);

}  // namespace cspgate::sim
