// `cspgate trace-check FILE...`: reads OTLP/JSON trace exports as a stream and
// reports, per trace, orphan spans, duplicate span ids, children that start
// before their parent (beyond --skew), cycles in the parent relation, and the
// complete trees.  Exit 1 when a violation of a kind not --allow'ed is found,
// 0 otherwise; 2 for unreadable or malformed input (with a diagnostic at the
// byte where it went wrong); 3 when --max-spans stops the read.  A trace is
// checked, and its spans freed, once --window spans follow its last one, so
// memory follows the traces open at a time (trace_check.hpp).

#include "commands.hpp"
#include "sim_spans.hpp"

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/report/trace_check_report.hpp"
#include "cspgate/telemetry/otlp_reader.hpp"
#include "cspgate/telemetry/trace_check.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

namespace cspgate::cli {
namespace {

struct trace_check_cli_options {
    std::vector<std::string> files;
    std::string skew = "0";
    std::vector<std::string> allow;
    std::string json;
    std::size_t show = 20;
    std::size_t max_violations = 10'000;
    std::uint64_t max_spans = 500'000'000;
    std::uint64_t window = 1'000'000;
    /// Set: the files are `cspgate simulate --events` logs, read as `--otlp`.
    sim_span_mapping events;
    std::vector<std::size_t> fields{1, 2, 3};
};

/// Options as the checker takes them; false after a usage diagnostic.
bool checker_options(const trace_check_cli_options& opt, telemetry::trace_check_options& out) {
    auto skew = telemetry::parse_duration_ns(opt.skew);
    if (!skew) {
        std::cerr << "cspgate: error: --skew expects a duration such as 0, 500us, 2ms or 1s (at most 2^64-1 ns), not '"
                  << opt.skew << "'\n";
        return false;
    }
    out.skew_ns = *skew;
    for (const std::string& name : opt.allow) {
        auto kind = telemetry::parse_kind(name);
        if (!kind) {
            std::cerr << "cspgate: error: --allow expects orphans, duplicates, skew or cycles, not '" << name << "'\n";
            return false;
        }
        out.allowed[static_cast<std::size_t>(*kind)] = true;
    }
    if (opt.files.size() > telemetry::max_files) {
        std::cerr << "cspgate: error: at most " << telemetry::max_files << " files can be checked together\n";
        return false;
    }
    out.max_spans = opt.max_spans;
    out.window = opt.window;
    out.max_kept_violations = opt.max_violations;
    return true;
}

/// Opens a file for reading; false after a diagnostic.
bool open_input(const std::string& path, std::ifstream& in) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        std::cerr << "cspgate: error: cannot read '" << path << "': it is a directory\n";
        return false;
    }
    in.open(path, std::ios::binary);
    if (!in) {
        // The reason (no such file, permission) comes from the file system.
        bool exists = std::filesystem::exists(path, ec);
        std::cerr << "cspgate: error: cannot open '" << path << "'"
                  << (ec ? ": " + ec.message() : exists ? std::string() : ": No such file or directory") << '\n';
        return false;
    }
    return true;
}

/// Reads one file into the checker.  Returns false after a diagnostic; sets
/// `stopped` when the span limit was reached.
bool read_file(const trace_check_cli_options& opt, const std::string& path, std::uint32_t file_index,
               telemetry::trace_checker& checker, telemetry::file_summary& summary, bool& stopped) {
    std::ifstream in;
    if (!open_input(path, in)) return false;
    telemetry::read_summary read;
    std::uint64_t index = 0;
    auto on_span = [&](const telemetry::span_data& s) {
        if (index == telemetry::max_spans_per_file) return false;
        return checker.add(s, telemetry::span_location{file_index, ++index});
    };
    auto error = opt.events.channel.empty() ? telemetry::read_otlp_json(in, on_span, read)
                                            : read_sim_spans(in, opt.events, on_span, read);
    summary.name = path;
    summary.spans = index;
    summary.documents = read.documents;
    summary.bytes = read.bytes;
    if (error) {
        // The file is read again up to the error, for its line and column.
        std::ifstream again(path, std::ios::binary);
        base::render_excerpt(std::cerr, telemetry::locate(again, path, error->offset), base::severity::error,
                             error->message);
        return false;
    }
    stopped = read.stopped;
    return true;
}

void run_trace_check(const trace_check_cli_options& opt, run_state& state) {
    telemetry::trace_check_options options;
    if (!checker_options(opt, options)) {
        state.code = base::exit_code::bad_input;
        return;
    }
    telemetry::trace_checker checker(options);
    std::vector<telemetry::file_summary> files(opt.files.size());
    bool stopped = false;
    for (std::size_t i = 0; i < opt.files.size() && !stopped; ++i) {
        if (!read_file(opt, opt.files[i], static_cast<std::uint32_t>(i), checker, files[i], stopped)) {
            state.code = base::exit_code::bad_input;
            return;
        }
    }
    telemetry::trace_check_result result;
    if (stopped) {
        result.options = options;
        result.spans = checker.size();
        result.limit_reached = "the span limit was reached: more than " + std::to_string(options.max_spans) +
                               " spans (--max-spans)";
    } else {
        result = checker.finish();
    }
    result.files = std::move(files);
    report::write_trace_check_text(std::cout, result, opt.show);
    if (!opt.json.empty()) {
        std::ofstream out(opt.json, std::ios::binary);
        report::write_trace_check_json(out, result);
        out.close();
        if (!out) {
            std::cerr << "cspgate: error: cannot write '" << opt.json << "'\n";
            state.code = base::exit_code::bad_input;
            return;
        }
    }
    if (result.inconclusive()) state.code = base::exit_code::inconclusive;
    else if (result.failed()) state.code = base::exit_code::fail;
    else state.code = base::exit_code::ok;
}

}  // namespace

void register_trace_check(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<trace_check_cli_options>();
    auto* cmd = app.add_subcommand("trace-check", "Check the causal structure of OTLP/JSON trace exports");
    cmd->add_option("files", opt->files, "OTLP/JSON files (one document, or JSON Lines of documents)")->required();
    cmd->add_option("--skew", opt->skew, "how long a child may start before its parent (0, 500us, 2ms, 1s; default 0)");
    cmd->add_option("--allow", opt->allow, "kinds that do not fail the check: orphans,duplicates,skew,cycles")
        ->delimiter(',');
    cmd->add_option("--json", opt->json, "write the report as JSON (schema cspgate.trace-check/v1)");
    cmd->add_option("--show", opt->show, "violations listed in the summary (default 20)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000'000}));
    cmd->add_option("--max-violations", opt->max_violations, "violations kept for the JSON report (default 10000)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000'000}));
    cmd->add_option("--max-spans", opt->max_spans, "stop as inconclusive (exit 3) beyond this many spans (default 5e8)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000'000}));
    cmd->add_option("--window", opt->window,
                    "check a trace, and free its spans, once this many spans follow its last one; 0: keep every "
                    "trace to the end (default 1e6)")
        ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1'000'000'000'000}));
    cmd->add_option("--events-channel", opt->events.channel,
                    "read the files as `cspgate simulate --events` logs: this channel's events are the spans, as "
                    "`simulate --otlp` writes them");
    cmd->add_option("--fields", opt->fields, "with --events-channel: the 1-based fields that hold the trace id, span id "
                                             "and parent span id (default 1,2,3)")
        ->delimiter(',')
        ->expected(3)
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
    cmd->add_option("--root", opt->events.root, "with --events-channel: the parent value of a root span (default 0)");
    cmd->add_option("--start-channel", opt->events.start,
                    "with --events-channel: the channel whose event with the same trace and span starts a span");
    cmd->callback([opt, &state] {
        opt->events.trace = opt->fields[0];
        opt->events.span = opt->fields[1];
        opt->events.parent = opt->fields[2];
        run_trace_check(*opt, state);
    });
}

}  // namespace cspgate::cli
