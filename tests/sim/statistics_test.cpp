// The simulator against closed forms: an exponential race, M/M/1 and M/D/1
// queues, a drop probability.  Fixed seeds; the tolerances are several
// standard errors wide, so a correct engine passes and a wrong clock
// semantics (redrawing running clocks, for one) does not.

#include "sim_support.hpp"

#include <cmath>

namespace cspgate::sim::test {
namespace {

std::uint64_t channel_count(const run_result& r, const std::string& channel) {
    for (const auto& [c, n] : r.channel_counts)
        if (c == channel) return n;
    return 0;
}

TEST(statistics, exponential_race_a_before_b_is_la_over_la_plus_lb) {
    // a at rate 3, b at rate 1: P(a first) = 3 / 4.
    with_model("channel start, a, b\nR = start -> (a -> R [] b -> R)\n", "R",
               R"({"channels": {"start": {"delay": "1 ms"},
                                "a": {"delay": {"dist": "exponential", "rate": "3/s"}},
                                "b": {"delay": {"dist": "exponential", "mean": "1 s"}}},
                   "max_events": 40000})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved) << l.errors[0].path << ": " << l.errors[0].message;
                   run_options o;
                   o.seed = 11;
                   o.max_events = 40000;
                   run_result r = simulate(*l.machines[0], *l.resolved, o);
                   double a = static_cast<double>(channel_count(r, "a")), b = static_cast<double>(channel_count(r, "b"));
                   ASSERT_EQ(a + b, 20000);
                   // sd of the fraction: sqrt(0.75 * 0.25 / 20000) = 0.0031
                   EXPECT_NEAR(a / (a + b), 0.75, 0.0125);
               });
}

// A FIFO queue of capacity 60 (at load 0.5 it is never full in practice).
const char* queue_model = "channel arrive, depart\n"
                          "Q(n) = (n < 60 & arrive -> Q(n+1)) [] (n > 0 & depart -> Q(n-1))\nP = Q(0)\n";

double mean_sojourn(loaded& l, int runs) {
    run_options o;
    o.seed = 100;
    o.max_events = 40000;
    std::vector<const lts::machine*> ms{l.machines[0].get()};
    auto results = run_many(ms, *l.resolved, o, static_cast<std::uint64_t>(runs), nullptr);
    auto metrics = aggregate(results);
    for (const auto& m : metrics)
        if (m.name == "sojourn: latency mean") return m.mean;
    ADD_FAILURE() << "no latency metric";
    return 0;
}

TEST(statistics, mm1_mean_time_in_system_is_one_over_mu_minus_lambda) {
    // lambda = 1, mu = 2: W = 1 / (mu - lambda) = 1 s, L = lambda W = 1.
    with_model(queue_model, "P",
               R"({"channels": {"arrive": {"delay": {"dist": "exponential", "mean": "1 s"}},
                                "depart": {"delay": {"dist": "exponential", "mean": "500 ms"}}},
                   "measure": [{"name": "sojourn", "from": "arrive", "to": "depart"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   // 20 runs of 20,000 customers: the standard error of W is about 0.01.
                   EXPECT_NEAR(mean_sojourn(l, 20), 1.0, 0.04);
               });
}

TEST(statistics, md1_mean_time_in_system_follows_pollaczek_khinchine) {
    // lambda = 1, constant service D = 0.5 s: rho = 0.5,
    // W = D + rho D / (2 (1 - rho)) = 0.5 + 0.25 = 0.75 s.  A service in
    // progress keeps its clock when a customer arrives (GSMP); an engine that
    // redrew it at every arrival would restart services and find a larger W.
    with_model(queue_model, "P",
               R"({"channels": {"arrive": {"delay": {"dist": "exponential", "mean": "1 s"}},
                                "depart": {"delay": "500 ms"}},
                   "measure": [{"name": "sojourn", "from": "arrive", "to": "depart"}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   EXPECT_NEAR(mean_sojourn(l, 20), 0.75, 0.025);
               });
}

const char* send_model = "channel send, deliver, drop\nS = send -> (deliver -> S [] drop -> S)\n";

TEST(statistics, drop_with_probability_p_per_opportunity) {
    with_model(send_model, "S",
               R"({"default": {"dist": "exponential", "mean": "10 ms"},
                   "faults": [{"event": "drop", "probability": 0.1}],
                   "measure": [{"name": "sent", "from": "send", "to": "deliver", "lost": ["drop"]}]})",
               [](loaded& l) {
                   ASSERT_TRUE(l.resolved);
                   run_options o;
                   o.seed = 5;
                   o.max_events = 40000;
                   run_result r = simulate(*l.machines[0], *l.resolved, o);
                   double sends = static_cast<double>(channel_count(r, "send"));
                   double drops = static_cast<double>(channel_count(r, "drop"));
                   EXPECT_EQ(sends, 20000);
                   EXPECT_EQ(r.faults_injected, static_cast<std::uint64_t>(drops));
                   // sd of the fraction: sqrt(0.1 * 0.9 / 20000) = 0.0021
                   EXPECT_NEAR(drops / sends, 0.1, 0.0085);
                   // The drops end their pairs as lost; the deliveries are the matches.
                   ASSERT_EQ(r.latencies.size(), 1u);
                   EXPECT_EQ(r.latencies[0].dropped, static_cast<std::uint64_t>(drops));
                   EXPECT_EQ(r.latencies[0].lost, static_cast<std::uint64_t>(drops));
                   EXPECT_EQ(r.latencies[0].matched, static_cast<std::uint64_t>(sends - drops));
                   // A delivery races only against a held-back drop: exponential, mean 10 ms.
                   EXPECT_NEAR(r.latencies[0].mean, 0.010, 0.0005);
               });
}

TEST(statistics, a_listed_fault_without_a_plan_never_happens) {
    with_model(send_model, "S", R"({"faults": [{"event": "drop"}]})", [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        run_options o;
        o.max_events = 10000;
        run_result r = simulate(*l.machines[0], *l.resolved, o);
        EXPECT_EQ(channel_count(r, "drop"), 0u);
        EXPECT_EQ(channel_count(r, "deliver"), 5000u);
    });
}

TEST(statistics, an_unlisted_alternative_races_like_any_event) {
    // Without the fault entry, drop and deliver race with equal delays: half each.
    with_model(send_model, "S", R"({"default": {"dist": "exponential", "mean": "10 ms"}})", [](loaded& l) {
        ASSERT_TRUE(l.resolved);
        run_options o;
        o.max_events = 40000;
        run_result r = simulate(*l.machines[0], *l.resolved, o);
        EXPECT_NEAR(static_cast<double>(channel_count(r, "drop")) / 20000, 0.5, 0.015);
    });
}

}  // namespace
}  // namespace cspgate::sim::test
