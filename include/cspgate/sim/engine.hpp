#pragma once
/// \file
/// The discrete-event simulator: race semantics over a compiled machine.
///
/// Time is continuous.  In each state every possible event has a clock, the
/// time at which it would happen; the event with the earliest clock happens,
/// and its transition is taken.  Clocks follow the generalized semi-Markov
/// process (GSMP; Glynn, "A GSMP formalism for discrete event systems",
/// Proc. IEEE 77(1), 1989; Shedler, "Regenerative Stochastic Simulation",
/// 1993): an event keeps its clock while it stays possible from state to
/// state, draws a new one (now + a delay from its distribution) when it
/// becomes possible, and draws anew after it happened.  So a service time in
/// progress is not restarted by an arrival elsewhere, and a constant delay
/// means what it says.
///
/// What is "an event" for clocks: a visible event is its own clock; a hidden
/// one (τ from hiding) is the event it was before hiding (`ingest.0.x`
/// hidden has the clock and the delay of `ingest.0.x`); a component's own
/// internal move (an internal choice, a τ of its own) has one clock per
/// component.  Several transitions with the same clock (nondeterminism: two
/// components that can both do `a`) are one event in the race; when it wins,
/// one of its transitions is chosen with the generator, uniformly.
///
/// Ties (equal clocks, as with constant delays) go to the lower clock
/// number: visible events by event number (the order the model met them),
/// then hidden ones, then components' internal moves — deterministic.
///
/// Faults: see scenario.hpp.  A fault the model declares is an event whose
/// clock is infinite while it is held back.  Faults from outside change the
/// race at the window's edges: a frozen component's transitions and a
/// blocked channel's events are not possible (their clocks are dropped, and
/// drawn afresh when the window ends); a slowed channel's draws made during
/// the window get the extra delay.

#include "cspgate/lts/machine.hpp"
#include "cspgate/sim/model.hpp"
#include "cspgate/sim/random.hpp"
#include "cspgate/sim/scenario.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cspgate::sim {

struct follow_result;
struct run_result;

/// The scenario resolved against the event table: per clock, its delay and
/// fault plan; per event, what it counts for.  Read-only, shared by runs.
class plan {
public:
    plan(const scenario& s, const event_table& events);

    const scenario& setup() const { return m_scenario; }
    const event_table& events() const { return m_events; }
    /// Clock numbers: [0, E) visible events, [E, 2E) hidden events, then one per component.
    std::size_t clock_count() const { return 2 * m_e + m_events.components.size(); }
    std::size_t event_count() const { return m_e; }

    // The tables the engine reads (public for the engine's hot loop).
    struct boundary {
        double time;
        enum class what { start, end, arm } kind;
        std::uint32_t fault;  ///< index into external (start, end) or declared faults (arm)
    };
    std::vector<boundary> boundaries;                   ///< sorted by time, then as listed
    std::vector<std::uint32_t> delay_of;                ///< clock -> index into delays
    std::vector<distribution> delays;
    std::vector<std::int32_t> fault_of;                 ///< clock -> declared fault or -1
    std::vector<std::vector<std::uint32_t>> fault_clocks;     ///< declared fault -> its clocks
    std::vector<std::vector<std::uint32_t>> external_clocks;  ///< block/slow fault -> its clocks
    std::vector<std::int32_t> frozen_component;               ///< external fault -> component or -1
    /// Per measurement: event -> the number of its bound values as `from` / `to`, or -1.
    std::vector<std::vector<std::int32_t>> measure_from, measure_to, measure_lost;
    std::vector<std::vector<std::string>> measure_keys;  ///< per measurement, interned bound values
    /// Per counter: event -> group or -1; and the group names.
    std::vector<std::vector<std::int32_t>> counter_group;
    std::vector<std::vector<std::string>> counter_groups;
    /// Channels (sorted by name) and each event's channel.
    std::vector<std::string> channel_names;
    std::vector<std::uint32_t> channel_of;

private:
    scenario m_scenario;
    const event_table& m_events;
    std::size_t m_e;
};

/// One event that happened, as the observer sees it.
struct fired_event {
    double time;
    semantics::event_id event;  ///< the event (for a hidden one: before hiding; τ for an internal move)
    bool hidden;
    bool declared_fault;  ///< an event of a fault the model declares, released by the plan
    /// The components that took part (their numbers).
    const std::pair<std::uint32_t, semantics::event_id>* parts;
    std::size_t part_count;
};

/// Receives the events of a run as they happen (the event log, OTLP spans).
class observer {
public:
    virtual ~observer() = default;
    virtual void on_event(const fired_event& e) = 0;
    /// An external fault's window opens (start) or closes, or a declared fault's `at` time comes (arm).
    virtual void on_fault(double time, const external_fault* f, const declared_fault* d, bool start) = 0;
    /// A run that follows a trace (`--follow`) stops following it: the trace
    /// ended, or its next event cannot happen (`f.outcome`).
    virtual void on_follow(double /*time*/, const follow_result& /*f*/) {}
};

/// What the race offers in a state, for a policy to choose from.
struct choice_view {
    double now;
    /// The next fault window's edge (or the next `at` time of a declared fault), infinity if none.
    double next_edge;
    /// The run's time limit (infinity if none).
    double until;
    /// The current state (`machine::width()` words) and its transitions.
    const std::uint32_t* state;
    const lts::successors& transitions;
    /// Per transition: its clock, or `no_clock` when it is not possible (frozen, blocked).
    const std::vector<std::uint32_t>& clock_of;
    /// The clocks that are running, and each clock's time.
    const std::vector<std::uint32_t>& running;
    const std::vector<double>& clock_time;
    /// Per external fault of the scenario: whether its window is open now.
    const std::vector<std::uint8_t>& active;
    /// The external fault (index into `scenario::external`) that makes
    /// transition `t` impossible (`clock_of[t] == no_clock`), or -1.
    std::int32_t (*blocking_fault)(const void* runner, std::size_t t);
    const void* runner;
    static constexpr std::uint32_t no_clock = std::numeric_limits<std::uint32_t>::max();
};

/// Chooses the next transition.  The default (no policy) is the race; a
/// driver that follows a given trace (follow.hpp) chooses the transition of
/// the trace's next event instead, at the trace's time.
class policy {
public:
    virtual ~policy() = default;
    struct decision {
        enum class what {
            race,  ///< the race decides, as without a policy
            take,  ///< `transition` happens at `time` (not before now)
            wait,  ///< nothing happens before `time` (or the next window edge, if earlier); then ask again
            stop   ///< end the run here (at `time`, if later than now), as `stopped`
        } kind = what::race;
        std::size_t transition = 0;
        double time = 0;
    };
    /// Called once before the run starts; `obs` (may be null) sees the run's events.
    virtual void start(observer* /*obs*/) {}
    virtual decision choose(const choice_view& view, xoshiro256ss& rng) = 0;
    /// Called once when the run has ended, to add what the policy found to its result.
    virtual void finish(run_result& /*r*/, observer* /*obs*/) {}
};

struct trace_entry {
    double time;
    semantics::event_id event;
    bool hidden;
};

struct latency_result {
    std::string name;
    /// lost: pairs never completed — `dropped` by a `lost` event, or still open at the end.
    std::uint64_t matched = 0, lost = 0, dropped = 0, unmatched_to = 0;
    /// Seconds; zero when nothing matched.
    double min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;
};

struct counter_result {
    std::string name;
    std::vector<std::pair<std::string, std::uint64_t>> groups;  ///< sorted by group
};

/// How a run that follows a trace fared (follow.hpp).
struct follow_result {
    enum class outcome_kind {
        followed,   ///< every event of the trace happened
        left,       ///< the trace's next event could not happen; see `cause`
        incomplete  ///< the run ended (time or event limit) before the trace did
    } outcome = outcome_kind::incomplete;
    enum class cause_kind {
        none,
        fault,      ///< an injected fault from outside (`external`) freezes or blocks every way to it
        model,      ///< the model cannot do it here (after the events so far, and any injected faults)
        held_back,  ///< only events the scenario holds back lead to it
        deadlock,   ///< the process deadlocked before it
        terminated  ///< the process terminated (✓) before it
    } cause = cause_kind::none;
    std::size_t length = 0;    ///< the trace's visible events
    std::size_t followed = 0;  ///< of them, how many happened (the position of the one that could not)
    /// Timed traces: events that happened later than their timestamp (waiting for hidden events), and the most late.
    std::uint64_t late = 0;
    double max_late = 0;
    /// When following ended (the trace's last event, or when the next one could not happen).
    double time = 0;
    std::uint64_t events = 0;           ///< events of the run by then (hidden ones included)
    semantics::event_id event = semantics::tau_event;  ///< `left`: the event that could not happen
    std::int32_t external = -1;         ///< `fault`: index into `scenario::external`
    std::vector<semantics::event_id> possible;  ///< `left`: visible events possible there, sorted by number
    /// Declared faults that the scenario injected off the trace, up to then (at most 16, the first).
    struct injected_fault {
        double time;
        semantics::event_id event;
    };
    std::vector<injected_fault> injected;
    std::uint64_t injected_count = 0;
    std::vector<std::uint32_t> active;  ///< `left`: external faults whose window was open then
    bool then_free = false;             ///< the run went on freely afterwards
};

enum class end_reason { until, max_events, terminated, deadlock, stuck, stopped };
const char* to_string(end_reason r);

struct run_result {
    std::uint64_t seed = 0;
    std::uint64_t events = 0;         ///< every event that happened, hidden ones included
    std::uint64_t visible_events = 0;
    std::uint64_t faults_injected = 0;  ///< declared faults that fired, windows opened
    double end_time = 0;
    end_reason reason = end_reason::until;
    /// deadlock / stuck: the last events before it (at most `trace_keep`), oldest first.
    std::vector<trace_entry> trace;
    std::string stuck_because;
    std::vector<std::pair<std::string, std::uint64_t>> channel_counts;  ///< sorted by channel, nonzero only
    std::vector<latency_result> latencies;
    std::vector<counter_result> counters;
    /// A run that followed a trace (`--follow`): how far, and where and why it left it.
    std::shared_ptr<const follow_result> follow;
};

struct run_options {
    std::uint64_t seed = 1;
    double until = std::numeric_limits<double>::infinity();
    std::uint64_t max_events = 10'000'000;
    std::size_t trace_keep = 64;
};

/// Runs one simulation.  `m` is used by this call alone (a machine is not
/// thread-safe); `p` may be shared.
run_result simulate(const lts::machine& m, const plan& p, const run_options& opt, observer* obs = nullptr,
                    policy* pol = nullptr);

}  // namespace cspgate::sim
