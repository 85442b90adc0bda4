#pragma once
/// \file
/// The preamble of every command that works on one process of a script
/// (explore, replay, topology, simulate): parse the file, parse the process
/// expression, load the program, evaluate the expression, check that it is
/// a process, compile it.  Diagnostics are rendered to stderr and the exit
/// code is set here, once, the same way for every command.

#include "commands.hpp"

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/source.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/semantics/value.hpp"
#include "cspgate/syntax/ast.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cspgate::cli {

/// A parsed script and, once loaded, its program.  Held by pointer: the
/// program refers to the script, which must not move.
struct loaded_model {
    base::source_manager sources;
    base::diagnostics sink;
    syntax::ast::script script;
    std::unique_ptr<semantics::program> program;
};

/// A compiled process with everything it refers to.
struct loaded_process {
    std::unique_ptr<loaded_model> model;
    semantics::value value;
    lts::compile_result compiled;

    const lts::machine& machine() const { return *compiled.compiled; }
    semantics::process_space& space() { return model->program->processes(); }
};

/// Step 1: parses `file` (errors stay in the model's sink: check
/// `sink.has_errors()`).  Expressions to evaluate later (the process, the
/// events of a trace) must be parsed into `script` before step 2.
std::unique_ptr<loaded_model> parse_model(const std::string& file);

/// Step 2: loads the program, evaluates `process` (whose text `text` names
/// it in messages), checks it is a process and compiles it.  On failure
/// renders the diagnostics, sets `state.code` (2 for bad input; 3, with
/// "inconclusive: …" on stdout, when a compile limit was reached) and
/// returns nothing.
std::optional<loaded_process> compile_process(std::unique_ptr<loaded_model> model, syntax::ast::expr_id process,
                                              const std::string& text, const lts::compile_limits& limits,
                                              run_state& state);

/// Steps 1 and 2 for a process given as an expression on the command line.
std::optional<loaded_process> load_process(const std::string& file, const std::string& process,
                                           const lts::compile_limits& limits, run_state& state);

/// The `assert` declarations of a script and its included files, in file
/// order (assertion N of `cspgate check --assert N` is element N - 1).
/// `timed`, when given, is set if the script has a `Timed` section.
std::vector<syntax::ast::decl_id> assertions_in_order(const syntax::ast::script& script, bool* timed = nullptr);

/// An assertion as `cspgate check` prints it: its text on one line, without `assert`.
std::string assertion_text(const base::source_manager& sources, const syntax::ast::script& script,
                           syntax::ast::decl_id id);
std::string assertion_text(const loaded_model& model, syntax::ast::decl_id id);

/// Writes a file through `writer(std::ostream&)`; nothing to do for an empty
/// path.  False (after a message on stderr) when the file cannot be written.
template <class Writer>
bool write_file(const std::string& path, Writer&& writer) {
    if (path.empty()) return true;
    std::ofstream out(path, std::ios::binary);
    writer(out);
    out.close();
    if (!out) {
        std::cerr << "cspgate: error: cannot write '" << path << "'\n";
        return false;
    }
    return true;
}

}  // namespace cspgate::cli
