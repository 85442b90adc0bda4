// The firing rules of the CSP operators over process terms.
//
// Source: A. W. Roscoe, "Understanding Concurrent Systems" (2010), chapter 9
// (operational semantics), with termination as in Roscoe's treatment: a
// process that does ✓ becomes Ω; parallel operators turn a component's ✓
// into τ and terminate when all components have (distributed termination).
// FDR4's own operators ([+ +], /+ +\, prioritise) follow the FDR4 manual.

#include "cspgate/lts/term_semantics.hpp"

#include <algorithm>

namespace cspgate::lts {

using semantics::process_node;
using semantics::process_op;
using semantics::tau_event;
using semantics::tick_event;

std::optional<term_id> term_semantics::canonical(term_id t) { return m_space.canonical(t, m_sink); }

term_id term_semantics::canon(term_id t) {
    auto c = m_space.canonical(t, m_sink);
    if (!c) throw failed{};
    return *c;
}

const transition_list* term_semantics::transitions(term_id t) {
    try {
        return &fire(t);
    } catch (const failed&) {
        std::fill(m_busy.begin(), m_busy.end(), false);
        return nullptr;
    }
}

term_id term_semantics::with_child(term_id t, std::size_t i, term_id c) {
    process_node n = m_space.node(t);
    n.children[i] = c;
    return m_space.make(std::move(n));
}

const transition_list& term_semantics::fire(term_id t) {
    if (t >= m_memo.size()) {
        m_memo.resize(m_space.term_count() + 1);
        m_busy.resize(m_space.term_count() + 1);
    }
    if (m_memo[t]) return *m_memo[t];
    if (m_busy[t]) {
        // Asked for its own transitions while working them out: the term
        // reaches itself through operators alone, with no event between.
        base::diagnostic d;
        d.has_location = false;
        std::string name = m_space.label(t).empty() ? m_space.describe(t) : m_space.label(t);
        d.message = "'" + name + "' is defined in terms of itself with no event in between (unguarded recursion)";
        m_sink.report(std::move(d));
        throw failed{};
    }
    m_busy[t] = true;
    transition_list out;
    // Copy: making terms below may grow the table the node lives in.
    const process_node n = m_space.node(t);
    const term_id omega = m_space.omega();
    auto child = [&](std::size_t i) { return canon(n.children[i]); };
    auto in = [](const std::vector<event_id>& set, event_id e) { return std::binary_search(set.begin(), set.end(), e); };
    switch (n.op) {
    case process_op::stop:
    case process_op::omega:
        break;
    case process_op::skip:
        out.emplace_back(tick_event, omega);
        break;
    case process_op::div:
        out.emplace_back(tau_event, t);
        break;
    case process_op::prefix:
        // Targets stay as they are: an input over a large type has many
        // branches, and each is made canonical (evaluated) only when the
        // explorer reaches it, within its limits.
        for (auto [e, c] : n.branches) out.emplace_back(e, c);
        break;
    case process_op::run:
        for (event_id e : n.sets[0]) out.emplace_back(e, t);
        break;
    case process_op::chaos:
        // CHAOS(A) = STOP |~| ([] x : A @ x -> CHAOS(A)).
        out.emplace_back(tau_event, m_space.stop());
        if (!n.sets[0].empty()) {
            // After each event, CHAOS(A) again (not RUN(A), which never refuses).
            process_node offer;
            offer.op = process_op::prefix;
            for (event_id e : n.sets[0]) offer.branches.emplace_back(e, t);
            out.emplace_back(tau_event, m_space.make(std::move(offer)));
        }
        break;
    case process_op::internal:
        for (std::size_t i = 0; i < n.children.size(); ++i) out.emplace_back(tau_event, child(i));
        break;
    case process_op::external:
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            term_id c = child(i);
            for (auto [e, next] : fire(c)) {
                if (e == tau_event) out.emplace_back(tau_event, with_child(t, i, canon(next)));
                else out.emplace_back(e, next);
            }
        }
        break;
    case process_op::sync_external: {
        // Events of the set are done by all operands together and do not
        // resolve the choice; the others resolve it.
        std::vector<term_id> kids;
        for (std::size_t i = 0; i < n.children.size(); ++i) kids.push_back(child(i));
        for (std::size_t i = 0; i < kids.size(); ++i)
            for (auto [e, next] : fire(kids[i])) {
                if (e == tau_event) out.emplace_back(tau_event, with_child(t, i, canon(next)));
                else if (!in(n.sets[0], e)) out.emplace_back(e, next);
            }
        fire_parallel(t, out);  // the synchronised events only (see there)
        break;
    }
    case process_op::sequential: {
        term_id q = n.children[1];
        for (auto [e, next] : fire(child(0))) {
            if (e == tick_event) out.emplace_back(tau_event, canon(q));
            else out.emplace_back(e, with_child(t, 0, canon(next)));
        }
        break;
    }
    case process_op::parallel:
    case process_op::alphabetised:
        fire_parallel(t, out);
        break;
    case process_op::linked:
        fire_linked(t, out);
        break;
    case process_op::hide:
        for (auto [e, next] : fire(child(0))) {
            if (e == tick_event) out.emplace_back(tick_event, omega);
            else out.emplace_back(in(n.sets[0], e) ? tau_event : e, with_child(t, 0, canon(next)));
        }
        break;
    case process_op::rename:
        for (auto [e, next] : fire(child(0))) {
            if (e == tick_event) {
                out.emplace_back(tick_event, omega);
                continue;
            }
            term_id after = with_child(t, 0, canon(next));
            auto lo = std::lower_bound(n.links.begin(), n.links.end(), std::make_pair(e, event_id{0}));
            if (lo == n.links.end() || lo->first != e) out.emplace_back(e, after);
            for (; lo != n.links.end() && lo->first == e; ++lo) out.emplace_back(lo->second, after);
        }
        break;
    case process_op::interrupt: {
        term_id q = child(1);
        for (auto [e, next] : fire(child(0))) {
            if (e == tick_event) out.emplace_back(tick_event, omega);
            else out.emplace_back(e, with_child(t, 0, canon(next)));
        }
        for (auto [e, next] : fire(q)) {
            if (e == tau_event) out.emplace_back(tau_event, with_child(t, 1, canon(next)));
            else out.emplace_back(e, next);
        }
        break;
    }
    case process_op::sync_interrupt: {
        // Events of the set are done by both sides together; any other event
        // of the right-hand side interrupts the left.
        term_id p = child(0), q = child(1);
        const transition_list& qs = fire(q);
        for (auto [e, next] : fire(p)) {
            if (e == tick_event) out.emplace_back(tick_event, omega);
            else if (e == tau_event || !in(n.sets[0], e)) out.emplace_back(e, with_child(t, 0, canon(next)));
            else
                for (auto [f, qnext] : qs)
                    if (f == e) {
                        process_node both = n;
                        both.children = {canon(next), canon(qnext)};
                        out.emplace_back(e, m_space.make(std::move(both)));
                    }
        }
        for (auto [e, next] : qs) {
            if (e == tau_event) out.emplace_back(tau_event, with_child(t, 1, canon(next)));
            else if (!in(n.sets[0], e)) out.emplace_back(e, next);
        }
        break;
    }
    case process_op::exception: {
        term_id q = n.children[1];
        for (auto [e, next] : fire(child(0))) {
            if (e == tick_event) out.emplace_back(tick_event, omega);
            else if (e != tau_event && in(n.sets[0], e)) out.emplace_back(e, canon(q));
            else out.emplace_back(e, with_child(t, 0, canon(next)));
        }
        break;
    }
    case process_op::sliding:
        for (auto [e, next] : fire(child(0))) {
            if (e == tau_event) out.emplace_back(tau_event, with_child(t, 0, canon(next)));
            else out.emplace_back(e, next);
        }
        out.emplace_back(tau_event, child(1));
        break;
    case process_op::compress:
        // A compression means its argument.
        out = fire(child(0));
        break;
    case process_op::prioritise: {
        // τ and ✓ rank with the first level; an event of level k > 0 happens
        // only when nothing of a level before it (τ and ✓ included) can.
        const transition_list& all = fire(child(0));
        auto level = [&](event_id e) -> long {
            if (e == tau_event || e == tick_event) return 0;
            for (std::size_t k = 0; k < n.sets.size(); ++k)
                if (in(n.sets[k], e)) return static_cast<long>(k);
            return -1;
        };
        long best = static_cast<long>(n.sets.size());
        for (auto [e, next] : all)
            if (long k = level(e); k >= 0) best = std::min(best, k);
        for (auto [e, next] : all) {
            long k = level(e);
            if (k > 0 && k > best) continue;
            if (e == tick_event) out.emplace_back(tick_event, omega);
            else out.emplace_back(e, with_child(t, 0, canon(next)));
        }
        break;
    }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    m_busy[t] = false;
    if (t >= m_memo.size()) {
        m_memo.resize(m_space.term_count() + 1);
        m_busy.resize(m_space.term_count() + 1);
    }
    m_memo[t] = std::make_unique<transition_list>(std::move(out));
    return *m_memo[t];
}

void term_semantics::fire_parallel(term_id t, transition_list& out) {
    const process_node n = m_space.node(t);
    const bool alpha = n.op == process_op::alphabetised;
    const bool choice = n.op == process_op::sync_external;
    auto in = [](const std::vector<event_id>& set, event_id e) { return std::binary_search(set.begin(), set.end(), e); };
    // The events component i must share with the others, and whether it may do e at all.
    auto shared = [&](std::size_t i, event_id e) {
        if (!alpha) return in(n.sets[0], e);
        for (std::size_t j = 0; j < n.children.size(); ++j)
            if (j != i && in(n.sets[j], e)) return true;
        return false;
    };
    auto allowed = [&](std::size_t i, event_id e) { return !alpha || in(n.sets[i], e); };
    std::vector<term_id> kids;
    std::vector<const transition_list*> moves;
    for (term_id c : n.children) kids.push_back(canon(c));
    for (term_id k : kids) moves.push_back(&fire(k));
    bool all_done = true;
    for (std::size_t i = 0; i < kids.size(); ++i) {
        if (m_space.node(kids[i]).op != process_op::omega) all_done = false;
        if (choice) continue;  // [+ +] does its own independent moves
        for (auto [e, next] : *moves[i]) {
            if (e == tau_event) out.emplace_back(tau_event, with_child(t, i, canon(next)));
            else if (e == tick_event) out.emplace_back(tau_event, with_child(t, i, m_space.omega()));
            else if (allowed(i, e) && !shared(i, e)) out.emplace_back(e, with_child(t, i, canon(next)));
        }
    }
    if (all_done && !choice) out.emplace_back(tick_event, m_space.omega());
    // Shared events: every component whose interface holds the event takes
    // part; handled once, from the first such component.
    std::vector<event_id> candidates;
    for (std::size_t i = 0; i < kids.size(); ++i)
        for (auto [e, next] : *moves[i])
            if (e != tau_event && e != tick_event && allowed(i, e) && shared(i, e)) candidates.push_back(e);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (event_id e : candidates) {
        std::vector<std::vector<term_id>> options(kids.size());
        bool possible = true;
        for (std::size_t i = 0; i < kids.size() && possible; ++i) {
            bool takes_part = alpha ? in(n.sets[i], e) : true;
            if (!takes_part) {
                options[i] = {kids[i]};
                continue;
            }
            for (auto [f, next] : *moves[i])
                if (f == e) options[i].push_back(next);
            possible = !options[i].empty();
        }
        if (!possible) continue;
        // The product of the components' choices.
        std::vector<std::size_t> pick(kids.size(), 0);
        while (true) {
            process_node m = n;
            for (std::size_t i = 0; i < kids.size(); ++i) m.children[i] = canon(options[i][pick[i]]);
            out.emplace_back(e, m_space.make(std::move(m)));
            std::size_t i = 0;
            while (i < kids.size() && ++pick[i] == options[i].size()) pick[i++] = 0;
            if (i == kids.size()) break;
        }
    }
}

void term_semantics::fire_linked(term_id t, transition_list& out) {
    const process_node n = m_space.node(t);
    term_id p = canon(n.children[0]), q = canon(n.children[1]);
    const transition_list& ps = fire(p);
    const transition_list& qs = fire(q);
    auto linked_left = [&](event_id e) {
        auto lo = std::lower_bound(n.links.begin(), n.links.end(), std::make_pair(e, event_id{0}));
        return lo != n.links.end() && lo->first == e;
    };
    auto linked_right = [&](event_id e) {
        return std::any_of(n.links.begin(), n.links.end(), [&](const auto& l) { return l.second == e; });
    };
    for (auto [e, next] : ps) {
        if (e == tau_event) out.emplace_back(tau_event, with_child(t, 0, canon(next)));
        else if (e == tick_event) out.emplace_back(tau_event, with_child(t, 0, m_space.omega()));
        else if (!linked_left(e)) out.emplace_back(e, with_child(t, 0, canon(next)));
    }
    for (auto [e, next] : qs) {
        if (e == tau_event) out.emplace_back(tau_event, with_child(t, 1, canon(next)));
        else if (e == tick_event) out.emplace_back(tau_event, with_child(t, 1, m_space.omega()));
        else if (!linked_right(e)) out.emplace_back(e, with_child(t, 1, canon(next)));
    }
    for (auto [a, b] : n.links)
        for (auto [e, pnext] : ps)
            if (e == a)
                for (auto [f, qnext] : qs)
                    if (f == b) {
                        process_node m = n;
                        m.children = {canon(pnext), canon(qnext)};
                        out.emplace_back(tau_event, m_space.make(std::move(m)));
                    }
    if (m_space.node(p).op == process_op::omega && m_space.node(q).op == process_op::omega)
        out.emplace_back(tick_event, m_space.omega());
}

}  // namespace cspgate::lts
