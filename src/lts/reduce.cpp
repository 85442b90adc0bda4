// Compressions: a machine explored in full, for `normal` turned into its
// normal form (FDR's normalisation: τ-closure and subset construction, with
// the acceptances that matter in the revivals model and the divergence of
// each node kept as an LTS), and
// then reduced to the quotient of its LTS by strong bisimulation (Kanellakis
// and Smolka's partition refinement, here in its simple signature form).

#include "compiled_impl.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <unordered_map>

namespace cspgate::lts::detail {
namespace {

/// An LTS with its states numbered from 0 (the initial state).
struct explicit_lts {
    std::vector<std::uint32_t> first{0};  // transitions of s: [first[s], first[s + 1])
    std::vector<event_id> event;
    std::vector<std::uint32_t> target;
    std::vector<std::uint8_t> omega;      // whether a state is Ω (terminated)
    std::size_t size() const { return omega.size(); }
    void add(event_id e, std::uint32_t t) {
        event.push_back(e);
        target.push_back(t);
    }
    void close_state(bool is_omega) {
        omega.push_back(is_omega ? 1 : 0);
        first.push_back(static_cast<std::uint32_t>(target.size()));
    }
};

/// Explores `m` breadth-first; false past `max_states` states.
bool explore_all(const compiled_machine& m, std::uint64_t max_states, explicit_lts& g,
                 const std::function<bool(std::size_t)>& stop) {
    const std::size_t w = m.width();
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::string> states;
    auto key_of = [&](const std::uint32_t* s) { return std::string(reinterpret_cast<const char*>(s), w * 4); };
    std::vector<std::uint32_t> init(w);
    m.initial(init.data());
    states.push_back(key_of(init.data()));
    index.emplace(states.back(), 0);
    successors next;
    for (std::size_t at = 0; at < states.size(); ++at) {
        if (stop(at)) return false;
        const auto* s = reinterpret_cast<const std::uint32_t*>(states[at].data());
        std::vector<std::uint32_t> here(s, s + w);
        next.clear();
        m.expand(here.data(), next);
        for (std::size_t k = 0; k < next.size(); ++k) {
            std::string key = key_of(&next.states[k * w]);
            auto [it, fresh] = index.emplace(key, static_cast<std::uint32_t>(states.size()));
            if (fresh) {
                if (states.size() >= max_states) return false;
                states.push_back(std::move(key));
            }
            g.add(next.events[k], it->second);
        }
        g.close_state(m.terminated(here.data()));
    }
    return true;
}

/// The states that can do τ for ever: all but those from which every τ path
/// ends (found backwards from the states with no τ at all).
std::vector<std::uint8_t> divergent_states(const explicit_lts& g) {
    const std::size_t n = g.size();
    std::vector<std::uint32_t> taus(n, 0);
    std::vector<std::vector<std::uint32_t>> into(n);
    for (std::uint32_t s = 0; s < n; ++s)
        for (std::uint32_t k = g.first[s]; k < g.first[s + 1]; ++k)
            if (g.event[k] == tau_event) {
                ++taus[s];
                into[g.target[k]].push_back(s);
            }
    std::vector<std::uint8_t> div(n, 1);
    std::deque<std::uint32_t> done;
    for (std::uint32_t s = 0; s < n; ++s)
        if (taus[s] == 0) done.push_back(s);
    while (!done.empty()) {
        std::uint32_t s = done.front();
        done.pop_front();
        div[s] = 0;
        for (std::uint32_t p : into[s])
            if (--taus[p] == 0) done.push_back(p);
    }
    return div;
}

std::vector<std::uint32_t> tau_closure(const explicit_lts& g, std::vector<std::uint32_t> set) {
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    std::vector<std::uint8_t> in(g.size(), 0);
    for (std::uint32_t s : set) in[s] = 1;
    for (std::size_t i = 0; i < set.size(); ++i)
        for (std::uint32_t k = g.first[set[i]]; k < g.first[set[i] + 1]; ++k)
            if (g.event[k] == tau_event && !in[g.target[k]]) {
                in[g.target[k]] = 1;
                set.push_back(g.target[k]);
            }
    std::sort(set.begin(), set.end());
    return set;
}

/// FDR's normal form of `g` as an LTS that has the same traces, stable
/// failures, stable revivals and divergences (Roscoe, "Understanding
/// Concurrent Systems", ch. 11 and 16).  A node is the τ-closed set of states one trace leads to.  A node
/// that is not divergent and whose only minimal acceptance is everything it
/// can do becomes one stable state; any other node becomes a state offering
/// every event the node can do, with a τ to one stable state per acceptance
/// that matters in the revivals model (offering exactly it) and, when
/// divergent, a τ to itself.  ✓ is a signal: a state that can terminate
/// accepts {✓}.  Nothing is cut after a divergence, so the result stands
/// for `g` in T, F, FD, V and VD alike (not in the refusal-testing models,
/// which cspgate does not check).
bool normal_form(const explicit_lts& g, std::uint64_t max_states, explicit_lts& out,
                 const std::function<bool(std::size_t)>& stop) {
    const std::vector<std::uint8_t> div = divergent_states(g);
    std::map<std::vector<std::uint32_t>, std::uint32_t> index;
    std::vector<std::vector<std::uint32_t>> nodes{tau_closure(g, {0})};
    index.emplace(nodes[0], 0);
    struct node_info {
        std::vector<std::pair<event_id, std::uint32_t>> next;  // by event
        std::vector<std::vector<event_id>> acceptances;        // see below
        bool divergent = false;
        bool omega = false;
    };
    std::vector<node_info> info;
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
        if (nodes.size() > max_states || stop(n)) return false;
        const std::vector<std::uint32_t> members = nodes[n];
        node_info x;
        std::map<event_id, std::vector<std::uint32_t>> after;
        std::vector<std::vector<event_id>> acc;
        for (std::uint32_t s : members) {
            x.divergent |= div[s] != 0;
            x.omega |= g.omega[s] != 0;
            std::vector<event_id> init;
            bool stable = true;
            for (std::uint32_t k = g.first[s]; k < g.first[s + 1]; ++k) {
                if (g.event[k] == tau_event) {
                    stable = false;
                    continue;
                }
                init.push_back(g.event[k]);
                after[g.event[k]].push_back(g.target[k]);
            }
            std::sort(init.begin(), init.end());
            init.erase(std::unique(init.begin(), init.end()), init.end());
            if (std::binary_search(init.begin(), init.end(), tick_event)) acc.push_back({tick_event});
            else if (stable && !g.omega[s]) acc.push_back(std::move(init));
        }
        std::sort(acc.begin(), acc.end(), [](const auto& a, const auto& b) {
            return a.size() != b.size() ? a.size() < b.size() : a < b;
        });
        acc.erase(std::unique(acc.begin(), acc.end()), acc.end());
        // An acceptance A adds nothing to the failures when a smaller one
        // lies within it, but it may add revivals (refuse all but A, then
        // accept a in A): it is dropped only when every a in A is accepted
        // by a strictly smaller kept acceptance within A, whose failures and
        // revivals then cover A's.  The minimal acceptances are all kept.
        for (auto& a : acc) {
            auto within = [&](const std::vector<event_id>& m) {
                return m.size() < a.size() && std::includes(a.begin(), a.end(), m.begin(), m.end());
            };
            const bool covered = !a.empty() && std::all_of(a.begin(), a.end(), [&](event_id e) {
                return std::any_of(x.acceptances.begin(), x.acceptances.end(), [&](const auto& m) {
                    return within(m) && std::binary_search(m.begin(), m.end(), e);
                });
            });
            if (!covered) x.acceptances.push_back(std::move(a));
        }
        for (auto& [e, targets] : after) {
            std::vector<std::uint32_t> c = tau_closure(g, std::move(targets));
            auto [it, fresh] = index.emplace(c, static_cast<std::uint32_t>(nodes.size()));
            if (fresh) nodes.push_back(std::move(c));
            x.next.emplace_back(e, it->second);
        }
        info.push_back(std::move(x));
    }
    // Node n is state n; the acceptance states follow all the nodes.
    std::uint32_t extra = static_cast<std::uint32_t>(info.size());
    std::vector<std::vector<event_id>> extra_offers;
    std::vector<std::uint32_t> extra_node;
    for (std::uint32_t n = 0; n < info.size(); ++n) {
        const node_info& x = info[n];
        if (x.omega) {
            out.close_state(true);
            continue;
        }
        std::vector<event_id> all;
        for (auto [e, t] : x.next) all.push_back(e);
        const bool deterministic = !x.divergent && x.acceptances.size() == 1 && x.acceptances[0] == all;
        for (auto [e, t] : x.next) out.add(e, t);
        if (!deterministic) {
            if (x.divergent) out.add(tau_event, n);
            for (const auto& a : x.acceptances) {
                out.add(tau_event, extra++);
                extra_offers.push_back(a);
                extra_node.push_back(n);
            }
        }
        out.close_state(false);
        if (out.size() + extra_offers.size() > max_states) return false;
    }
    for (std::size_t i = 0; i < extra_offers.size(); ++i) {
        const node_info& x = info[extra_node[i]];
        for (event_id e : extra_offers[i]) {
            auto it = std::lower_bound(x.next.begin(), x.next.end(), std::make_pair(e, std::uint32_t{0}));
            out.add(e, it->second);
        }
        out.close_state(false);
    }
    return true;
}

/// The quotient of `g` by strong bisimulation (signature refinement: split
/// classes by the set of (event, class of target) pairs until nothing
/// splits), as a leaf.  Strong bisimulation preserves every semantic model.
std::shared_ptr<leaf_lts> quotient(const explicit_lts& g, const std::string& name) {
    const std::size_t n = g.size();
    std::vector<std::uint32_t> cls(n);
    for (std::size_t s = 0; s < n; ++s) cls[s] = g.omega[s];
    std::size_t classes = 0;
    using signature = std::vector<std::pair<event_id, std::uint32_t>>;
    while (true) {
        std::map<std::pair<std::uint32_t, signature>, std::uint32_t> ids;
        std::vector<std::uint32_t> next_cls(n);
        for (std::size_t s = 0; s < n; ++s) {
            signature sig;
            for (std::uint32_t k = g.first[s]; k < g.first[s + 1]; ++k) sig.emplace_back(g.event[k], cls[g.target[k]]);
            std::sort(sig.begin(), sig.end());
            sig.erase(std::unique(sig.begin(), sig.end()), sig.end());
            auto [it, fresh] = ids.emplace(std::make_pair(cls[s], std::move(sig)), static_cast<std::uint32_t>(ids.size()));
            next_cls[s] = it->second;
        }
        bool stable = ids.size() == classes;
        classes = ids.size();
        cls.swap(next_cls);
        if (stable) break;
    }
    // The quotient: class numbers follow the first state of each class, so
    // the initial state's class is 0.
    auto l = std::make_shared<leaf_lts>();
    l->name = name;
    l->events = {tau_event, tick_event};
    std::map<event_id, std::uint32_t> local{{tau_event, 0}, {tick_event, 1}};
    std::vector<std::int64_t> rep(classes, -1);
    for (std::size_t s = 0; s < n; ++s)
        if (rep[cls[s]] < 0) rep[cls[s]] = static_cast<std::int64_t>(s);
    l->first.push_back(0);
    for (std::size_t c = 0; c < classes; ++c) {
        auto s = static_cast<std::size_t>(rep[c]);
        l->omega.push_back(g.omega[s]);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> row;
        for (std::uint32_t k = g.first[s]; k < g.first[s + 1]; ++k) {
            auto [it, fresh] = local.emplace(g.event[k], static_cast<std::uint32_t>(l->events.size()));
            if (fresh) l->events.push_back(g.event[k]);
            row.emplace_back(it->second, cls[g.target[k]]);
        }
        std::sort(row.begin(), row.end());
        row.erase(std::unique(row.begin(), row.end()), row.end());
        for (auto [e, t] : row) {
            l->local.push_back(e);
            l->target.push_back(t);
        }
        l->first.push_back(static_cast<std::uint32_t>(l->local.size()));
    }
    return l;
}

}  // namespace

std::shared_ptr<leaf_lts> reduce(const compiled_machine& m, const std::string& name, semantics::compression how,
                                 std::uint64_t max_states, bool& too_big, const std::function<std::string()>& over,
                                 std::string& stopped) {
    // The limits are asked every 1024 states (or nodes).
    auto stop = [&](std::size_t k) {
        if ((k & 1023) != 0 || !stopped.empty()) return !stopped.empty();
        stopped = over();
        return !stopped.empty();
    };
    explicit_lts g;
    too_big = !explore_all(m, max_states, g, stop);
    if (too_big || !stopped.empty()) return nullptr;
    if (how == semantics::compression::normalise) {
        explicit_lts nf;
        too_big = !normal_form(g, max_states, nf, stop);
        if (too_big || !stopped.empty()) return nullptr;
        return quotient(nf, name);
    }
    return quotient(g, name);
}

}  // namespace cspgate::lts::detail
