// `cspgate parse FILE`: reads a CSPM script (and what it includes), reports
// diagnostics like a compiler, and prints a summary or the AST as JSON.

#include "commands.hpp"

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/syntax/ast_json.hpp"
#include "cspgate/syntax/parser.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

namespace cspgate::cli {
namespace {

struct parse_options {
    std::string file;
    bool json = false;
};

// Counts declarations by kind, includes descended, for the summary line.
struct tally {
    std::size_t definitions = 0, channels = 0, types = 0, assertions = 0, files = 1, other = 0;
    void add(const syntax::ast::script& s, const std::vector<syntax::ast::decl_id>& ids) {
        for (auto id : ids) {
            const auto& node = s.declaration(id).node;
            if (std::holds_alternative<syntax::ast::function_binding>(node) ||
                std::holds_alternative<syntax::ast::pattern_binding>(node))
                ++definitions;
            else if (std::holds_alternative<syntax::ast::channel_declaration>(node))
                ++channels;
            else if (std::holds_alternative<syntax::ast::datatype_declaration>(node) ||
                     std::holds_alternative<syntax::ast::subtype_declaration>(node) ||
                     std::holds_alternative<syntax::ast::nametype_declaration>(node))
                ++types;
            else if (std::holds_alternative<syntax::ast::assertion>(node))
                ++assertions;
            else if (const auto* inc = std::get_if<syntax::ast::include_declaration>(&node)) {
                ++files;
                add(s, inc->declarations);
            } else if (const auto* m = std::get_if<syntax::ast::module_declaration>(&node)) {
                ++other;
                add(s, m->private_declarations);
                add(s, m->exported_declarations);
            } else if (const auto* t = std::get_if<syntax::ast::timed_section>(&node)) {
                add(s, t->declarations);
            } else {
                ++other;
            }
        }
    }
};

void run_parse(const parse_options& opt, run_state& state) {
    base::source_manager sources;
    base::diagnostics sink;
    syntax::ast::script script = syntax::parse_file(sources, opt.file, sink);
    if (sink.has_errors()) {
        base::render_all(std::cerr, sources, sink);
        state.code = base::exit_code::bad_input;
        return;
    }
    if (!sink.all().empty()) base::render_all(std::cerr, sources, sink);
    if (opt.json) {
        syntax::write_ast_json(std::cout, script, sources);
        return;
    }
    tally t;
    t.add(script, script.top);
    std::cout << opt.file << ": parsed " << t.definitions << " definitions, " << t.channels << " channel declarations, "
              << t.types << " type declarations, " << t.assertions << " assertions";
    if (t.files > 1) std::cout << " from " << t.files << " files";
    std::cout << "\n";
}

}  // namespace

void register_parse(CLI::App& app, run_state& state) {
    auto opt = std::make_shared<parse_options>();
    auto* cmd = app.add_subcommand("parse", "Parse a CSPM script and report syntax errors");
    cmd->add_option("file", opt->file, "the .csp file")->required();
    cmd->add_flag("--json", opt->json, "print the syntax tree as JSON (schema cspgate.ast/v1)");
    cmd->callback([opt, &state] { run_parse(*opt, state); });
}

}  // namespace cspgate::cli
