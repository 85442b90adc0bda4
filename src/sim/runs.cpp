// Parallel runs over seeds and their aggregation.

#include "cspgate/sim/runs.hpp"

#include <atomic>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace cspgate::sim {

std::vector<run_result> run_many(const std::vector<const lts::machine*>& machines, const plan& p,
                                 const run_options& opt, std::uint64_t runs, observer* first_observer,
                                 const policy_maker& make_policy) {
    std::vector<run_result> results(runs);
    std::atomic<std::uint64_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_lock;
    auto work = [&](const lts::machine* m) {
        try {
            for (std::uint64_t i = next++; i < runs; i = next++) {
                run_options o = opt;
                o.seed = opt.seed + i;
                std::unique_ptr<policy> pol = make_policy ? make_policy(*m) : nullptr;
                results[i] = simulate(*m, p, o, i == 0 ? first_observer : nullptr, pol.get());
            }
        } catch (...) {
            std::lock_guard<std::mutex> g(failure_lock);
            if (!failure) failure = std::current_exception();
            next = runs;
        }
    };
    std::size_t threads = std::min<std::size_t>(machines.size(), runs);
    if (threads <= 1) {
        if (!machines.empty()) work(machines[0]);
    } else {
        std::vector<std::thread> pool;
        for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work, machines[t]);
        for (auto& t : pool) t.join();
    }
    if (failure) std::rethrow_exception(failure);
    return results;
}

double student_t975(std::size_t df) {
    static const double table[] = {0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                   2.201, 2.179,  2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080,
                                   2.074, 2.069,  2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df == 0) return 0;
    if (df <= 30) return table[df];
    return 1.960 + 2.5 / static_cast<double>(df);  // within 0.002 of the exact value beyond 30
}

namespace {

void finish(metric& m) {
    const std::size_t n = m.values.size();
    if (n == 0) return;
    double sum = 0;
    for (double v : m.values) sum += v;
    m.mean = sum / static_cast<double>(n);
    if (n < 2) return;
    double ss = 0;
    for (double v : m.values) ss += (v - m.mean) * (v - m.mean);
    double sd = std::sqrt(ss / static_cast<double>(n - 1));
    m.half_width = student_t975(n - 1) * sd / std::sqrt(static_cast<double>(n));
}

}  // namespace

std::vector<metric> aggregate(const std::vector<run_result>& runs) {
    std::vector<metric> out;
    auto add = [&](std::string name, bool seconds, auto get) {
        metric m{std::move(name), seconds, {}, 0, 0};
        for (const run_result& r : runs) get(r, m.values);
        finish(m);
        out.push_back(std::move(m));
    };
    add("events", false, [](const run_result& r, std::vector<double>& v) { v.push_back(static_cast<double>(r.events)); });
    add("simulated time", true, [](const run_result& r, std::vector<double>& v) { v.push_back(r.end_time); });
    add("faults injected", false,
        [](const run_result& r, std::vector<double>& v) { v.push_back(static_cast<double>(r.faults_injected)); });
    add("deadlocked or stuck", false, [](const run_result& r, std::vector<double>& v) {
        v.push_back(r.reason == end_reason::deadlock || r.reason == end_reason::stuck ? 1 : 0);
    });
    if (runs.empty()) return out;
    if (runs[0].follow) {
        add("trace: events followed", false, [](const run_result& r, std::vector<double>& v) {
            v.push_back(r.follow ? static_cast<double>(r.follow->followed) : 0.0);
        });
        add("trace: left (0/1)", false, [](const run_result& r, std::vector<double>& v) {
            v.push_back(r.follow && r.follow->outcome == follow_result::outcome_kind::left ? 1 : 0);
        });
        add("trace: late events", false, [](const run_result& r, std::vector<double>& v) {
            v.push_back(r.follow ? static_cast<double>(r.follow->late) : 0.0);
        });
    }
    for (std::size_t i = 0; i < runs[0].latencies.size(); ++i) {
        const std::string& n = runs[0].latencies[i].name;
        auto count = [&](const char* what, auto field) {
            add(n + ": " + what, false, [&](const run_result& r, std::vector<double>& v) {
                v.push_back(static_cast<double>(r.latencies[i].*field));
            });
        };
        count("matched", &latency_result::matched);
        count("lost", &latency_result::lost);
        count("dropped", &latency_result::dropped);
        count("unmatched ends", &latency_result::unmatched_to);
        auto lat = [&](const char* what, double latency_result::*field) {
            add(n + ": latency " + what, true, [&](const run_result& r, std::vector<double>& v) {
                if (r.latencies[i].matched) v.push_back(r.latencies[i].*field);
            });
        };
        lat("mean", &latency_result::mean);
        lat("min", &latency_result::min);
        lat("p50", &latency_result::p50);
        lat("p90", &latency_result::p90);
        lat("p99", &latency_result::p99);
        lat("max", &latency_result::max);
    }
    // Counters and channels: the union of the groups over the runs, 0 where a run has none.
    auto grouped = [&](const std::string& prefix, auto groups_of) {
        std::map<std::string, std::vector<double>> values;
        for (std::size_t k = 0; k < runs.size(); ++k)
            for (const auto& [g, c] : groups_of(runs[k])) {
                auto& v = values[g];
                v.resize(runs.size(), 0);
                v[k] = static_cast<double>(c);
            }
        for (auto& [g, v] : values) {
            v.resize(runs.size(), 0);
            metric m{prefix + g, false, std::move(v), 0, 0};
            finish(m);
            out.push_back(std::move(m));
        }
    };
    for (std::size_t i = 0; i < runs[0].counters.size(); ++i)
        grouped(runs[0].counters[i].name + " [", [&](const run_result& r) {
            std::vector<std::pair<std::string, std::uint64_t>> g;
            for (const auto& [k, c] : r.counters[i].groups) g.emplace_back(k + "]", c);
            return g;
        });
    grouped("channel ", [](const run_result& r) { return r.channel_counts; });
    return out;
}

}  // namespace cspgate::sim
