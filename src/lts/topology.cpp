/// \file
/// The communication graph of a compiled machine (lts/topology.hpp): edges
/// from the synchronisation rules, directions from the leaves' LTSs.

#include "cspgate/lts/topology.hpp"

#include "compiled_impl.hpp"

#include "cspgate/semantics/program.hpp"

#include <map>
#include <set>
#include <tuple>

namespace cspgate::lts {
namespace {

using detail::compiled_machine;
using detail::leaf_lts;

/// How a component offers a channel's values: at most one last-field value
/// per choice of the earlier fields in every state (an output), or several
/// (an input); `unknown` without fields.
enum class role { unknown, output, input };

struct edge_data {
    bool hidden = true;
    std::set<std::pair<event_id, event_id>> pairs;  // (event of the smaller index, event of the larger)
    std::set<event_id> events[2];                  // each side's own events on the edge
};

struct analysis {
    const compiled_machine& m;
    semantics::process_space& space;
    std::map<event_id, std::string> channels;
    /// Per event: (channel and every field but the last, the last field), for events with fields.
    std::map<event_id, std::optional<std::pair<std::string, std::string>>> split;

    const std::string& channel(event_id e) {
        auto it = channels.find(e);
        if (it == channels.end()) it = channels.emplace(e, space.event_channel(e)).first;
        return it->second;
    }

    const std::optional<std::pair<std::string, std::string>>& fields(event_id e) {
        auto it = split.find(e);
        if (it != split.end()) return it->second;
        std::optional<std::pair<std::string, std::string>> s;
        std::vector<semantics::value> f = space.event_fields(e);
        if (!f.empty()) {
            std::string prefix = channel(e);
            for (std::size_t i = 0; i + 1 < f.size(); ++i) prefix += "." + space.owner().show(f[i]);
            s.emplace(prefix, space.owner().show(f.back()));
        }
        return split.emplace(e, std::move(s)).first->second;
    }

    /// The role of component `leaf` for the events `on` (its own events on an edge).
    role role_of(std::size_t leaf, const std::set<event_id>& on) {
        const leaf_lts& l = *m.m_lts[m.m_leaf_of[leaf]];
        std::set<std::string> last_values;
        for (event_id e : on) {
            const auto& f = fields(e);
            if (!f) return role::unknown;
            last_values.insert(f->second);
        }
        // A last field that only ever has one value tells nothing.
        if (last_values.size() < 2) return role::unknown;
        bool several = false;
        std::map<std::string, std::set<std::string>> offered;
        for (std::size_t s = 0; s + 1 < l.first.size() && !several; ++s) {
            offered.clear();
            for (std::uint32_t k = l.first[s]; k < l.first[s + 1]; ++k) {
                event_id e = l.events[l.local[k]];
                if (!on.count(e)) continue;
                const auto& f = fields(e);
                auto& values = offered[f->first];
                values.insert(f->second);
                if (values.size() > 1) several = true;
            }
        }
        return several ? role::input : role::output;
    }
};

}  // namespace

std::optional<topology> topology_of(const machine& mm) {
    const auto* cm = dynamic_cast<const compiled_machine*>(&mm);
    if (!cm) return std::nullopt;
    const compiled_machine& m = *cm;
    analysis a{m, m.m_space, {}, {}};
    topology out;
    const std::size_t n = m.m_leaf_of.size();
    for (std::size_t i = 0; i < n; ++i) out.nodes.push_back({m.component_name(i), {}});
    std::vector<std::map<std::string, bool>> own(n);  // channel -> hidden
    std::map<std::tuple<std::size_t, std::size_t, std::string>, edge_data> edges;
    for (const detail::rule& r : m.m_rules) {
        auto event_of = [&](std::size_t p) { return m.m_lts[m.m_leaf_of[r.parts[p].first]]->events[r.parts[p].second]; };
        if (r.parts.size() == 1) {
            event_id e = event_of(0);
            if (e == tau_event || e == tick_event) continue;
            auto [it, fresh] = own[r.parts[0].first].emplace(a.channel(e), r.result == tau_event);
            if (!fresh) it->second = it->second && r.result == tau_event;
            continue;
        }
        for (std::size_t p = 0; p < r.parts.size(); ++p)
            for (std::size_t q = p + 1; q < r.parts.size(); ++q) {
                std::size_t i = r.parts[p].first, j = r.parts[q].first;
                event_id ei = event_of(p), ej = event_of(q);
                if (i > j) {
                    std::swap(i, j);
                    std::swap(ei, ej);
                }
                if (i == j || ei <= tick_event || ej <= tick_event) continue;
                const std::string& ci = a.channel(ei);
                const std::string& cj = a.channel(ej);
                std::string label = ci == cj ? ci : ci + "/" + cj;
                edge_data& d = edges[{i, j, label}];
                d.hidden = d.hidden && r.result == tau_event;
                d.pairs.emplace(ei, ej);
                d.events[0].insert(ei);
                d.events[1].insert(ej);
            }
    }
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& [c, hidden] : own[i]) out.nodes[i].own.push_back({c, hidden});
    for (auto& [key, d] : edges) {
        auto [i, j, label] = key;
        topology_edge e;
        e.from = i;
        e.to = j;
        e.channel = label;
        e.hidden = d.hidden;
        e.events = d.pairs.size();
        role ri = a.role_of(i, d.events[0]), rj = a.role_of(j, d.events[1]);
        if (ri == role::output && rj == role::input) {
            e.directed = true;
        } else if (ri == role::input && rj == role::output) {
            e.directed = true;
            std::swap(e.from, e.to);
        }
        out.edges.push_back(std::move(e));
    }
    return out;
}

}  // namespace cspgate::lts
