#pragma once
/// \file
/// The communication graph of a compiled process (`cspgate topology`): its
/// components (the leaves of the compiled machine) as nodes, and an edge
/// between two components for each channel on which they synchronise.
///
/// Edges come from the machine's synchronisation rules, so they are exactly
/// the synchronisations the parallel operators allow: two components are
/// joined by channel `c` when some rule makes both take part, each with an
/// event of its own on `c` (the channel as the component itself names it,
/// before renaming; when renaming gives the two sides different channels
/// the edge is labelled `a/b`).  A synchronisation of three or more
/// components gives an edge between each pair.  An edge is hidden when every
/// one of its synchronisations is τ for the system (hidden above, or a
/// linked parallel's link).
///
/// Which side sends is a heuristic on the components' own LTSs: a
/// component that, in every state, offers at most ONE value of the
/// channel's last field for each choice of the earlier fields behaves as an
/// output (`c!v`); one that offers several values in some state behaves as
/// an input (`c?x`).  When one side is an output and the other an input,
/// the edge is directed from the output; otherwise (both alike, a channel
/// without fields, a last field with one value) its direction is unknown.

#include "cspgate/lts/machine.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cspgate::lts {

struct topology_channel {
    std::string channel;
    bool hidden = false;  ///< every event of it the component does alone is τ for the system
};

struct topology_node {
    std::string name;
    /// Channels the component uses without any other component taking part, sorted.
    std::vector<topology_channel> own;
};

struct topology_edge {
    /// Component indices; `from` < `to` unless `directed`, when `from` sends.
    std::size_t from = 0;
    std::size_t to = 0;
    std::string channel;
    bool directed = false;
    bool hidden = false;
    /// Distinct pairs of component events that synchronise on this edge.
    std::size_t events = 0;
};

struct topology {
    std::vector<topology_node> nodes;
    /// Sorted by (smaller index, larger index, channel).
    std::vector<topology_edge> edges;
};

/// The topology of a machine made by `lts::compile`; nothing for any other machine.
std::optional<topology> topology_of(const machine& m);

}  // namespace cspgate::lts
