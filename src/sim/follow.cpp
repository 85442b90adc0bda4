// Following a trace in a simulation run (follow.hpp): the race restricted
// to the trace's next event, the hidden moves that keep it reachable and
// the faults the scenario injects.

#include "cspgate/sim/follow.hpp"

#include <algorithm>
#include <cmath>

namespace cspgate::sim {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::uint32_t no_clock = choice_view::no_clock;
constexpr std::size_t injected_keep = 16;

/// An event log writes times with 9 decimals: a timestamp within this of
/// an event's own clock is that clock.
double tolerance(double t) { return 1e-9 + 1e-15 * std::fabs(t); }

using decision = policy::decision;
using what = decision::what;

decision make(what k, double time, std::size_t t = 0) {
    decision d;
    d.kind = k;
    d.time = time;
    d.transition = t;
    return d;
}

}  // namespace

follow_policy::follow_policy(const plan& p, const timed_trace& trace, std::unique_ptr<trace_guide> guide, then_do then)
    : m_plan(p), m_trace(trace), m_guide(std::move(guide)), m_then(then) {
    m_result.length = trace.events.size();
    m_result.then_free = then == then_do::free;
}

decision follow_policy::finished(const choice_view& view) {
    m_over = true;
    m_result.outcome = follow_result::outcome_kind::followed;
    m_result.time = m_last;
    m_result.events = m_events;
    if (m_obs) m_obs->on_follow(m_last, m_result);
    return m_then == then_do::stop ? make(what::stop, view.now) : decision{};
}

decision follow_policy::leave(const choice_view& view, follow_result::cause_kind cause, std::int32_t external, double time) {
    m_over = true;
    m_result.outcome = follow_result::outcome_kind::left;
    m_result.cause = cause;
    m_result.external = external;
    m_result.event = m_guide->next();
    m_result.time = std::max(time, view.now);
    m_result.events = m_events;
    m_result.possible = m_guide->possible_from(view.state);
    for (std::size_t f = 0; f < view.active.size(); ++f)
        if (view.active[f]) m_result.active.push_back(static_cast<std::uint32_t>(f));
    if (m_obs) m_obs->on_follow(m_result.time, m_result);
    return m_then == then_do::stop ? make(what::stop, m_result.time) : decision{};
}

std::size_t follow_policy::pick(const choice_view& view, std::uint32_t c, const std::vector<std::uint8_t>& eligible,
                                xoshiro256ss& rng) const {
    const std::size_t n = view.transitions.size();
    // First as the race does (the same draw), so that a run that agrees
    // with the trace takes the same transitions as the run that made it.
    std::size_t count = 0;
    for (std::size_t t = 0; t < n; ++t) count += view.clock_of[t] == c;
    std::size_t k = count > 1 ? rng.below(count) : 0;
    for (std::size_t t = 0; t < n; ++t)
        if (view.clock_of[t] == c && k-- == 0) {
            if (eligible[t]) return t;
            break;
        }
    // That one leaves the trace: one of those that do not, at random.
    count = 0;
    for (std::size_t t = 0; t < n; ++t) count += view.clock_of[t] == c && eligible[t];
    k = count > 1 ? rng.below(count) : 0;
    for (std::size_t t = 0; t < n; ++t)
        if (view.clock_of[t] == c && eligible[t] && k-- == 0) return t;
    return n;
}

follow_policy::ways follow_policy::mark_ways(const choice_view& view, semantics::event_id x) {
    const lts::successors& succ = view.transitions;
    const std::size_t n = succ.size();
    ways w;
    w.first_blocked = n;
    m_eligible.assign(n, 0);
    // The ways along the trace: its next event, and hidden moves that keep it reachable.
    for (std::size_t t : m_guide->allowed(succ)) {
        if (view.clock_of[t] == no_clock) {
            w.blocked = true;
            w.first_blocked = std::min(w.first_blocked, t);
            continue;
        }
        m_eligible[t] = 1;
        w.open = true;
        if (succ.events[t] == x) w.x_clock = view.clock_of[t];
    }
    // Faults the model declares and the scenario releases happen off the trace.
    for (std::size_t t = 0; t < n; ++t) {
        const std::uint32_t c = view.clock_of[t];
        if (c != no_clock && !m_eligible[t] && succ.events[t] != x && m_plan.fault_of[c] >= 0) m_eligible[t] = 2;
    }
    return w;
}

follow_policy::fault_way follow_policy::faults_leading_on(const choice_view& view) {
    const lts::successors& succ = view.transitions;
    const std::size_t n = succ.size();
    const std::size_t w = succ.states.size() / std::max<std::size_t>(n, 1);
    fault_way found = fault_way::none;
    for (std::size_t t = 0; t < n; ++t) {
        if (m_eligible[t] != 2 || !m_guide->reaches_next(succ.states.data() + t * w)) continue;
        const std::uint32_t c = view.clock_of[t];
        if (view.clock_time[c] < inf) return fault_way::released;
        // Held back now; one with an `at` time still to come is released then.
        const declared_fault& d = m_plan.setup().faults[m_plan.fault_of[c]];
        const bool later = d.kind == declared_fault::plan::at &&
                           std::any_of(d.at.begin(), d.at.end(), [&](double a) { return a > view.now; });
        if (later) found = fault_way::pending;
        else if (found == fault_way::none) found = fault_way::held;
    }
    return found;
}

decision follow_policy::take(const choice_view& view, std::size_t t, candidate best, std::uint32_t x_clock, bool timed,
                             double stamp) {
    const semantics::event_id e = view.transitions.events[t];
    if (best.clock == x_clock) {
        if (timed && best.time > stamp + tolerance(stamp)) {
            ++m_result.late;
            m_result.max_late = std::max(m_result.max_late, best.time - stamp);
        }
        m_guide->taken(e);
        ++m_result.followed;
    } else if (m_eligible[t] == 2) {
        const std::uint32_t c = best.clock;
        const std::size_t events = m_plan.event_count();
        const semantics::event_id fault = e != semantics::tau_event ? e : c < 2 * events ? c - events : e;
        if (m_result.injected.size() < injected_keep) m_result.injected.push_back({best.time, fault});
        ++m_result.injected_count;
    }
    ++m_events;
    m_last = best.time;
    return make(what::take, best.time, t);
}

decision follow_policy::choose(const choice_view& view, xoshiro256ss& rng) {
    if (m_over) return m_then == then_do::stop ? make(what::stop, view.now) : decision{};
    if (m_guide->done()) return finished(view);
    const semantics::event_id x = m_guide->next();
    // The trace's timestamp for its next event, if it has one (plain values:
    // GCC's -Wmaybe-uninitialized misreads an optional here).
    const bool timed = !m_trace.times.empty() && m_trace.times[m_result.followed].has_value();
    const double stamp = timed ? *m_trace.times[m_result.followed] : 0.0;
    ways w = mark_ways(view, x);

    // The time of each eligible clock (the trace's for its next event); the earliest.
    double x_time = inf;
    if (w.x_clock != no_clock) {
        const double own = view.clock_time[w.x_clock];
        if (timed) x_time = std::fabs(own - stamp) <= tolerance(stamp) ? own : stamp;
        else x_time = own == inf ? view.now : own;
        x_time = std::max(x_time, view.now);
    }
    candidate best{inf, no_clock};
    for (std::size_t t = 0; t < view.transitions.size(); ++t) {
        if (!m_eligible[t]) continue;
        const std::uint32_t c = view.clock_of[t];
        const double time = c == w.x_clock ? x_time : view.clock_time[c];
        if (time < best.time || (time == best.time && c < best.clock)) best = {time, c};
    }

    if (!w.open && !w.blocked) {
        // A declared fault may lead to it: wait for one the scenario releases.
        const fault_way f = faults_leading_on(view);
        if (f == fault_way::pending && view.next_edge < inf) return make(what::wait, view.next_edge);
        if (f != fault_way::released)
            return leave(view, f == fault_way::none ? follow_result::cause_kind::model : follow_result::cause_kind::held_back, -1,
                         view.now);
        w.open = true;
    }
    if (!w.open) {
        // Every way on is frozen or blocked.  A timed event waits for its
        // time (a window may close before it); an untimed one cannot happen now.
        const std::int32_t ext = view.blocking_fault(view.runner, w.first_blocked);
        if (!timed) return leave(view, follow_result::cause_kind::fault, ext, view.now);
        const double deadline = std::max(view.now, stamp);
        const bool fault_first = best.clock != no_clock && best.time < std::min(deadline, view.next_edge) && best.time <= view.until;
        if (!fault_first) {
            if (view.next_edge <= deadline) return make(what::wait, view.next_edge);
            if (view.now < deadline) return make(what::wait, deadline);
            return leave(view, follow_result::cause_kind::fault, ext, view.now);
        }
    } else if (best.time == inf) {
        if (view.next_edge < inf) return make(what::wait, view.next_edge);
        return leave(view, follow_result::cause_kind::held_back, -1, view.now);
    }
    if (best.time >= view.next_edge) return make(what::wait, view.next_edge);
    if (best.time > view.until) return make(what::wait, best.time);  // the run ends at its time limit
    return take(view, pick(view, best.clock, m_eligible, rng), best, w.x_clock, timed, stamp);
}

void follow_policy::finish(run_result& r, observer* obs) {
    if (!m_over) {
        m_result.time = m_last;
        m_result.events = m_events;
        if (m_guide->done()) {
            m_result.outcome = follow_result::outcome_kind::followed;
        } else if (r.reason == end_reason::deadlock || r.reason == end_reason::terminated) {
            // The process stopped before the trace's next event: nothing leads to it.
            m_result.outcome = follow_result::outcome_kind::left;
            m_result.cause = r.reason == end_reason::deadlock ? follow_result::cause_kind::deadlock
                                                              : follow_result::cause_kind::terminated;
            m_result.event = m_guide->next();
            m_result.time = r.end_time;
        }
        if (obs && m_result.outcome != follow_result::outcome_kind::incomplete) obs->on_follow(m_result.time, m_result);
    }
    r.follow = std::make_shared<const follow_result>(m_result);
}

}  // namespace cspgate::sim
