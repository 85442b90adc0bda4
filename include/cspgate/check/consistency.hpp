#pragma once
/// \file
/// The consistency properties of telemetry (DESIGN.md, "Consistency
/// properties"), checked as monitors in product with the model: the monitor
/// watches the events of one channel and its state becomes one more word of
/// the system state, so the breadth-first search finds a shortest trace that
/// breaks the rule.  These are cspgate's extensions to CSPM:
///
///     assert P :[causal consistency]: c            -- c.trace.span.parent
///     assert P :[causal consistency]: (c, root)    -- root given explicitly
///     assert P :[sequential consistency]: c        -- c.key.seq
///     assert P :[sequential consistency gapless]: c
///
/// Both are properties of traces: hidden events are not seen, and the
/// verdicts are those of the trace refinements with the specification
/// processes of models/lib/consistency.csp.

#include "cspgate/check/result.hpp"
#include "cspgate/lts/machine.hpp"
#include "cspgate/semantics/value.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace cspgate::check {

/// The channel a consistency monitor watches.
struct watched_channel {
    std::string name;                ///< as written (`store`, or `store.1` for a channel with fields fixed)
    std::vector<event_id> events;    ///< every event of the channel, sorted
    std::size_t first_field = 0;     ///< the identity fields start here among an event's fields
};

/// `:[causal consistency]:` — on the channel's events `c.t.s.p` (trace id t,
/// span id s, parent span id p, the first three fields from `first_field`),
/// an event whose parent p is not `root` happens only after an event on the
/// channel has introduced span p in the same trace t.
check_result causal_consistent(const lts::machine& m, const semantics::process_space& space, const watched_channel& c,
                               const semantics::value& root, const limits& lim);

/// `:[sequential consistency]:` — on the channel's events `c.k.n` (key k,
/// sequence number n, the first two fields from `first_field`), per key the
/// numbers strictly increase.  With `gapless`, each key's records are also
/// exactly its sequence numbers in order (the values the channel's type
/// allows after that key, from the least): no number is skipped.
check_result sequential_consistent(const lts::machine& m, const semantics::process_space& space, const watched_channel& c,
                                   bool gapless, const limits& lim);

}  // namespace cspgate::check
