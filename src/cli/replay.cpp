/// \file
/// `cspgate replay FILE [PROCESS] --trace T`: does a trace fit a process?
/// The trace is a counterexample of `cspgate check --json`, a simulator
/// event log or a list of event strings (replay/trace_file.hpp); its events
/// are matched to the model's by evaluating their printed form in the
/// script's scope, and the set of states the process can be in is tracked
/// along it (replay/tracker.hpp).  Exit 0 when it fits, 1 when it does not,
/// 2 for bad input, 3 when the set grew past --max-states.

#include "commands.hpp"
#include "load_process.hpp"
#include "trace_events.hpp"

#include "cspgate/replay/trace_file.hpp"
#include "cspgate/replay/tracker.hpp"
#include "cspgate/report/replay_report.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/syntax/parser.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <variant>

namespace cspgate::cli {
namespace {

namespace ast = syntax::ast;

struct replay_options {
    std::string file;
    std::string process;
    std::string trace;
    std::vector<std::size_t> assertion;  // at most one (CLI11 has no optional integer)
    std::string json;
    std::uint64_t max_states = 1'000'000;
};

void usage_error(const std::string& message, run_state& state) {
    std::cerr << "cspgate: error: " << message << "\n";
    state.code = base::exit_code::bad_input;
}

/// The source text of an expression of the script.
std::string source_text(const loaded_model& m, ast::expr_id e) {
    base::span where = m.script.at(e).where;
    const auto& f = m.sources.file(where.file);
    std::string text(f.text().substr(where.begin, where.end - where.begin));
    for (char& c : text)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    return text;
}

/// The process a check report's counterexample belongs to: the process of
/// the assertion, or for a refinement its implementation (right-hand side).
ast::expr_id process_of_assertion(loaded_model& m, const std::string& file, const replay::trace_file& t, std::string& text,
                                  std::string& error) {
    std::vector<ast::decl_id> all = assertions_in_order(m.script);
    if (t.assertion == 0 || t.assertion > all.size()) {
        error = "the report's counterexample belongs to assertion " + std::to_string(t.assertion) + ", but " +
                file + " has " + std::to_string(all.size()) +
                " assertion(s): is the report of another file? (give the PROCESS to replay against)";
        return ast::none;
    }
    ast::decl_id id = all[t.assertion - 1];
    std::string written = assertion_text(m, id);
    if (!t.assertion_text.empty() && written != t.assertion_text) {
        error = "the report's assertion " + std::to_string(t.assertion) + " is '" + t.assertion_text + "', but in this file it is '" +
                written + "': is the report of another file? (give the PROCESS to replay against)";
        return ast::none;
    }
    const auto& a = std::get<ast::assertion>(m.script.declaration(id).node);
    ast::expr_id e = a.kind == ast::assertion_kind::refinement ? a.rhs : a.lhs;
    text = source_text(m, e);
    return e;
}

/// The model parsed, with the process and each distinct event text of the
/// trace parsed as expressions (before the program is loaded, which binds
/// the script's names); ✓ and τ are not expressions.
struct parsed_inputs {
    std::unique_ptr<loaded_model> model;
    ast::expr_id process = ast::none;
    std::string process_text;
    parsed_events events;
};

/// Parses the model, the process and the events; false after a usage error
/// (a syntax error of the model is left in its sink for compile_process).
bool parse_inputs(const replay_options& opt, const replay::trace_file& trace, parsed_inputs& in, run_state& state) {
    in.model = parse_model(opt.file);
    in.process_text = opt.process;
    loaded_model& m = *in.model;
    if (m.sink.has_errors()) return true;
    std::string error;
    if (!opt.process.empty()) {
        in.process = syntax::parse_expression(m.script, m.sources, "<process>", opt.process, m.sink);
    } else if (trace.format == replay::trace_format::check) {
        in.process = process_of_assertion(m, opt.file, trace, in.process_text, error);
        if (in.process == ast::none) {
            usage_error(error, state);
            return false;
        }
    } else {
        usage_error("give the PROCESS to replay against: only a check report says which process its trace belongs to", state);
        return false;
    }
    return parse_trace_events(m, trace, opt.trace, in.events, state);
}

report::replay_report report_of(const replay_options& opt, const replay::trace_file& trace, const std::string& process,
                                const replay::replay_result& result, std::size_t events,
                                const semantics::process_space& space) {
    report::replay_report r;
    r.file = opt.file;
    r.process = process;
    r.trace_file = opt.trace;
    r.format = replay::format_name(trace.format);
    r.events = events;
    r.skipped = trace.skipped;
    r.assertion = trace.assertion;
    r.assertion_text = trace.assertion_text;
    r.counterexample = trace.kind;
    r.final_event_added = trace.final_event_added;
    r.fitted = result.fitted;
    r.states = result.states;
    r.peak_states = result.peak_states;
    for (lts::event_id e : result.possible) r.possible.push_back(space.event_name(e));
    std::sort(r.possible.begin(), r.possible.end());
    r.possible.erase(std::unique(r.possible.begin(), r.possible.end()), r.possible.end());
    switch (result.outcome) {
    case replay::replay_result::verdict::fits:
        r.verdict = "fits";
        r.can_deadlock = result.can_deadlock;
        r.has_terminated = result.has_terminated;
        break;
    case replay::replay_result::verdict::does_not_fit:
        r.verdict = "does not fit";
        r.event = trace.events[result.fitted].text;
        r.where = trace.events[result.fitted].where;
        break;
    case replay::replay_result::verdict::inconclusive:
        r.verdict = "inconclusive";
        r.reason = result.reason;
        break;
    }
    return r;
}

void run_replay(const replay_options& opt, run_state& state) {
    if (opt.assertion.size() > 1) return usage_error("--assert may be given once", state);
    std::optional<std::size_t> assertion;
    if (!opt.assertion.empty()) assertion = opt.assertion.front();
    std::string error;
    std::optional<replay::trace_file> trace = replay::read_trace(opt.trace, assertion, error);
    if (!trace) return usage_error(error, state);
    parsed_inputs in;
    if (!parse_inputs(opt, *trace, in, state)) return;
    std::optional<loaded_process> loaded = compile_process(std::move(in.model), in.process, in.process_text, {}, state);
    if (!loaded) return;
    std::optional<std::vector<lts::event_id>> events = resolve_trace_events(*trace, in.events, *loaded, opt.trace, opt.file, state);
    if (!events) return;

    replay::replay_limits lim;
    lim.max_states = opt.max_states;
    replay::replay_result result = replay::replay_trace(loaded->machine(), *events, lim);
    report::replay_report r = report_of(opt, *trace, in.process_text, result, events->size(), loaded->space());
    state.code = result.outcome == replay::replay_result::verdict::fits           ? base::exit_code::ok
                 : result.outcome == replay::replay_result::verdict::does_not_fit ? base::exit_code::fail
                                                                                  : base::exit_code::inconclusive;
    report::write_text(std::cout, r);
    if (opt.json.empty()) return;
    std::ofstream out(opt.json, std::ios::binary);
    report::write_json(out, r);
    out.close();
    if (!out) usage_error("cannot write '" + opt.json + "'", state);
}

}  // namespace

void register_replay(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<replay_options>();
    auto* cmd = app.add_subcommand("replay", "Replay a trace (a counterexample, an event log, a list of events) against a process");
    cmd->add_option("file", opt->file, "the .csp file")->required();
    cmd->add_option("process", opt->process,
                    "the process, an expression such as 'SYSTEM'; may be left out when the trace is a check report "
                    "(its assertion's process, or a refinement's implementation)");
    cmd->add_option("--trace", opt->trace, "the trace: a cspgate.check/v1 report, a JSON Lines event log or a JSON list of events")
        ->required();
    cmd->add_option("--assert", opt->assertion, "a check report: replay the counterexample of assertion N (default: the first)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000'000}));
    cmd->add_option("--json", opt->json, "write the result as JSON (schema cspgate.replay/v1)");
    cmd->add_option("--max-states", opt->max_states,
                    "the most states the process may be in at once along the trace (else inconclusive, exit 3)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000'000}));
    cmd->callback([opt, &state] { run_replay(*opt, state); });
}

}  // namespace cspgate::cli
