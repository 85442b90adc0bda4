// `cspgate check FILE`: runs every assertion of a script in file order, one
// line each, and exits 1 if any fails, else 3 if any is inconclusive, else
// 0; 2 for bad input.  --json and --junit write the same results for CI.

#include "commands.hpp"
#include "load_process.hpp"

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/large_stack.hpp"
#include "cspgate/check/checks.hpp"
#include "cspgate/check/consistency.hpp"
#include "cspgate/check/priority.hpp"
#include "cspgate/check/refinement.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/report/check_report.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <memory>

namespace cspgate::cli {
namespace {

namespace ast = syntax::ast;

struct check_options {
    std::string file;
    std::vector<std::size_t> asserts;
    std::string filter;
    std::uint64_t max_states = 100'000'000;
    std::string max_memory = "8G";
    double timeout = 0;
    std::string json;
    std::string junit;
    bool no_timings = false;
    bool quiet = false;
};

std::optional<std::uint64_t> parse_size(const std::string& text) {
    std::size_t used = 0;
    unsigned long long n = 0;
    try {
        n = std::stoull(text, &used);
    } catch (...) {
        return std::nullopt;
    }
    std::string unit = text.substr(used);
    std::uint64_t scale = 1;
    if (unit == "K" || unit == "KiB" || unit == "k") scale = 1ull << 10;
    else if (unit == "M" || unit == "MiB" || unit.empty()) scale = 1ull << 20;
    else if (unit == "G" || unit == "GiB") scale = 1ull << 30;
    else if (unit == "T" || unit == "TiB") scale = 1ull << 40;
    else return std::nullopt;
    if (n > (~0ull) / scale) return std::nullopt;
    return n * scale;
}


const char* property_name(ast::assertion_kind k) {
    switch (k) {
    case ast::assertion_kind::refinement: return "refinement";
    case ast::assertion_kind::deadlock_free: return "deadlock free";
    case ast::assertion_kind::divergence_free: return "divergence free";
    case ast::assertion_kind::deterministic: return "deterministic";
    case ast::assertion_kind::has_trace: return "has trace";
    case ast::assertion_kind::causal_consistency: return "causal consistency";
    case ast::assertion_kind::sequential_consistency: return "sequential consistency";
    }
    return "?";
}

bool is_consistency(ast::assertion_kind k) {
    return k == ast::assertion_kind::causal_consistency || k == ast::assertion_kind::sequential_consistency;
}

struct runner {
    const check_options& opt;
    base::source_manager& sources;
    const ast::script& script;
    semantics::program& prog;
    check::limits lim;
    /// The script has a `Timed` section: its processes mean tock-CSP, whose
    /// translation is not applied yet, so no verdict would be FDR's.
    bool timed = false;

    /// Evaluates and compiles a process expression of an assertion; null
    /// after a diagnostic, or with `limit` set when a limit was reached.
    std::unique_ptr<lts::machine> machine_of(ast::expr_id e, base::diagnostics& sink, std::string& limit,
                                             bool* normalised = nullptr) {
        auto v = prog.evaluate(e, sink);
        if (!v) return nullptr;
        if (v->kind() != semantics::value_kind::process) {
            sink.error(script.at(e).where, "expected a process here, found " + prog.show(*v));
            return nullptr;
        }
        auto& space = prog.processes();
        lts::compile_limits cl;
        cl.max_leaf_states = opt.max_states;
        cl.max_memory = lim.max_memory;
        cl.timeout_seconds = lim.timeout_seconds;
        lts::compile_result compiled = lts::compile(space, space.term(*v), sink, cl);
        limit = compiled.limit_reached;
        if (normalised) *normalised |= compiled.normalised;
        return std::move(compiled.compiled);
    }

    report::assertion_report refinement(const ast::assertion& a, ast::semantic_model model, report::assertion_report& r,
                                        const std::optional<std::vector<semantics::event_id>>& priority,
                                        base::diagnostics& sink) {
        check::refinement_model m;
        switch (model) {
        case ast::semantic_model::traces: m = check::refinement_model::traces; break;
        case ast::semantic_model::failures: m = check::refinement_model::failures; break;
        case ast::semantic_model::failures_divergences: m = check::refinement_model::failures_divergences; break;
        case ast::semantic_model::revivals: m = check::refinement_model::revivals; break;
        case ast::semantic_model::revivals_divergences: m = check::refinement_model::revivals_divergences; break;
        case ast::semantic_model::refusals: m = check::refinement_model::refusals; break;
        case ast::semantic_model::refusals_divergences: m = check::refinement_model::refusals_divergences; break;
        default: m = check::refinement_model::traces; break;
        }
        std::string limit;
        bool normalised = false;
        auto spec = machine_of(a.lhs, sink, limit, &normalised);
        std::unique_ptr<lts::machine> impl;
        if (spec) impl = machine_of(a.rhs, sink, limit, &normalised);
        if (!spec || !impl) {
            if (!limit.empty()) {
                r.result.outcome = check::verdict::inconclusive;
                r.result.reason = limit;
                return r;
            }
            r.error = true;
            r.error_message = "the assertion's processes could not be evaluated";
            base::render_all(std::cerr, sources, sink);
            return r;
        }
        if (check::refusal_testing(m) && normalised) {
            // FDR normalises in the model of the check; cspgate's `normal`
            // keeps what T, F, FD, V and VD see, and refusal traces see more.
            r.result.outcome = check::verdict::inconclusive;
            r.result.reason = "a normal(…) compression in a refusal-testing check: cspgate's normal form keeps the "
                              "revivals of its argument, not its refusal traces";
            return r;
        }
        std::unique_ptr<lts::machine> prioritised;
        if (priority) {
            // τ priority is applied to the implementation.  Whether FDR
            // applies it to the specification as well is not settled here;
            // when prioritising the specification would not change it (no
            // state of it offers τ or ✓ together with an event of the set,
            // as for the usual tock-CSP specifications), the verdict is the
            // same either way, and otherwise no verdict is given.
            std::string why;
            std::optional<bool> changes = check::priority_changes(*spec, *priority, lim, why);
            if (!changes || *changes) {
                r.result.outcome = check::verdict::inconclusive;
                r.result.reason = changes ? "with :[tau priority over]:, the specification itself offers τ or ✓ together "
                                            "with an event of the set in some state; whether FDR prioritises the "
                                            "specification too is not settled, so no verdict is given"
                                          : "the specification (looking for states that τ priority would change): " + why;
                return r;
            }
            prioritised = std::make_unique<check::tau_priority>(*impl, *priority);
        }
        r.result = check::refines(*spec, prioritised ? *prioritised : *impl, prog.processes(), m, lim);
        if (a.negated && r.result.outcome != check::verdict::inconclusive)
            r.result.outcome = r.result.outcome == check::verdict::pass ? check::verdict::fail : check::verdict::pass;
        return r;
    }

    /// The channel a consistency assertion watches (`c`, `c.x`, or for the
    /// causal check `(c, root)`), its events, and the root parent value:
    /// given in the pair, else the model's definition `Root`.
    bool watched_channel_of(const ast::assertion& a, check::watched_channel& out, semantics::value& root,
                            base::diagnostics& sink) {
        const base::span where = script.at(a.rhs).where;
        auto c = prog.evaluate(a.rhs, sink);
        if (!c) return false;
        semantics::value channel = *c;
        bool has_root = false;
        if (c->kind() == semantics::value_kind::tuple && c->parts().items.size() == 2 &&
            a.kind == ast::assertion_kind::causal_consistency) {
            channel = c->parts().items[0];
            root = c->parts().items[1];
            has_root = true;
        }
        const char* form = a.kind == ast::assertion_kind::causal_consistency ? "c.trace.span.parent" : "c.key.seq";
        if (channel.kind() != semantics::value_kind::data || !prog.constructor(channel.constructor()).is_channel) {
            sink.error(where, "expected a channel whose events are " + std::string(form) + ", found " + prog.show(channel));
            return false;
        }
        const std::size_t needed = a.kind == ast::assertion_kind::causal_consistency ? 3 : 2;
        out.name = prog.show(channel);
        out.first_field = channel.parts().items.size();
        auto events = prog.processes().productions_of(channel, where, sink);
        if (!events) return false;
        out.events = std::move(*events);
        if (!out.events.empty() && prog.processes().event_fields(out.events.front()).size() < out.first_field + needed) {
            sink.error(where, "the events of " + out.name + " have fewer than " + std::to_string(needed) +
                                  " fields after it; expected " + form);
            return false;
        }
        if (a.kind == ast::assertion_kind::causal_consistency && !has_root) {
            base::diagnostics probe;
            auto r = prog.lookup("Root", probe);
            if (!r) {
                sink.error(where, "the causal consistency check needs the parent value of a root span: define "
                                  "'Root' in the script, or write '(" + out.name + ", root)' here");
                return false;
            }
            root = *r;
        }
        return true;
    }

    /// The options of an assertion.  `:[partial order reduce]` only makes
    /// FDR faster (its manual gives it no effect on the verdict), so the
    /// state space is explored in full and a note says so;
    /// `:[tau priority over]: E` changes the process: `priority` gets E.
    /// False after a diagnostic.
    bool options_of(const ast::assertion& a, std::optional<std::vector<semantics::event_id>>& priority,
                    std::vector<std::string>& notes, base::diagnostics& sink) {
        for (const ast::model_option& o : a.options) {
            if (o.which == ast::model_option::kind::partial_order_reduce) {
                notes.push_back("partial order reduction not applied; explored in full");
                continue;
            }
            auto set = prog.evaluate(o.events, sink);
            std::optional<std::vector<semantics::event_id>> events;
            if (set) events = prog.processes().events_of(*set, script.at(o.events).where, sink);
            if (!events) return false;
            priority = std::move(*events);
            notes.push_back("τ and ✓ given priority over " + std::to_string(priority->size()) + " event(s) in the " +
                            (a.kind == ast::assertion_kind::refinement ? "implementation" : "process"));
        }
        return true;
    }

    /// The assertion as written, on one line, without `assert`.
    std::string text_of(ast::decl_id id) const { return assertion_text(sources, script, id); }

    // Runs one assertion; diagnostics of an evaluation error go to stderr.
    report::assertion_report run(std::size_t index, ast::decl_id id) {
        const ast::decl& d = script.declaration(id);
        const auto& a = std::get<ast::assertion>(d.node);
        report::assertion_report r;
        r.index = index;
        const auto& f = sources.file(d.where.file);
        r.text = text_of(id);
        r.file = f.name();
        auto pos = f.position_of(d.where.begin);
        r.line = pos.line;
        r.column = pos.column;
        r.property = property_name(a.kind);
        if (a.gapless) r.property += " gapless";
        r.negated = a.negated;
        ast::semantic_model model = a.model;
        if (model == ast::semantic_model::unspecified && a.kind != ast::assertion_kind::divergence_free)
            model = a.kind == ast::assertion_kind::has_trace || a.kind == ast::assertion_kind::refinement ||
                            is_consistency(a.kind)
                        ? ast::semantic_model::traces
                        : ast::semantic_model::failures_divergences;
        if (a.kind != ast::assertion_kind::divergence_free && !is_consistency(a.kind)) r.model = ast::model_name(model);

        base::diagnostics sink;
        auto fail_with = [&](std::string message) {
            r.error = true;
            r.error_message = std::move(message);
            base::render_all(std::cerr, sources, sink);
            return r;
        };
        if (timed) {
            r.result.outcome = check::verdict::inconclusive;
            r.result.reason = "the script has a Timed section (tock-CSP), whose translation is not supported yet";
            return r;
        }
        std::optional<std::vector<semantics::event_id>> priority;
        std::vector<std::string> notes;
        if (!options_of(a, priority, notes, sink))
            return fail_with("the event set of :[tau priority over]: could not be evaluated");
        auto with_notes = [&](report::assertion_report rep) {
            rep.result.notes.insert(rep.result.notes.begin(), notes.begin(), notes.end());
            return rep;
        };
        if (a.kind == ast::assertion_kind::refinement) return with_notes(refinement(a, model, r, priority, sink));
        auto v = prog.evaluate(a.lhs, sink);
        if (!v) return fail_with("the process could not be evaluated");
        auto& space = prog.processes();
        if (v->kind() != semantics::value_kind::process) {
            sink.error(script.at(a.lhs).where, "expected a process here, found " + prog.show(*v));
            return fail_with("the assertion's process is not a process");
        }
        std::vector<semantics::event_id> trace;
        if (a.kind == ast::assertion_kind::has_trace) {
            auto t = prog.evaluate(a.rhs, sink);
            if (!t) return fail_with("the trace could not be evaluated");
            if (t->kind() != semantics::value_kind::sequence) {
                sink.error(script.at(a.rhs).where, "expected a sequence of events, found " + prog.show(*t));
                return fail_with("the trace is not a sequence");
            }
            bool ok = true;
            base::with_large_stack([&] {
                for (const auto& e : t->parts().items) {
                    try {
                        trace.push_back(space.event(e));
                    } catch (...) {
                        ok = false;
                    }
                }
            });
            if (!ok) {
                sink.error(script.at(a.rhs).where, "the trace holds something that is not an event");
                return fail_with("the trace holds something that is not an event");
            }
        }
        check::watched_channel watched;
        semantics::value root;
        if (is_consistency(a.kind) && !watched_channel_of(a, watched, root, sink))
            return fail_with("the channel of the consistency check is not usable");
        lts::compile_limits cl;
        cl.max_leaf_states = opt.max_states;
        cl.max_memory = lim.max_memory;
        cl.timeout_seconds = lim.timeout_seconds;
        lts::compile_result compiled = lts::compile(space, space.term(*v), sink, cl);
        if (!compiled.compiled) {
            if (!compiled.limit_reached.empty()) {
                r.result.outcome = check::verdict::inconclusive;
                r.result.reason = compiled.limit_reached;
                r.result.stats.component_states = compiled.leaf_states;
                return r;
            }
            return fail_with("the process could not be compiled");
        }
        std::unique_ptr<lts::machine> prioritised;
        if (priority) prioritised = std::make_unique<check::tau_priority>(*compiled.compiled, *priority);
        const lts::machine& m = prioritised ? *prioritised : *compiled.compiled;
        // Deadlock, determinism and traces read the same in the revivals and
        // refusal-testing models as in the failures ones; the `D` models add
        // divergence.
        bool fd = model == ast::semantic_model::failures_divergences ||
                  model == ast::semantic_model::revivals_divergences ||
                  model == ast::semantic_model::refusals_divergences;
        switch (a.kind) {
        case ast::assertion_kind::deadlock_free: r.result = check::deadlock_free(m, space, fd, lim); break;
        case ast::assertion_kind::divergence_free: r.result = check::divergence_free(m, space, lim); break;
        case ast::assertion_kind::deterministic: r.result = check::deterministic(m, space, fd, lim); break;
        case ast::assertion_kind::has_trace: r.result = check::has_trace(m, space, trace, fd, lim); break;
        case ast::assertion_kind::causal_consistency: r.result = check::causal_consistent(m, space, watched, root, lim); break;
        case ast::assertion_kind::sequential_consistency:
            r.result = check::sequential_consistent(m, space, watched, a.gapless, lim);
            break;
        default: break;
        }
        r.result.stats.component_states = compiled.leaf_states;
        r.result.notes.insert(r.result.notes.begin(), notes.begin(), notes.end());
        if (a.negated && r.result.outcome != check::verdict::inconclusive) {
            if (r.result.outcome == check::verdict::pass) {
                r.result.outcome = check::verdict::fail;
            } else {
                r.result.outcome = check::verdict::pass;
            }
        }
        return r;
    }
};

void run_check(const check_options& opt, run_state& state) {
    base::source_manager sources;
    base::diagnostics sink;
    ast::script script = syntax::parse_file(sources, opt.file, sink);
    std::unique_ptr<semantics::program> prog;
    if (!sink.has_errors()) prog = semantics::program::load(script, sink);
    if (sink.has_errors()) {
        base::render_all(std::cerr, sources, sink);
        state.code = base::exit_code::bad_input;
        return;
    }
    auto memory = parse_size(opt.max_memory);
    if (!memory) {
        std::cerr << "cspgate: error: --max-memory expects a size such as 512M or 8G, not '" << opt.max_memory << "'\n";
        state.code = base::exit_code::bad_input;
        return;
    }
    bool timed = false;
    std::vector<ast::decl_id> all = assertions_in_order(script, &timed);
    for (std::size_t n : opt.asserts)
        if (n == 0 || n > all.size()) {
            std::cerr << "cspgate: error: --assert " << n << ": the file has " << all.size() << " assertion(s)\n";
            state.code = base::exit_code::bad_input;
            return;
        }
    runner run{opt, sources, script, *prog, {}, timed};
    run.lim.max_states = opt.max_states;
    run.lim.max_memory = *memory;
    run.lim.timeout_seconds = opt.timeout;
    const bool tty = isatty(STDERR_FILENO) != 0 && !opt.quiet;
    if (tty)
        run.lim.progress = [](std::uint64_t states, double seconds, std::uint64_t bytes) {
            std::fprintf(stderr, "\r  %llu states, %.0f states/s, %llu MiB, %.1f s\033[K",
                         static_cast<unsigned long long>(states), static_cast<double>(states) / seconds,
                         static_cast<unsigned long long>(bytes >> 20), seconds);
            std::fflush(stderr);
        };
    std::vector<report::assertion_report> reports;
    bool any_fail = false, any_inconclusive = false, any_error = false;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!opt.asserts.empty() && std::find(opt.asserts.begin(), opt.asserts.end(), i + 1) == opt.asserts.end()) continue;
        if (!opt.filter.empty() && run.text_of(all[i]).find(opt.filter) == std::string::npos) continue;
        // Each assertion runs in a program of its own, loaded afresh: events
        // and terms are numbered in the order one check meets them, so the
        // report of an assertion (its counterexample, its figures) is the
        // same whether it runs alone (--assert N) or after others.
        base::diagnostics reload;
        std::unique_ptr<semantics::program> fresh = semantics::program::load(script, reload);
        if (!fresh || reload.has_errors()) {
            base::render_all(std::cerr, sources, reload);
            state.code = base::exit_code::bad_input;
            return;
        }
        runner one{opt, sources, script, *fresh, run.lim, timed};
        report::assertion_report r = one.run(i + 1, all[i]);
        if (tty) std::fprintf(stderr, "\r\033[K");
        report::write_text(std::cout, r, true, !opt.no_timings);
        std::cout.flush();
        std::string v = report::verdict_word(r);
        any_fail |= v == "fail";
        any_inconclusive |= v == "inconclusive";
        any_error |= v == "error";
        reports.push_back(std::move(r));
    }
    if (reports.empty()) std::cout << "no assertion to check\n";
    bool written = write_file(opt.json, [&](std::ostream& o) { report::write_json(o, opt.file, reports, false); }) &&
                   write_file(opt.junit, [&](std::ostream& o) { report::write_junit(o, opt.file, reports, false); });
    if (any_error || !written) state.code = base::exit_code::bad_input;
    else if (any_fail) state.code = base::exit_code::fail;
    else if (any_inconclusive) state.code = base::exit_code::inconclusive;
    else state.code = base::exit_code::ok;
}

}  // namespace

void register_check(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<check_options>();
    auto* cmd = app.add_subcommand("check", "Check the assertions of a CSPM script, as FDR does");
    cmd->add_option("file", opt->file, "the .csp file")->required();
    cmd->add_option("--assert", opt->asserts, "check only assertion N (1-based, in file order); repeatable");
    cmd->add_option("--filter", opt->filter, "check only the assertions whose text contains TEXT");
    cmd->add_option("--max-states", opt->max_states, "stop a check as inconclusive after this many states")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4'000'000'000}));
    cmd->add_option("--max-memory", opt->max_memory, "stop a check as inconclusive above this memory (e.g. 512M, 8G)");
    cmd->add_option("--timeout", opt->timeout, "stop a check as inconclusive after this many seconds (0: none)")
        ->check(CLI::Range(0.0, 1e9));
    cmd->add_option("--json", opt->json, "write the results as JSON (schema cspgate.check/v1)");
    cmd->add_option("--junit", opt->junit, "write the results as JUnit XML");
    cmd->add_flag("--no-timings", opt->no_timings, "leave times out of the report, so that it is the same every run");
    cmd->add_flag("--quiet", opt->quiet, "no progress line");
    cmd->callback([opt, &state] { run_check(*opt, state); });
}

}  // namespace cspgate::cli
