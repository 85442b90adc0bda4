// The communication graph of compiled processes with known shapes: a
// pipeline, a star, hidden and renamed channels, a three-way
// synchronisation.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/lts/topology.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cspgate {
namespace {

// The topology of process P of `text`, as lines: "A -> B: a (2 events)",
// "X -?- Y: s (1 event, hidden)", and a first line with the node names and
// the channels they use alone.
std::vector<std::string> graph_of(const std::string& text) {
    std::vector<std::string> out;
    base::with_large_stack([&] {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "<test>", text, sink);
        ASSERT_FALSE(sink.has_errors());
        auto prog = semantics::program::load(script, sink);
        ASSERT_FALSE(sink.has_errors());
        auto& space = prog->processes();
        auto v = prog->lookup("P", sink);
        ASSERT_TRUE(v.has_value());
        auto compiled = lts::compile(space, space.term(*v), sink);
        ASSERT_TRUE(compiled.compiled != nullptr);
        auto t = lts::topology_of(*compiled.compiled);
        ASSERT_TRUE(t.has_value());
        std::string nodes;
        for (const auto& n : t->nodes) {
            nodes += (nodes.empty() ? "" : ", ") + n.name;
            for (const auto& c : n.own) nodes += std::string(" +") + c.channel + (c.hidden ? "(hidden)" : "");
        }
        out.push_back(nodes);
        for (const auto& e : t->edges)
            out.push_back(t->nodes[e.from].name + (e.directed ? " -> " : " -?- ") + t->nodes[e.to].name + ": " + e.channel +
                          " (" + std::to_string(e.events) + (e.events == 1 ? " event" : " events") +
                          (e.hidden ? ", hidden" : "") + ")");
    });
    return out;
}

using lines = std::vector<std::string>;

TEST(topology, a_pipeline_over_two_channels) {
    EXPECT_EQ(graph_of("channel a, b : {0..2}\n"
                       "A = a!0 -> a!1 -> A\n"
                       "B = a?x -> b!x -> B\n"
                       "C = b?x -> C\n"
                       "P = (A [| {|a|} |] B) [| {|b|} |] C\n"),
              (lines{"A, B, C", "A -> B: a (2 events)", "B -> C: b (3 events)"}));
}

TEST(topology, a_star_of_agents_around_a_hub) {
    EXPECT_EQ(graph_of("channel up : {0..2}.{0..1}\n"
                       "channel emit : {0..2}\n"
                       "Agent(i) = emit.i -> up!i!0 -> up!i!1 -> Agent(i)\n"
                       "Hub = up?i?v -> Hub\n"
                       "P = (||| i : {0..2} @ Agent(i)) [| {|up|} |] Hub\n"),
              (lines{"Agent(0) +emit, Agent(1) +emit, Agent(2) +emit, Hub", "Agent(0) -> Hub: up (2 events)",
                     "Agent(1) -> Hub: up (2 events)", "Agent(2) -> Hub: up (2 events)"}));
}

TEST(topology, hidden_channels_are_shown_marked_hidden) {
    EXPECT_EQ(graph_of("channel a, b : {0..2}\n"
                       "A = a!0 -> a!1 -> A\n"
                       "B = a?x -> b!x -> B\n"
                       "P = (A [| {|a|} |] B) \\ {|a, b|}\n"),
              (lines{"A, B +b(hidden)", "A -> B: a (2 events, hidden)"}));
}

TEST(topology, renaming_labels_the_edge_with_both_names) {
    EXPECT_EQ(graph_of("channel a, c : {0..2}\n"
                       "A = a!0 -> a!1 -> A\n"
                       "D = c?x -> D\n"
                       "P = A [[ a <- c ]] [| {|c|} |] D\n"),
              (lines{"A, D", "A -> D: a/c (2 events)"}));
}

TEST(topology, three_components_on_one_event_and_unknown_direction) {
    EXPECT_EQ(graph_of("channel s, x\n"
                       "X = s -> x -> X\nY = s -> Y\nZ = s -> Z\n"
                       "P = (X [| {s} |] Y) [| {s} |] Z\n"),
              (lines{"X +x, Y, Z", "X -?- Y: s (1 event)", "X -?- Z: s (1 event)", "Y -?- Z: s (1 event)"}));
}

TEST(topology, a_sequential_process_is_one_component) {
    EXPECT_EQ(graph_of("channel a\nP = a -> P\n"), (lines{"P +a"}));
}

}  // namespace
}  // namespace cspgate
