// The compiled machine: explicit leaf LTSs under combinator rules.
//
// A rule says which leaves take part in a visible transition, with which of
// their own events, and what the system's event is (after renaming and
// hiding above them).  Rules are built bottom-up over the static operators:
// a parallel composition multiplies the rules of its operands that share an
// event; hiding turns a result into τ; renaming maps it.  τ moves of a leaf
// need no rule.  Termination (✓) follows the tree at run time: a parallel
// operator turns an operand's ✓ into τ and, when every operand has
// terminated, does ✓ itself and sets its flag (Roscoe's distributed
// termination).

#include "compiled_impl.hpp"

namespace cspgate::lts::detail {

void compiled_machine::emit(const std::uint32_t* s, event_id e, const change& c, successors& out,
                            const std::vector<std::pair<std::uint32_t, event_id>>& parts) const {
    std::size_t w = width(), at = out.states.size();
    out.events.push_back(e);
    out.states.insert(out.states.end(), s, s + w);
    for (auto [word, v] : c) out.states[at + word] = v;
    if (out.want_parts) {
        out.part_begin.push_back(static_cast<std::uint32_t>(out.parts.size()));
        out.parts.insert(out.parts.end(), parts.begin(), parts.end());
    }
}

void compiled_machine::ticks(std::uint32_t n, const std::uint32_t* s, std::vector<change>& out) const {
    const static_node& x = m_nodes[n];
    switch (x.kind) {
    case node_kind::leaf: {
        const leaf_lts& l = *m_lts[m_leaf_of[x.leaf]];
        for (std::uint32_t k = l.first[s[x.leaf]]; k < l.first[s[x.leaf] + 1]; ++k)
            if (l.local[k] == 1) out.push_back({{x.leaf, l.target[k]}});
        return;
    }
    case node_kind::hide:
    case node_kind::rename:
        ticks(x.children[0], s, out);
        return;
    default: {
        if (flag(s, x.flag)) return;
        for (std::uint32_t c : x.children)
            if (!finished(c, s)) return;
        std::uint32_t word = static_cast<std::uint32_t>(m_leaf_of.size() + x.flag / 32);
        out.push_back({{word, s[word] | (1u << (x.flag % 32))}});
        return;
    }
    }
}

void compiled_machine::tick_moves(std::uint32_t n, const std::uint32_t* s, successors& out) const {
    // A parallel operator turns each operand's ✓ into τ; the root's own ✓ is the system's.
    const static_node& x = m_nodes[n];
    std::vector<change> found;
    if (x.kind == node_kind::parallel || x.kind == node_kind::alphabetised || x.kind == node_kind::linked) {
        if (flag(s, x.flag)) return;
        for (std::uint32_t c : x.children) {
            found.clear();
            ticks(c, s, found);
            for (const change& ch : found) {
                std::vector<std::pair<std::uint32_t, event_id>> parts;
                for (auto [word, v] : ch)
                    if (word < m_leaf_of.size()) parts.emplace_back(word, tick_event);
                emit(s, tau_event, ch, out, parts);
            }
        }
    }
    for (std::uint32_t c : x.children) tick_moves(c, s, out);
}

void compiled_machine::expand(const std::uint32_t* s, successors& out) const {
    // The hot loop of every check: no allocation once the scratch buffers
    // have grown, and a direct path for the common rules whose other
    // participants each have one way to take part.
    const std::size_t leaves = m_leaf_of.size(), w = width();
    auto begin_successor = [&](event_id e) -> std::uint32_t* {
        out.events.push_back(e);
        std::size_t at = out.states.size();
        out.states.insert(out.states.end(), s, s + w);
        if (out.want_parts) out.part_begin.push_back(static_cast<std::uint32_t>(out.parts.size()));
        return out.states.data() + at;
    };
    for (std::uint32_t i = 0; i < leaves; ++i) {
        const leaf_lts& l = *m_lts[m_leaf_of[i]];
        const auto& by_event = m_by_first[i];
        for (std::uint32_t k = l.first[s[i]], end = l.first[s[i] + 1]; k < end; ++k) {
            std::uint32_t le = l.local[k];
            if (le == 1) continue;
            if (le == 0) {
                begin_successor(tau_event)[i] = l.target[k];
                if (out.want_parts) out.parts.emplace_back(i, tau_event);
                continue;
            }
            for (std::uint32_t r : by_event[le]) {
                const rule& ru = m_rules[r];
                const std::size_t n = ru.parts.size();
                if (n == 1) {
                    begin_successor(ru.result)[i] = l.target[k];
                    if (out.want_parts) out.parts.emplace_back(i, l.events[le]);
                    continue;
                }
                // Collect each other participant's targets for its event.
                m_opt_begin.assign(1, 0);
                m_opt.clear();
                m_opt.push_back(l.target[k]);
                m_opt_begin.push_back(1);
                bool ok = true;
                for (std::size_t p = 1; p < n && ok; ++p) {
                    auto [j, lej] = ru.parts[p];
                    const leaf_lts& m = *m_lts[m_leaf_of[j]];
                    for (std::uint32_t q = m.first[s[j]], qe = m.first[s[j] + 1]; q < qe; ++q)
                        if (m.local[q] == lej) m_opt.push_back(m.target[q]);
                    ok = m_opt.size() > m_opt_begin.back();
                    m_opt_begin.push_back(static_cast<std::uint32_t>(m_opt.size()));
                }
                if (!ok) continue;
                m_pick.assign(n, 0);
                while (true) {
                    std::uint32_t* t = begin_successor(ru.result);
                    for (std::size_t p = 0; p < n; ++p) {
                        std::uint32_t j = ru.parts[p].first;
                        t[j] = m_opt[m_opt_begin[p] + m_pick[p]];
                        if (out.want_parts) out.parts.emplace_back(j, m_lts[m_leaf_of[j]]->events[ru.parts[p].second]);
                    }
                    std::size_t p = 0;
                    while (p < n && ++m_pick[p] == m_opt_begin[p + 1] - m_opt_begin[p]) m_pick[p++] = 0;
                    if (p == n) break;
                }
            }
        }
    }
    if (!m_can_tick) return;
    tick_moves(0, s, out);
    std::vector<change> root_ticks;
    ticks(0, s, root_ticks);
    std::vector<std::pair<std::uint32_t, event_id>> parts;
    for (const change& c : root_ticks) {
        parts.clear();
        for (auto [word, v] : c)
            if (word < leaves) parts.emplace_back(word, tick_event);
        emit(s, tick_event, c, out, parts);
    }
}

void finalize(compiled_machine& m, std::vector<rule> rules) {
    m.m_rules = std::move(rules);
    m.m_flag_words = (m.m_flags + 31) / 32;
    m.m_by_first.resize(m.m_leaf_of.size());
    for (std::size_t i = 0; i < m.m_leaf_of.size(); ++i) m.m_by_first[i].resize(m.m_lts[m.m_leaf_of[i]]->events.size());
    for (std::uint32_t r = 0; r < m.m_rules.size(); ++r) {
        auto [leaf, le] = m.m_rules[r].parts.front();
        m.m_by_first[leaf][le].push_back(r);
    }
    for (const auto& l : m.m_lts)
        if (std::find(l->local.begin(), l->local.end(), 1u) != l->local.end()) m.m_can_tick = true;
}

}  // namespace cspgate::lts::detail
