#pragma once
// The compiled machine's internals, shared by compiled.cpp (the machine and
// its transitions), build.cpp (from a process term to leaves and rules) and
// reduce.cpp (compressions).

#include "cspgate/lts/compiled.hpp"
#include "cspgate/lts/machine.hpp"
#include "cspgate/semantics/process.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cspgate::lts::detail {

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

inline bool in(const std::vector<event_id>& set, event_id e) { return std::binary_search(set.begin(), set.end(), e); }

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
    /// The copy shares the leaf LTSs (immutable once built) and gets its own scratch space.
    std::unique_ptr<machine> clone() const override { return std::make_unique<compiled_machine>(*this); }

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

/// Installs the rules of a machine whose leaves and static tree are built,
/// and indexes them by their first participant.
void finalize(compiled_machine& m, std::vector<rule> rules);
/// A machine explored in full and reduced as `how` says (for `normal`, its
/// normal form first), then to its strong-bisimulation quotient, as one
/// leaf named `name`; null with `too_big` set past `max_states` states.
/// `over()` is asked now and then; a non-empty answer (the time or memory
/// limit was reached) stops the work: null, and `stopped` holds the answer.
std::shared_ptr<leaf_lts> reduce(const compiled_machine& m, const std::string& name, semantics::compression how,
                                 std::uint64_t max_states, bool& too_big, const std::function<std::string()>& over,
                                 std::string& stopped);

}  // namespace cspgate::lts::detail
