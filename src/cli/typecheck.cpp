// `cspgate typecheck FILE`: parses and type-checks a script, then prints the
// value of each `print` declaration in FDR's notation.  Exit 0 when the file
// is well typed and every print evaluates, 2 otherwise.

#include "commands.hpp"

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/semantics/typecheck.hpp"
#include "cspgate/syntax/parser.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace cspgate::cli {
namespace {

void run_typecheck(const std::string& file, run_state& state) {
    base::source_manager sources;
    base::diagnostics sink;
    syntax::ast::script script = syntax::parse_file(sources, file, sink);
    if (!sink.has_errors()) semantics::typecheck(script, sink);
    std::unique_ptr<semantics::program> prog;
    if (!sink.has_errors()) prog = semantics::program::load(script, sink);
    if (!sink.has_errors()) {
        for (syntax::ast::expr_id e : prog->prints()) {
            std::optional<semantics::value> v = prog->evaluate(e, sink);
            if (v) std::cout << prog->show(*v) << "\n";
        }
    }
    if (sink.has_errors()) {
        base::render_all(std::cerr, sources, sink);
        state.code = base::exit_code::bad_input;
    }
}

}  // namespace

void register_typecheck(CLI::App& app, run_state& state) {
    auto file = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("typecheck", "Type-check a CSPM script and print its 'print' declarations");
    cmd->add_option("file", *file, "the .csp file")->required();
    cmd->callback([file, &state] { run_typecheck(*file, state); });
}

}  // namespace cspgate::cli
