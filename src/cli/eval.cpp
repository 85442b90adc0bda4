// `cspgate eval FILE EXPR`: loads a script and prints the value of an
// expression in FDR's notation; with --type, its type.

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

struct eval_options {
    std::string file;
    std::string expression;
    bool type = false;
};

void run_eval(const eval_options& opt, run_state& state) {
    base::source_manager sources;
    base::diagnostics sink;
    syntax::ast::script script = syntax::parse_file(sources, opt.file, sink);
    syntax::ast::expr_id e = syntax::ast::none;
    if (!sink.has_errors()) e = syntax::parse_expression(script, sources, "<expression>", opt.expression, sink);
    // Type errors are reported before anything runs; with --type the type
    // is the answer.
    std::optional<std::string> type;
    if (!sink.has_errors()) type = semantics::type_of(script, e, sink);
    if (opt.type && !sink.has_errors()) {
        std::cout << *type << "\n";
        return;
    }
    std::unique_ptr<semantics::program> prog;
    if (!sink.has_errors()) prog = semantics::program::load(script, sink);
    std::optional<semantics::value> v;
    if (!sink.has_errors()) v = prog->evaluate(e, sink);
    if (sink.has_errors() || !v) {
        base::render_all(std::cerr, sources, sink);
        state.code = base::exit_code::bad_input;
        return;
    }
    std::cout << prog->show(*v) << "\n";
}

}  // namespace

void register_eval(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<eval_options>();
    auto* cmd = app.add_subcommand("eval", "Evaluate an expression in the scope of a CSPM script");
    cmd->add_option("file", opt->file, "the .csp file")->required();
    cmd->add_option("expression", opt->expression, "the expression, e.g. 'card({0..3})'")->required();
    cmd->add_flag("--type", opt->type, "print the expression's type in FDR's notation instead of its value");
    cmd->callback([opt, &state] { run_eval(*opt, state); });
}

}  // namespace cspgate::cli
