/// \file
/// The `cspgate` program: builds the command line, runs the chosen command on
/// a thread with a large stack, and maps every outcome to an exit code.

#include "commands.hpp"
#include "cspgate/base/exit_code.hpp"
#include "cspgate/version.hpp"

#include <CLI/CLI.hpp>
#include <pthread.h>

#include <cstddef>
#include <cstring>
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
constexpr std::size_t command_stack_bytes = std::size_t{512} << 20;

/// Adds every subcommand to the app.
void register_commands(CLI::App& app, cspgate::cli::run_state& state) {
    cspgate::cli::register_parse(app, state);
    cspgate::cli::register_eval(app, state);
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

struct thread_args {
    int argc;
    char** argv;
    int result;
};

extern "C" void* run_thread(void* raw) {
    auto* args = static_cast<thread_args*>(raw);
    args->result = run_guarded(args->argc, args->argv);
    return nullptr;
}

/// Runs the command on a thread with a large stack (std::thread cannot set
/// its stack size).  If such a thread cannot be made, the command still runs,
/// on the main thread's stack.
int run_on_large_stack(int argc, char** argv) {
    thread_args args{argc, argv, to_int(exit_code::bad_input)};
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc == 0) {
        rc = pthread_attr_setstacksize(&attr, command_stack_bytes);
        pthread_t thread;
        if (rc == 0) rc = pthread_create(&thread, &attr, run_thread, &args);
        pthread_attr_destroy(&attr);
        if (rc == 0) {
            // The command has run once it is joined; it must never run twice.
            pthread_join(thread, nullptr);
            return args.result;
        }
    }
    std::cerr << "cspgate: warning: cannot start a thread with a " << (command_stack_bytes >> 20)
              << " MiB stack (" << std::strerror(rc) << "); running on the main stack\n";
    return run_guarded(argc, argv);
}

}  // namespace

int main(int argc, char** argv) { return run_on_large_stack(argc, argv); }
