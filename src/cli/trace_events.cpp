// The events of a trace file as events of a compiled process (trace_events.hpp).

#include "trace_events.hpp"

#include "cspgate/semantics/process.hpp"
#include "cspgate/syntax/parser.hpp"

#include <iostream>

namespace cspgate::cli {
namespace {

void usage_error(const std::string& message, run_state& state) {
    std::cerr << "cspgate: error: " << message << "\n";
    state.code = base::exit_code::bad_input;
}

}  // namespace

bool parse_trace_events(loaded_model& m, const replay::trace_file& trace, const std::string& trace_name,
                        parsed_events& out, run_state& state) {
    for (const auto& e : trace.events) {
        if (e.text == "✓" || e.text == "τ" || out.count(e.text)) continue;
        base::diagnostics events_sink;
        syntax::ast::expr_id id = syntax::parse_expression(m.script, m.sources, "<event>", e.text, events_sink);
        if (events_sink.has_errors() || id == syntax::ast::none) {
            usage_error(trace_name + ": " + e.where + ": '" + e.text + "' is not an event (it does not parse as CSPM)", state);
            return false;
        }
        out.emplace(e.text, id);
    }
    return true;
}

std::optional<std::vector<lts::event_id>> resolve_trace_events(const replay::trace_file& trace, const parsed_events& parsed,
                                                               loaded_process& loaded, const std::string& trace_name,
                                                               const std::string& file, run_state& state) {
    semantics::program& prog = *loaded.model->program;
    std::map<std::string, lts::event_id> ids{{"✓", lts::tick_event}, {"τ", lts::tau_event}};
    std::vector<lts::event_id> events;
    for (const auto& e : trace.events) {
        auto known = ids.find(e.text);
        if (known == ids.end()) {
            base::diagnostics events_sink;
            std::optional<semantics::value> v = prog.evaluate(parsed.at(e.text), events_sink);
            std::optional<lts::event_id> id;
            if (v) {
                try {
                    id = loaded.space().event(*v);
                } catch (...) {
                    id.reset();  // a value that is no complete event of a channel
                }
            }
            if (!id) {
                std::string why = v ? "it evaluates to " + prog.show(*v) + ", not to a channel with all its fields"
                                    : events_sink.all().empty() ? std::string("it cannot be evaluated")
                                                                : events_sink.all().front().message;
                usage_error(trace_name + ": " + e.where + ": '" + e.text + "' is not an event of " + file + ": " + why, state);
                return std::nullopt;
            }
            known = ids.emplace(e.text, *id).first;
        }
        events.push_back(known->second);
    }
    return events;
}

}  // namespace cspgate::cli
