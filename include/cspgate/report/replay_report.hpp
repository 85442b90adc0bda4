#pragma once
/// \file
/// Reports of `cspgate replay`: a few lines for people and the same result
/// as JSON (`cspgate.replay/v1`, docs/schema/replay.md).  The report holds
/// text only (events as printed), so this layer needs nothing of the replay.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace cspgate::report {

struct replay_report {
    std::string file;     ///< the model, as given on the command line
    std::string process;  ///< the process replayed against, as an expression
    // The trace.
    std::string trace_file;
    std::string format;  ///< "check", "event log", "list"
    std::size_t events = 0;
    std::size_t skipped = 0;           ///< event-log lines that are no visible event
    std::size_t assertion = 0;         ///< a check report: the counterexample's assertion (1-based); 0 otherwise
    std::string assertion_text;        ///< a check report: the assertion as written
    std::string counterexample;        ///< a check report: the counterexample's kind
    bool final_event_added = false;    ///< a refinement trace counterexample: its last event came from the summary
    // The outcome.
    std::string verdict;  ///< "fits", "does not fit", "inconclusive"
    std::size_t fitted = 0;
    std::string event;              ///< does not fit: the event that is not possible
    std::string where;              ///< does not fit: where it is in the trace file
    std::vector<std::string> possible;  ///< the events possible there (or at the end), sorted
    bool can_deadlock = false;      ///< fits: the process may be deadlocked at the end
    bool has_terminated = false;    ///< fits: the process may have terminated at the end
    std::string reason;             ///< inconclusive: why
    std::size_t states = 0;         ///< states in the set at the end or at the mismatch
    std::size_t peak_states = 0;    ///< the largest set on the way
};

/// "the trace fits (32 events)", or where it stops fitting and what was possible there.
void write_text(std::ostream& out, const replay_report& r);
/// The report as a `cspgate.replay/v1` document (pretty-printed, final newline).
void write_json(std::ostream& out, const replay_report& r);

}  // namespace cspgate::report
