#pragma once
/// \file
/// Replaying a trace against a machine by tracking the SET of states it can
/// be in: the subset construction of Roscoe's "Understanding Concurrent
/// Systems" (2010), section 16.1 (normalisation), done on the fly for one
/// trace instead of for every trace.  After each visible event the set is
/// closed under τ, so a nondeterministic process (`a -> b -> STOP |~| a ->
/// c -> STOP`) accepts each trace any of its resolutions can do, and hidden
/// events never need to appear in the trace.
///
/// Two entry points:
/// * `state_set_tracker` and `replay_trace`: does a whole trace fit, and if
///   not, where does it stop fitting and what was possible there
///   (`cspgate replay`);
/// * `trace_follower`: for a simulator that runs ONE concrete state and
///   wants to drive it along a given trace (`cspgate simulate --follow`):
///   which transitions of the current state agree with the trace's next
///   event.

#include "cspgate/lts/machine.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace cspgate::replay {

using lts::event_id;
using lts::tau_event;
using lts::tick_event;

/// Bounds that turn an unmanageable replay into an "inconclusive" answer.
struct replay_limits {
    /// The most states the τ-closed set may hold (a process that hides most
    /// of what it does can be in very many states after a few events).
    std::uint64_t max_states = 1'000'000;
};

/// The set of states a machine can be in after the events given so far,
/// closed under τ.  Every state of the set is expanded exactly once; its
/// visible transitions are kept for the next step.
class state_set_tracker {
public:
    /// Starts at the τ-closure of the initial state (check `ok()`).
    explicit state_set_tracker(const lts::machine& m, replay_limits lim = {});
    /// Starts at the τ-closure of `start` (`m.width()` words) instead.
    state_set_tracker(const lts::machine& m, const std::uint32_t* start, replay_limits lim = {});

    enum class step_outcome {
        taken,           ///< the event was possible; the set is now the states after it
        impossible,      ///< no state of the set can do the event; the set is unchanged
        too_many_states  ///< the set would exceed `max_states`; the tracker is no longer usable
    };

    /// Takes one event.  τ is always `taken` and changes nothing (the set
    /// is closed under τ already).
    step_outcome step(event_id e);

    /// False once the limit was reached (also by the initial closure).
    bool ok() const noexcept { return m_ok; }
    /// States in the set.
    std::size_t size() const noexcept { return m_count; }
    /// The largest set seen so far.
    std::size_t peak() const noexcept { return m_peak; }
    /// The visible events (✓ included) some state of the set can do, sorted
    /// by event number, without duplicates.
    std::vector<event_id> possible() const;
    /// Whether some state of the set is a deadlock (no transition, not terminated).
    bool can_deadlock() const noexcept;
    /// Whether some state of the set has terminated (done ✓).
    bool has_terminated() const noexcept;
    /// The states of the set, `size() * width` words, in the order found.
    const std::vector<std::uint32_t>& states() const noexcept { return m_states; }

private:
    /// Makes the set the τ-closure of `count` states (`count * width` words).
    void close_under_tau(const std::vector<std::uint32_t>& seeds, std::size_t count);

    const lts::machine& m_machine;
    replay_limits m_limits;
    std::size_t m_width;
    bool m_ok = true;
    std::size_t m_count = 0;
    std::size_t m_peak = 0;
    std::vector<std::uint32_t> m_states;
    // Per state s: its visible transitions are [m_first[s], m_first[s + 1]).
    std::vector<std::size_t> m_first;
    std::vector<event_id> m_event;
    std::vector<std::uint32_t> m_target;  // width words per transition
    std::vector<std::uint8_t> m_dead, m_done;
    lts::successors m_scratch;
};

/// What became of a replay.
struct replay_result {
    enum class verdict { fits, does_not_fit, inconclusive };
    verdict outcome = verdict::fits;
    /// How many events of the trace fit: all of them, or the index (0-based)
    /// of the first that does not (or where the limit was reached).
    std::size_t fitted = 0;
    /// `does_not_fit`: the event that was not possible.
    event_id event = tau_event;
    /// The visible events possible at the end of the fitting prefix (sorted
    /// by event number): what could have happened instead, or what may come
    /// next when the trace fits.  Empty when inconclusive.
    std::vector<event_id> possible;
    /// States in the set at that point, and the largest set on the way.
    std::size_t states = 0;
    std::size_t peak_states = 0;
    /// At the end of a trace that fits: whether the process may be
    /// deadlocked, or may have terminated, there.
    bool can_deadlock = false;
    bool has_terminated = false;
    /// `inconclusive`: why.
    std::string reason;
};

/// Replays `trace` (events of `m`; τ entries are skipped) from the initial state.
replay_result replay_trace(const lts::machine& m, const std::vector<event_id>& trace, replay_limits lim = {});

/// Drives ONE concrete run of a machine along a trace, for a simulator's
/// `--follow`.  The simulator keeps its own current state and asks, before
/// each move, which of that state's transitions it may take:
///
/// ```
/// lts::successors out;  m.expand(state, out);
/// auto allowed = follower.allowed(out);
/// if (allowed.empty()) { /* stuck: follower.next(), follower.possible_from(state) say why */ }
/// else { pick k among allowed (by the simulator's race); follower.taken(out.events[k]); }
/// ```
///
/// `allowed` returns the transitions doing the trace's next event and the
/// τ transitions whose target can still reach it by τ moves (a breadth-first
/// search that stops at the first state offering it, bounded by
/// `max_states`; past the bound a target counts as reaching it), so that
/// hidden moves may happen between two events of the trace but an internal
/// choice does not strand the run before the next event when another choice
/// would not.  It looks one event ahead, not to the end of the trace: a
/// choice that allows the next event but not a later one is found out
/// there (`allowed` empty).  For the whole trace, `replay_trace` decides
/// whether any resolution can do it.  Visible events that are not the next
/// one are never allowed.  When the whole trace has been taken, `done()` is
/// true and every transition is allowed (the simulator then runs freely).
class trace_follower {
public:
    trace_follower(const lts::machine& m, std::vector<event_id> trace, replay_limits lim = {});

    /// Whether every event of the trace has been taken.
    bool done() const noexcept { return m_at >= m_trace.size(); }
    /// How many events of the trace have been taken.
    std::size_t position() const noexcept { return m_at; }
    /// The trace's next event (τ when done).
    event_id next() const noexcept { return done() ? tau_event : m_trace[m_at]; }
    const std::vector<event_id>& trace() const noexcept { return m_trace; }

    /// The indices into `out` (the transitions of the run's current state,
    /// as `machine::expand` gives them) that agree with the trace.
    std::vector<std::size_t> allowed(const lts::successors& out);
    /// Records the event of the transition the simulator took: the next
    /// event advances the position, τ changes nothing; any other event
    /// returns false (the run has left the trace).
    bool taken(event_id e) noexcept;
    /// The visible events `state` can reach by τ moves and then do, sorted:
    /// what the run could do instead when it is stuck.
    std::vector<event_id> possible_from(const std::uint32_t* state);
    /// Whether `next()` is possible from `state` (`m.width()` words) after
    /// τ moves only (a closure past `max_states` counts as yes).
    bool reaches_next(const std::uint32_t* state);

private:

    const lts::machine& m_machine;
    std::vector<event_id> m_trace;
    replay_limits m_limits;
    std::size_t m_at = 0;
    /// Per position: whether a state (as bytes) can reach the next event by τ moves.
    std::size_t m_cache_at = static_cast<std::size_t>(-1);
    std::unordered_map<std::string, bool> m_cache;
};

}  // namespace cspgate::replay
