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

#include "cspgate/lts/compiled.hpp"

#include "cspgate/base/large_stack.hpp"
#include "cspgate/base/memory.hpp"
#include "cspgate/lts/term_semantics.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <unordered_map>

namespace cspgate::lts {
namespace {

using semantics::process_node;
using semantics::process_op;
using semantics::term_id;

struct leaf_lts {
    std::string name;
    std::vector<term_id> terms;          // local state -> term
    std::vector<std::uint32_t> first;    // transitions of state s: [first[s], first[s + 1])
    std::vector<std::uint32_t> local;    // local event of each transition
    std::vector<std::uint32_t> target;
    std::vector<event_id> events;        // local event -> event; 0 is τ, 1 is ✓
    std::vector<std::uint8_t> omega;     // whether a state is Ω
};

enum class node_kind { leaf, parallel, alphabetised, linked, hide, rename };

struct static_node {
    node_kind kind = node_kind::leaf;
    std::vector<std::uint32_t> children;
    std::uint32_t leaf = 0;
    std::vector<std::vector<event_id>> sets;
    std::vector<std::pair<event_id, event_id>> links;
    int flag = -1;
};

struct rule {
    event_id result;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> parts;  // (leaf, local event), by leaf
};

bool in(const std::vector<event_id>& set, event_id e) { return std::binary_search(set.begin(), set.end(), e); }

class compiled_machine final : public machine {
public:
    compiled_machine(semantics::process_space& space) : m_space(space) {}

    std::size_t width() const override { return m_leaf_of.size() + m_flag_words; }
    std::vector<std::uint8_t> word_bits() const override {
        std::vector<std::uint8_t> bits;
        for (std::uint32_t l : m_leaf_of) {
            std::size_t n = m_lts[l]->first.size() - 1, b = 0;  // its number of states
            while ((std::size_t{1} << b) < n) ++b;
            bits.push_back(static_cast<std::uint8_t>(std::max<std::size_t>(b, 1)));
        }
        for (std::size_t w = 0; w < m_flag_words; ++w)
            bits.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(32, m_flags - 32 * w)));
        return bits;
    }
    void initial(std::uint32_t* out) const override { std::fill(out, out + width(), 0u); }
    void expand(const std::uint32_t* s, successors& out) const override;
    bool terminated(const std::uint32_t* s) const override { return finished(0, s); }
    std::size_t component_count() const override { return m_leaf_of.size(); }
    std::string component_name(std::size_t i) const override { return m_lts[m_leaf_of[i]]->name; }
    std::string component_state(const std::uint32_t* s, std::size_t i) const override {
        const leaf_lts& l = *m_lts[m_leaf_of[i]];
        if (l.terms.empty()) return "state " + std::to_string(s[i]) + " of " + l.name;  // a compressed component
        return m_space.describe(l.terms[s[i]]);
    }
    std::vector<event_id> component_offers(const std::uint32_t* s, std::size_t i) const override {
        const leaf_lts& l = *m_lts[m_leaf_of[i]];
        std::vector<event_id> out;
        for (std::uint32_t k = l.first[s[i]]; k < l.first[s[i] + 1]; ++k) out.push_back(l.events[l.local[k]]);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
    std::string event_name(event_id e) const override { return m_space.event_name(e); }

    semantics::process_space& m_space;
    std::vector<std::shared_ptr<leaf_lts>> m_lts;  // distinct LTSs
    std::vector<std::uint32_t> m_leaf_of;          // leaf -> its LTS
    std::vector<static_node> m_nodes;              // m_nodes[0] is the root
    std::vector<rule> m_rules;
    std::vector<std::vector<std::vector<std::uint32_t>>> m_by_first;  // leaf -> local event -> rules
    std::size_t m_flags = 0;
    std::size_t m_flag_words = 0;
    /// Whether any leaf can ever do ✓ (else termination needs no work).
    bool m_can_tick = false;
    // Scratch space of expand(), reused between calls (one machine is used by one thread).
    mutable std::vector<std::uint32_t> m_opt, m_opt_begin;
    mutable std::vector<std::size_t> m_pick;

private:
    bool flag(const std::uint32_t* s, int f) const { return (s[m_leaf_of.size() + f / 32] >> (f % 32)) & 1u; }
    bool finished(std::uint32_t n, const std::uint32_t* s) const {
        const static_node& x = m_nodes[n];
        switch (x.kind) {
        case node_kind::leaf: return m_lts[m_leaf_of[x.leaf]]->omega[s[x.leaf]] != 0;
        case node_kind::hide:
        case node_kind::rename: return finished(x.children[0], s);
        default: return flag(s, x.flag);
        }
    }
    // The ways node n can do ✓ itself: each a list of (word, new value).
    using change = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
    void ticks(std::uint32_t n, const std::uint32_t* s, std::vector<change>& out) const;
    void tick_moves(std::uint32_t n, const std::uint32_t* s, successors& out) const;
    void emit(const std::uint32_t* s, event_id e, const change& c, successors& out,
              const std::vector<std::pair<std::uint32_t, event_id>>& parts) const;
};

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

// ------------------------------------------------------------------ building

void finalize(compiled_machine& m, std::vector<rule> rules);
std::shared_ptr<leaf_lts> reduce(const compiled_machine& m, const std::string& name, std::uint64_t max_states, bool& too_big);

struct builder {
    semantics::process_space& space;
    term_semantics sem;
    base::diagnostics& sink;
    compile_limits limits;
    compile_result& result;
    compiled_machine& m;
    std::map<term_id, std::uint32_t> lts_of_term;
    /// Memory held before compiling: the limit is on what compiling adds.
    std::uint64_t baseline = base::resident_bytes();
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    struct stop_building {};

    builder(semantics::process_space& s, base::diagnostics& d, compile_limits l, compile_result& r, compiled_machine& mm)
        : space(s), sem(s, d), sink(d), limits(l), result(r), m(mm) {}

    term_id canon(term_id t) {
        auto c = sem.canonical(t);
        if (!c) throw stop_building{};
        return *c;
    }

    std::uint32_t explore_leaf(term_id root) {
        if (auto it = lts_of_term.find(root); it != lts_of_term.end()) return it->second;
        auto l = std::make_shared<leaf_lts>();
        l->name = space.label(root).empty() ? space.describe(root) : space.label(root);
        l->events = {tau_event, tick_event};
        std::unordered_map<term_id, std::uint32_t> index{{root, 0}};
        std::unordered_map<event_id, std::uint32_t> local{{tau_event, 0}, {tick_event, 1}};
        l->terms.push_back(root);
        l->first.push_back(0);
        for (std::size_t at = 0; at < l->terms.size(); ++at) {
            const transition_list* ts = sem.transitions(l->terms[at]);
            if (!ts) throw stop_building{};
            l->omega.push_back(space.node(l->terms[at]).op == process_op::omega);
            std::vector<std::pair<std::uint32_t, std::uint32_t>> row;
            for (auto [e, t] : *ts) {
                auto [ei, fresh_e] = local.emplace(e, static_cast<std::uint32_t>(l->events.size()));
                if (fresh_e) l->events.push_back(e);
                auto [ti, fresh_t] = index.emplace(t, static_cast<std::uint32_t>(l->terms.size()));
                if (fresh_t) {
                    l->terms.push_back(t);
                    if ((result.leaf_states & 0x3ff) == 0 && limits.timeout_seconds > 0 &&
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >
                            limits.timeout_seconds) {
                        result.limit_reached = "the time limit was reached while exploring the component '" + l->name + "'";
                        throw stop_building{};
                    }
                    if ((result.leaf_states & 0xffff) == 0 && base::resident_bytes() > baseline + limits.max_memory) {
                        result.limit_reached = "the memory limit was reached while exploring the component '" +
                                               l->name + "' (is its state space infinite?)";
                        throw stop_building{};
                    }
                    if (++result.leaf_states > limits.max_leaf_states) {
                        result.limit_reached = "the component '" + l->name + "' has more than " +
                                               std::to_string(limits.max_leaf_states) +
                                               " states (is its state space infinite?)";
                        throw stop_building{};
                    }
                }
                row.emplace_back(ei->second, ti->second);
            }
            std::sort(row.begin(), row.end());
            for (auto [e, t] : row) {
                l->local.push_back(e);
                l->target.push_back(t);
            }
            l->first.push_back(static_cast<std::uint32_t>(l->local.size()));
        }
        ++result.leaf_states;
        auto id = static_cast<std::uint32_t>(m.m_lts.size());
        m.m_lts.push_back(std::move(l));
        lts_of_term.emplace(root, id);
        return id;
    }

    // Builds the static tree below `t` and returns its rules.
    std::vector<rule> build(term_id t, std::uint32_t node, std::size_t depth) {
        if (depth > 10000) {
            base::diagnostic d;
        d.has_location = false;
            d.message = "the process nests parallel, hiding and renaming operators more than 10000 deep "
                        "(is it defined by recursion through them?)";
            sink.report(std::move(d));
            throw stop_building{};
        }
        const process_node n = space.node(t);
        static_node x;
        if (n.op == process_op::compress) {
            // The argument is compiled as a system of its own, explored, and
            // reduced; the result is one component here.
            x.leaf = static_cast<std::uint32_t>(m.m_leaf_of.size());
            m.m_leaf_of.push_back(compressed(t, n.children[0], depth));
            m.m_nodes[node] = x;
            std::vector<rule> rules;
            const leaf_lts& l = *m.m_lts[m.m_leaf_of[x.leaf]];
            for (std::uint32_t le = 2; le < l.events.size(); ++le) rules.push_back({l.events[le], {{x.leaf, le}}});
            return rules;
        }
        switch (n.op) {
        case process_op::parallel: x.kind = node_kind::parallel; break;
        case process_op::alphabetised: x.kind = node_kind::alphabetised; break;
        case process_op::linked: x.kind = node_kind::linked; break;
        case process_op::hide: x.kind = node_kind::hide; break;
        case process_op::rename: x.kind = node_kind::rename; break;
        default: x.kind = node_kind::leaf; break;
        }
        if (x.kind == node_kind::leaf) {
            x.leaf = static_cast<std::uint32_t>(m.m_leaf_of.size());
            if (x.leaf >= limits.max_leaves) {
                result.limit_reached = "more than " + std::to_string(limits.max_leaves) + " components";
                throw stop_building{};
            }
            m.m_leaf_of.push_back(explore_leaf(t));
            m.m_nodes[node] = x;
            std::vector<rule> rules;
            const leaf_lts& l = *m.m_lts[m.m_leaf_of[x.leaf]];
            for (std::uint32_t le = 2; le < l.events.size(); ++le) rules.push_back({l.events[le], {{x.leaf, le}}});
            return rules;
        }
        x.sets = n.sets;
        x.links = n.links;
        if (x.kind == node_kind::parallel || x.kind == node_kind::alphabetised || x.kind == node_kind::linked)
            x.flag = static_cast<int>(m.m_flags++);
        std::vector<std::vector<rule>> kids;
        for (term_id c : n.children) {
            auto id = static_cast<std::uint32_t>(m.m_nodes.size());
            m.m_nodes.emplace_back();
            x.children.push_back(id);
            kids.push_back(build(canon(c), id, depth + 1));
        }
        m.m_nodes[node] = x;
        return combine(x, kids);
    }

    std::uint32_t compressed(term_id t, term_id argument, std::size_t depth) {
        if (auto it = lts_of_term.find(t); it != lts_of_term.end()) return it->second;
        compiled_machine sub(space);
        builder inner(space, sink, limits, result, sub);
        sub.m_nodes.emplace_back();
        std::vector<rule> rules = inner.build(canon(argument), 0, depth + 1);
        finalize(sub, std::move(rules));
        bool too_big = false;
        std::string name = space.label(t).empty() ? "a compressed process" : space.label(t);
        auto l = reduce(sub, name, limits.max_leaf_states, too_big);
        if (too_big) {
            result.limit_reached = "the argument of '" + name + "' has more than " +
                                   std::to_string(limits.max_leaf_states) + " states";
            throw stop_building{};
        }
        result.leaf_states += l->omega.size();
        auto id = static_cast<std::uint32_t>(m.m_lts.size());
        m.m_lts.push_back(std::move(l));
        lts_of_term.emplace(t, id);
        return id;
    }

    void count(std::size_t n) {
        if (n > limits.max_rules) {
            result.limit_reached = "more than " + std::to_string(limits.max_rules) + " synchronisation rules";
            throw stop_building{};
        }
    }

    std::vector<rule> combine(const static_node& x, std::vector<std::vector<rule>>& kids);
};

// The product of one rule per operand, all with result `e`.
void product(const std::vector<std::vector<const rule*>>& choices, event_id result, std::vector<rule>& out) {
    for (const auto& c : choices)
        if (c.empty()) return;
    std::vector<std::size_t> pick(choices.size(), 0);
    while (true) {
        rule r{result, {}};
        for (std::size_t i = 0; i < choices.size(); ++i)
            r.parts.insert(r.parts.end(), choices[i][pick[i]]->parts.begin(), choices[i][pick[i]]->parts.end());
        std::sort(r.parts.begin(), r.parts.end());
        out.push_back(std::move(r));
        std::size_t i = 0;
        while (i < pick.size() && ++pick[i] == choices[i].size()) pick[i++] = 0;
        if (i == pick.size()) return;
    }
}

std::vector<rule> builder::combine(const static_node& x, std::vector<std::vector<rule>>& kids) {
    std::vector<rule> out;
    switch (x.kind) {
    case node_kind::hide:
        out = std::move(kids[0]);
        for (rule& r : out)
            if (in(x.sets[0], r.result)) r.result = tau_event;
        return out;
    case node_kind::rename:
        for (rule& r : kids[0]) {
            auto lo = std::lower_bound(x.links.begin(), x.links.end(), std::make_pair(r.result, event_id{0}));
            if (lo == x.links.end() || lo->first != r.result) {
                out.push_back(std::move(r));
                continue;
            }
            for (; lo != x.links.end() && lo->first == r.result; ++lo) out.push_back({lo->second, r.parts});
            count(out.size());
        }
        return out;
    case node_kind::linked: {
        auto left_linked = [&](event_id e) {
            auto lo = std::lower_bound(x.links.begin(), x.links.end(), std::make_pair(e, event_id{0}));
            return lo != x.links.end() && lo->first == e;
        };
        auto right_linked = [&](event_id e) {
            return std::any_of(x.links.begin(), x.links.end(), [&](const auto& l) { return l.second == e; });
        };
        for (const rule& r : kids[0])
            if (r.result == tau_event || !left_linked(r.result)) out.push_back(r);
        for (const rule& r : kids[1])
            if (r.result == tau_event || !right_linked(r.result)) out.push_back(r);
        for (auto [a, b] : x.links) {
            std::vector<std::vector<const rule*>> ch(2);
            for (const rule& r : kids[0])
                if (r.result == a) ch[0].push_back(&r);
            for (const rule& r : kids[1])
                if (r.result == b) ch[1].push_back(&r);
            product(ch, tau_event, out);
            count(out.size());
        }
        return out;
    }
    default: {
        // Parallel: an event outside the interface of every other operand
        // is done alone; a shared one by all operands whose interface holds it.
        const bool alpha = x.kind == node_kind::alphabetised;
        const std::size_t k = kids.size();
        auto interface = [&](std::size_t i, event_id e) { return alpha ? in(x.sets[i], e) : in(x.sets[0], e); };
        std::map<event_id, std::vector<std::vector<const rule*>>> shared;
        for (std::size_t i = 0; i < k; ++i)
            for (const rule& r : kids[i]) {
                if (r.result == tau_event) {
                    out.push_back(r);
                    continue;
                }
                if (alpha && !in(x.sets[i], r.result)) continue;  // outside its alphabet: blocked
                bool is_shared = false;
                for (std::size_t j = 0; j < k && !is_shared; ++j)
                    if (j != i && interface(j, r.result)) is_shared = true;
                if (!is_shared) {
                    out.push_back(r);
                    continue;
                }
                auto& slot = shared[r.result];
                if (slot.empty()) slot.resize(k);
                slot[i].push_back(&r);
            }
        for (auto& [e, per] : shared) {
            std::vector<std::vector<const rule*>> ch;
            for (std::size_t i = 0; i < k; ++i)
                if (!alpha || in(x.sets[i], e)) ch.push_back(per[i]);
            product(ch, e, out);
            count(out.size());
        }
        return out;
    }
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


// Explores a machine completely and returns the quotient of its LTS by
// strong bisimulation (signature refinement: split classes by the set of
// (event, class of target) pairs until nothing splits).  Strong
// bisimulation preserves every semantic model, so the result can stand for
// the machine wherever a compression function was applied.
std::shared_ptr<leaf_lts> reduce(const compiled_machine& m, const std::string& name, std::uint64_t max_states, bool& too_big) {
    const std::size_t w = m.width();
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::string> states;
    std::vector<std::uint32_t> first{0}, target;
    std::vector<event_id> event;
    std::vector<std::uint8_t> omega;
    auto key_of = [&](const std::uint32_t* s) { return std::string(reinterpret_cast<const char*>(s), w * 4); };
    std::vector<std::uint32_t> init(w);
    m.initial(init.data());
    states.push_back(key_of(init.data()));
    index.emplace(states.back(), 0);
    successors next;
    too_big = false;
    for (std::size_t at = 0; at < states.size(); ++at) {
        const auto* s = reinterpret_cast<const std::uint32_t*>(states[at].data());
        std::vector<std::uint32_t> here(s, s + w);
        omega.push_back(m.terminated(here.data()) ? 1 : 0);
        next.clear();
        m.expand(here.data(), next);
        for (std::size_t k = 0; k < next.size(); ++k) {
            std::string key = key_of(&next.states[k * w]);
            auto [it, fresh] = index.emplace(key, static_cast<std::uint32_t>(states.size()));
            if (fresh) {
                if (states.size() >= max_states) {
                    too_big = true;
                    return nullptr;
                }
                states.push_back(std::move(key));
            }
            event.push_back(next.events[k]);
            target.push_back(it->second);
        }
        first.push_back(static_cast<std::uint32_t>(target.size()));
    }
    const std::size_t n = states.size();
    std::vector<std::uint32_t> cls(n);
    for (std::size_t s = 0; s < n; ++s) cls[s] = omega[s];
    std::size_t classes = 0;
    using signature = std::vector<std::pair<event_id, std::uint32_t>>;
    std::vector<signature> sig(n);
    while (true) {
        std::map<std::pair<std::uint32_t, signature>, std::uint32_t> ids;
        std::vector<std::uint32_t> next_cls(n);
        for (std::size_t s = 0; s < n; ++s) {
            signature g;
            for (std::uint32_t k = first[s]; k < first[s + 1]; ++k) g.emplace_back(event[k], cls[target[k]]);
            std::sort(g.begin(), g.end());
            g.erase(std::unique(g.begin(), g.end()), g.end());
            auto [it, fresh] = ids.emplace(std::make_pair(cls[s], g), static_cast<std::uint32_t>(ids.size()));
            next_cls[s] = it->second;
            sig[s] = std::move(g);
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
        l->omega.push_back(omega[s]);
        // The signature was computed with the classes before the last
        // (non-splitting) round; recompute it with the final ones.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> row;
        for (std::uint32_t k = first[s]; k < first[s + 1]; ++k) {
            auto [it, fresh] = local.emplace(event[k], static_cast<std::uint32_t>(l->events.size()));
            if (fresh) l->events.push_back(event[k]);
            row.emplace_back(it->second, cls[target[k]]);
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

compile_result compile(semantics::process_space& space, term_id root, base::diagnostics& sink, compile_limits limits) {
    compile_result result;
    base::with_large_stack([&] {
        auto m = std::make_unique<compiled_machine>(space);
        builder b(space, sink, limits, result, *m);
        try {
            term_id r = b.canon(root);
            m->m_nodes.emplace_back();
            std::vector<rule> rules = b.build(r, 0, 0);
            finalize(*m, std::move(rules));
            result.leaves = m->m_leaf_of.size();
            result.rules = m->m_rules.size();
            result.compiled = std::move(m);
        } catch (const builder::stop_building&) {
        }
    });
    return result;
}

}  // namespace cspgate::lts
