// The run loop of the simulator: expand the current state, keep or draw
// the clock of every possible event (GSMP, see engine.hpp), let the earliest
// happen, record what the scenario measures.

#include "cspgate/sim/engine.hpp"

#include "successor_cache.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

namespace cspgate::sim {
namespace {

using detail::successor_cache;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t no_clock = choice_view::no_clock;

/// The state of one run, apart from the machine's own.
struct runner {
    const lts::machine& m;
    const plan& p;
    const run_options& opt;
    observer* obs;
    policy* pol;
    xoshiro256ss rng;
    run_result result;

    const std::size_t e_count, clocks;
    std::vector<double> clock;
    std::vector<std::uint64_t> stamp;   // the step in which a clock last ran
    std::uint64_t step = 1;
    std::vector<std::uint32_t> frozen;  // per component: windows freezing it
    std::uint32_t frozen_total = 0;
    std::vector<std::uint32_t> blocked;  // per clock: windows blocking it
    std::vector<std::uint32_t> slowed;   // per clock: windows slowing it
    std::vector<std::uint8_t> active;       // per external fault: its window is open
    std::vector<std::uint8_t> slow_active;  // per external fault
    std::vector<std::vector<std::uint8_t>> slow_member;  // per external fault: clock -> member
    std::vector<std::uint32_t> armed;    // per declared fault: `at` times come, not yet used
    std::vector<std::uint64_t> event_counts;
    std::vector<std::vector<std::deque<double>>> pending;  // per measurement, per key: start times
    std::vector<std::vector<double>> samples;              // per measurement: latencies
    std::vector<std::uint64_t> unmatched_to, dropped;
    std::vector<trace_entry> ring;
    std::size_t ring_next = 0;
    std::vector<std::uint32_t> clock_of, running;  // per transition of the state; the clocks running

    runner(const lts::machine& m_, const plan& p_, const run_options& o, observer* ob, policy* po)
        : m(m_), p(p_), opt(o), obs(ob), pol(po), rng(o.seed), e_count(p_.event_count()), clocks(p_.clock_count()) {
        clock.assign(clocks, inf);
        stamp.assign(clocks, 0);
        frozen.assign(p.events().components.size(), 0);
        blocked.assign(clocks, 0);
        slowed.assign(clocks, 0);
        const auto& ext = p.setup().external;
        active.assign(ext.size(), 0);
        slow_active.assign(ext.size(), 0);
        slow_member.resize(ext.size());
        for (std::size_t f = 0; f < ext.size(); ++f)
            if (ext[f].kind == external_fault::type::slow) {
                slow_member[f].assign(clocks, 0);
                for (std::uint32_t c : p.external_clocks[f]) slow_member[f][c] = 1;
            }
        armed.assign(p.setup().faults.size(), 0);
        event_counts.assign(e_count, 0);
        pending.resize(p.measure_keys.size());
        for (std::size_t i = 0; i < pending.size(); ++i) pending[i].resize(p.measure_keys[i].size());
        samples.resize(pending.size());
        unmatched_to.assign(pending.size(), 0);
        dropped.assign(pending.size(), 0);
        result.seed = o.seed;
    }

    /// The time at which a clock that has just become possible goes off.
    double draw(std::uint32_t c, double now) {
        std::int32_t f = p.fault_of[c];
        if (f >= 0) {
            const declared_fault& d = p.setup().faults[f];
            switch (d.kind) {
            case declared_fault::plan::never: return inf;
            case declared_fault::plan::at: return armed[f] ? now : inf;
            case declared_fault::plan::probability:
                if (!(rng.uniform() < d.probability)) return inf;
                if (!d.delay) return now;
                break;
            case declared_fault::plan::delay: break;
            }
        }
        double t = now + p.delays[p.delay_of[c]].sample(rng);
        if (slowed[c])
            for (std::size_t x = 0; x < slow_active.size(); ++x)
                if (slow_active[x] && slow_member[x][c]) t += p.setup().external[x].add.sample(rng);
        return t;
    }

    /// Forgets a clock, so that it is drawn afresh if it is possible in the next state.
    void reset(std::uint32_t c) { stamp[c] = 0; }

    void apply(const plan::boundary& b, double now) {
        const scenario& sc = p.setup();
        if (b.kind == plan::boundary::what::arm) {
            ++armed[b.fault];
            for (std::uint32_t c : p.fault_clocks[b.fault]) reset(c);
            if (obs) obs->on_fault(now, nullptr, &sc.faults[b.fault], true);
            return;
        }
        const external_fault& f = sc.external[b.fault];
        const bool start = b.kind == plan::boundary::what::start;
        if (start) ++result.faults_injected;
        active[b.fault] = start;
        switch (f.kind) {
        case external_fault::type::freeze: {
            std::int32_t comp = p.frozen_component[b.fault];
            if (comp >= 0) {
                frozen[comp] += start ? 1 : -1;
                frozen_total += start ? 1 : -1;
            }
            break;
        }
        case external_fault::type::block:
            for (std::uint32_t c : p.external_clocks[b.fault]) {
                blocked[c] += start ? 1 : -1;
                reset(c);
            }
            break;
        case external_fault::type::slow:
            slow_active[b.fault] = start;
            for (std::uint32_t c : p.external_clocks[b.fault]) slowed[c] += start ? 1 : -1;
            break;
        }
        if (obs) obs->on_fault(now, &f, nullptr, start);
    }

    void record(double now, semantics::event_id e, bool hidden) {
        ++result.events;
        if (!hidden) ++result.visible_events;
        ++event_counts[e];
        for (std::size_t i = 0; i < pending.size(); ++i) {
            // `to` first: an event that both ends and starts a pair ends the older one.
            std::int32_t k = p.measure_to[i][e];
            if (k >= 0) {
                auto& q = pending[i][k];
                if (q.empty()) {
                    ++unmatched_to[i];
                } else {
                    samples[i].push_back(now - q.front());
                    q.pop_front();
                }
            }
            k = p.measure_lost[i][e];
            if (k >= 0 && !pending[i][k].empty()) {
                pending[i][k].pop_front();
                ++dropped[i];
            }
            k = p.measure_from[i][e];
            if (k >= 0) pending[i][k].push_back(now);
        }
        if (opt.trace_keep) {
            trace_entry t{now, e, hidden};
            if (ring.size() < opt.trace_keep) ring.push_back(t);
            else ring[ring_next] = t;
            ring_next = (ring_next + 1) % opt.trace_keep;
        }
    }

    /// The clock of transition `t` of `succ` as if no fault from outside
    /// were active (needs the parts for a hidden transition).
    std::uint32_t natural_clock(const lts::successors& succ, std::size_t t) const;
    /// The open window of an external fault that makes transition `t` of
    /// the current state impossible, or -1 (for a policy; see choice_view).
    static std::int32_t blocking_fault(const void* self, std::size_t t);
    const lts::successors* current = nullptr;

    /// Gives every transition of `succ` its clock (`clock_of`, `no_clock`
    /// when it is not possible) and lists the clocks running (`running`).
    void start_clocks(const lts::successors& succ, double now);
    /// The race: the transition whose clock goes off first (ties to the
    /// lower clock, several transitions of that clock chosen at random), if
    /// it goes off before the next fault window's edge and by `until`; else
    /// n.  `at` gets the earliest clock.
    std::size_t race(std::size_t n, double next_edge, double until, double& at);
    run_result run();
    void finish(double now);
};

std::uint32_t runner::natural_clock(const lts::successors& succ, std::size_t t) const {
    const std::size_t n = succ.size();
    const semantics::event_id e = succ.events[t];
    if (e != semantics::tau_event) return e;
    const std::uint32_t pb = succ.part_begin[t], pe = t + 1 < n ? succ.part_begin[t + 1] : static_cast<std::uint32_t>(succ.parts.size());
    if (pb == pe) return static_cast<std::uint32_t>(e_count) + semantics::tick_event;
    for (std::uint32_t q = pb; q < pe; ++q)
        if (succ.parts[q].second != semantics::tau_event) return static_cast<std::uint32_t>(e_count) + succ.parts[q].second;
    return static_cast<std::uint32_t>(2 * e_count) + succ.parts[pb].first;
}

std::int32_t runner::blocking_fault(const void* self, std::size_t t) {
    const runner& r = *static_cast<const runner*>(self);
    const lts::successors& succ = *r.current;
    const auto& ext = r.p.setup().external;
    if (succ.want_parts) {
        const std::size_t n = succ.size();
        const std::uint32_t pb = succ.part_begin[t], pe = t + 1 < n ? succ.part_begin[t + 1] : static_cast<std::uint32_t>(succ.parts.size());
        for (std::uint32_t q = pb; q < pe; ++q)
            for (std::size_t f = 0; f < ext.size(); ++f)
                if (r.active[f] && ext[f].kind == external_fault::type::freeze &&
                    r.p.frozen_component[f] == static_cast<std::int32_t>(succ.parts[q].first))
                    return static_cast<std::int32_t>(f);
    }
    if (succ.events[t] == semantics::tau_event && !succ.want_parts) return -1;
    const std::uint32_t c = r.natural_clock(succ, t);
    if (!r.blocked[c]) return -1;
    for (std::size_t f = 0; f < ext.size(); ++f) {
        if (!r.active[f] || ext[f].kind != external_fault::type::block) continue;
        const auto& cl = r.p.external_clocks[f];
        if (std::find(cl.begin(), cl.end(), c) != cl.end()) return static_cast<std::int32_t>(f);
    }
    return -1;
}

void runner::start_clocks(const lts::successors& succ, double now) {
    const std::size_t n = succ.size();
    const std::uint32_t e2 = static_cast<std::uint32_t>(2 * e_count);
    clock_of.resize(n);
    running.clear();
    for (std::size_t t = 0; t < n; ++t) {
        const semantics::event_id e = succ.events[t];
        if (e != semantics::tau_event && !frozen_total) {
            // The common case: a visible event is its own clock.
            const std::uint32_t c = blocked[e] ? no_clock : e;
            clock_of[t] = c;
            if (c == no_clock || stamp[c] == step) continue;
            if (stamp[c] != step - 1) clock[c] = draw(c, now);
            stamp[c] = step;
            running.push_back(c);
            continue;
        }
        const std::uint32_t pb = succ.part_begin[t], pe = t + 1 < n ? succ.part_begin[t + 1] : static_cast<std::uint32_t>(succ.parts.size());
        std::uint32_t c;
        if (e != semantics::tau_event) {
            c = e;
        } else if (pb == pe) {
            c = static_cast<std::uint32_t>(e_count) + semantics::tick_event;  // a nested parallel's ✓, made τ
        } else {
            c = e2 + succ.parts[pb].first;
            for (std::uint32_t q = pb; q < pe; ++q)
                if (succ.parts[q].second != semantics::tau_event) {
                    c = static_cast<std::uint32_t>(e_count) + succ.parts[q].second;
                    break;
                }
        }
        if (frozen_total) {
            bool stopped = false;
            for (std::uint32_t q = pb; q < pe; ++q) stopped = stopped || frozen[succ.parts[q].first];
            if (stopped) c = no_clock;
        }
        if (c != no_clock && blocked[c]) c = no_clock;
        clock_of[t] = c;
        if (c == no_clock || stamp[c] == step) continue;
        if (stamp[c] != step - 1) clock[c] = draw(c, now);
        stamp[c] = step;
        running.push_back(c);
    }
}

std::size_t runner::race(std::size_t n, double next_edge, double until, double& at) {
    std::uint32_t best = no_clock;
    for (std::uint32_t c : running)
        if (clock[c] < at || (clock[c] == at && c < best)) {
            at = clock[c];
            best = c;
        }
    if (best == no_clock || at == inf || at >= next_edge || at > until) return n;
    std::size_t count = 0;
    for (std::size_t t = 0; t < n; ++t) count += clock_of[t] == best;
    std::size_t pick = count > 1 ? rng.below(count) : 0;
    for (std::size_t t = 0; t < n; ++t)
        if (clock_of[t] == best && pick-- == 0) return t;
    return n;
}

run_result runner::run() {
    std::vector<std::uint32_t> state(m.width());
    m.initial(state.data());
    bool parts_always = obs != nullptr;
    for (const external_fault& f : p.setup().external) parts_always = parts_always || f.kind == external_fault::type::freeze;
    // A policy asks which fault blocks a transition, and times hidden ones: it needs the parts.
    parts_always = parts_always || pol != nullptr;
    successor_cache successors(m, parts_always);
    if (pol) pol->start(obs);
    double now = 0;
    std::size_t next_boundary = 0;
    const auto& bounds = p.boundaries;
    const double until = opt.until;
    const std::uint32_t e2 = static_cast<std::uint32_t>(2 * e_count);
    while (true) {
        while (next_boundary < bounds.size() && bounds[next_boundary].time <= now) apply(bounds[next_boundary++], now);
        const lts::successors& succ = successors.of(state);
        const bool with_parts = succ.want_parts;
        const std::size_t n = succ.size();
        if (n == 0) {
            result.reason = m.terminated(state.data()) ? end_reason::terminated : end_reason::deadlock;
            break;
        }
        ++step;
        start_clocks(succ, now);
        double next_edge = next_boundary < bounds.size() ? bounds[next_boundary].time : inf;
        std::size_t chosen = n;
        double at = inf;
        policy::decision d;
        if (pol) {
            current = &succ;
            d = pol->choose(choice_view{now, next_edge, until, state.data(), succ, clock_of, running, clock, active,
                                        &runner::blocking_fault, this},
                            rng);
        }
        if (d.kind == policy::decision::what::stop) {
            if (d.time > now) now = std::min(d.time, until);
            result.reason = end_reason::stopped;
            break;
        }
        if (d.kind == policy::decision::what::wait) {
            // Nothing happens before d.time: move the time on and ask again.
            const double to = std::min(std::max(d.time, now), next_edge);
            if (to > until || to == inf) {
                now = until < inf ? until : now;
                result.reason = until < inf ? end_reason::until : end_reason::stuck;
                if (until == inf) result.stuck_because = "the trace being followed waits for ever";
                break;
            }
            now = to;
            continue;
        }
        if (d.kind == policy::decision::what::take) {
            chosen = d.transition;
            at = std::max(d.time, now);
            // The edge of a fault window, or the time limit, comes first.
            if (at >= next_edge || at > until) chosen = n;
        } else {
            chosen = race(n, next_edge, until, at);
        }
        if (chosen == n) {
            // Nothing happens before the next fault window's edge (or ever).
            if (next_edge <= until && next_edge < inf) {
                now = next_edge;
                continue;
            }
            if (running.empty() || at == inf) {
                if (until < inf) {
                    now = until;
                    result.reason = end_reason::until;
                } else {
                    result.reason = end_reason::stuck;
                    result.stuck_because = running.empty() ? "every possible event is frozen or blocked"
                                                           : "only held-back faults are possible";
                }
            } else {
                now = until;
                result.reason = end_reason::until;
            }
            break;
        }
        now = std::max(now, at);
        const std::uint32_t c = clock_of[chosen];
        const std::uint32_t pb = with_parts ? succ.part_begin[chosen] : 0;
        const std::uint32_t pe = !with_parts ? 0
                                 : chosen + 1 < n ? succ.part_begin[chosen + 1]
                                                  : static_cast<std::uint32_t>(succ.parts.size());
        const bool hidden = succ.events[chosen] == semantics::tau_event;
        const semantics::event_id e = c < e_count ? c : c < e2 ? c - e_count : semantics::tau_event;
        const std::int32_t fault = c != no_clock ? p.fault_of[c] : -1;
        if (fault >= 0) {
            ++result.faults_injected;
            if (armed[fault] && p.setup().faults[fault].kind == declared_fault::plan::at) {
                --armed[fault];
                for (std::uint32_t x : p.fault_clocks[fault]) reset(x);
            }
        }
        record(now, e, hidden);
        if (obs) obs->on_event(fired_event{now, e, hidden, fault >= 0, succ.parts.data() + pb, pe - pb});
        std::copy_n(succ.states.begin() + static_cast<std::ptrdiff_t>(chosen * state.size()), state.size(), state.begin());
        if (c != no_clock) reset(c);
        if (opt.max_events && result.events >= opt.max_events) {
            result.reason = end_reason::max_events;
            break;
        }
    }
    finish(now);
    if (pol) pol->finish(result, obs);
    return std::move(result);
}

double nearest_rank(const std::vector<double>& sorted, double q) {
    std::size_t k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size() - 1, k ? k - 1 : 0)];
}

void runner::finish(double now) {
    result.end_time = now;
    if (result.reason == end_reason::deadlock || result.reason == end_reason::stuck) {
        // The ring, oldest first.
        if (ring.size() < opt.trace_keep) result.trace = ring;
        else
            for (std::size_t i = 0; i < ring.size(); ++i) result.trace.push_back(ring[(ring_next + i) % ring.size()]);
    }
    std::vector<std::uint64_t> per_channel(p.channel_names.size(), 0);
    for (std::size_t e = 0; e < e_count; ++e) per_channel[p.channel_of[e]] += event_counts[e];
    for (std::size_t c = 0; c < per_channel.size(); ++c)
        if (per_channel[c]) result.channel_counts.emplace_back(p.channel_names[c], per_channel[c]);
    for (std::size_t i = 0; i < pending.size(); ++i) {
        latency_result l;
        l.name = p.setup().measures[i].name;
        std::vector<double>& s = samples[i];
        l.matched = s.size();
        l.unmatched_to = unmatched_to[i];
        l.dropped = dropped[i];
        l.lost = dropped[i];
        for (const auto& q : pending[i]) l.lost += q.size();
        if (!s.empty()) {
            std::sort(s.begin(), s.end());
            double sum = 0;
            for (double x : s) sum += x;
            l.min = s.front();
            l.max = s.back();
            l.p50 = nearest_rank(s, 0.50);
            l.p90 = nearest_rank(s, 0.90);
            l.p99 = nearest_rank(s, 0.99);
            l.mean = sum / static_cast<double>(s.size());
        }
        result.latencies.push_back(std::move(l));
    }
    for (std::size_t i = 0; i < p.counter_group.size(); ++i) {
        counter_result r;
        r.name = p.setup().counters[i].name;
        std::vector<std::uint64_t> per(p.counter_groups[i].size(), 0);
        for (std::size_t e = 0; e < e_count; ++e)
            if (p.counter_group[i][e] >= 0) per[p.counter_group[i][e]] += event_counts[e];
        for (std::size_t g = 0; g < per.size(); ++g) r.groups.emplace_back(p.counter_groups[i][g], per[g]);
        std::sort(r.groups.begin(), r.groups.end());
        result.counters.push_back(std::move(r));
    }
}

}  // namespace

run_result simulate(const lts::machine& m, const plan& p, const run_options& opt, observer* obs, policy* pol) {
    runner r(m, p, opt, obs, pol);
    return r.run();
}

}  // namespace cspgate::sim
