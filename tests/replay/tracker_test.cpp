// The state-set tracker and the trace follower on small processes with
// known answers, and a differential test against the reference interpreter
// of tests/support/random_csp.hpp: a trace fits exactly when the
// interpreter has it.

#include "cspgate/base/large_stack.hpp"
#include "cspgate/lts/compiled.hpp"
#include "cspgate/replay/tracker.hpp"
#include "cspgate/semantics/process.hpp"
#include "cspgate/semantics/program.hpp"
#include "cspgate/syntax/parser.hpp"

#include "../support/random_csp.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cspgate {
namespace {

using replay::replay_result;
using verdict = replay_result::verdict;

// A compiled process P of a script, and its events by name.
struct loaded {
    const lts::machine& m;
    semantics::process_space& space;
    semantics::program& prog;

    lts::event_id id(const std::string& name) {
        if (name == "✓") return lts::tick_event;
        if (name == "τ") return lts::tau_event;
        base::diagnostics sink;
        auto v = prog.lookup(name, sink);
        EXPECT_TRUE(v.has_value()) << name;
        return space.event(*v);
    }
    std::vector<lts::event_id> ids(const std::vector<std::string>& names) {
        std::vector<lts::event_id> out;
        for (const auto& n : names) out.push_back(id(n));
        return out;
    }
    std::vector<std::string> names(const std::vector<lts::event_id>& events) {
        std::vector<std::string> out;
        for (auto e : events) out.push_back(space.event_name(e));
        std::sort(out.begin(), out.end());
        return out;
    }
    replay_result replay(const std::vector<std::string>& trace, replay::replay_limits lim = {}) {
        return replay::replay_trace(m, ids(trace), lim);
    }
};

void with_p(const std::string& text, const std::function<void(loaded&)>& use) {
    base::with_large_stack([&] {
        base::source_manager sources;
        base::diagnostics sink;
        auto script = syntax::parse_text(sources, "<test>", text, sink);
        ASSERT_FALSE(sink.has_errors()) << text;
        auto prog = semantics::program::load(script, sink);
        ASSERT_FALSE(sink.has_errors()) << text;
        auto& space = prog->processes();
        auto v = prog->lookup("P", sink);
        ASSERT_TRUE(v.has_value());
        auto compiled = lts::compile(space, space.term(*v), sink);
        ASSERT_TRUE(compiled.compiled != nullptr) << text;
        loaded l{*compiled.compiled, space, *prog};
        use(l);
    });
}

using names = std::vector<std::string>;

TEST(replay, nondeterministic_choice_accepts_both_resolutions) {
    with_p("channel a, b, c\nP = a -> b -> STOP |~| a -> c -> STOP\n", [](loaded& l) {
        auto ab = l.replay({"a", "b"});
        EXPECT_EQ(ab.outcome, verdict::fits);
        EXPECT_EQ(ab.fitted, 2u);
        EXPECT_TRUE(ab.can_deadlock);
        EXPECT_TRUE(ab.possible.empty());
        EXPECT_EQ(l.replay({"a", "c"}).outcome, verdict::fits);
        // After a, the process is in one of two states: b and c are possible.
        auto a = l.replay({"a"});
        EXPECT_EQ(a.states, 2u);
        EXPECT_EQ(l.names(a.possible), (names{"b", "c"}));
        auto aa = l.replay({"a", "a"});
        EXPECT_EQ(aa.outcome, verdict::does_not_fit);
        EXPECT_EQ(aa.fitted, 1u);
        EXPECT_EQ(aa.event, l.id("a"));
        EXPECT_EQ(l.names(aa.possible), (names{"b", "c"}));
        auto abc = l.replay({"a", "b", "c"});
        EXPECT_EQ(abc.outcome, verdict::does_not_fit);
        EXPECT_EQ(abc.fitted, 2u);
        EXPECT_TRUE(abc.possible.empty());
    });
}

TEST(replay, first_mismatch_position_and_what_was_possible) {
    with_p("channel a, b, c\nP = a -> (b -> P [] c -> STOP)\n", [](loaded& l) {
        EXPECT_EQ(l.replay({}).outcome, verdict::fits);
        EXPECT_EQ(l.replay({"a", "b", "a", "b", "a", "c"}).outcome, verdict::fits);
        auto r = l.replay({"a", "b", "a", "a"});
        EXPECT_EQ(r.outcome, verdict::does_not_fit);
        EXPECT_EQ(r.fitted, 3u);
        EXPECT_EQ(l.names(r.possible), (names{"b", "c"}));
        auto first = l.replay({"b"});
        EXPECT_EQ(first.fitted, 0u);
        EXPECT_EQ(l.names(first.possible), (names{"a"}));
    });
}

TEST(replay, hidden_events_are_tau_and_never_in_the_trace) {
    with_p("channel a, b, h\nQ = a -> h -> b -> Q\nP = Q \\ {h}\n", [](loaded& l) {
        EXPECT_EQ(l.replay({"a", "b", "a", "b"}).outcome, verdict::fits);
        auto r = l.replay({"a", "h", "b"});
        EXPECT_EQ(r.outcome, verdict::does_not_fit);
        EXPECT_EQ(r.fitted, 1u);
        EXPECT_EQ(r.event, l.id("h"));
        EXPECT_EQ(l.names(r.possible), (names{"b"}));
        // After a, the τ-closure holds the state before and after the hidden h.
        EXPECT_EQ(l.replay({"a"}).states, 2u);
        // τ in a trace is no event: skipped.
        EXPECT_EQ(l.replay({"a", "τ", "b"}).outcome, verdict::fits);
    });
}

TEST(replay, tau_closure_through_a_divergence) {
    with_p("channel a, b, h\nQ = h -> Q [] a -> b -> STOP\nP = Q \\ {h}\n", [](loaded& l) {
        auto r = l.replay({"a", "b"});
        EXPECT_EQ(r.outcome, verdict::fits);
        EXPECT_TRUE(r.can_deadlock);
        EXPECT_EQ(l.replay({}).states, 1u);  // the τ loop leads back to the same state
    });
}

TEST(replay, parallel_synchronisation_and_termination) {
    with_p("channel a, b, c\nP = (a -> b -> SKIP) [| {b} |] (c -> b -> SKIP)\n", [](loaded& l) {
        EXPECT_EQ(l.replay({"a", "c", "b", "✓"}).outcome, verdict::fits);
        EXPECT_EQ(l.replay({"c", "a", "b"}).outcome, verdict::fits);
        auto r = l.replay({"a", "b"});
        EXPECT_EQ(r.outcome, verdict::does_not_fit);
        EXPECT_EQ(r.fitted, 1u);
        EXPECT_EQ(l.names(r.possible), (names{"c"}));
        auto end = l.replay({"a", "c", "b", "✓"});
        EXPECT_TRUE(end.has_terminated);
        EXPECT_FALSE(end.can_deadlock);
        auto before = l.replay({"a", "c", "b"});
        EXPECT_EQ(l.names(before.possible), (names{"✓"}));
        EXPECT_FALSE(before.has_terminated);
    });
}

TEST(replay, a_set_past_the_limit_is_inconclusive) {
    with_p("channel a, h, k\nP = ((h -> a -> STOP) ||| (k -> STOP)) \\ {h, k}\n", [](loaded& l) {
        // Four states after <> (h and k in either order), so a limit of 3 is too small.
        EXPECT_EQ(l.replay({}).states, 4u);
        replay::replay_limits lim;
        lim.max_states = 3;
        auto r = l.replay({"a"}, lim);
        EXPECT_EQ(r.outcome, verdict::inconclusive);
        EXPECT_EQ(r.fitted, 0u);
        EXPECT_NE(r.reason.find("more than 3 states"), std::string::npos) << r.reason;
        lim.max_states = 4;
        EXPECT_EQ(l.replay({"a"}, lim).outcome, verdict::fits);
    });
}

TEST(follower, picks_the_internal_choice_that_can_follow_the_trace) {
    with_p("channel a, b\nP = a -> STOP |~| b -> STOP\n", [](loaded& l) {
        replay::trace_follower f(l.m, l.ids({"b"}));
        std::vector<std::uint32_t> state(l.m.width());
        l.m.initial(state.data());
        EXPECT_EQ(l.names(f.possible_from(state.data())), (names{"a", "b"}));
        lts::successors out;
        l.m.expand(state.data(), out);
        ASSERT_EQ(out.size(), 2u);  // two τ moves
        auto allowed = f.allowed(out);
        ASSERT_EQ(allowed.size(), 1u);
        // The allowed τ leads to the side that offers b.
        std::vector<std::uint32_t> next(out.states.begin() + static_cast<std::ptrdiff_t>(allowed[0] * l.m.width()),
                                        out.states.begin() + static_cast<std::ptrdiff_t>((allowed[0] + 1) * l.m.width()));
        EXPECT_TRUE(f.taken(out.events[allowed[0]]));
        EXPECT_EQ(f.position(), 0u);
        out.clear();
        l.m.expand(next.data(), out);
        allowed = f.allowed(out);
        ASSERT_EQ(allowed.size(), 1u);
        EXPECT_EQ(out.events[allowed[0]], l.id("b"));
        EXPECT_FALSE(f.taken(l.id("a")));  // not the trace's next event
        EXPECT_TRUE(f.taken(l.id("b")));
        EXPECT_TRUE(f.done());
    });
}

TEST(follower, is_stuck_when_the_state_cannot_continue_the_trace) {
    with_p("channel a, b, c\nP = a -> b -> STOP\n", [](loaded& l) {
        replay::trace_follower f(l.m, l.ids({"a", "c"}));
        std::vector<std::uint32_t> state(l.m.width());
        l.m.initial(state.data());
        lts::successors out;
        l.m.expand(state.data(), out);
        auto allowed = f.allowed(out);
        ASSERT_EQ(allowed.size(), 1u);
        ASSERT_TRUE(f.taken(out.events[allowed[0]]));
        std::vector<std::uint32_t> next(out.states.begin(), out.states.begin() + static_cast<std::ptrdiff_t>(l.m.width()));
        out.clear();
        l.m.expand(next.data(), out);
        EXPECT_TRUE(f.allowed(out).empty());
        EXPECT_EQ(f.next(), l.id("c"));
        EXPECT_EQ(l.names(f.possible_from(next.data())), (names{"b"}));
    });
}

// Every trace over a, b, c, ✓ of length <= 4 fits exactly when the reference
// interpreter has it, and when it does not, the fitted prefix is the longest
// one the interpreter has and the possible events are its one-event
// extensions.
TEST(replay_differential, random_processes_against_the_reference_interpreter) {
    random_csp::generator gen(20261127);
    int checked = 0;
    for (int round = 0; round < 120; ++round) {
        random_csp::script s = gen.next();
        random_csp::observations ref = random_csp::interpret(s);
        with_p(s.cspm(), [&](loaded& l) {
            std::map<int, lts::event_id> code{{random_csp::tick, lts::tick_event}};
            for (int e = random_csp::ev_a; e < 5; ++e) code[e] = l.id(random_csp::event_names[e]);
            std::vector<std::vector<int>> candidates{{}};
            for (std::size_t at = 0; at < candidates.size(); ++at)
                if (candidates[at].size() < 4)
                    for (int e = random_csp::tick; e < 5; ++e) {
                        auto t = candidates[at];
                        t.push_back(e);
                        candidates.push_back(t);
                    }
            for (const auto& t : candidates) {
                std::vector<lts::event_id> ids;
                for (int e : t) ids.push_back(code[e]);
                auto r = replay::replay_trace(l.m, ids);
                ASSERT_NE(r.outcome, verdict::inconclusive);
                bool fits = ref.count(t) != 0;
                ASSERT_EQ(r.outcome == verdict::fits, fits) << s.cspm() << random_csp::show(t);
                std::size_t prefix = 0;
                while (prefix < t.size() && ref.count(std::vector<int>(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(prefix) + 1)))
                    ++prefix;
                ASSERT_EQ(r.fitted, prefix) << s.cspm() << random_csp::show(t);
                if (prefix < 4) {
                    std::vector<int> base(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(prefix));
                    std::vector<lts::event_id> expected;
                    for (int e = random_csp::tick; e < 5; ++e) {
                        auto ext = base;
                        ext.push_back(e);
                        if (ref.count(ext)) expected.push_back(code[e]);
                    }
                    std::sort(expected.begin(), expected.end());
                    ASSERT_EQ(r.possible, expected) << s.cspm() << random_csp::show(t);
                }
                ++checked;
            }
        });
    }
    EXPECT_EQ(checked, 120 * 341);
}

}  // namespace
}  // namespace cspgate
