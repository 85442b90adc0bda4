// `cspgate explore FILE PROCESS`: compiles a process, explores its whole
// state space breadth-first and prints the figures; `--dot FILE` writes the
// LTS for Graphviz when it is small enough to look at.

#include "commands.hpp"
#include "load_process.hpp"

#include "cspgate/check/explore.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

namespace cspgate::cli {
namespace {

struct explore_options {
    std::string file;
    std::string process;
    std::string dot;
    std::uint64_t max_states = 100'000'000;
    std::uint64_t dot_limit = 10'000;
    bool no_timings = false;
};

std::string dot_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

void write_dot(std::ostream& out, const check::state_graph& g, const semantics::process_space& space) {
    out << "digraph lts {\n  rankdir=LR;\n  node [shape=circle, fontsize=10];\n  edge [fontsize=10];\n";
    out << "  start [shape=point];\n  start -> s0;\n";
    for (std::uint32_t s = 0; s < g.store.size(); ++s) {
        out << "  s" << s << " [label=\"" << s << "\"";
        if (s < g.dead.size() && g.dead[s]) out << ", shape=doublecircle, color=red";
        out << "];\n";
    }
    for (std::uint32_t s = 0; s + 1 < g.first.size(); ++s)
        for (std::uint64_t k = g.first[s]; k < g.first[s + 1]; ++k)
            out << "  s" << s << " -> s" << g.edge_target[k] << " [label=\"" << dot_escape(space.event_name(g.edge_event[k]))
                << "\"];\n";
    out << "}\n";
}

void run_explore(const explore_options& opt, run_state& state) {
    lts::compile_limits cl;
    cl.max_leaf_states = opt.max_states;
    std::optional<loaded_process> loaded = load_process(opt.file, opt.process, cl, state);
    if (!loaded) return;
    auto& space = loaded->space();
    const lts::compile_result& compiled = loaded->compiled;
    check::limits lim;
    lim.max_states = opt.max_states;
    check::state_graph g(*compiled.compiled);
    check::explore(g, opt.dot.empty() ? check::keep_edges::none : check::keep_edges::all, lim);
    std::uint64_t states = g.store.size(), deadlocks = 0;
    for (auto d : g.dead) deadlocks += d;
    std::cout << "process:          " << opt.process << "\n";
    std::cout << "states:           " << states << (g.complete ? "" : " (incomplete: " + g.limit_reached + ")") << "\n";
    std::cout << "transitions:      " << g.transitions << "\n";
    std::cout << "deadlocked states:" << " " << deadlocks << "\n";
    std::cout << "components:       " << compiled.leaves << " (" << compiled.leaf_states << " component states, "
              << compiled.rules << " synchronisation rules)\n";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", g.store.bytes_per_state());
    std::cout << "bytes per state:  " << buf << " (packed state " << g.store.packed_bytes()
              << " B + hash index; the breadth-first parent links add 4)\n";
    if (!opt.no_timings) {
        std::snprintf(buf, sizeof buf, "%.2f s, %.0f states/s", g.seconds, g.seconds > 0 ? static_cast<double>(states) / g.seconds : 0.0);
        std::cout << "time:             " << buf << "\n";
    }
    for (std::size_t i = 0; i < compiled.compiled->component_count() && i < 20; ++i)
        std::cout << "  component " << i << ": " << compiled.compiled->component_name(i) << "\n";
    if (compiled.compiled->component_count() > 20)
        std::cout << "  … and " << compiled.compiled->component_count() - 20 << " more components\n";
    state.code = g.complete ? base::exit_code::ok : base::exit_code::inconclusive;
    if (opt.dot.empty()) return;
    if (states > opt.dot_limit) {
        std::cerr << "cspgate: error: the LTS has " << states << " states, more than the " << opt.dot_limit
                  << " that --dot draws (raise --dot-limit to draw it anyway)\n";
        state.code = base::exit_code::bad_input;
        return;
    }
    std::ofstream out(opt.dot, std::ios::binary);
    write_dot(out, g, space);
    out.close();
    if (!out) {
        std::cerr << "cspgate: error: cannot write '" << opt.dot << "'\n";
        state.code = base::exit_code::bad_input;
    }
}

}  // namespace

void register_explore(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<explore_options>();
    auto* cmd = app.add_subcommand("explore", "Explore the state space of a process and print its figures");
    cmd->add_option("file", opt->file, "the .csp file")->required();
    cmd->add_option("process", opt->process, "the process, an expression such as 'SYSTEM' or 'P(3)'")->required();
    cmd->add_option("--dot", opt->dot, "write the LTS for Graphviz to FILE");
    cmd->add_option("--dot-limit", opt->dot_limit, "the most states --dot draws (default 10000)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}));
    cmd->add_option("--max-states", opt->max_states, "stop after this many states (inconclusive, exit 3)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4'000'000'000}));
    cmd->add_flag("--no-timings", opt->no_timings, "leave the time out, so that the output is the same every run");
    cmd->callback([opt, &state] { run_explore(*opt, state); });
}

}  // namespace cspgate::cli
