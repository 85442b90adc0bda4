// From a process term to a compiled machine: the static operators at the
// top (parallel in all its forms, hiding, renaming) become combinator rules;
// what lies below them, the leaves, are explored with the term semantics; a
// compression's argument is compiled, explored and reduced into one leaf.

#include "compiled_impl.hpp"

#include "cspgate/base/large_stack.hpp"
#include "cspgate/base/memory.hpp"
#include "cspgate/lts/term_semantics.hpp"

#include <chrono>
#include <map>
#include <unordered_map>

namespace cspgate::lts {
namespace {

using namespace detail;
using semantics::process_node;
using semantics::process_op;

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
            const transition_list moves = *ts;  // a copy: canonical() below may add terms
            for (auto [e, raw] : moves) {
                term_id t = canon(raw);
                auto [ei, fresh_e] = local.emplace(e, static_cast<std::uint32_t>(l->events.size()));
                if (fresh_e) l->events.push_back(e);
                auto [ti, fresh_t] = index.emplace(t, static_cast<std::uint32_t>(l->terms.size()));
                if (fresh_t) {
                    l->terms.push_back(t);
                    if (limits.timeout_seconds > 0 &&
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() >
                            limits.timeout_seconds) {
                        result.limit_reached = "the time limit was reached while exploring the component '" + l->name + "'";
                        throw stop_building{};
                    }
                    if ((result.leaf_states & 0xff) == 0 && base::resident_bytes() > baseline + limits.max_memory) {
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
        auto over = [&]() -> std::string {
            if (limits.timeout_seconds > 0 &&
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() > limits.timeout_seconds)
                return "the time limit was reached while compressing '" + name + "'";
            if (base::resident_bytes() > baseline + limits.max_memory)
                return "the memory limit was reached while compressing '" + name + "'";
            return {};
        };
        std::string stopped;
        auto l = reduce(sub, name, space.node(t).reduction, limits.max_leaf_states, too_big, over, stopped);
        if (!stopped.empty()) {
            result.limit_reached = stopped;
            throw stop_building{};
        }
        if (too_big) {
            result.limit_reached = "the argument of '" + name + "' has more than " +
                                   std::to_string(limits.max_leaf_states) + " states";
            throw stop_building{};
        }
        result.leaf_states += l->omega.size();
        result.normalised |= space.node(t).reduction == semantics::compression::normalise;
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
