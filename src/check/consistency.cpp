// Consistency monitors: a machine around the model's machine whose extra
// word is the monitor's state, interned (the set of spans seen so far, or
// the last sequence number of each key).  A violation is a transition to an
// error state, as in the refinement product, so the breadth-first search
// ends at a shortest trace that breaks the rule.

#include "cspgate/check/consistency.hpp"

#include "cspgate/check/explore.hpp"
#include "cspgate/lts/extended.hpp"
#include "cspgate/semantics/program.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

namespace cspgate::check {
namespace {

constexpr std::uint32_t violation = 0xffffffffu;
constexpr std::uint32_t unwatched = 0xffffffffu;

/// Interns values as small numbers, in the order first met.
class value_ids {
public:
    std::uint32_t id(const semantics::value& v) {
        auto [it, fresh] = m_ids.emplace(v, static_cast<std::uint32_t>(m_values.size()));
        if (fresh) m_values.push_back(v);
        return it->second;
    }
    const semantics::value& value(std::uint32_t i) const { return m_values[i]; }

private:
    std::map<semantics::value, std::uint32_t> m_ids;
    std::vector<semantics::value> m_values;
};

/// A monitor over the events of one channel.  Its states are sorted lists
/// of 64-bit entries, interned; state 0 is the empty list.
class monitor {
public:
    explicit monitor(const watched_channel& c) : m_channel(c) {
        m_states.emplace_back();
        m_state_ids.emplace(key_of(m_states[0]), 0);
    }
    virtual ~monitor() = default;

    /// The state after `e` in state `s`: `s` itself for an event the monitor
    /// does not watch, `violation` when `e` breaks the rule.
    std::uint32_t step(std::uint32_t s, event_id e) {
        std::uint32_t slot = slot_of(e);
        if (slot == unwatched) return s;
        std::uint64_t k = (std::uint64_t{s} << 32) | slot;
        auto it = m_steps.find(k);
        if (it != m_steps.end()) return it->second;
        std::vector<std::uint64_t> next = m_states[s];
        std::uint32_t t = advance(slot, next) ? intern(std::move(next)) : violation;
        m_steps.emplace(k, t);
        return t;
    }

    /// Why `e` in state `s` breaks the rule, in words.
    std::string explain(std::uint32_t s, event_id e) { return describe(s, slot_of(e), e); }

protected:
    virtual std::string describe(std::uint32_t s, std::uint32_t slot, event_id e) const = 0;
    /// Applies watched event `slot` to `entries`; false when it breaks the rule.
    virtual bool advance(std::uint32_t slot, std::vector<std::uint64_t>& entries) = 0;
    /// Reads the identity fields of event `e` of the channel into a new slot.
    virtual std::uint32_t classify(const std::vector<semantics::value>& fields) = 0;

    const std::vector<std::uint64_t>& entries(std::uint32_t s) const { return m_states[s]; }
    const watched_channel& channel() const { return m_channel; }
    const semantics::process_space* space = nullptr;

public:
    void attach(const semantics::process_space& sp) { space = &sp; }
    std::uint32_t slot_of(event_id e) {
        if (e < m_slot.size() && m_slot[e] != unknown) return m_slot[e];
        if (e >= m_slot.size()) m_slot.resize(e + 1, unknown);
        std::uint32_t slot = unwatched;
        if (std::binary_search(m_channel.events.begin(), m_channel.events.end(), e)) {
            std::vector<semantics::value> fields = space->event_fields(e);
            if (fields.size() >= m_channel.first_field) fields.erase(fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(m_channel.first_field));
            slot = classify(fields);
        }
        m_slot[e] = slot;
        return slot;
    }

private:
    static constexpr std::uint32_t unknown = 0xfffffffeu;
    static std::string key_of(const std::vector<std::uint64_t>& v) {
        if (v.empty()) return {};
        return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(std::uint64_t));
    }
    std::uint32_t intern(std::vector<std::uint64_t> v) {
        auto [it, fresh] = m_state_ids.emplace(key_of(v), static_cast<std::uint32_t>(m_states.size()));
        if (fresh) m_states.push_back(std::move(v));
        return it->second;
    }

    const watched_channel& m_channel;
    std::vector<std::uint32_t> m_slot;
    std::vector<std::vector<std::uint64_t>> m_states;
    std::unordered_map<std::string, std::uint32_t> m_state_ids;
    std::unordered_map<std::uint64_t, std::uint32_t> m_steps;
};

/// Causal: an entry (trace << 32 | span) for each span introduced.
class causal_monitor final : public monitor {
public:
    causal_monitor(const watched_channel& c, const semantics::value& root) : monitor(c) { m_root = m_ids.id(root); }

    std::string describe(std::uint32_t, std::uint32_t slot, event_id e) const override {
        const auto& ev = m_events[slot];
        return space->event_name(e) + " has parent span " + show(ev.parent) + ", which no earlier event on " +
               channel().name + " has introduced in trace " + show(ev.trace);
    }

private:
    struct span_event {
        std::uint32_t trace, span, parent;
    };
    std::string show(std::uint32_t id) const {
        return const_cast<semantics::process_space*>(space)->owner().show(m_ids.value(id));
    }
    std::uint32_t classify(const std::vector<semantics::value>& f) override {
        if (f.size() < 3) return unwatched;
        m_events.push_back({m_ids.id(f[0]), m_ids.id(f[1]), m_ids.id(f[2])});
        return static_cast<std::uint32_t>(m_events.size() - 1);
    }
    bool advance(std::uint32_t slot, std::vector<std::uint64_t>& seen) override {
        const span_event& ev = m_events[slot];
        if (ev.parent != m_root) {
            std::uint64_t parent = (std::uint64_t{ev.trace} << 32) | ev.parent;
            if (!std::binary_search(seen.begin(), seen.end(), parent)) return false;
        }
        std::uint64_t self = (std::uint64_t{ev.trace} << 32) | ev.span;
        auto it = std::lower_bound(seen.begin(), seen.end(), self);
        if (it == seen.end() || *it != self) seen.insert(it, self);
        return true;
    }

    value_ids m_ids;
    std::uint32_t m_root = 0;
    std::vector<span_event> m_events;
};

/// Sequential: an entry (key << 32 | position of its last sequence number
/// among the key's sorted numbers) for each key seen.
class sequential_monitor final : public monitor {
public:
    sequential_monitor(const watched_channel& c, const semantics::process_space& sp, bool gapless)
        : monitor(c), m_gapless(gapless) {
        attach(sp);
        // Each key's sequence numbers, from the channel's events.
        std::map<std::uint32_t, std::vector<semantics::value>> numbers;
        for (event_id e : c.events) {
            std::vector<semantics::value> f = sp.event_fields(e);
            if (f.size() < c.first_field + 2) continue;
            numbers[m_ids.id(f[c.first_field])].push_back(f[c.first_field + 1]);
        }
        for (auto& [key, list] : numbers) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
            if (key >= m_numbers.size()) m_numbers.resize(key + 1);
            m_numbers[key] = std::move(list);
        }
    }

    std::string describe(std::uint32_t s, std::uint32_t slot, event_id e) const override {
        const auto [key, pos] = m_events[slot];
        const auto& list = m_numbers[key];
        const auto& seen = entries(s);
        auto it = std::lower_bound(seen.begin(), seen.end(), std::uint64_t{key} << 32);
        const bool first = it == seen.end() || (*it >> 32) != key;
        std::string name = space->event_name(e);
        std::string k = show(m_ids.value(key));
        if (first)
            return name + " is the first record of key " + k + " on " + channel().name + ", but its sequence starts at " +
                   show(list.front());
        std::uint32_t last = static_cast<std::uint32_t>(*it & 0xffffffffu);
        if (pos <= last)
            return name + " comes after sequence number " + show(list[last]) + " of key " + k + " on " + channel().name +
                   ": the numbers must strictly increase";
        return name + " comes after sequence number " + show(list[last]) + " of key " + k + " on " + channel().name +
               ", skipping " + show(list[last + 1]);
    }

private:
    std::string show(const semantics::value& v) const { return const_cast<semantics::process_space*>(space)->owner().show(v); }
    std::uint32_t classify(const std::vector<semantics::value>& f) override {
        if (f.size() < 2) return unwatched;
        std::uint32_t key = m_ids.id(f[0]);
        if (key >= m_numbers.size()) return unwatched;
        const auto& list = m_numbers[key];
        auto it = std::lower_bound(list.begin(), list.end(), f[1]);
        if (it == list.end() || !(*it == f[1])) return unwatched;
        m_events.emplace_back(key, static_cast<std::uint32_t>(it - list.begin()));
        return static_cast<std::uint32_t>(m_events.size() - 1);
    }
    bool advance(std::uint32_t slot, std::vector<std::uint64_t>& seen) override {
        const auto [key, pos] = m_events[slot];
        auto it = std::lower_bound(seen.begin(), seen.end(), std::uint64_t{key} << 32);
        if (it == seen.end() || (*it >> 32) != key) {
            if (m_gapless && pos != 0) return false;
            seen.insert(it, (std::uint64_t{key} << 32) | pos);
            return true;
        }
        std::uint32_t last = static_cast<std::uint32_t>(*it & 0xffffffffu);
        if (pos <= last || (m_gapless && pos != last + 1)) return false;
        *it = (std::uint64_t{key} << 32) | pos;
        return true;
    }

    bool m_gapless;
    value_ids m_ids;
    std::vector<std::vector<semantics::value>> m_numbers;  ///< by key id
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_events;
};

/// The model's machine with the monitor's state as one more word.
class monitored final : public lts::extended_machine {
public:
    monitored(const lts::machine& inner, monitor& mon) : extended_machine(inner), m_mon(mon) {}

    bool terminated(const std::uint32_t* s) const override { return s[m_w] != violation && m_inner.terminated(s); }

    void expand(const std::uint32_t* s, lts::successors& out) const override {
        const std::uint32_t ms = s[m_w];
        if (ms == violation) return;
        const std::size_t begin = out.size();
        const std::size_t base = out.states.size();
        m_inner.expand(s, out);
        // Widen each new successor by one word: move the states in place, from the back.
        const std::size_t n = out.size();
        std::vector<std::uint32_t>& st = out.states;
        st.resize(base + (n - begin) * (m_w + 1));
        for (std::size_t k = n; k-- > begin;) {
            const std::size_t from = base + (k - begin) * m_w, to = base + (k - begin) * (m_w + 1);
            std::copy_backward(st.begin() + static_cast<std::ptrdiff_t>(from), st.begin() + static_cast<std::ptrdiff_t>(from + m_w),
                               st.begin() + static_cast<std::ptrdiff_t>(to + m_w));
            const event_id e = out.events[k];
            std::uint32_t next = e == tau_event || e == tick_event ? ms : m_mon.step(ms, e);
            st[to + m_w] = next;
        }
    }

private:
    monitor& m_mon;
};

template <class Monitor>
check_result run_monitor(const lts::machine& m, const semantics::process_space& space, Monitor& mon,
                         const std::string& kind, const limits& lim) {
    mon.attach(space);
    monitored prod(m, mon);
    state_graph g(prod);
    const std::size_t w = prod.width();
    std::vector<std::uint32_t> words(w);
    std::uint32_t found = UINT32_MAX;
    explore(g, keep_edges::none, lim, [&](std::uint32_t id) {
        g.store.get(id, words.data());
        if (words[w - 1] == violation) found = id;
        return found != UINT32_MAX;
    });
    check_result r = result_of(g);
    if (found == UINT32_MAX) {
        // Breadth-first order: a violation found but not yet expanded when the search ended.
        for (std::uint32_t id = 0; id < g.store.size() && found == UINT32_MAX; ++id) {
            g.store.get(id, words.data());
            if (words[w - 1] == violation) found = id;
        }
    }
    if (found == UINT32_MAX) return r;
    r.outcome = verdict::fail;
    r.reason.clear();
    counterexample cx;
    cx.kind = kind;
    std::vector<std::uint32_t> path = path_to(g, found);
    cx.path = steps_of(g, space, path);
    cx.trace = visible_events(cx.path);
    // The last step is the event that breaks the rule; the monitor's state before it says why.
    std::uint32_t before = path.size() >= 2 ? path[path.size() - 2] : 0;
    std::vector<std::uint32_t> prior(w);
    g.store.get(before, prior.data());
    if (!cx.path.empty()) cx.summary = mon.explain(prior[w - 1], cx.path.back().event.id);
    cx.components = components_of(g, space, cx.path, found);
    r.example = std::move(cx);
    return r;
}

}  // namespace

check_result causal_consistent(const lts::machine& m, const semantics::process_space& space, const watched_channel& c,
                               const semantics::value& root, const limits& lim) {
    causal_monitor mon(c, root);
    return run_monitor(m, space, mon, "causal consistency", lim);
}

check_result sequential_consistent(const lts::machine& m, const semantics::process_space& space, const watched_channel& c,
                                   bool gapless, const limits& lim) {
    sequential_monitor mon(c, space, gapless);
    return run_monitor(m, space, mon, gapless ? "sequential consistency gapless" : "sequential consistency", lim);
}

}  // namespace cspgate::check
