// The run loop: determinism, faults in the log, deadlocks reported, ties,
// measurements pairing by bound fields, and the scenario's error paths.

#include "sim_support.hpp"

#include "cspgate/report/sim_report.hpp"

#include <sstream>

namespace cspgate::sim::test {
namespace {

const char* pipeline = R"(
channel emit, store : {0..2}.{0..3}
channel hop : {0..2}.{0..3}
App(t) = ([] s : {0..3} @ emit.t.s -> hop.t.s -> App(t))
Sink = hop?t?s -> store.t.s -> Sink
P = (App(0) ||| App(1) ||| App(2)) [| {| hop |} |] Sink
)";

const char* pipeline_scenario = R"({
  "default": {"dist": "exponential", "mean": "10 ms"},
  "channels": {"hop": {"delay": {"dist": "lognormal", "median": "5 ms", "sigma": 0.5}}},
  "events": [{"match": "store.1", "delay": {"dist": "uniform", "min": "1 ms", "max": "3 ms"}}],
  "measure": [{"name": "delivery", "from": "emit.?t.?s", "to": "store.?t.?s"}],
  "count": [{"name": "stored per trace", "match": "store.?t"}]
})";

std::string summary_json(loaded& l, const std::vector<run_result>& runs, const run_options& o) {
    report::sim_summary s;
    s.model = "m";
    s.process = "P";
    s.seed = o.seed;
    s.plan = l.resolved.get();
    s.options = o;
    s.runs = &runs;
    s.metrics = aggregate(runs);
    std::ostringstream out;
    report::write_sim_json(out, s);
    report::write_sim_text(out, s);
    return out.str();
}

TEST(engine, same_seed_same_event_log_and_summary) {
    with_model(pipeline, "P", pipeline_scenario, [](loaded& l) {
        ASSERT_TRUE(l.resolved) << l.errors[0].path << ": " << l.errors[0].message;
        run_options o;
        o.seed = 3;
        o.max_events = 5000;
        std::string logs[3];
        for (int i = 0; i < 3; ++i) {
            std::ostringstream out;
            report::event_log log(out, *l.table);
            run_options oi = o;
            if (i == 2) oi.seed = 4;
            simulate(*l.machines[0], *l.resolved, oi, &log);
            logs[i] = out.str();
        }
        EXPECT_EQ(logs[0], logs[1]);
        EXPECT_NE(logs[0], logs[2]);  // another seed, another run
        EXPECT_EQ(parse_lines(logs[0]).size(), 5000u);
    });
}

TEST(engine, summary_is_the_same_at_one_and_two_threads) {
    with_model(
        pipeline, "P", pipeline_scenario,
        [](loaded& l) {
            ASSERT_TRUE(l.resolved);
            run_options o;
            o.seed = 10;
            o.max_events = 3000;
            std::vector<const lts::machine*> one{l.machines[0].get()}, two{l.machines[0].get(), l.machines[1].get()};
            std::string a = summary_json(l, run_many(one, *l.resolved, o, 7, nullptr), o);
            std::string b = summary_json(l, run_many(two, *l.resolved, o, 7, nullptr), o);
            std::string c = summary_json(l, run_many(one, *l.resolved, o, 7, nullptr), o);
            // A clone shares the compiled components and runs the same.
            std::unique_ptr<lts::machine> copy = l.machines[0]->clone();
            ASSERT_TRUE(copy != nullptr);
            std::vector<const lts::machine*> cloned{l.machines[0].get(), copy.get()};
            std::string d = summary_json(l, run_many(cloned, *l.resolved, o, 7, nullptr), o);
            EXPECT_EQ(a, b);
            EXPECT_EQ(a, c);
            EXPECT_EQ(a, d);
            EXPECT_NE(a.find("\"schema\": \"cspgate.sim/v1\""), std::string::npos);
        },
        2);
}

TEST(engine, measurements_pair_by_bound_fields) {
    with_model(pipeline, "P", pipeline_scenario, [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        run_options o;
        o.max_events = 20000;
        std::ostringstream out;
        report::event_log log(out, *l.table);
        run_result r = simulate(*l.machines[0], *l.resolved, o, &log);
        // Recompute the pairing from the log: each store.t.s ends the oldest emit.t.s.
        std::map<std::string, std::vector<double>> open;
        std::vector<double> lat;
        for (const auto& j : parse_lines(out.str())) {
            std::string ch = j["channel"], key = j["fields"].dump();
            if (ch == "emit") open[key].push_back(j["time"]);
            if (ch == "store") {
                auto& q = open[key];
                ASSERT_FALSE(q.empty());
                lat.push_back(static_cast<double>(j["time"]) - q.front());
                q.erase(q.begin());
            }
        }
        std::uint64_t lost = 0;
        for (auto& [k, q] : open) lost += q.size();
        ASSERT_EQ(r.latencies.size(), 1u);
        EXPECT_EQ(r.latencies[0].matched, lat.size());
        EXPECT_EQ(r.latencies[0].lost, lost);
        EXPECT_LE(lost, 4u);  // at most one item per application before the hop, one in the sink
        std::sort(lat.begin(), lat.end());
        EXPECT_NEAR(r.latencies[0].max, lat.back(), 2e-9);  // the log rounds times to ns
        EXPECT_NEAR(r.latencies[0].min, lat.front(), 2e-9);
        EXPECT_NEAR(r.latencies[0].p50, lat[(lat.size() + 1) / 2 - 1], 2e-9);
        // Counts per trace: the three groups add up to the stores.
        ASSERT_EQ(r.counters.size(), 1u);
        ASSERT_EQ(r.counters[0].groups.size(), 3u);
        std::uint64_t total = 0;
        for (auto& [g, n] : r.counters[0].groups) total += n;
        EXPECT_EQ(total, lat.size());
        EXPECT_EQ(r.counters[0].groups[1].first, "1");
    });
}

const char* two_tickers = "channel t1, t2\nA = t1 -> A\nB = t2 -> B\nP = A ||| B\n";

TEST(engine, external_faults_act_in_their_windows_and_appear_in_the_log) {
    with_model(two_tickers, "P",
               R"({"default": {"dist": "exponential", "mean": "20 ms"},
                   "until": "10 s",
                   "faults": [{"freeze": "B", "from": "1 s", "until": "2 s"},
                              {"block": "t1", "from": "3 s", "for": "1 s"},
                              {"slow": "t1", "from": "5 s", "until": "5.5 s", "add": "2 s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved) << l.errors[0].path << ": " << l.errors[0].message;
                   std::ostringstream out;
                   report::event_log log(out, *l.table);
                   run_options o;
                   o.until = 10;
                   run_result r = simulate(*l.machines[0], *l.resolved, o, &log);
                   EXPECT_EQ(r.reason, end_reason::until);
                   EXPECT_EQ(r.faults_injected, 3u);
                   std::vector<std::string> faults;
                   double last_t1_before_slow = 0, first_t1_after = 100;
                   for (const auto& j : parse_lines(out.str())) {
                       double t = j["time"];
                       if (j.contains("fault")) {
                           faults.push_back(std::string(j["fault"]) + " " + std::string(j["target"]) + " " +
                                            std::string(j["phase"]));
                           continue;
                       }
                       std::string ev = j["event"];
                       if (ev == "t2") {
                           EXPECT_FALSE(t >= 1 && t < 2) << t;
                           EXPECT_EQ(j["components"], nlohmann::json::array({"B"}));
                       }
                       if (ev == "t1") {
                           EXPECT_FALSE(t >= 3 && t < 4) << t;
                       }
                       // Draws made in [5, 5.5) get 2 s more: no t1 between the
                       // first one after 5 s and 7 s.
                       if (ev == "t1" && t >= 5 && t < first_t1_after) {
                           if (last_t1_before_slow == 0) last_t1_before_slow = t;
                           else first_t1_after = t;
                       }
                   }
                   EXPECT_GE(first_t1_after, 7.0);
                   std::vector<std::string> expected{"freeze B start", "freeze B end", "block t1 start",
                                                     "block t1 end",   "slow t1 start", "slow t1 end"};
                   EXPECT_EQ(faults, expected);
               });
}

TEST(engine, a_declared_fault_at_a_time_fires_then_and_a_deadlock_is_reported) {
    with_model("channel work, fail\nP = work -> P [] fail -> STOP\n", "P",
               R"({"channels": {"work": {"delay": "1 s"}},
                   "faults": [{"event": "fail", "at": "2.5 s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   std::ostringstream out;
                   report::event_log log(out, *l.table);
                   run_result r = simulate(*l.machines[0], *l.resolved, run_options{}, &log);
                   EXPECT_EQ(r.reason, end_reason::deadlock);
                   EXPECT_DOUBLE_EQ(r.end_time, 2.5);
                   ASSERT_EQ(r.trace.size(), 3u);  // work at 1 s and 2 s, then fail
                   EXPECT_EQ(l.table->names[r.trace[2].event], "fail");
                   EXPECT_DOUBLE_EQ(r.trace[1].time, 2.0);
                   auto lines = parse_lines(out.str());
                   ASSERT_EQ(lines.size(), 4u);  // work, work, the arming, fail
                   EXPECT_EQ(lines[2]["fault"], "at");
                   EXPECT_EQ(lines[3]["event"], "fail");
                   EXPECT_EQ(lines[3]["fault"], "declared");
               });
}

TEST(engine, ties_go_to_the_earlier_event_deterministically) {
    // Both constant 1 s.  At 1 s the clocks of a and b tie: a (met first)
    // goes first.  b stays possible, so it keeps its clock (GSMP) and goes
    // next, at the same time; a's new clock says 2 s.  So a, b, a, b, ...
    // two events per second.
    with_model("channel a, b\nP = a -> P [] b -> P\n", "P", R"({"default": "1 s"})", [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        run_options o;
        o.max_events = 100;
        std::ostringstream out;
        report::event_log log(out, *l.table);
        run_result r = simulate(*l.machines[0], *l.resolved, o, &log);
        auto lines = parse_lines(out.str());
        ASSERT_EQ(lines.size(), 100u);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            EXPECT_EQ(lines[i]["event"], i % 2 ? "b" : "a");
            EXPECT_DOUBLE_EQ(static_cast<double>(lines[i]["time"]), static_cast<double>(i / 2 + 1));
        }
        EXPECT_DOUBLE_EQ(r.end_time, 50.0);
    });
}

TEST(engine, nondeterministic_transitions_of_one_event_are_chosen_at_random) {
    // Two components can both do `a`: one clock, and either may take it.
    with_model("channel a, x, y\nA = a -> x -> A\nB = a -> y -> B\nP = A ||| B\n", "P", R"({})", [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        run_options o;
        o.max_events = 20000;
        run_result r = simulate(*l.machines[0], *l.resolved, o);
        std::uint64_t x = 0, y = 0;
        for (auto& [c, n] : r.channel_counts) {
            if (c == "x") x = n;
            if (c == "y") y = n;
        }
        EXPECT_GT(x, 2000u);
        EXPECT_GT(y, 2000u);
    });
}

TEST(engine, hidden_events_race_with_their_own_delay) {
    // `mid` is hidden but keeps the delay of its channel: 1 s each.
    with_model("channel go, mid\nQ = go -> mid -> Q\nP = Q \\ {mid}\n", "P",
               R"({"channels": {"go": {"delay": "2 s"}, "mid": {"delay": "1 s"}}})", [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   run_options o;
                   o.max_events = 10;
                   run_result r = simulate(*l.machines[0], *l.resolved, o);
                   EXPECT_DOUBLE_EQ(r.end_time, 15.0);
                   EXPECT_EQ(r.visible_events, 5u);
               });
}

std::vector<scenario_error> errors_of(const std::string& json) {
    std::vector<scenario_error> out;
    with_model(pipeline, "P", json, [&](loaded& l) { out = l.errors; });
    return out;
}

TEST(scenario, errors_name_the_json_path) {
    auto e = errors_of(R"({"channels": {"emit": {"delay": {"dist": "gauss"}}}})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "/channels/emit/delay");
    EXPECT_EQ(e[0].message.rfind("unknown distribution 'gauss'", 0), 0u) << e[0].message;

    e = errors_of(R"({"channels": {"nosuch": {"delay": "1 s"}}})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "/channels/nosuch");
    EXPECT_EQ(e[0].message, "unknown channel 'nosuch'");

    e = errors_of(R"J({"faults": [{"event": "emit", "at": "1 s"}, {"freeze": "Gateway(9)"}]})J");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "/faults/1/freeze");
    EXPECT_EQ(e[0].message.rfind("no component 'Gateway(9)'", 0), 0u) << e[0].message;

    e = errors_of(R"({"default": "5 parsecs"})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "/default");

    e = errors_of(R"({"default": {"dist": "normal", "mean": "1 s"}})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "/default");
    EXPECT_EQ(e[0].message, "distribution 'normal' needs \"stddev\"");

    e = errors_of(R"({"measure": [{"from": "emit.?t", "to": "store.?u"}], "until": 5})");
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].path, "/until");
    EXPECT_EQ(e[1].path, "/measure/0/to");

    e = errors_of(R"({"events": [{"match": "?x.1", "delay": "1 s"}], "colour": "blue"})");
    ASSERT_EQ(e.size(), 2u);
    EXPECT_EQ(e[0].path, "/colour");
    EXPECT_EQ(e[1].path, "/events/0/match");

    e = errors_of(R"({"faults": [{"event": "emit", "probability": 1.5}]})");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].path, "/faults/0/probability");
}

}  // namespace
}  // namespace cspgate::sim::test

namespace cspgate::sim::test {
namespace {

TEST(engine, a_declared_fault_with_a_rate_races_as_an_exponential_event) {
    // fail at 10/s over 200 s: Poisson, mean 2000, sd 45.
    with_model("channel work, fail\nP = work -> P [] fail -> P\n", "P",
               R"({"default": {"dist": "exponential", "mean": "50 ms"},
                   "faults": [{"event": "fail", "rate": "10/s"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   run_options o;
                   o.until = 200;
                   run_result r = simulate(*l.machines[0], *l.resolved, o);
                   std::uint64_t fails = 0;
                   for (auto& [c, n] : r.channel_counts)
                       if (c == "fail") fails = n;
                   EXPECT_NEAR(static_cast<double>(fails), 2000, 200);
                   EXPECT_EQ(r.faults_injected, fails);
               });
}

TEST(engine, otlp_spans_carry_hex_ids_parents_and_simulated_times) {
    with_model("channel emit, store : {0..1}.{1..3}.{0..3}\n"
               "T(t) = emit.t.1.0 -> store.t.1.0 -> emit.t.2.1 -> store.t.2.1 -> STOP\n"
               "P = T(0) ||| T(1)\n",
               "P", R"({"default": "1 s", "otlp": {"channel": "store", "start": "emit", "service": "be"}})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   report::span_collector spans(*l.setup.otlp, *l.table);
                   run_result r = simulate(*l.machines[0], *l.resolved, run_options{}, &spans);
                   EXPECT_EQ(r.reason, end_reason::deadlock);  // STOP after the workload
                   std::ostringstream out;
                   spans.write(out);
                   auto doc = nlohmann::json::parse(out.str());
                   const auto& rs = doc["resourceSpans"][0];
                   EXPECT_EQ(rs["resource"]["attributes"][0]["value"]["stringValue"], "be");
                   const auto& list = rs["scopeSpans"][0]["spans"];
                   ASSERT_EQ(list.size(), 4u);
                   // Trace 0 first (a tie at 2 s goes to the event met first).
                   EXPECT_EQ(list[0]["traceId"], "00000000000000000000000000000001");
                   EXPECT_EQ(list[0]["spanId"], "0000000000000002");
                   EXPECT_FALSE(list[0].contains("parentSpanId"));  // parent 0 is the root
                   EXPECT_EQ(list[0]["startTimeUnixNano"], "1000000000");
                   EXPECT_EQ(list[0]["endTimeUnixNano"], "2000000000");
                   bool child = false;
                   for (const auto& s : list)
                       if (s["spanId"] == "0000000000000003") {
                           EXPECT_EQ(s["parentSpanId"], "0000000000000002");
                           child = true;
                       }
                   EXPECT_TRUE(child);
               });
}

TEST(scenario, empirical_and_other_distributions_read_from_json) {
    std::vector<scenario_error> errors;
    auto d = read_distribution(nlohmann::json::parse(R"({"dist": "empirical", "values": ["1 ms", "3 ms"], "weights": [1, 3]})"),
                               "/d", errors);
    ASSERT_TRUE(d.has_value());
    EXPECT_DOUBLE_EQ(d->mean(), 0.0025);
    d = read_distribution(nlohmann::json::parse(R"({"dist": "pareto", "scale": "2 ms", "shape": 3})"), "/d", errors);
    ASSERT_TRUE(d.has_value());
    EXPECT_DOUBLE_EQ(d->mean(), 0.003);
    d = read_distribution(nlohmann::json::parse(R"({"dist": "uniform", "min": "3 s", "max": "1 s"})"), "/d", errors);
    EXPECT_FALSE(d.has_value());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message, "uniform: \"max\" is below \"min\"");
}

}  // namespace
}  // namespace cspgate::sim::test
