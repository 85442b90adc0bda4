#pragma once
/// \file
/// The subcommands of `cspgate`.
///
/// main() builds the CLI11 app and calls one `register_<command>` function per
/// subcommand.  Each adds a subcommand with its options and a callback; the
/// callback runs the command and stores its outcome in the `run_state` it was
/// given, which main() turns into the exit code.
///
/// To add a command: declare `void register_<name>(CLI::App& app, run_state& state);`
/// here, define it in `src/cli/<name>.cpp`, and call it in `register_commands`
/// in main.cpp.

#include "cspgate/base/exit_code.hpp"

namespace CLI {
class App;
}

namespace cspgate::cli {

/// What the chosen subcommand leaves behind for main().
struct run_state {
    base::exit_code code = base::exit_code::ok;
};

/// `cspgate parse FILE [--json]`: parses a script and its includes.
void register_parse(CLI::App& app, run_state& state);
/// `cspgate eval FILE EXPR`: prints the value of an expression.
void register_eval(CLI::App& app, run_state& state);
/// `cspgate typecheck FILE`: type-checks a script and prints its `print` declarations.
void register_typecheck(CLI::App& app, run_state& state);
/// `cspgate check FILE`: runs the assertions of a script (exit 0, 1, 2 or 3).
void register_check(CLI::App& app, run_state& state);
/// `cspgate explore FILE PROCESS [--dot FILE]`: the figures of a state space.
void register_explore(CLI::App& app, run_state& state);
/// `cspgate simulate [FILE [PROCESS]] --scenario S.json`: a discrete-event run with faults (exit 0, 1 or 2).
void register_simulate(CLI::App& app, run_state& state);
/// `cspgate replay FILE [PROCESS] --trace T`: whether a trace fits a process (exit 0, 1, 2 or 3).
void register_replay(CLI::App& app, run_state& state);
/// `cspgate topology FILE PROCESS [--dot FILE] [--json FILE]`: the communication graph of a process.
void register_topology(CLI::App& app, run_state& state);
/// `cspgate trace-check FILE...`: causal checks over OTLP/JSON trace exports (exit 0, 1, 2 or 3).
void register_trace_check(CLI::App& app, run_state& state);

}  // namespace cspgate::cli
