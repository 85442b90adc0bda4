// `cspgate simulate [FILE [PROCESS]] --scenario S.json`: runs a process as a
// discrete-event system under the scenario's delays and faults, over one or
// many seeds, and reports what the scenario measures.  With `--follow T`
// each run is driven along a trace (sim/follow.hpp; the replay layer's
// trace_follower says which hidden moves keep it on the trace).

#include "commands.hpp"
#include "load_process.hpp"
#include "trace_events.hpp"

#include "cspgate/replay/trace_file.hpp"
#include "cspgate/replay/tracker.hpp"
#include "cspgate/report/sim_report.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/sim/engine.hpp"
#include "cspgate/sim/follow.hpp"
#include "cspgate/sim/runs.hpp"
#include "cspgate/syntax/parser.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>

namespace cspgate::cli {
namespace {

struct simulate_options {
    std::string file, process, scenario, json, events, otlp, until;
    std::uint64_t seed = 1, runs = 1, jobs = 1, max_events = 0, max_states = 5'000'000;
    bool timings = false;
    std::string follow, then = "stop";
    std::vector<std::size_t> assertion;  // at most one (CLI11 has no optional integer)
};

/// The replay layer's follower, as the simulator's guide along a trace.
class follower_guide final : public sim::trace_guide {
public:
    follower_guide(const lts::machine& m, std::vector<lts::event_id> trace) : m_follower(m, std::move(trace)) {}
    bool done() const override { return m_follower.done(); }
    semantics::event_id next() const override { return m_follower.next(); }
    std::vector<std::size_t> allowed(const lts::successors& out) override { return m_follower.allowed(out); }
    void taken(semantics::event_id e) override { m_follower.taken(e); }
    bool reaches_next(const std::uint32_t* state) override { return m_follower.reaches_next(state); }
    std::vector<semantics::event_id> possible_from(const std::uint32_t* state) override {
        return m_follower.possible_from(state);
    }

private:
    replay::trace_follower m_follower;
};

/// The trace of `--follow`, read before the model (its events are parsed
/// into the script) and resolved after compiling.
struct follow_input {
    replay::trace_file file;
    parsed_events parsed;
    sim::timed_trace trace;
    report::sim_summary::follow_setup setup;
};

/// Reports a usage or input error and sets exit code 2.
void fail(run_state& state, const std::string& message) {
    std::cerr << "cspgate: error: " << message << "\n";
    state.code = base::exit_code::bad_input;
}

std::optional<nlohmann::json> read_json(const std::string& path, run_state& state) {
    std::ifstream in(path, std::ios::binary);
    if (!in || std::filesystem::is_directory(path)) {
        fail(state, "cannot read scenario '" + path + "'");
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> from "parse error".
        auto at = what.find("] ");
        std::cerr << path << ": error: " << (at == std::string::npos ? what : what.substr(at + 2)) << "\n";
        state.code = base::exit_code::bad_input;
        return std::nullopt;
    }
}

bool render_errors(const std::string& path, const std::vector<sim::scenario_error>& errors, run_state& state) {
    if (errors.empty()) return false;
    for (const auto& e : errors) std::cerr << path << ": error: " << e.path << ": " << e.message << "\n";
    if (errors.size() > 1) std::cerr << errors.size() << " errors generated.\n";
    state.code = base::exit_code::bad_input;
    return true;
}

bool open_output(std::ofstream& out, const std::string& path, run_state& state) {
    if (path.empty()) return true;
    out.open(path, std::ios::binary);
    if (!out) fail(state, "cannot write '" + path + "'");
    return static_cast<bool>(out);
}

void run_simulate(const simulate_options& opt, run_state& state) {
    auto doc = read_json(opt.scenario, state);
    if (!doc) return;
    sim::scenario sc;
    std::vector<sim::scenario_error> errors;
    sim::read_scenario_header(*doc, sc, errors);
    if (render_errors(opt.scenario, errors, state)) return;
    // The model: the command line's, or the scenario's (relative to the scenario file).
    std::string file = opt.file, process = opt.process;
    if (file.empty() && !sc.model.empty())
        file = (std::filesystem::path(opt.scenario).parent_path() / sc.model).lexically_normal().string();
    if (process.empty()) process = sc.process;
    if (file.empty()) return fail(state, "no model: give FILE or \"model\" in the scenario");
    if (process.empty()) return fail(state, "no process: give PROCESS or \"process\" in the scenario");

    // The trace to follow, read before the model: its events are parsed into the script.
    std::optional<follow_input> follow;
    if (!opt.follow.empty()) {
        if (opt.assertion.size() > 1) return fail(state, "--assert may be given once");
        std::optional<std::size_t> assertion;
        if (!opt.assertion.empty()) assertion = opt.assertion.front();
        std::string error;
        std::optional<replay::trace_file> t = replay::read_trace(opt.follow, assertion, error);
        if (!t) return fail(state, error);
        follow.emplace();
        follow->file = std::move(*t);
    } else if (!opt.assertion.empty()) {
        return fail(state, "--assert picks the counterexample to follow: give --follow too");
    }

    lts::compile_limits limits;
    limits.max_leaf_states = opt.max_states;
    std::unique_ptr<loaded_model> parsed = parse_model(file);
    syntax::ast::expr_id process_expr = syntax::ast::none;
    if (!parsed->sink.has_errors()) {
        process_expr = syntax::parse_expression(parsed->script, parsed->sources, "<process>", process, parsed->sink);
        if (follow && !parse_trace_events(*parsed, follow->file, opt.follow, follow->parsed, state)) return;
    }
    std::optional<loaded_process> loaded = compile_process(std::move(parsed), process_expr, process, limits, state);
    if (!loaded) return;
    semantics::program& prog = *loaded->model->program;
    auto& space = loaded->space();

    sim::model_catalog catalog;
    catalog.channel_arity = [&prog](const std::string& name) -> std::optional<std::size_t> {
        base::diagnostics quiet;
        std::optional<semantics::value> v = prog.lookup(name, quiet);
        if (!v || quiet.has_errors() || v->kind() != semantics::value_kind::data) return std::nullopt;
        const semantics::constructor_info& c = prog.constructor(v->constructor());
        if (!c.is_channel || !v->parts().items.empty()) return std::nullopt;
        return c.arity();
    };
    for (std::size_t i = 0; i < loaded->machine().component_count(); ++i)
        catalog.components.push_back(loaded->machine().component_name(i));
    if (!sim::read_scenario(*doc, catalog, sc, errors)) {
        render_errors(opt.scenario, errors, state);
        return;
    }

    // One machine per thread: a machine keeps scratch space and is not
    // thread-safe.  A clone shares the compiled components; a machine that
    // cannot be cloned is compiled again (the same term gives the same machine).
    const std::size_t threads = static_cast<std::size_t>(std::min(opt.jobs, opt.runs));
    std::vector<std::unique_ptr<lts::machine>> extra;
    std::vector<const lts::machine*> machines{&loaded->machine()};
    for (std::size_t t = 1; t < threads; ++t) {
        std::unique_ptr<lts::machine> copy = loaded->machine().clone();
        if (!copy) {
            lts::compile_result c = lts::compile(space, space.term(loaded->value), loaded->model->sink, limits);
            if (!c.compiled) return fail(state, "compiling a second copy of the machine failed");
            copy = std::move(c.compiled);
        }
        machines.push_back(copy.get());
        extra.push_back(std::move(copy));
    }
    if (follow) {
        // Resolved before the event table is made, so that an event the
        // process never does still has a name there.
        auto ids = resolve_trace_events(follow->file, follow->parsed, *loaded, opt.follow, file, state);
        if (!ids) return;
        follow->setup.file = opt.follow;
        follow->setup.format = replay::format_name(follow->file.format);
        follow->setup.then = opt.then;
        for (std::size_t i = 0; i < ids->size(); ++i) {
            if ((*ids)[i] == lts::tau_event) continue;  // no event to wait for: the run moves internally at will
            const replay::trace_event& e = follow->file.events[i];
            follow->trace.events.push_back((*ids)[i]);
            follow->trace.times.push_back(e.time);
            follow->setup.timed = follow->setup.timed || e.time.has_value();
            follow->setup.text.push_back(e.text);
            follow->setup.where.push_back(e.where);
        }
    }
    sim::event_table table = sim::make_event_table(space, loaded->machine());
    sim::plan plan(sc, table);

    sim::run_options ro;
    ro.seed = opt.seed;
    ro.until = sc.until;
    ro.max_events = sc.max_events ? sc.max_events : ro.max_events;
    if (!opt.until.empty()) {
        std::string e;
        double u = sim::parse_duration(opt.until, e);
        if (u < 0) return fail(state, "--until: " + e);
        ro.until = u > 0 ? u : std::numeric_limits<double>::infinity();
    }
    if (opt.max_events) ro.max_events = opt.max_events;

    std::ofstream events_out, otlp_out, json_out;
    if (!open_output(events_out, opt.events, state) || !open_output(otlp_out, opt.otlp, state) ||
        !open_output(json_out, opt.json, state))
        return;
    if (!opt.otlp.empty() && !sc.otlp)
        return fail(state, "--otlp needs an \"otlp\" section in the scenario (which channel carries spans)");
    std::unique_ptr<report::event_log> log;
    std::unique_ptr<report::span_collector> spans;
    report::tee observers;
    if (!opt.events.empty()) {
        log = std::make_unique<report::event_log>(events_out, table, &plan);
        observers.add(log.get());
    }
    if (!opt.otlp.empty()) {
        spans = std::make_unique<report::span_collector>(*sc.otlp, table);
        observers.add(spans.get());
    }

    auto start = std::chrono::steady_clock::now();
    sim::policy_maker follower;
    if (follow) {
        const sim::then_do then = opt.then == "free" ? sim::then_do::free : sim::then_do::stop;
        follower = [&plan, &follow, then](const lts::machine& m) -> std::unique_ptr<sim::policy> {
            return std::make_unique<sim::follow_policy>(plan, follow->trace,
                                                        std::make_unique<follower_guide>(m, follow->trace.events), then);
        };
    }
    std::vector<sim::run_result> results =
        sim::run_many(machines, plan, ro, opt.runs, observers.empty() ? nullptr : &observers, follower);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    report::sim_summary summary;
    summary.model = file;
    summary.process = process;
    summary.scenario = opt.scenario;
    summary.seed = opt.seed;
    summary.plan = &plan;
    summary.options = ro;
    summary.runs = &results;
    summary.metrics = sim::aggregate(results);
    if (follow) summary.follow = follow->setup;
    report::write_sim_text(std::cout, summary);
    if (!opt.json.empty()) report::write_sim_json(json_out, summary);
    if (spans) spans->write(otlp_out);
    for (auto* out : {&events_out, &otlp_out, &json_out}) {
        if (!out->is_open()) continue;
        out->close();
        if (!*out) return fail(state, "cannot write an output file");
    }
    if (opt.timings) {
        std::uint64_t total = 0;
        for (const auto& r : results) total += r.events;
        char buf[160];
        std::snprintf(buf, sizeof buf, "time: %.3f s, %llu events, %.0f events/s over %zu thread(s)\n", wall,
                      static_cast<unsigned long long>(total), wall > 0 ? static_cast<double>(total) / wall : 0.0, threads);
        std::cerr << buf;
    }
    // Exit 1 when a run got stuck, or left the trace it followed.
    bool stuck = false;
    for (const auto& r : results) {
        stuck = stuck || r.reason == sim::end_reason::deadlock || r.reason == sim::end_reason::stuck;
        stuck = stuck || (r.follow && r.follow->outcome == sim::follow_result::outcome_kind::left);
    }
    state.code = stuck ? base::exit_code::fail : base::exit_code::ok;
}

}  // namespace

void register_simulate(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<simulate_options>();
    auto* cmd = app.add_subcommand("simulate", "Run a process as a discrete-event system under a scenario's delays and faults");
    cmd->add_option("file", opt->file, "the .csp file (default: the scenario's \"model\")");
    cmd->add_option("process", opt->process, "the process (default: the scenario's \"process\")");
    cmd->add_option("--scenario", opt->scenario, "the scenario (JSON; docs/scenarios.md)")->required();
    cmd->add_option("--seed", opt->seed, "the seed of the first run (default 1)");
    cmd->add_option("--runs", opt->runs, "runs, with seeds seed, seed+1, ... (default 1)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100'000}));
    cmd->add_option("--jobs", opt->jobs, "threads (default 1); the output does not depend on it")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{256}));
    cmd->add_option("--until", opt->until, "stop at this simulated time, such as '10 min' (overrides the scenario)");
    cmd->add_option("--max-events", opt->max_events, "stop after this many events per run (default 10000000)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000'000}));
    cmd->add_option("--max-states", opt->max_states, "states of one component before compiling gives up")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4'000'000'000}));
    cmd->add_option("--json", opt->json, "write the summary as JSON (cspgate.sim/v1) to FILE");
    cmd->add_option("--events", opt->events, "write the first run's events as JSON Lines to FILE");
    cmd->add_option("--otlp", opt->otlp, "write the first run's spans (the scenario's \"otlp\" channel) as OTLP/JSON to FILE");
    cmd->add_flag("--timings", opt->timings, "print the wall time and events per second to stderr");
    cmd->add_option("--follow", opt->follow,
                    "drive each run along this trace: a cspgate.check/v1 report, a JSON Lines event log or a JSON list of events");
    cmd->add_option("--then", opt->then, "once the trace ends or cannot go on: stop (default) or free (run on freely)")
        ->check(CLI::IsMember({"stop", "free"}));
    cmd->add_option("--assert", opt->assertion, "with --follow of a check report: the counterexample of assertion N (default: the first)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000'000}));
    cmd->callback([opt, &state] { run_simulate(*opt, state); });
}

}  // namespace cspgate::cli
