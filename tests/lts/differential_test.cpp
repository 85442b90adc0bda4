// Differential test of the compiled state space against a reference
// interpreter written for the tests alone (tests/support/random_csp.hpp).
//
// Source: A. W. Roscoe, "Understanding Concurrent Systems" (2010), chapter 9
// (operational semantics, termination through ✓ and Ω).  Random terms over
// the events a, b, c are printed as CSPM, loaded and compiled by cspgate,
// and their traces (to depth 4) and stable acceptances (to depth 3) are
// compared with what the rules, applied directly to the terms, give.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include "../support/random_csp.hpp"

#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace cspgate;
using namespace cspgate::random_csp;

// Loads and compiles the script's CSPM and observes the machine; on an
// error, `error` says what went wrong.
observations run_engine(const std::string& text, std::string& error) {
    base::source_manager sources;
    base::diagnostics sink;
    auto parsed = syntax::parse_text(sources, "<random>", text, sink);
    auto prog = sink.has_errors() ? nullptr : semantics::program::load(parsed, sink);
    std::optional<semantics::value> v;
    if (prog && !sink.has_errors()) v = prog->lookup("P", sink);
    lts::compile_result r;
    if (v) r = lts::compile(prog->processes(), prog->processes().term(*v), sink);
    if (!r.compiled || sink.has_errors()) {
        std::ostringstream msg;
        base::render_all(msg, sources, sink);
        error = "no machine: " + r.limit_reached + "\n" + msg.str();
        return {};
    }
    auto& space = prog->processes();
    const lts::machine& m = *r.compiled;
    const std::size_t w = m.width();
    std::map<semantics::event_id, int> codes{{semantics::tau_event, tau}, {semantics::tick_event, tick}};
    observer<std::vector<std::uint32_t>> o([&](const std::vector<std::uint32_t>& state) {
        lts::successors succ;
        m.expand(state.data(), succ);
        std::vector<std::pair<int, std::vector<std::uint32_t>>> out;
        for (std::size_t k = 0; k < succ.size(); ++k) {
            auto e = succ.events[k];
            if (!codes.contains(e)) codes[e] = ev_a + (space.event_name(e)[0] - 'a');
            out.emplace_back(codes[e], std::vector<std::uint32_t>(succ.states.begin() + k * w,
                                                                  succ.states.begin() + (k + 1) * w));
        }
        return out;
    });
    std::vector<std::uint32_t> init(w);
    m.initial(init.data());
    return o.observe(init);
}


// The first difference between the two, described; "" if they agree.
std::string difference(const observations& engine, const observations& reference) {
    for (auto& [trace, acc] : reference) {
        auto it = engine.find(trace);
        if (it == engine.end()) return "trace " + show(trace) + " missing in the engine";
        if (it->second != acc)
            return "after " + show(trace) + " the engine accepts " + show(it->second) + ", the reference " + show(acc);
    }
    for (auto& [trace, acc] : engine)
        if (!reference.contains(trace)) return "trace " + show(trace) + " only in the engine";
    return "";
}


// Checks that engine and reference agree on `s` and returns the engine's observations.
observations agreed(const script& s) {
    std::string error;
    observations engine = run_engine(s.cspm(), error);
    EXPECT_EQ(error, "") << s.cspm();
    std::string diff = difference(engine, interpret(s));
    EXPECT_EQ(diff, "") << s.cspm();
    return engine;
}


TEST(differential, textbook_cases) {
    base::with_large_stack([] {
        const tp stop = make(kind::stop), skip = make(kind::skip);
        const int a = ev_a, b = ev_a + 1;
        using accs = std::set<std::set<int>>;

        auto ext = agreed(only(make(kind::ext, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(ext[{}], (accs{{a, b}}));
        auto internal = agreed(only(make(kind::internal, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(internal[{}], (accs{{a}, {b}}));

        EXPECT_TRUE(agreed(only(make(kind::inter, skip, skip))).contains({tick}));

        auto seq = agreed(only(make(kind::seq, pre(a, skip), pre(b, stop))));
        EXPECT_TRUE(seq.contains({a, b}));
        EXPECT_FALSE(seq.contains({b}));

        auto hidden = agreed(only(make(kind::hide, pre(a, stop), nullptr, 0, 1)));
        EXPECT_EQ(hidden, (observations{{{}, accs{{}}}}));

        EXPECT_EQ(agreed(only(make(kind::div))), (observations{{{}, accs{}}}));

        auto sliding = agreed(only(make(kind::sliding, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(sliding[{}], (accs{{b}}));
        EXPECT_TRUE(sliding.contains({a}));

        auto interrupt = agreed(only(make(kind::interrupt, pre(a, stop), pre(b, stop))));
        EXPECT_EQ(interrupt[{}], (accs{{a, b}}));
        EXPECT_TRUE(interrupt.contains({a, b}));

        // N0 = a -> N0, with a hidden, diverges.
        script loop = only(make(kind::hide, make(kind::call), nullptr, 0, 1));
        loop.names[0] = pre(a, make(kind::call));
        EXPECT_EQ(agreed(loop), (observations{{{}, accs{}}}));
    });
}

TEST(differential, random_terms_agree_with_roscoe_semantics) {
    constexpr std::uint64_t seed = 20240611;
    constexpr int count = random_cases(2500);
    base::with_large_stack([&] {
        generator gen(seed);
        int failures = 0;
        for (int i = 0; i < count && failures < 5; ++i) {
            script s = gen.next();
            std::string error;
            observations engine = run_engine(s.cspm(), error);
            std::string diff = error.empty() ? difference(engine, interpret(s)) : error;
            if (!diff.empty()) {
                ++failures;
                ADD_FAILURE() << "term " << i << " (seed " << seed << "): " << diff << "\n" << s.cspm();
            }
        }
    });
}

}  // namespace
