// The public face of the evaluator: errors turn into diagnostics here.

#include "impl.hpp"

#include "cspgate/base/large_stack.hpp"
#include "cspgate/semantics/process.hpp"

namespace cspgate::semantics {
namespace {

void report(base::diagnostics& sink, const eval_error& e) {
    base::diagnostic d;
    d.where = e.where;
    d.message = e.message;
    d.notes = e.chain;
    sink.report(std::move(d));
}

}  // namespace

program::program(std::unique_ptr<impl> p) : m_impl(std::move(p)) {}
program::~program() { m_processes.reset(); }

std::unique_ptr<program> program::load(const syntax::ast::script& script, base::diagnostics& sink, eval_limits lim) {
    auto p = std::make_unique<impl>(script, lim);
    p->load(sink);
    return std::unique_ptr<program>(new program(std::move(p)));
}

// Evaluation recurses as deep as the program does (up to
// eval_limits::max_call_depth), so it runs on a large stack whoever calls it.
std::optional<value> program::evaluate(syntax::ast::expr_id e, base::diagnostics& sink) {
    std::optional<value> result;
    base::with_large_stack([&] {
        m_impl->m_steps = 0;
        try {
            result = m_impl->eval(e, nullptr);
        } catch (const eval_error& err) {
            report(sink, err);
            m_impl->m_depth = 0;
        }
    });
    return result;
}

std::optional<value> program::lookup(const std::string& name, base::diagnostics& sink) {
    std::optional<value> result;
    base::with_large_stack([&] {
        m_impl->m_steps = 0;
        try {
            result = m_impl->lookup(name, nullptr, base::span{});
        } catch (const eval_error& err) {
            report(sink, err);
            m_impl->m_depth = 0;
        }
    });
    return result;
}

const std::vector<std::string>& program::definitions() const { return m_impl->m_definitions; }
const std::vector<syntax::ast::expr_id>& program::prints() const { return m_impl->m_prints; }
std::string program::show(const value& v) const { return m_impl->show(v); }
std::size_t program::scopes() const { return m_impl->m_frames.size(); }
const constructor_info& program::constructor(std::uint32_t id) const { return m_impl->m_constructors.at(id); }

process_space& program::processes() {
    if (!m_processes) m_processes = std::make_unique<process_space>(*this);
    return *m_processes;
}

}  // namespace cspgate::semantics
