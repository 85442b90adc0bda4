#pragma once
// Test support: a model from text, compiled, with its event table and a
// scenario read against it, all on a large stack as compiling needs.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/large_stack.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/sim/engine.hpp"
#include "cspgate/sim/runs.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cspgate::sim::test {

struct loaded {
    std::vector<std::unique_ptr<lts::machine>> machines;
    std::unique_ptr<event_table> table;
    scenario setup;
    std::vector<scenario_error> errors;
    std::unique_ptr<plan> resolved;
};

/// Compiles `process` of `text` `copies` times, reads `scenario_json`
/// against it and calls `use` (unless the scenario has errors: then `use`
/// gets a null plan and the errors).
inline void with_model(const std::string& text, const std::string& process, const std::string& scenario_json,
                       const std::function<void(loaded&)>& use, std::size_t copies = 1) {
    base::with_large_stack([&] {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "<test>", text, sink);
        ASSERT_FALSE(sink.has_errors());
        auto prog = semantics::program::load(script, sink);
        ASSERT_FALSE(sink.has_errors());
        auto& space = prog->processes();
        auto v = prog->lookup(process, sink);
        ASSERT_TRUE(v.has_value());
        loaded l;
        for (std::size_t i = 0; i < copies; ++i) {
            auto c = lts::compile(space, space.term(*v), sink);
            ASSERT_TRUE(c.compiled != nullptr);
            l.machines.push_back(std::move(c.compiled));
        }
        l.table = std::make_unique<event_table>(make_event_table(space, *l.machines[0]));
        model_catalog cat;
        cat.channel_arity = [&](const std::string& name) -> std::optional<std::size_t> {
            base::diagnostics quiet;
            auto x = prog->lookup(name, quiet);
            if (!x || x->kind() != semantics::value_kind::data) return std::nullopt;
            const auto& ci = prog->constructor(x->constructor());
            if (!ci.is_channel) return std::nullopt;
            return ci.arity();
        };
        cat.components = l.table->components;
        auto doc = nlohmann::json::parse(scenario_json);
        if (read_scenario(doc, cat, l.setup, l.errors)) l.resolved = std::make_unique<plan>(l.setup, *l.table);
        use(l);
    });
}

/// How many times each event (by name) happened in `log` lines (JSON Lines).
inline std::vector<nlohmann::json> parse_lines(const std::string& log) {
    std::vector<nlohmann::json> out;
    std::size_t at = 0;
    while (at < log.size()) {
        std::size_t nl = log.find('\n', at);
        out.push_back(nlohmann::json::parse(log.substr(at, nl - at)));
        at = nl + 1;
    }
    return out;
}

}  // namespace cspgate::sim::test
