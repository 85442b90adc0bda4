#pragma once
// The internals of process_space, shared by process_space.cpp (terms,
// events, hash-consing) and unfold.cpp (one operator at a time).

#include "cspgate/semantics/process.hpp"
#include "impl.hpp"

#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cspgate::semantics {

inline constexpr term_id no_term = static_cast<term_id>(-1);

struct term_entry {
    value process;  ///< for a lazy term: the process value it was made from
    bool is_lazy = false;
    bool resolving = false;
    term_id canonical = no_term;
    process_node node;  ///< for a structural (canonical) term
    std::string label;
};

class process_space::impl {
public:
    explicit impl(program::impl& evaluator);

    /// What a lazy term unfolds to: an operator, or another process it
    /// stands for (`normal(P)` is P; `b & P` is P or STOP).
    struct unfolded {
        bool is_alias = false;
        value alias;
        process_node node;
    };

    term_id term(const value& v, base::span where);
    term_id resolve(term_id t);
    term_id make(process_node n);
    /// The number of the event `v`; `known_complete` skips the check that
    /// every field is present, for values built from `productions`.
    event_id event(const value& v, base::span where, bool known_complete = false);
    std::vector<event_id> events(const value& set, base::span where);

    unfolded unfold(const process_term& t);
    unfolded unfold_expr(expr_id id, const frame* env);
    unfolded unfold_builtin(const process_term& t);
    unfolded unfold_prefix(const prefix& p, base::span where, const frame* env);
    unfolded unfold_replicated(const replicated& r, base::span where, const frame* env);

    /// The term of a sub-expression that must be a process.
    term_id process_of(expr_id x, const frame* env);
    std::vector<event_id> event_set(expr_id x, const frame* env);
    /// `from <- to` (or `from <-> to`) expanded to pairs of events: a
    /// channel (or a prefix of one) stands for all its events.
    void expand_pairs(const value& from, const value& to, base::span where,
                      std::vector<std::pair<event_id, event_id>>& out);
    /// The values an input field after the fields `so_far` can take, within
    /// `restriction` when there is one; `last` when it is the prefix's last
    /// input, which takes all the remaining fields.  Cached: the reference
    /// stays valid while the space lives.
    const std::vector<value>& input_candidates(const value& so_far, bool last, const value* restriction,
                                               base::span where);
    /// The fields of a complete value `full` beyond those of its prefix `part`.
    std::vector<value> rest_of(const value& part, const value& full);

    void encode(const value& v, std::string& out);
    const std::vector<std::string>& free_names(expr_id e);

    program::impl& ev;
    std::deque<term_entry> terms;
    std::unordered_map<std::string, term_id> lazy_keys;
    std::unordered_map<std::string, term_id> node_keys;
    std::vector<value> event_values;
    std::unordered_map<std::string, event_id> event_keys;
    std::unordered_map<expr_id, std::vector<std::string>> free_cache;
    std::unordered_map<std::string, std::vector<event_id>> set_cache;
    /// input_candidates by the encoding of (last, so_far, restriction).
    std::unordered_map<std::string, std::vector<value>> input_cache;
    /// The keys of input_cache whose values came from a restriction (the
    /// channel's own type being infinite).
    std::unordered_set<std::string> restricted_inputs;
    bool last_input_restricted = false;  ///< set by each input_candidates call
    term_id omega_term = no_term;
    term_id stop_term = no_term;
};

}  // namespace cspgate::semantics
