// libFuzzer target for the whole load pipeline (issue 3): parse, bind the
// declarations, and evaluate every top-level definition without parameters.
// Every input must end in values or diagnostics -- never a crash, a hang, a
// leak or a stack overflow.  Evaluation limits are lowered so that a slow
// input ends in its diagnostic well inside libFuzzer's timeout.
//
// Run it through tests/fuzz/run.sh with CSPGATE_FUZZ_TARGET=cspgate_load_fuzz.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    cspgate::base::source_manager sources;
    cspgate::base::diagnostics sink;
    std::string text(reinterpret_cast<const char*>(data), size);
    auto script = cspgate::syntax::parse_text(sources, "fuzz.csp", std::move(text), sink);
    if (!sink.has_errors()) {
        cspgate::semantics::eval_limits lim;
        lim.max_call_depth = 2000;
        lim.max_set_size = 20000;
        lim.max_steps = 2'000'000;
        auto prog = cspgate::semantics::program::load(script, sink, lim);
        for (const auto& name : prog->definitions()) {
            cspgate::base::diagnostics errors;
            if (auto v = prog->lookup(name, errors)) (void)prog->show(*v);
        }
    }
    std::ostringstream rendered;
    cspgate::base::render_all(rendered, sources, sink);
    return 0;
}
