/// \file
/// The `cspgate` program: builds the command line, runs the chosen command on
/// a thread with a large stack, and maps every outcome to an exit code.

#include "commands.hpp"
#include "cspgate/base/exit_code.hpp"
#include "cspgate/version.hpp"

#include "cspgate/base/large_stack.hpp"

#include <CLI/CLI.hpp>

#include <cstddef>
#include <exception>
#include <iostream>
#include <new>
#include <string>

namespace {

using cspgate::base::exit_code;
using cspgate::base::to_int;

/// The later layers recurse to a depth that limits bound but that the input
/// chooses (nesting up to limits::max_nesting); 512 MiB of stack makes sure the
/// bound, not the stack, is what stops them.  The memory is reserved, not used.
constexpr std::size_t command_stack_bytes = cspgate::base::large_stack_bytes;

/// Adds every subcommand to the app.
void register_commands(CLI::App& app, cspgate::cli::run_state& state) {
    cspgate::cli::register_parse(app, state);
    cspgate::cli::register_eval(app, state);
    cspgate::cli::register_typecheck(app, state);
    cspgate::cli::register_check(app, state);
    cspgate::cli::register_explore(app, state);
    cspgate::cli::register_simulate(app, state);
    cspgate::cli::register_replay(app, state);
    cspgate::cli::register_topology(app, state);
    cspgate::cli::register_trace_check(app, state);
}

int run_command_line(int argc, char** argv) {
    cspgate::cli::run_state state;
    CLI::App app{"cspgate: a model checker and simulator for CSPM (FDR4) models", "cspgate"};
    app.set_version_flag("--version", std::string("cspgate ") + CSPGATE_VERSION);
    app.require_subcommand(0, 1);
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return std::string("cspgate: error: ") + e.what() + "\nRun 'cspgate --help' for more information.\n";
    });
    register_commands(app, state);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" with code 0; every other parse
        // error is a usage error, whatever code CLI11 gives it.
        int code = app.exit(e);
        return code == 0 ? to_int(exit_code::ok) : to_int(exit_code::bad_input);
    }
    if (app.get_subcommands().empty()) {
        std::cerr << app.help() << "cspgate: error: no command given\n";
        return to_int(exit_code::bad_input);
    }
    return to_int(state.code);
}

/// Runs the command line and turns any exception into exit code 2, so that
/// nothing escapes a thread (which would call std::terminate).
int run_guarded(int argc, char** argv) noexcept {
    try {
        int code = run_command_line(argc, argv);
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "cspgate: error: cannot write to standard output\n";
            return to_int(exit_code::bad_input);
        }
        return code;
    } catch (const std::bad_alloc&) {
        std::cerr << "cspgate: error: out of memory\n";
    } catch (const std::exception& e) {
        std::cerr << "cspgate: error: " << e.what() << '\n';
    } catch (...) {
        std::cerr << "cspgate: error: unknown internal error\n";
    }
    return to_int(exit_code::bad_input);
}

/// Runs the command on a thread with a large stack (base/large_stack.hpp);
/// if no such thread can be made the command still runs, on this one.
int run_on_large_stack(int argc, char** argv) {
    int result = to_int(exit_code::bad_input);
    cspgate::base::with_large_stack([&] { result = run_guarded(argc, argv); }, command_stack_bytes);
    return result;
}

}  // namespace

int main(int argc, char** argv) { return run_on_large_stack(argc, argv); }
