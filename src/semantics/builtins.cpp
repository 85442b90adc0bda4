// FDR's built-in functions and constants (the prelude of the FDR4 manual,
// "Built-In Definitions"): sets, sequences, maps, and the type names.

#include "impl.hpp"

#include <algorithm>
#include <array>

namespace cspgate::semantics {
namespace {

struct builtin_entry { const char* name; int arity; };

// The order is the id; -1 marks constants.
constexpr std::array<builtin_entry, 64> table{{
    {"union", 2}, {"inter", 2}, {"diff", 2}, {"Union", 1}, {"Inter", 1}, {"member", 2}, {"card", 1},
    {"empty", 1}, {"set", 1}, {"Set", 1}, {"seq", 1}, {"Seq", 1}, {"null", 1}, {"head", 1}, {"tail", 1},
    {"length", 1}, {"concat", 1}, {"elem", 2}, {"productions", 1}, {"extensions", 1}, {"error", 1},
    {"show", 1}, {"mapFromList", 1}, {"mapToList", 1}, {"mapLookup", 2}, {"mapMember", 2},
    {"mapUpdate", 3}, {"mapUpdateMultiple", 2}, {"mapDelete", 2}, {"mapKeys", 1}, {"emptyMap", -1},
    {"Int", -1}, {"Bool", -1}, {"Char", -1}, {"Events", -1}, {"Map", 2}, {"seqToSet", 1}, {"Proc", -1},
    {"transpose", 1}, {"relational_image", 1}, {"relational_inverse_image", 1}, {"mtransclose", 2},
    {"relational image applied", 2}, {"relational inverse image applied", 2},
    // Built-in processes and process operators (compiled by the state-space layer).
    {"STOP", -1}, {"SKIP", -1}, {"DIV", -1}, {"CHAOS", 1}, {"RUN", 1}, {"WAIT", 1},
    {"normal", 1}, {"sbisim", 1}, {"wbisim", 1}, {"diamond", 1}, {"explicate", 1}, {"chase", 1},
    {"chase_nocache", 1}, {"model_compress", 1}, {"tau_loop_factor", 1}, {"dbisim", 1},
    {"prioritise", 2}, {"prioritise_nocache", 2}, {"prioritisepo", 4}, {"timed_priority", 1},
}};

enum id : int {
    b_union, b_inter, b_diff, b_Union, b_Inter, b_member, b_card, b_empty, b_set, b_Set, b_seq, b_Seq,
    b_null, b_head, b_tail, b_length, b_concat, b_elem, b_productions, b_extensions, b_error, b_show,
    b_mapFromList, b_mapToList, b_mapLookup, b_mapMember, b_mapUpdate, b_mapUpdateMultiple, b_mapDelete,
    b_mapKeys, b_emptyMap, b_Int, b_Bool, b_Char, b_Events, b_Map, b_seqToSet, b_Proc,
    b_transpose, b_relational_image, b_relational_inverse_image, b_mtransclose, b_image_applied,
    b_inverse_image_applied, b_STOP, b_SKIP, b_DIV, b_CHAOS, b_RUN, b_WAIT, b_normal, b_sbisim, b_wbisim,
    b_diamond, b_explicate, b_chase, b_chase_nocache, b_model_compress, b_tau_loop_factor, b_dbisim,
    b_prioritise, b_prioritise_nocache, b_prioritisepo, b_timed_priority,
};

/// The pairs of a relation (a set of 2-tuples).
template <typename Fail>
std::vector<std::pair<value, value>> pairs_of(const std::vector<value>& items, Fail&& fail) {
    std::vector<std::pair<value, value>> out;
    for (const value& t : items) {
        if (t.kind() != value_kind::tuple || t.parts().items.size() != 2) fail();
        out.emplace_back(t.parts().items[0], t.parts().items[1]);
    }
    return out;
}

}  // namespace

int builtin_id(const std::string& name) {
    for (std::size_t i = 0; i < table.size(); ++i)
        if (name == table[i].name) return static_cast<int>(i);
    return -1;
}
int builtin_arity(int id) {
    return id >= 0 && static_cast<std::size_t>(id) < table.size() ? table[static_cast<std::size_t>(id)].arity : -1;
}
const char* builtin_name(int id) {
    return id >= 0 && static_cast<std::size_t>(id) < table.size() ? table[static_cast<std::size_t>(id)].name : "?";
}

value program::impl::described_union(value a, value b) {
    if (b < a) std::swap(a, b);  // union is symmetric
    auto c = std::make_shared<compound>();
    c->symbolic = symbolic_set::union_of;
    c->items = {std::move(a), std::move(b)};
    return value::of(value_kind::set, std::move(c));
}

value program::impl::builtin_call(int id, std::vector<value>& args, base::span where) {
    auto need = [&](std::size_t i, value_kind k, const char* what) -> const value& {
        if (args[i].kind() != k) fail(where, std::string("'") + builtin_name(id) + "' expects " + what);
        return args[i];
    };
    auto set_arg = [&](std::size_t i) -> const value& { return need(i, value_kind::set, "a set"); };
    // A finite sequence: only head, tail and null take an infinite one.
    auto seq_arg = [&](std::size_t i) -> const value& {
        const value& s = need(i, value_kind::sequence, "a sequence");
        items_of(s, where, (std::string("'") + builtin_name(id) + "'").c_str());
        return s;
    };
    auto map_arg = [&](std::size_t i) -> const value& { return need(i, value_kind::map, "a map"); };
    auto is_infinite = [](const value& s) { return s.parts().is_range && s.parts().range_to == compound::unbounded; };
    // Sets kept as a description: {a..}, Char, Seq(A), Map(A, B), and the
    // unions and differences made from them.
    auto is_described = [&](const value& s) { return is_infinite(s) || s.parts().symbolic != symbolic_set::none; };
    // A union or difference that cannot be listed: kept as its two sets.
    auto described = [&](symbolic_set form, value x, value y) {
        if (form == symbolic_set::union_of) return described_union(std::move(x), std::move(y));
        auto c = std::make_shared<compound>();
        c->symbolic = form;
        c->items = {std::move(x), std::move(y)};
        return value::of(value_kind::set, std::move(c));
    };
    switch (id) {
    case b_union: {
        const value &a = set_arg(0), &b = set_arg(1);
        if (a.parts().is_range && b.parts().is_range && (is_infinite(a) || is_infinite(b))) {
            std::int64_t lo = std::min(a.parts().range_from, b.parts().range_from);
            bool overlap = a.parts().range_from <= b.parts().range_to + 1 && b.parts().range_from <= a.parts().range_to + 1;
            if (overlap) return make_range_set(lo, compound::unbounded);
        }
        if (is_infinite(a) || is_infinite(b)) {
            const value& inf = is_infinite(a) ? a : b;
            const value& fin = is_infinite(a) ? b : a;
            std::int64_t lo = inf.parts().range_from;
            bool all_in = true;
            for (const value& x : enumerate(fin, where))
                if (!(x.kind() == value_kind::integer && x.as_int() >= lo - 1)) all_in = false;
            if (all_in) {
                for (const value& x : enumerate(fin, where)) lo = std::min(lo, x.as_int());
                return make_range_set(lo, compound::unbounded);
            }
            return described(symbolic_set::union_of, a, b);
        }
        if (is_described(a) || is_described(b)) return described(symbolic_set::union_of, a, b);
        std::vector<value> items = enumerate(a, where);
        for (const value& x : enumerate(b, where)) items.push_back(x);
        return make_set(std::move(items));
    }
    case b_inter: {
        const value &a = set_arg(0), &b = set_arg(1);
        if (a.parts().is_range && b.parts().is_range)
            return make_range_set(std::max(a.parts().range_from, b.parts().range_from),
                                  std::min(a.parts().range_to, b.parts().range_to));
        const value& fin = is_described(a) ? b : a;
        const value& other = is_described(a) ? a : b;
        std::vector<value> items;
        for (const value& x : enumerate(fin, where))
            if (member(x, other)) items.push_back(x);
        return make_set(std::move(items));
    }
    case b_diff: {
        const value &a = set_arg(0), &b = set_arg(1);
        if (a.parts().is_range && b.parts().is_range) {
            // [a1, a2] minus [b1, b2]: one range unless b cuts a in two.
            std::int64_t a1 = a.parts().range_from, a2 = a.parts().range_to;
            std::int64_t b1 = b.parts().range_from, b2 = b.parts().range_to;
            if (b2 < a1 || b1 > a2) return a;
            if (b1 <= a1 && b2 >= a2) return make_set({});
            if (b1 <= a1) return make_range_set(b2 + 1, a2);
            if (b2 >= a2) return make_range_set(a1, b1 - 1);
            if (!is_infinite(a)) {
                std::vector<value> items;
                for (const value& x : enumerate(a, where))
                    if (!member(x, b)) items.push_back(x);
                return make_set(std::move(items));
            }
            return described(symbolic_set::difference, a, b);  // {a..} with a finite range cut out
        }
        if (is_infinite(a) && !is_described(b)) {
            // Remove a finite prefix {a, a+1, …} of the range.
            std::int64_t lo = a.parts().range_from;
            while (member(value::integer(lo), b)) ++lo;
            bool rest_clear = true;
            if (!b.parts().is_range)
                for (const value& x : b.parts().items)
                    if (x.kind() == value_kind::integer && x.as_int() > lo) rest_clear = false;
            if (rest_clear) return make_range_set(lo, compound::unbounded);
        }
        if (is_described(a)) {
            // An infinite set less a finite one is infinite, never empty:
            // kept as the two sets.  Less an infinite one it could be
            // anything, so that is refused.
            if (is_described(b)) fail(where, "the difference of two infinite sets is not supported: " + show(a) + " and " + show(b));
            return described(symbolic_set::difference, a, b);
        }
        std::vector<value> items;
        for (const value& x : enumerate(a, where))
            if (!member(x, b)) items.push_back(x);
        return make_set(std::move(items));
    }
    case b_Union: {
        std::vector<value> items;
        for (const value& s : enumerate(set_arg(0), where)) {
            if (s.kind() != value_kind::set) fail(where, "'Union' expects a set of sets");
            for (const value& x : enumerate(s, where)) items.push_back(x);
        }
        return make_set(std::move(items));
    }
    case b_Inter: {
        std::vector<value> sets = enumerate(set_arg(0), where);
        if (sets.empty()) fail(where, "'Inter' of an empty set of sets");
        std::vector<value> items = enumerate(sets[0], where);
        for (std::size_t i = 1; i < sets.size(); ++i) {
            std::vector<value> keep;
            for (const value& x : items)
                if (member(x, sets[i])) keep.push_back(x);
            items = std::move(keep);
        }
        return make_set(std::move(items));
    }
    case b_member: return value::boolean(member(args[0], set_arg(1)));
    case b_card: {
        const value& s = set_arg(0);
        if (s.parts().symbolic != symbolic_set::none) fail(where, "'card' of the infinite set " + show(s));
        if (s.parts().is_range) {
            if (is_infinite(s)) fail(where, "'card' of an infinite set");
            return value::integer(s.parts().range_to - s.parts().range_from + 1);
        }
        return value::integer(static_cast<std::int64_t>(s.parts().items.size()));
    }
    case b_empty: {
        const value& s = set_arg(0);
        return value::boolean(!s.parts().is_range && s.parts().symbolic == symbolic_set::none && s.parts().items.empty());
    }
    case b_set: case b_seqToSet: return make_set(seq_arg(0).parts().items);
    case b_Set: {
        std::vector<value> items = enumerate(set_arg(0), where);
        if (items.size() > 62 || (std::uint64_t{1} << items.size()) > m_limits.max_set_size)
            fail(where, "'Set' of a set of " + std::to_string(items.size()) + " elements is too large to enumerate");
        std::vector<value> out;
        for (std::size_t mask = 0; mask < (std::size_t{1} << items.size()); ++mask) {
            std::vector<value> subset;
            for (std::size_t i = 0; i < items.size(); ++i)
                if (mask & (std::size_t{1} << i)) subset.push_back(items[i]);
            out.push_back(make_set(std::move(subset)));
        }
        return make_set(std::move(out));
    }
    case b_seq: return make_sequence(enumerate(set_arg(0), where));
    case b_null:
        need(0, value_kind::sequence, "a sequence");
        return value::boolean(!element_at(args[0], 0));
    case b_head: {
        need(0, value_kind::sequence, "a sequence");
        std::optional<value> first = element_at(args[0], 0);
        if (!first) fail(where, "'head' of an empty sequence");
        return *first;
    }
    case b_tail: {
        need(0, value_kind::sequence, "a sequence");
        if (!element_at(args[0], 0)) fail(where, "'tail' of an empty sequence");
        if (args[0].parts().payload) return lazy_tail(args[0]);
        const auto& items = args[0].parts().items;
        return make_sequence({items.begin() + 1, items.end()});
    }
    case b_length: return value::integer(static_cast<std::int64_t>(seq_arg(0).parts().items.size()));
    case b_concat: {
        std::vector<value> out;
        for (const value& s : seq_arg(0).parts().items) {
            if (s.kind() != value_kind::sequence) fail(where, "'concat' expects a sequence of sequences");
            items_of(s, where, "'concat'");
            out.insert(out.end(), s.parts().items.begin(), s.parts().items.end());
        }
        return make_sequence(std::move(out));
    }
    case b_elem: {
        const auto& items = seq_arg(1).parts().items;
        return value::boolean(std::find(items.begin(), items.end(), args[0]) != items.end());
    }
    case b_productions: return productions(args[0], where);
    case b_extensions: {
        // The values x such that prefix.x is a production.
        // Compare flattened forms: what follows the prefix's parts in each
        // production, dotted back together.
        if (args[0].kind() != value_kind::data) return make_set({});
        std::vector<value> prefix_parts;
        leaves(args[0], prefix_parts);
        std::vector<value> out;
        for (const value& p : enumerate(productions(args[0], where), where)) {
            std::vector<value> parts;
            leaves(p, parts);
            if (parts.size() <= prefix_parts.size()) continue;
            value rest = parts[prefix_parts.size()];
            for (std::size_t i = prefix_parts.size() + 1; i < parts.size(); ++i) rest = dotted(rest, parts[i], where);
            out.push_back(rest);
        }
        return make_set(std::move(out));
    }
    case b_error: {
        std::string text;
        if (args[0].kind() == value_kind::sequence)
            for (const value& ch : items_of(args[0], where, "'error'"))
                if (ch.kind() == value_kind::character) append_utf8(text, ch.as_char());
        fail(where, "error(\"" + text + "\")");
    }
    case b_show: {
        std::vector<value> chars;
        for (char32_t ch : decode_utf8(show(args[0]))) chars.push_back(value::character(ch));
        return make_sequence(std::move(chars));
    }
    case b_mapFromList: {
        std::vector<std::pair<value, value>> entries;
        for (const value& t : seq_arg(0).parts().items) {
            if (t.kind() != value_kind::tuple || t.parts().items.size() != 2) fail(where, "'mapFromList' expects pairs");
            entries.emplace_back(t.parts().items[0], t.parts().items[1]);
        }
        return make_map(std::move(entries));
    }
    case b_mapToList: {
        std::vector<value> out;
        const auto& items = map_arg(0).parts().items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) out.push_back(make_tuple({items[i], items[i + 1]}));
        return make_sequence(std::move(out));
    }
    case b_mapLookup: case b_mapMember: {
        const auto& items = map_arg(0).parts().items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2)
            if (items[i] == args[1]) return id == b_mapMember ? value::boolean(true) : items[i + 1];
        if (id == b_mapMember) return value::boolean(false);
        fail(where, "'mapLookup': the key " + show(args[1]) + " is not in the map");
    }
    case b_mapUpdate: case b_mapDelete: case b_mapUpdateMultiple: {
        std::vector<std::pair<value, value>> entries;
        const auto& items = map_arg(0).parts().items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            if (id == b_mapDelete && items[i] == args[1]) continue;
            entries.emplace_back(items[i], items[i + 1]);
        }
        if (id == b_mapUpdate) entries.emplace_back(args[1], args[2]);
        if (id == b_mapUpdateMultiple)
            for (const value& t : seq_arg(1).parts().items) {
                if (t.kind() != value_kind::tuple || t.parts().items.size() != 2)
                    fail(where, "'mapUpdateMultiple' expects a sequence of pairs");
                entries.emplace_back(t.parts().items[0], t.parts().items[1]);
            }
        return make_map(std::move(entries));
    }
    case b_mapKeys: {
        std::vector<value> keys;
        const auto& items = map_arg(0).parts().items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) keys.push_back(items[i]);
        return make_set(std::move(keys));
    }
    case b_emptyMap: return make_map({});
    case b_Int: return make_range_set(INT32_MIN, INT32_MAX);
    case b_Bool: return make_set({value::boolean(false), value::boolean(true)});
    case b_Char: {
        auto c = std::make_shared<compound>();
        c->symbolic = symbolic_set::characters;
        return value::of(value_kind::set, std::move(c));
    }
    case b_Events: {
        std::vector<value> all;
        for (std::uint32_t c : m_channels)
            for (const value& e : enumerate(productions(make_data(c, {}), where), where)) all.push_back(e);
        return make_set(std::move(all));
    }
    case b_transpose: {
        std::vector<value> out;
        for (auto& [a, b] : pairs_of(enumerate(set_arg(0), where), [&] { fail(where, "'transpose' expects a set of pairs"); }))
            out.push_back(make_tuple({b, a}));
        return make_set(std::move(out));
    }
    case b_relational_image: case b_relational_inverse_image: {
        // A function of x: {y | (x, y) <- R}, or {x | (x, y) <- R} of y.
        auto c = std::make_shared<function_closure>();
        c->which = function_closure::kind::builtin;
        c->builtin = id == b_relational_image ? b_image_applied : b_inverse_image_applied;
        c->name = builtin_name(id);
        c->applied.push_back({set_arg(0)});
        return make_opaque(value_kind::function, c);
    }
    case b_image_applied: case b_inverse_image_applied: {
        std::vector<value> out;
        for (auto& [a, b] : pairs_of(enumerate(set_arg(0), where), [&] { fail(where, "a relation is a set of pairs"); })) {
            if (id == b_image_applied && a == args[1]) out.push_back(b);
            if (id == b_inverse_image_applied && b == args[1]) out.push_back(a);
        }
        return make_set(std::move(out));
    }
    case b_mtransclose: {
        // FDR's mtransclose(R, D): the equivalence classes that R generates
        // on D, each given as pairs (r, y) from its least element r to every
        // other member y.
        std::vector<value> dom = enumerate(set_arg(1), where);
        std::vector<std::size_t> parent(dom.size());
        for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
        auto find = [&](std::size_t i) {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        };
        auto index_of = [&](const value& v) -> long {
            auto it = std::lower_bound(dom.begin(), dom.end(), v);
            return it != dom.end() && *it == v ? it - dom.begin() : -1;
        };
        for (auto& [a, b] : pairs_of(enumerate(set_arg(0), where), [&] { fail(where, "'mtransclose' expects a set of pairs"); })) {
            long i = index_of(a), j = index_of(b);
            if (i < 0 || j < 0) continue;
            std::size_t ri = find(static_cast<std::size_t>(i)), rj = find(static_cast<std::size_t>(j));
            if (ri != rj) parent[std::max(ri, rj)] = std::min(ri, rj);
        }
        std::vector<value> out;
        for (std::size_t i = 0; i < dom.size(); ++i) {
            std::size_t r = find(i);
            if (r != i) out.push_back(make_tuple({dom[r], dom[i]}));
        }
        return make_set(std::move(out));
    }
    case b_STOP: case b_SKIP: case b_DIV: case b_CHAOS: case b_RUN: case b_WAIT: case b_normal: case b_sbisim:
    case b_wbisim: case b_diamond: case b_explicate: case b_chase: case b_chase_nocache: case b_model_compress:
    case b_tau_loop_factor: case b_dbisim: case b_prioritise: case b_prioritise_nocache: case b_prioritisepo:
    case b_timed_priority: {
        // A built-in process, or an operator on processes: a term for the
        // compiler (issue 4), checked here only for the kinds of its arguments.
        if ((id == b_CHAOS || id == b_RUN)) set_arg(0);
        if (id == b_WAIT) need(0, value_kind::integer, "an integer");
        if (id >= b_normal && id <= b_prioritisepo && args[0].kind() != value_kind::process)
            fail(where, std::string("'") + builtin_name(id) + "' expects a process");
        auto t = std::make_shared<process_term>();
        t->name = builtin_name(id);
        t->arguments = args;
        return make_opaque(value_kind::process, t);
    }
    case b_Seq: case b_Map: {
        // Every finite sequence over A, every map from A to B: infinite, so
        // kept as the element sets, for membership tests.
        auto c = std::make_shared<compound>();
        c->symbolic = id == b_Seq ? symbolic_set::sequences : symbolic_set::maps;
        c->items.push_back(set_arg(0));
        if (id == b_Map) c->items.push_back(set_arg(1));
        return value::of(value_kind::set, std::move(c));
    }
    case b_Proc:
        fail(where, std::string("'") + builtin_name(id) + "' denotes an infinite set that cannot be evaluated");
    default:
        break;
    }
    fail(where, std::string("the built-in '") + builtin_name(id) + "' is not supported yet");
}

}  // namespace cspgate::semantics
