#pragma once
/// \file
/// Driving a simulation run along a given trace (`cspgate simulate
/// --follow`), while the scenario's faults are injected.
///
/// The run is the simulator's race (engine.hpp) with one rule added: a
/// visible event that is not the trace's next event does not happen, unless
/// it is a fault the model declares and the scenario releases (an injected
/// fault is what a replay under faults is for).  Between two events of the
/// trace, hidden events happen as drawn, as long as the trace's next event
/// stays reachable from where they lead (a `trace_guide` decides that: the
/// replay layer's τ-closure, see replay/tracker.hpp).  The next event itself
/// happens at its timestamp when the trace has one (an event log), else
/// when its own drawn clock goes off (a counterexample, a list of events).
/// A timestamp that agrees with the event's clock to the precision of an
/// event log (1 ns) takes the clock's exact value, so that following the
/// event log of a run, with the run's seed and options, gives the run again
/// event for event.
///
/// When neither the next event nor a hidden move leads on, a fault the
/// model declares and the scenario releases may: the run waits for it (a
/// crash before the trace's restart).  Where the next event cannot happen
/// the policy records where and why (follow_result): every way to it is
/// frozen or blocked by an injected fault from outside (at its timestamp,
/// when the trace has one); the model cannot do it from here at all; only
/// faults the scenario holds back lead to it.  Then the run stops, or goes on freely (the race), as asked; so it
/// does when the whole trace has happened.

#include "cspgate/sim/engine.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace cspgate::sim {

/// What the follower needs to know about the model beyond one state's
/// transitions: which hidden moves keep the trace's next event reachable.
/// replay::trace_follower answers it (the command line joins the two).
class trace_guide {
public:
    virtual ~trace_guide() = default;
    /// Whether every event of the trace has been taken.
    virtual bool done() const = 0;
    /// The trace's next event.
    virtual semantics::event_id next() const = 0;
    /// The transitions of `out` that do the next event, and the τ
    /// transitions from whose target it is reachable by τ moves.
    virtual std::vector<std::size_t> allowed(const lts::successors& out) = 0;
    /// The run took an event: the next one advances the trace, τ nothing.
    virtual void taken(semantics::event_id e) = 0;
    /// Whether the next event is possible from `state` after τ moves only.
    virtual bool reaches_next(const std::uint32_t* state) = 0;
    /// The visible events reachable from `state` by τ moves and then done, sorted.
    virtual std::vector<semantics::event_id> possible_from(const std::uint32_t* state) = 0;
};

/// A trace to follow: its visible events and, where it has them, their times.
struct timed_trace {
    std::vector<semantics::event_id> events;
    std::vector<std::optional<double>> times;  ///< empty, or one per event
};

/// What to do once following is over (the trace ended, or could not go on).
enum class then_do { stop, free };

class follow_policy final : public policy {
public:
    follow_policy(const plan& p, const timed_trace& trace, std::unique_ptr<trace_guide> guide, then_do then);

    void start(observer* obs) override { m_obs = obs; }
    decision choose(const choice_view& view, xoshiro256ss& rng) override;
    void finish(run_result& r, observer* obs) override;

private:
    struct candidate {
        double time;
        std::uint32_t clock;
    };
    /// The ways on from a state (`m_eligible` marks them: 1 along the trace, 2 an injected fault).
    struct ways {
        bool open = false;     ///< a transition along the trace is possible
        bool blocked = false;  ///< one would be, but a fault from outside freezes or blocks it
        std::size_t first_blocked = 0;
        std::uint32_t x_clock = choice_view::no_clock;  ///< the clock of the trace's next event, if possible
    };
    enum class fault_way { none, released, pending, held };
    ways mark_ways(const choice_view& view, semantics::event_id x);
    /// Whether a declared fault leads to the next event: released now, at an `at` time to come, or held back.
    fault_way faults_leading_on(const choice_view& view);
    /// Takes transition `t` (of clock `best.clock`) and keeps the books.
    decision take(const choice_view& view, std::size_t t, candidate best, std::uint32_t x_clock, bool timed, double stamp);
    /// Where the trace cannot go on: records it, tells the observer, and stops or runs freely.
    decision leave(const choice_view& view, follow_result::cause_kind cause, std::int32_t external, double time);
    /// The trace ended (all its events happened).
    decision finished(const choice_view& view);
    /// Picks a transition of clock `c`, as the race would, among those in `eligible`.
    std::size_t pick(const choice_view& view, std::uint32_t c, const std::vector<std::uint8_t>& eligible,
                     xoshiro256ss& rng) const;

    const plan& m_plan;
    const timed_trace& m_trace;
    std::unique_ptr<trace_guide> m_guide;
    then_do m_then;
    observer* m_obs = nullptr;
    follow_result m_result;
    bool m_over = false;  ///< following has ended; the race decides from now on
    std::uint64_t m_events = 0;  ///< events the run took while following
    double m_last = 0;           ///< the time of the last of them
    std::vector<std::uint8_t> m_eligible;
};

}  // namespace cspgate::sim
