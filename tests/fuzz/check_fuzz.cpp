// libFuzzer target for the state-space layers (issue 4): parse, load, then
// compile every process defined without parameters and run the checks on
// it within small limits -- deadlock, divergence and determinism freedom, and
// its refinement of itself in the three models, which must never fail.  Every input must end in a
// verdict, an "inconclusive" or a diagnostic: never a crash, a hang, a leak
// or a stack overflow.
//
// Run it through tests/fuzz/run.sh with CSPGATE_FUZZ_TARGET=cspgate_check_fuzz.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/check/checks.hpp"
#include "cspgate/check/refinement.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cspgate;
    base::source_manager sources;
    base::diagnostics sink;
    std::string text(reinterpret_cast<const char*>(data), size);
    auto script = syntax::parse_text(sources, "fuzz.csp", std::move(text), sink);
    if (!sink.has_errors()) {
        semantics::eval_limits lim;
        lim.max_call_depth = 2000;
        lim.max_set_size = 5000;
        lim.max_steps = 1'000'000;
        auto prog = semantics::program::load(script, sink, lim);
        check::limits cl;
        cl.max_states = 2000;
        lts::compile_limits ll;
        ll.max_leaf_states = 300;  // a process that grows as it runs costs O(n²) terms: keep n small
        ll.max_leaves = 64;
        ll.max_rules = 20000;
        int checked = 0;
        for (const auto& name : prog->definitions()) {
            if (checked == 3) break;
            base::diagnostics errors;
            auto v = prog->lookup(name, errors);
            if (!v || v->kind() != semantics::value_kind::process) continue;
            ++checked;
            auto& space = prog->processes();
            auto compiled = lts::compile(space, space.term(*v), errors, ll);
            if (!compiled.compiled) continue;
            const lts::machine& m = *compiled.compiled;
            (void)check::deadlock_free(m, space, true, cl);
            (void)check::divergence_free(m, space, cl);
            (void)check::deterministic(m, space, false, cl);
            // Every process refines itself in every model: a failure here is
            // a bug in the refinement checker, and the fuzzer reports it.
            for (auto model : {check::refinement_model::traces, check::refinement_model::failures,
                               check::refinement_model::failures_divergences})
                if (check::refines(m, m, space, model, cl).outcome == check::verdict::fail) __builtin_trap();
        }
    }
    std::ostringstream rendered;
    base::render_all(rendered, sources, sink);
    return 0;
}
