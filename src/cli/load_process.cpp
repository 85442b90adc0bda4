/// \file
/// The shared preamble of the commands that work on one process.

#include "load_process.hpp"

#include "cspgate/semantics/process.hpp"
#include "cspgate/syntax/parser.hpp"

#include <iostream>
#include <variant>

namespace cspgate::cli {
namespace {

namespace ast = syntax::ast;

void collect(const ast::script& s, const std::vector<ast::decl_id>& decls, std::vector<ast::decl_id>& out, bool& timed) {
    for (ast::decl_id d : decls) {
        const auto& node = s.declaration(d).node;
        if (std::holds_alternative<ast::assertion>(node)) out.push_back(d);
        else if (const auto* inc = std::get_if<ast::include_declaration>(&node)) collect(s, inc->declarations, out, timed);
        else if (std::holds_alternative<ast::timed_section>(node)) timed = true;
    }
}

}  // namespace

std::unique_ptr<loaded_model> parse_model(const std::string& file) {
    auto m = std::make_unique<loaded_model>();
    m->script = syntax::parse_file(m->sources, file, m->sink);
    return m;
}

std::optional<loaded_process> compile_process(std::unique_ptr<loaded_model> model, ast::expr_id process,
                                              const std::string& text, const lts::compile_limits& limits,
                                              run_state& state) {
    loaded_model& m = *model;
    auto bad_input = [&]() -> std::optional<loaded_process> {
        base::render_all(std::cerr, m.sources, m.sink);
        state.code = base::exit_code::bad_input;
        return std::nullopt;
    };
    if (m.sink.has_errors() || process == ast::none) return bad_input();
    m.program = semantics::program::load(m.script, m.sink);
    if (m.sink.has_errors()) return bad_input();
    std::optional<semantics::value> v = m.program->evaluate(process, m.sink);
    if (m.sink.has_errors() || !v) return bad_input();
    if (v->kind() != semantics::value_kind::process) {
        m.sink.error_without_location("'" + text + "' is not a process: it is " + m.program->show(*v));
        return bad_input();
    }
    auto& space = m.program->processes();
    lts::compile_result compiled = lts::compile(space, space.term(*v), m.sink, limits);
    if (!compiled.compiled) {
        base::render_all(std::cerr, m.sources, m.sink);
        if (!compiled.limit_reached.empty()) {
            std::cout << "inconclusive: " << compiled.limit_reached << "\n";
            state.code = base::exit_code::inconclusive;
        } else {
            state.code = base::exit_code::bad_input;
        }
        return std::nullopt;
    }
    return loaded_process{std::move(model), *v, std::move(compiled)};
}

std::optional<loaded_process> load_process(const std::string& file, const std::string& process,
                                           const lts::compile_limits& limits, run_state& state) {
    auto model = parse_model(file);
    ast::expr_id e = ast::none;
    if (!model->sink.has_errors()) e = syntax::parse_expression(model->script, model->sources, "<process>", process, model->sink);
    return compile_process(std::move(model), e, process, limits, state);
}

std::vector<ast::decl_id> assertions_in_order(const ast::script& script, bool* timed) {
    std::vector<ast::decl_id> out;
    bool has_timed = false;
    collect(script, script.top, out, has_timed);
    if (timed) *timed = has_timed;
    return out;
}

std::string assertion_text(const loaded_model& model, ast::decl_id id) {
    return assertion_text(model.sources, model.script, id);
}

std::string assertion_text(const base::source_manager& sources, const ast::script& script, ast::decl_id id) {
    const ast::decl& d = script.declaration(id);
    const auto& f = sources.file(d.where.file);
    std::string text(f.text().substr(d.where.begin, d.where.end - d.where.begin));
    if (text.rfind("assert", 0) == 0) text = text.substr(6);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.erase(text.begin());
    for (char& c : text)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    return text;
}

}  // namespace cspgate::cli
