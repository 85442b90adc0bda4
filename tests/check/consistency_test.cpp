// The consistency monitors (`:[causal consistency]:`, `:[sequential
// consistency]:`): known answers, shortest counterexamples, and agreement
// with the trace refinements against models/lib/consistency.csp — on random
// processes and on every shipped model that states such an assertion.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/check/consistency.hpp"
#include "cspgate/check/refinement.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace cspgate {
namespace {

namespace ast = syntax::ast;

const std::string lib = std::string("include \"") + CSPGATE_SOURCE_DIR + "/models/lib/consistency.csp\"\n";

/// What a test compares: the monitor's result, and optionally the trace
/// refinement of `spec` by `impl` in the same program.
struct outcome {
    check::check_result monitor;
    check::verdict refinement = check::verdict::inconclusive;
};

/// Loads `text`; runs the monitor on process `P` watching `channel`
/// (causal when `causal`, else sequential with `gapless`), and, when `spec`
/// is given, `spec [T= P \ diff(Events, {| channel |})`.
outcome run(const std::string& text, const std::string& channel, bool causal, bool gapless = false,
            const std::string& spec = "") {
    outcome out;
    base::with_large_stack([&] {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "<test>", text, sink);
        ASSERT_FALSE(sink.has_errors());
        ast::expr_id p = syntax::parse_expression(script, sources, "<p>", "P", sink);
        ast::expr_id c = syntax::parse_expression(script, sources, "<c>", channel, sink);
        ast::expr_id s = ast::none, i = ast::none;
        if (!spec.empty()) {
            s = syntax::parse_expression(script, sources, "<spec>", spec, sink);
            i = syntax::parse_expression(script, sources, "<impl>", "P \\ diff(Events, {| " + channel + " |})", sink);
        }
        ASSERT_FALSE(sink.has_errors());
        auto prog = semantics::program::load(script, sink);
        ASSERT_FALSE(sink.has_errors());
        auto& space = prog->processes();
        auto machine = [&](ast::expr_id e) {
            auto v = prog->evaluate(e, sink);
            EXPECT_TRUE(v.has_value());
            auto compiled = lts::compile(space, space.term(*v), sink);
            EXPECT_TRUE(compiled.compiled != nullptr);
            return std::move(compiled.compiled);
        };
        auto m = machine(p);
        auto cv = prog->evaluate(c, sink);
        ASSERT_TRUE(cv.has_value());
        check::watched_channel w;
        w.name = channel;
        w.first_field = cv->parts().items.size();
        auto events = space.productions_of(*cv, {}, sink);
        ASSERT_TRUE(events.has_value());
        w.events = *events;
        if (causal) {
            auto root = prog->lookup("Root", sink);
            ASSERT_TRUE(root.has_value());
            out.monitor = check::causal_consistent(*m, space, w, *root, {});
        } else {
            out.monitor = check::sequential_consistent(*m, space, w, gapless, {});
        }
        if (s != ast::none) {
            auto sm = machine(s);
            auto im = machine(i);
            out.refinement = check::refines(*sm, *im, space, check::refinement_model::traces, {}).outcome;
        }
        ASSERT_FALSE(sink.has_errors());
    });
    return out;
}

std::vector<std::string> trace_of(const check::check_result& r) {
    std::vector<std::string> out;
    if (r.example)
        for (const auto& e : r.example->trace) out.push_back(e.text);
    return out;
}

const std::string spans = "Root = 0\nchannel c : {1, 2}.{0..3}.{0..3}\nchannel d\n";

TEST(consistency, causal_order_kept_and_broken) {
    auto ok = run(spans + "P = c.1.1.0 -> c.1.2.1 -> c.1.3.2 -> STOP\n", "c", true).monitor;
    EXPECT_EQ(ok.outcome, check::verdict::pass);
    // The child first: the violation is the first event, and says why.
    auto bad = run(spans + "P = c.1.1.0 -> STOP ||| c.1.2.1 -> STOP\n", "c", true).monitor;
    ASSERT_EQ(bad.outcome, check::verdict::fail);
    ASSERT_TRUE(bad.example.has_value());
    EXPECT_EQ(trace_of(bad), (std::vector<std::string>{"c.1.2.1"}));
    EXPECT_EQ(bad.example->kind, "causal consistency");
    EXPECT_NE(bad.example->summary.find("c.1.2.1 has parent span 1"), std::string::npos) << bad.example->summary;
    EXPECT_NE(bad.example->summary.find("in trace 1"), std::string::npos) << bad.example->summary;
}

TEST(consistency, causal_parent_must_be_in_the_same_trace) {
    auto r = run(spans + "P = c.1.1.0 -> c.2.2.1 -> STOP\n", "c", true).monitor;
    ASSERT_EQ(r.outcome, check::verdict::fail);
    EXPECT_EQ(trace_of(r), (std::vector<std::string>{"c.1.1.0", "c.2.2.1"}));
}

TEST(consistency, hidden_and_other_events_are_not_seen) {
    // The violating order happens only on the hidden channel view.
    EXPECT_EQ(run(spans + "P = (c.1.2.1 -> STOP) \\ {| c |}\n", "c", true).monitor.outcome, check::verdict::pass);
    // Other channels and τ interleave freely; the counterexample is the shortest.
    auto r = run(spans + "Q = d -> Q\nP = (d -> d -> c.1.2.1 -> STOP) [] (c.1.1.0 -> c.1.3.3 -> STOP)\n", "c", true).monitor;
    ASSERT_EQ(r.outcome, check::verdict::fail);
    EXPECT_EQ(trace_of(r), (std::vector<std::string>{"c.1.1.0", "c.1.3.3"}));
}

TEST(consistency, causal_watches_a_channel_with_fields_fixed) {
    std::string text = "Root = 0\nchannel c : {1, 2}.{1}.{1..2}.{0..2}\nP = c.1.1.2.1 -> STOP ||| c.2.1.1.0 -> STOP\n";
    // On c.1 the only event has a parent never introduced on c.1; on c.2 all is well.
    EXPECT_EQ(run(text, "c.1", true).monitor.outcome, check::verdict::fail);
    EXPECT_EQ(run(text, "c.2", true).monitor.outcome, check::verdict::pass);
}

const std::string logs = "channel l : {1, 2}.{1..4}\n";

TEST(consistency, sequential_strict_and_gapless) {
    std::string inc = logs + "P = l.1.1 -> l.2.1 -> l.1.2 -> l.2.2 -> STOP\n";
    EXPECT_EQ(run(inc, "l", false).monitor.outcome, check::verdict::pass);
    EXPECT_EQ(run(inc, "l", false, true).monitor.outcome, check::verdict::pass);

    std::string gap = logs + "P = l.1.1 -> l.1.3 -> STOP\n";
    EXPECT_EQ(run(gap, "l", false).monitor.outcome, check::verdict::pass);
    auto g = run(gap, "l", false, true).monitor;
    ASSERT_EQ(g.outcome, check::verdict::fail);
    EXPECT_EQ(trace_of(g), (std::vector<std::string>{"l.1.1", "l.1.3"}));
    EXPECT_NE(g.example->summary.find("skipping 2"), std::string::npos) << g.example->summary;

    auto first = run(logs + "P = l.2.2 -> STOP\n", "l", false, true).monitor;
    ASSERT_EQ(first.outcome, check::verdict::fail);
    EXPECT_NE(first.example->summary.find("starts at 1"), std::string::npos) << first.example->summary;

    auto back = run(logs + "P = l.1.2 -> l.2.4 -> l.1.2 -> STOP\n", "l", false).monitor;
    ASSERT_EQ(back.outcome, check::verdict::fail);
    EXPECT_EQ(trace_of(back), (std::vector<std::string>{"l.1.2", "l.2.4", "l.1.2"}));
    EXPECT_NE(back.example->summary.find("must strictly increase"), std::string::npos) << back.example->summary;
}

// Random processes: a few mutually recursive definitions, each an external or
// internal choice of prefixes over the watched channel and one other event.
std::string random_process(std::mt19937& rng, const std::vector<std::string>& events) {
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const std::size_t defs = 2 + pick(3);
    std::ostringstream out;
    for (std::size_t k = 0; k < defs; ++k) {
        out << "P" << k << " = ";
        const std::size_t branches = 1 + pick(3);
        const char* op = pick(3) == 0 ? " |~| " : " [] ";
        for (std::size_t b = 0; b < branches; ++b) {
            if (b) out << op;
            std::size_t r = pick(10);
            if (r == 0) out << "STOP";
            else if (r == 1) out << "SKIP";
            else if (r == 2) out << "(d -> P" << pick(defs) << ")";
            else out << "(" << events[pick(events.size())] << " -> P" << pick(defs) << ")";
        }
        out << "\n";
    }
    out << (pick(2) ? "P = P0 ||| P1\n" : "P = P0\n");
    return out.str();
}

TEST(consistency, causal_agrees_with_trace_refinement_on_random_processes) {
    std::mt19937 rng(20261127);
    const std::string head = lib + "Root = 0\nchannel c : {1, 2}.{1..2}.{0..2}\nchannel d\n";
    std::vector<std::string> events;
    for (int t = 1; t <= 2; ++t)
        for (int s = 1; s <= 2; ++s)
            for (int p = 0; p <= 2; ++p)
                if (p != s) events.push_back("c." + std::to_string(t) + "." + std::to_string(s) + "." + std::to_string(p));
    int fails = 0;
    for (int i = 0; i < 150; ++i) {
        std::string text = head + random_process(rng, events);
        auto o = run(text, "c", true, false, "CAUSAL(c, {1, 2}, {1..2}, Root)");
        ASSERT_NE(o.monitor.outcome, check::verdict::inconclusive) << text;
        EXPECT_EQ(o.monitor.outcome, o.refinement) << text;
        fails += o.monitor.outcome == check::verdict::fail;
    }
    // Both verdicts occur, so the agreement is not vacuous.
    EXPECT_GT(fails, 20);
    EXPECT_LT(fails, 130);
}

TEST(consistency, sequential_agrees_with_trace_refinement_on_random_processes) {
    std::mt19937 rng(20261128);
    const std::string head = lib + "channel l : {1, 2}.{1..3}\nchannel d\n";
    std::vector<std::string> events;
    for (int k = 1; k <= 2; ++k)
        for (int n = 1; n <= 3; ++n) events.push_back("l." + std::to_string(k) + "." + std::to_string(n));
    int fails[2] = {0, 0};
    for (int i = 0; i < 150; ++i) {
        std::string text = head + random_process(rng, events);
        for (int gapless = 0; gapless < 2; ++gapless) {
            auto o = run(text, "l", false, gapless != 0,
                         gapless ? "SEQUENTIAL_GAPLESS(l, {1, 2}, {1..3})" : "SEQUENTIAL(l, {1, 2}, {1..3})");
            ASSERT_NE(o.monitor.outcome, check::verdict::inconclusive) << text;
            EXPECT_EQ(o.monitor.outcome, o.refinement) << (gapless ? "gapless\n" : "strict\n") << text;
            fails[gapless] += o.monitor.outcome == check::verdict::fail;
        }
    }
    // Both verdicts occur (random processes mostly break strict order), and
    // gapless fails more often than strict.
    EXPECT_GT(fails[0], 20);
    EXPECT_GE(150 - fails[0], 10);
    EXPECT_GT(fails[1], fails[0]);
}

// Every shipped model that states a consistency assertion: the monitor's
// verdict equals that of the trace refinement against the specification
// process of models/lib/consistency.csp (which the model must include).
TEST(consistency, shipped_models_agree_with_the_specification_processes) {
    namespace fs = std::filesystem;
    int compared = 0;
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(CSPGATE_SOURCE_DIR) / "models"))
        if (entry.path().extension() == ".csp") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file);
        std::stringstream buf;
        buf << in.rdbuf();
        const std::string text = buf.str();
        if (text.find("consistency]:") == std::string::npos && text.find("consistency gapless]:") == std::string::npos)
            continue;
        base::with_large_stack([&] {
            base::source_manager sources;
            base::diagnostics sink;
            auto script = syntax::parse_file(sources, file.string(), sink);
            ASSERT_FALSE(sink.has_errors()) << file;
            struct pair {
                ast::assertion a;
                std::string process, channel;
                ast::expr_id spec = ast::none, impl = ast::none;
            };
            std::vector<pair> found;
            auto source_of = [&](ast::expr_id e) {
                const auto& where = script.at(e).where;
                return std::string(sources.file(where.file).text().substr(where.begin, where.end - where.begin));
            };
            std::function<void(const std::vector<ast::decl_id>&)> collect = [&](const std::vector<ast::decl_id>& decls) {
                for (ast::decl_id d : decls) {
                    const auto& node = script.declaration(d).node;
                    if (const auto* inc = std::get_if<ast::include_declaration>(&node)) collect(inc->declarations);
                    const auto* a = std::get_if<ast::assertion>(&node);
                    if (!a || (a->kind != ast::assertion_kind::causal_consistency &&
                               a->kind != ast::assertion_kind::sequential_consistency))
                        continue;
                    found.push_back({*a, source_of(a->lhs), source_of(a->rhs)});
                }
            };
            collect(script.top);
            for (auto& f : found) {
                const std::string& c = f.channel;
                std::string spec;
                if (f.a.kind == ast::assertion_kind::causal_consistency)
                    spec = "CAUSAL(" + c + ", {t | t.s.p <- extensions(" + c + ")}, diff({s | t.s.p <- extensions(" + c +
                           ")}, {Root}), Root)";
                else
                    spec = std::string(f.a.gapless ? "SEQUENTIAL_GAPLESS(" : "SEQUENTIAL(") + c + ", {k | k.n <- extensions(" +
                           c + ")}, {n | k.n <- extensions(" + c + ")})";
                f.spec = syntax::parse_expression(script, sources, "<spec>", spec, sink);
                f.impl = syntax::parse_expression(script, sources, "<impl>",
                                                  "(" + f.process + ") \\ diff(Events, {| " + c + " |})", sink);
            }
            ASSERT_FALSE(sink.has_errors()) << file;
            auto prog = semantics::program::load(script, sink);
            ASSERT_FALSE(sink.has_errors()) << file << ": the model must include models/lib/consistency.csp";
            auto& space = prog->processes();
            auto machine = [&](ast::expr_id e) {
                auto v = prog->evaluate(e, sink);
                EXPECT_TRUE(v.has_value()) << file;
                auto compiled = lts::compile(space, space.term(*v), sink);
                EXPECT_TRUE(compiled.compiled != nullptr) << file;
                return std::move(compiled.compiled);
            };
            for (const auto& f : found) {
                auto p = machine(f.a.lhs);
                auto cv = prog->evaluate(f.a.rhs, sink);
                ASSERT_TRUE(p && cv.has_value()) << file;
                check::watched_channel w;
                w.name = f.channel;
                w.first_field = cv->parts().items.size();
                w.events = *space.productions_of(*cv, {}, sink);
                check::check_result m;
                if (f.a.kind == ast::assertion_kind::causal_consistency)
                    m = check::causal_consistent(*p, space, w, *prog->lookup("Root", sink), {});
                else
                    m = check::sequential_consistent(*p, space, w, f.a.gapless, {});
                auto sm = machine(f.spec);
                auto im = machine(f.impl);
                auto r = check::refines(*sm, *im, space, check::refinement_model::traces, {});
                EXPECT_EQ(m.outcome, r.outcome) << file << ": " << f.process << " on " << f.channel;
                ++compared;
            }
        });
    }
    std::cout << "[ info     ] " << compared << " consistency assertions compared with their refinement form\n";
    EXPECT_GT(compared, 0) << "no shipped model states a consistency assertion";
}

}  // namespace
}  // namespace cspgate
