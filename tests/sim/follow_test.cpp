// Following a trace in a simulation run (sim/follow.hpp): events at their
// timestamps, hidden events between them, nothing else visible, a free
// run's own trace followed back to the same events, and the places where a
// fault or the model stops the trace, with --then stop and free.

#include "sim_support.hpp"

#include "cspgate/replay/tracker.hpp"
#include "cspgate/report/sim_report.hpp"
#include "cspgate/sim/follow.hpp"

#include <sstream>

namespace cspgate::sim::test {
namespace {

/// The replay layer's follower as the guide (as the command line joins them).
class guide final : public trace_guide {
public:
    guide(const lts::machine& m, std::vector<semantics::event_id> t) : m_f(m, std::move(t)) {}
    bool done() const override { return m_f.done(); }
    semantics::event_id next() const override { return m_f.next(); }
    std::vector<std::size_t> allowed(const lts::successors& out) override { return m_f.allowed(out); }
    void taken(semantics::event_id e) override { m_f.taken(e); }
    bool reaches_next(const std::uint32_t* s) override { return m_f.reaches_next(s); }
    std::vector<semantics::event_id> possible_from(const std::uint32_t* s) override { return m_f.possible_from(s); }

private:
    replay::trace_follower m_f;
};

semantics::event_id id(const loaded& l, const std::string& name) {
    for (std::size_t e = 0; e < l.table->names.size(); ++e)
        if (l.table->names[e] == name) return static_cast<semantics::event_id>(e);
    ADD_FAILURE() << "no event " << name;
    return semantics::tau_event;
}

timed_trace trace_of(const loaded& l, const std::vector<std::string>& names, const std::vector<double>& times = {}) {
    timed_trace t;
    for (std::size_t i = 0; i < names.size(); ++i) {
        t.events.push_back(id(l, names[i]));
        if (!times.empty()) t.times.push_back(times[i]);
    }
    return t;
}

struct followed {
    run_result result;
    std::vector<nlohmann::json> log;
    /// The visible events of the log, and their times.
    std::vector<std::string> visible;
    std::vector<double> times;
};

followed follow(loaded& l, const timed_trace& t, then_do then, run_options o = {}) {
    std::ostringstream out;
    report::event_log log(out, *l.table, l.resolved.get());
    follow_policy pol(*l.resolved, t, std::make_unique<guide>(*l.machines[0], t.events), then);
    followed f;
    f.result = simulate(*l.machines[0], *l.resolved, o, &log, &pol);
    f.log = parse_lines(out.str());
    for (const auto& j : f.log)
        if (j.contains("event") && !j["hidden"].get<bool>()) {
            f.visible.push_back(j["event"]);
            f.times.push_back(j["time"]);
        }
    return f;
}

using outcome = follow_result::outcome_kind;
using cause = follow_result::cause_kind;

TEST(follow, timed_events_happen_at_their_timestamps_and_nothing_else_visible) {
    with_model("channel a, b\nP = a -> P [] b -> P\n", "P", R"({"default": {"dist": "exponential", "mean": "10 ms"}})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   auto f = follow(l, trace_of(l, {"b", "b", "a", "b"}, {1.0, 2.5, 2.5, 7.25}), then_do::stop);
                   EXPECT_EQ(f.visible, (std::vector<std::string>{"b", "b", "a", "b"}));
                   EXPECT_EQ(f.times, (std::vector<double>{1.0, 2.5, 2.5, 7.25}));
                   ASSERT_TRUE(f.result.follow);
                   EXPECT_EQ(f.result.follow->outcome, outcome::followed);
                   EXPECT_EQ(f.result.follow->followed, 4u);
                   EXPECT_EQ(f.result.follow->late, 0u);
                   EXPECT_EQ(f.result.reason, end_reason::stopped);
                   EXPECT_DOUBLE_EQ(f.result.end_time, 7.25);
                   EXPECT_EQ(f.log.back()["follow"], "end");
               });
}

TEST(follow, hidden_events_happen_between_trace_events_and_an_internal_choice_is_steered) {
    // After a, the hidden h leads either to b or to c; the trace says c.
    with_model("channel a, b, c, h\nQ = a -> (h -> b -> Q |~| h -> c -> Q)\nP = Q \\ {h}\n", "P",
               R"({"default": {"dist": "exponential", "mean": "1 s"}})", [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   for (std::uint64_t seed = 1; seed <= 20; ++seed) {
                       run_options o;
                       o.seed = seed;
                       auto f = follow(l, trace_of(l, {"a", "c", "a", "c", "a", "b"}), then_do::stop, o);
                       EXPECT_EQ(f.visible, (std::vector<std::string>{"a", "c", "a", "c", "a", "b"})) << seed;
                       EXPECT_EQ(f.result.follow->outcome, outcome::followed) << seed;
                       std::size_t hidden = 0;
                       for (const auto& j : f.log) hidden += j.contains("hidden") && j["hidden"].get<bool>();
                       EXPECT_GE(hidden, 3u) << seed;
                   }
               });
}

TEST(follow, a_free_runs_own_events_followed_with_its_seed_give_the_same_run) {
    const char* model = R"(
channel emit, store : {0..1}.{0..2}
channel hop : {0..1}.{0..2}
App(t) = [] s : {0..2} @ emit.t.s -> hop.t.s -> App(t)
Sink = hop?t?s -> store.t.s -> Sink
P = ((App(0) ||| App(1)) [| {| hop |} |] Sink) \ {| hop |}
)";
    with_model(model, "P", R"({"default": {"dist": "exponential", "mean": "10 ms"},
                               "channels": {"hop": {"delay": {"dist": "lognormal", "median": "5 ms", "sigma": 0.5}}}})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   run_options o;
                   o.seed = 42;
                   o.max_events = 400;
                   std::ostringstream free_out;
                   report::event_log free_log(free_out, *l.table);
                   simulate(*l.machines[0], *l.resolved, o, &free_log);
                   auto lines = parse_lines(free_out.str());
                   std::vector<std::string> names;
                   std::vector<double> times;
                   for (const auto& j : lines)
                       if (!j["hidden"].get<bool>()) {
                           names.push_back(j["event"]);
                           times.push_back(j["time"]);
                       }
                   ASSERT_GT(names.size(), 100u);
                   // Untimed (a counterexample) and timed (an event log, 9 decimals): the same run.
                   for (bool timed : {false, true}) {
                       auto f = follow(l, trace_of(l, names, timed ? times : std::vector<double>{}), then_do::free, o);
                       std::vector<nlohmann::json> events;
                       for (const auto& j : f.log)
                           if (!j.contains("follow")) events.push_back(j);
                       EXPECT_EQ(events, lines) << (timed ? "timed" : "untimed");
                       EXPECT_EQ(f.result.follow->outcome, outcome::followed);
                       EXPECT_EQ(f.result.follow->late, 0u);
                   }
               });
}

const char* two_parts = R"(
channel emit, store : {0..3}
channel hop : {0..3}
App = [] s : {0..3} @ emit.s -> hop.s -> App
Sink = hop?s -> store.s -> Sink
P = App [| {| hop |} |] Sink
)";

TEST(follow, a_frozen_component_stops_the_trace_at_the_event_it_should_do) {
    with_model(two_parts, "P",
               R"({"default": "1 s", "faults": [{"freeze": "Sink", "from": "2.5 s", "for": "10 s"}]})", [](loaded& l) {
                   ASSERT_TRUE(l.resolved) << l.errors[0].message;
                   // emit at 1, hop at 2 (both App and Sink), store at 3: Sink is frozen from 2.5 s.
                   auto t = trace_of(l, {"emit.1", "hop.1", "store.1", "emit.2"}, {1, 2, 3, 4});
                   auto stop = follow(l, t, then_do::stop);
                   const follow_result& f = *stop.result.follow;
                   EXPECT_EQ(f.outcome, outcome::left);
                   EXPECT_EQ(f.cause, cause::fault);
                   EXPECT_EQ(f.followed, 2u);
                   EXPECT_EQ(l.table->names[f.event], "store.1");
                   EXPECT_DOUBLE_EQ(f.time, 3.0);  // at its timestamp, not when the freeze began
                   EXPECT_EQ(f.external, 0);
                   EXPECT_EQ(f.active, (std::vector<std::uint32_t>{0}));
                   EXPECT_EQ(stop.result.reason, end_reason::stopped);
                   EXPECT_DOUBLE_EQ(stop.result.end_time, 3.0);
                   EXPECT_EQ(stop.visible, (std::vector<std::string>{"emit.1", "hop.1"}));
                   EXPECT_EQ(report::follow_reason(*l.resolved, f),
                             "blocked by the injected fault freeze Sink from 2.5 s to 12.5 s");
                   EXPECT_EQ(stop.log.back()["follow"], "left");
                   EXPECT_EQ(stop.log.back()["position"], 2);

                   // Free: the run goes on by the race.  App emits at 3 s (its
                   // clock, drawn at 2 s), then waits for the frozen Sink; the
                   // store's clock is drawn afresh when Sink thaws at 12.5 s.
                   run_options o;
                   o.until = 20;
                   auto free = follow(l, t, then_do::free, o);
                   EXPECT_EQ(free.result.follow->outcome, outcome::left);
                   EXPECT_EQ(free.result.follow->followed, 2u);
                   EXPECT_TRUE(free.result.follow->then_free);
                   EXPECT_EQ(free.result.reason, end_reason::until);
                   ASSERT_GT(free.visible.size(), 4u);
                   EXPECT_EQ(free.visible[2].substr(0, 5), "emit.");
                   EXPECT_DOUBLE_EQ(free.times[2], 3.0);
                   EXPECT_EQ(free.visible[3], "store.1");
                   EXPECT_DOUBLE_EQ(free.times[3], 13.5);
               });
}

TEST(follow, a_window_that_closes_before_the_event_time_does_not_stop_it) {
    with_model(two_parts, "P", R"({"default": "1 s", "faults": [{"block": "store", "from": "2.5 s", "until": "2.9 s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   auto f = follow(l, trace_of(l, {"emit.1", "hop.1", "store.1"}, {1, 2, 3}), then_do::stop);
                   EXPECT_EQ(f.result.follow->outcome, outcome::followed);
                   EXPECT_EQ(f.times, (std::vector<double>{1, 2, 3}));
                   // An untimed trace has no time to wait for: blocked when the window opens.
                   auto g = follow(l, trace_of(l, {"emit.1", "hop.1", "store.1"}), then_do::stop);
                   EXPECT_EQ(g.result.follow->outcome, outcome::left);
                   EXPECT_EQ(g.result.follow->cause, cause::fault);
                   EXPECT_DOUBLE_EQ(g.result.follow->time, 2.5);
                   EXPECT_EQ(report::follow_reason(*l.resolved, *g.result.follow),
                             "blocked by the injected fault block store from 2.5 s to 2.9 s");
               });
}

TEST(follow, an_event_the_model_cannot_do_is_reported_with_what_was_possible) {
    with_model("channel a, b, c\nP = a -> b -> c -> P\n", "P", R"({})", [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        auto f = follow(l, trace_of(l, {"a", "c"}), then_do::stop);
        const follow_result& r = *f.result.follow;
        EXPECT_EQ(r.outcome, outcome::left);
        EXPECT_EQ(r.cause, cause::model);
        EXPECT_EQ(r.followed, 1u);
        ASSERT_EQ(r.possible.size(), 1u);
        EXPECT_EQ(l.table->names[r.possible[0]], "b");
        EXPECT_EQ(report::follow_reason(*l.resolved, r), "not possible in the model here");
        EXPECT_EQ(f.visible, (std::vector<std::string>{"a"}));
    });
}

TEST(follow, a_declared_fault_the_scenario_injects_happens_off_the_trace) {
    with_model("channel work, fail\nP = work -> P [] fail -> STOP\n", "P",
               R"({"channels": {"work": {"delay": "1 s"}}, "faults": [{"event": "fail", "at": "2.5 s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   auto f = follow(l, trace_of(l, {"work", "work", "work", "work"}), then_do::stop);
                   const follow_result& r = *f.result.follow;
                   EXPECT_EQ(r.outcome, outcome::left);
                   EXPECT_EQ(r.followed, 2u);
                   EXPECT_EQ(f.visible, (std::vector<std::string>{"work", "work", "fail"}));
                   ASSERT_EQ(r.injected.size(), 1u);
                   EXPECT_DOUBLE_EQ(r.injected[0].time, 2.5);
                   // The process is dead after fail: a deadlock before the next work.
                   EXPECT_EQ(r.cause, cause::deadlock);
                   EXPECT_EQ(f.result.reason, end_reason::deadlock);
               });
    with_model("channel work, fail, idle\nP = work -> P [] fail -> idle -> STOP\n", "P",
               R"({"channels": {"work": {"delay": "1 s"}}, "faults": [{"event": "fail", "at": "2.5 s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   auto f = follow(l, trace_of(l, {"work", "work", "work"}), then_do::stop);
                   const follow_result& r = *f.result.follow;
                   EXPECT_EQ(r.cause, cause::model);
                   EXPECT_EQ(report::follow_reason(*l.resolved, r),
                             "not possible in the model here (after the injected fault fail at 2.5 s)");
               });
}

TEST(follow, the_run_waits_for_a_released_fault_that_leads_to_the_next_event) {
    const char* model = "channel work, crash, restart\nP = work -> P [] crash -> restart -> P\n";
    // The trace has the restart but not the crash before it: the scenario injects the crash at 2.5 s.
    with_model(model, "P", R"({"channels": {"work": {"delay": "1 s"}, "restart": {"delay": "0.5 s"}},
                               "faults": [{"event": "crash", "at": "2.5 s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   auto f = follow(l, trace_of(l, {"work", "work", "restart", "work"}), then_do::stop);
                   EXPECT_EQ(f.result.follow->outcome, outcome::followed);
                   EXPECT_EQ(f.visible, (std::vector<std::string>{"work", "work", "crash", "restart", "work"}));
                   EXPECT_EQ(f.times, (std::vector<double>{1, 2, 2.5, 3, 4}));
                   ASSERT_EQ(f.result.follow->injected_count, 1u);
                   EXPECT_EQ(l.table->names[f.result.follow->injected[0].event], "crash");
               });
    // Without a plan the crash is held back: the trace cannot go on, and says why.
    with_model(model, "P", R"({"channels": {"work": {"delay": "1 s"}}, "faults": [{"event": "crash"}]})", [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        auto f = follow(l, trace_of(l, {"work", "restart"}), then_do::stop);
        EXPECT_EQ(f.result.follow->outcome, outcome::left);
        EXPECT_EQ(f.result.follow->cause, cause::held_back);
        EXPECT_EQ(f.result.follow->followed, 1u);
        EXPECT_EQ(report::follow_reason(*l.resolved, *f.result.follow), "only events the scenario holds back lead to it");
    });
}

}  // namespace
}  // namespace cspgate::sim::test
