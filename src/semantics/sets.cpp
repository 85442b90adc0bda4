// Sets: enumeration, membership, the sets that types denote, and the
// productions of channels and constructors (`{| c |}`, `Events`).

#include "impl.hpp"

#include <algorithm>

namespace cspgate::semantics {

// A constructor's arity is the number of its field sets, once they can be
// formed: a field whose type is dotted (`X.A` with A a set of x.y) counts as
// its components, as FDR flattens dotted types.  A recursive datatype's sets
// cannot be formed while the datatype is being built; its arity is then the
// count of the dotted parts written in the declaration.
std::size_t program::impl::arity(std::uint32_t c, base::span where) {
    if (m_constructor_types_ready[c]) return m_constructors[c].field_sets.size();
    if (!m_field_sets_failed.count(c) && !m_field_sets_busy.count(c)) {
        m_field_sets_busy.insert(c);
        try {
            field_sets(c, where);
        } catch (const eval_error&) {
            m_field_sets_failed.insert(c);
        }
        m_field_sets_busy.erase(c);
        if (m_constructor_types_ready[c]) return m_constructors[c].field_sets.size();
    }
    if (m_arity[c] < 0) {
        value t = eval(m_constructor_types[c], m_constructor_env[c]);
        m_arity[c] = t.kind() == value_kind::dot ? static_cast<long>(t.parts().items.size()) : 1;
        ++m_cache_epoch;
    }
    return static_cast<std::size_t>(m_arity[c]);
}

void program::impl::field_sets(std::uint32_t c, base::span where) {
    if (m_constructor_types_ready[c]) return;
    value t = eval(m_constructor_types[c], m_constructor_env[c]);
    std::vector<value> parts;
    if (t.kind() == value_kind::dot) parts = t.parts().items;
    else parts.push_back(t);
    std::vector<std::shared_ptr<const compound>> sets;
    for (const value& part : parts) {
        value s = set_of_type_expr(part, where);
        // A set of dotted values x.y is a dotted type: one field per component.
        std::size_t width = 0;
        bool dotted_type = !s.parts().is_range && !s.parts().items.empty();
        for (const value& x : dotted_type ? s.parts().items : std::vector<value>{}) {
            if (x.kind() != value_kind::dot || (width && x.parts().items.size() != width)) {
                dotted_type = false;
                break;
            }
            width = x.parts().items.size();
        }
        if (!dotted_type) {
            sets.push_back(s.shared());
            continue;
        }
        std::size_t first = sets.size(), product = 1;
        for (std::size_t k = 0; k < width; ++k) {
            std::vector<value> component;
            for (const value& x : s.parts().items) component.push_back(x.parts().items[k]);
            value cs = make_set(std::move(component));
            product = std::min<std::size_t>(product * cs.parts().items.size(), SIZE_MAX / 2);
            sets.push_back(cs.shared());
        }
        // {0.1, 1.0} is not {0, 1}.{0, 1}: the fields are checked together.
        if (product != s.parts().items.size()) m_joint_fields[c].push_back(joint_fields{first, width, s});
    }
    m_constructors[c].field_sets = std::move(sets);
    ++m_cache_epoch;
    m_constructor_types_ready[c] = true;
}

// The set a type expression denotes: a set is itself; a tuple of sets is
// their product; a dotted list of sets is the set of dotted values.
value program::impl::set_of_type_expr(const value& v, base::span where) {
    if (v.kind() == value_kind::set) return v;
    if (v.kind() == value_kind::tuple || v.kind() == value_kind::dot) {
        std::vector<std::vector<value>> factors;
        for (const value& part : v.parts().items) factors.push_back(enumerate(set_of_type_expr(part, where), where));
        std::vector<value> out;
        std::vector<std::size_t> index(factors.size(), 0);
        for (const auto& f : factors)
            if (f.empty()) return make_set({});
        while (true) {
            std::vector<value> items;
            for (std::size_t i = 0; i < factors.size(); ++i) items.push_back(factors[i][index[i]]);
            if (v.kind() == value_kind::tuple) {
                out.push_back(make_tuple(std::move(items)));
            } else {
                value acc = items[0];
                for (std::size_t i = 1; i < items.size(); ++i) acc = dotted(acc, items[i], where);
                out.push_back(acc);
            }
            if (out.size() > m_limits.max_set_size) fail(where, "the set is too large to enumerate");
            std::size_t k = factors.size();
            while (k > 0) {
                --k;
                if (++index[k] < factors[k].size()) break;
                index[k] = 0;
                if (k == 0) return make_set(std::move(out));
            }
            if (factors.empty()) return make_set(std::move(out));
        }
    }
    if (v.kind() == value_kind::data) {
        // A constructor or channel used as a type: all its completions.
        return productions(v, where);
    }
    fail(where, "expected a set or a type, found a value that is neither");
}

std::vector<value> program::impl::enumerate(const value& set, base::span where) {
    if (set.kind() != value_kind::set) fail(where, "expected a set");
    const compound& c = set.parts();
    if (c.symbolic != symbolic_set::none) fail(where, "cannot enumerate the infinite set " + show(set));
    if (!c.is_range) return c.items;
    if (c.range_to == compound::unbounded) fail(where, "cannot enumerate the infinite set {" + std::to_string(c.range_from) + "..}");
    if (static_cast<std::uint64_t>(c.range_to - c.range_from) >= m_limits.max_set_size)
        fail(where, "the set {" + std::to_string(c.range_from) + ".." + std::to_string(c.range_to) + "} is too large to enumerate");
    std::vector<value> out;
    for (std::int64_t i = c.range_from; i <= c.range_to; ++i) out.push_back(value::integer(i));
    return out;
}

bool program::impl::member(const value& x, const value& set) {
    const compound& c = set.parts();
    switch (c.symbolic) {
    case symbolic_set::none: break;
    case symbolic_set::characters: return x.kind() == value_kind::character;
    case symbolic_set::sequences: {
        // An infinite sequence is not in Seq(A): Seq(A) holds the finite ones.
        if (x.kind() != value_kind::sequence || x.parts().payload) return false;
        for (const value& e : x.parts().items)
            if (!member(e, c.items[0])) return false;
        return true;
    }
    case symbolic_set::union_of: return member(x, c.items[0]) || member(x, c.items[1]);
    case symbolic_set::difference: return member(x, c.items[0]) && !member(x, c.items[1]);
    case symbolic_set::maps: {
        if (x.kind() != value_kind::map) return false;
        const auto& kv = x.parts().items;
        for (std::size_t i = 0; i + 1 < kv.size(); i += 2)
            if (!member(kv[i], c.items[0]) || !member(kv[i + 1], c.items[1])) return false;
        return true;
    }
    }
    if (c.is_range) return x.kind() == value_kind::integer && x.as_int() >= c.range_from && x.as_int() <= c.range_to;
    return std::binary_search(c.items.begin(), c.items.end(), x);
}

const std::vector<value>& program::impl::items_of(const value& seq, base::span where, const char* use) {
    if (seq.parts().payload)
        fail(where, std::string(use) + " of an infinite sequence: only 'head', 'tail', 'null', a pattern <x>^xs and the "
                                       "first generator of a sequence comprehension take one");
    return seq.parts().items;
}

std::optional<value> program::impl::element_at(const value& seq, std::size_t i) {
    if (!seq.parts().payload) {
        if (i < seq.parts().items.size()) return seq.parts().items[i];
        return std::nullopt;
    }
    const auto& lazy = *std::static_pointer_cast<const lazy_sequence>(seq.parts().payload);
    std::size_t at = static_cast<std::size_t>(seq.parts().range_from) + i;
    if (lazy.counting_from) {
        // <a..>: past FDR's Int range is an overflow, as for any integer.
        __int128 x = static_cast<__int128>(*lazy.counting_from) + static_cast<__int128>(at);
        if (x > INT32_MAX) fail(base::span{}, "integer overflow: an element of <" + std::to_string(*lazy.counting_from) +
                                                  "..> is outside FDR's Int range");
        return value::integer(static_cast<std::int64_t>(x));
    }
    while (lazy.made.size() <= at)
        if (!lazy.more(lazy.made)) return std::nullopt;
    return lazy.made[at];
}

value program::impl::lazy_tail(const value& seq) {
    auto c = std::make_shared<compound>(seq.parts());
    c->range_from += 1;
    return value::of(value_kind::sequence, std::move(c));
}

// All the ways to complete `prefix` (a constructor or channel with some
// fields given) with values from its remaining field sets.
value program::impl::productions(const value& prefix, base::span where) {
    if (prefix.kind() != value_kind::data) return make_set({prefix});
    std::uint32_t c = prefix.constructor();
    field_sets(c, where);
    const auto& sets = m_constructors[c].field_sets;
    std::size_t given = prefix.parts().items.size();
    std::vector<value> out{prefix};
    // A last field that is itself an unfinished constructor (`c.X` where X
    // takes fields, at any depth) is completed first.
    if (given > 0) {
        const value& last = prefix.parts().items.back();
        if (last.kind() == value_kind::data && !is_complete(last, where)) {
            out.clear();
            // Only the completions the field allows: `channel b : {time.0}`
            // makes b.time complete to b.time.0 alone, whatever time's own
            // field set is.
            std::optional<value> allowed;
            if (given <= sets.size()) allowed = value::of(value_kind::set, sets[given - 1]);
            for (const value& done : enumerate(productions(last, where), where)) {
                if (allowed && !member(done, *allowed)) continue;
                std::vector<value> fields = prefix.parts().items;
                fields.back() = done;
                out.push_back(make_data(c, std::move(fields)));
            }
        }
    }
    for (std::size_t i = given; i < sets.size(); ++i) {
        value field_set = value::of(value_kind::set, sets[i]);
        std::vector<value> choices = enumerate(field_set, where);
        const joint_fields* joint = joint_ending(c, i);
        std::vector<value> next;
        for (const value& partial_value : out)
            for (const value& ch : choices) {
                std::vector<value> fields = partial_value.parts().items;
                fields.push_back(ch);
                if (joint) {
                    std::vector<value> group(fields.begin() + static_cast<long>(joint->first), fields.end());
                    if (!member(make_dot_list(std::move(group)), joint->set)) continue;
                }
                next.push_back(make_data(c, std::move(fields)));
                if (next.size() > m_limits.max_set_size) fail(where, "the set of events is too large to enumerate");
            }
        out = std::move(next);
    }
    return make_set(std::move(out));
}

const program::impl::joint_fields* program::impl::joint_ending(std::uint32_t c, std::size_t index) const {
    auto it = m_joint_fields.find(c);
    if (it == m_joint_fields.end()) return nullptr;
    for (const joint_fields& j : it->second)
        if (j.first + j.width == index + 1) return &j;
    return nullptr;
}

bool program::impl::is_complete(const value& v, base::span where) {
    std::vector<const value*> work{&v};
    while (!work.empty()) {
        const value* x = work.back();
        work.pop_back();
        if (x->kind() != value_kind::data) continue;
        if (x->parts().items.size() < arity(x->constructor(), where)) return false;
        for (const value& f : x->parts().items) work.push_back(&f);
    }
    return true;
}

void program::impl::leaves(const value& v, std::vector<value>& out) {
    if (v.kind() == value_kind::data) {
        out.push_back(make_data(v.constructor(), {}));
        for (const value& f : v.parts().items) leaves(f, out);
    } else if (v.kind() == value_kind::dot) {
        for (const value& x : v.parts().items) leaves(x, out);
    } else {
        out.push_back(v);
    }
}

value program::impl::closure_set(const std::vector<value>& elements, base::span where) {
    std::vector<value> out;
    for (const value& e : elements)
        for (const value& v : enumerate(productions(e, where), where)) out.push_back(v);
    return make_set(std::move(out));
}

}  // namespace cspgate::semantics
