// Dotted values and pattern matching.
//
// FDR reads `c.1.2`, `B.(D.0).1` and `0.1.D.2` by the arity of the
// constructors involved: a constructor (or channel) takes as many fields as
// its declaration gives it, each field a whole value, and what is left over
// stays a plain dotted list.  Patterns match the same way: `B.D.x` against
// B.(D.0).1.(D.2) reads B's first field through D's own fields, and the last
// pattern takes everything that remains (libcspm's semantics, checked by its
// test suite in ../shared/corpus/cspm/libcspm/tests/evaluator).

#include "impl.hpp"

namespace cspgate::semantics {
namespace {

/// The parts a value contributes to a dotted value being built.
void atoms_of(const value& v, std::vector<value>& out) {
    if (v.kind() == value_kind::dot) {
        for (const value& x : v.parts().items) out.push_back(x);
    } else {
        out.push_back(v);
    }
}

}  // namespace

// A field value must belong to the set the declaration gives the field
// (FDR: "value not in the channel's type").  The check needs the field's set;
// when that set cannot be formed (a recursive datatype is infinite), the
// field is not checked.
void program::impl::check_field(std::uint32_t c, std::size_t index, const value& v, const std::vector<value>& before,
                                base::span where) {
    // An unfinished value (a constructor still short of fields, at any depth)
    // is checked when it is finished.
    std::vector<const value*> work{&v};
    while (!work.empty()) {
        const value* x = work.back();
        work.pop_back();
        if (x->kind() != value_kind::data) continue;
        if (x->parts().items.size() < arity(x->constructor(), where)) return;
        for (const value& f : x->parts().items) work.push_back(&f);
    }
    if (!m_constructor_types_ready[c]) {
        if (m_field_sets_failed.count(c)) return;
        try {
            field_sets(c, where);
        } catch (const eval_error&) {
            m_field_sets_failed.insert(c);
            return;
        }
    }
    const auto& sets = m_constructors[c].field_sets;
    if (index >= sets.size()) return;
    value field_set = value::of(value_kind::set, sets[index]);
    // A field whose type is itself dotted (`X.T` with T = {0,1}.{0,1}),
    // directly or inside a constructor, holds several components, which the
    // arity of the constructor does not count yet: such fields are not checked.
    if (!field_set.parts().is_range && !field_set.parts().items.empty()) {
        std::vector<const value*> work{&field_set.parts().items.front()};
        while (!work.empty()) {
            const value* x = work.back();
            work.pop_back();
            if (x->kind() == value_kind::dot) return;
            if (x->kind() == value_kind::data)
                for (const value& f : x->parts().items) work.push_back(&f);
        }
    }
    if (!member(v, field_set))
        fail(where, show(v) + " is not a value of field " + std::to_string(index + 1) + " of " +
                        (m_constructors[c].is_channel ? "channel '" : "constructor '") + m_constructors[c].name +
                        "' (which takes values of " + show(field_set) + ")");
    if (const joint_fields* joint = joint_ending(c, index); joint && before.size() == index) {
        std::vector<value> group(before.begin() + static_cast<long>(joint->first), before.end());
        group.push_back(v);
        value together = make_dot_list(std::move(group));
        if (!member(together, joint->set))
            fail(where, show(together) + " is not a value of fields " + std::to_string(joint->first + 1) + " to " +
                            std::to_string(index + 1) + " of " +
                            (m_constructors[c].is_channel ? "channel '" : "constructor '") + m_constructors[c].name +
                            "' (which takes values of " + show(joint->set) + ")");
    }
}

value program::impl::dotted(const value& a, const value& b, base::span where) {
    std::vector<value> atoms;
    atoms_of(a, atoms);
    atoms_of(b, atoms);
    // Open constructors waiting for fields, innermost last.
    struct open_data { std::uint32_t ctor; std::vector<value> fields; };
    std::vector<open_data> open;
    std::vector<value> done;
    auto arity = [&](std::uint32_t c) { return this->arity(c, where); };
    auto give = [&](value v) {
        while (true) {
            if (open.empty()) {
                done.push_back(std::move(v));
                return;
            }
            check_field(open.back().ctor, open.back().fields.size(), v, open.back().fields, where);
            open.back().fields.push_back(std::move(v));
            if (open.back().fields.size() < arity(open.back().ctor)) return;
            open_data full = std::move(open.back());
            open.pop_back();
            v = make_data(full.ctor, std::move(full.fields));
        }
    };
    for (const value& x : atoms) {
        if (x.kind() == value_kind::data && x.parts().items.size() < arity(x.constructor())) {
            open.push_back(open_data{x.constructor(), x.parts().items});
            continue;
        }
        give(x);
    }
    // Constructors still short of fields stay partial values (`c.1` of a
    // channel with two fields).
    while (!open.empty()) {
        open_data last = std::move(open.back());
        open.pop_back();
        value v = make_data(last.ctor, std::move(last.fields));
        if (open.empty()) done.push_back(v);
        else open.back().fields.push_back(v);
    }
    if (done.size() == 1) return done.front();
    return make_dot_list(std::move(done));
}

// How many dotted values a pattern `p @@ q` spans: the number of parts of
// its longer side when written as a dot pattern (`(x.y) @@ (a.b.c)`: 3);
// 1 for any other pattern.
std::size_t program::impl::double_width(pat_id q) const {
    const auto* dp = std::get_if<double_pattern>(&m_script.pat(q).node);
    if (!dp) return 1;
    return std::max(dot_parts(dp->lhs).size(), dot_parts(dp->rhs).size());
}

// A dot pattern's parts, flattened in order: `(a.b).c` is a, b, c.
std::vector<pat_id> program::impl::dot_parts(pat_id q) const {
    std::vector<pat_id> parts;
    std::vector<pat_id> work{q};
    while (!work.empty()) {
        pat_id x = work.back();
        work.pop_back();
        if (const auto* d = std::get_if<dot_pattern>(&m_script.pat(x).node)) {
            work.push_back(d->rhs);
            work.push_back(d->lhs);
        } else {
            parts.push_back(x);
        }
    }
    return parts;
}

bool program::impl::match(pat_id id, const value& v, bindings& out, const frame* env) {
    const pattern& p = m_script.pat(id);
    return std::visit(
        [&](const auto& n) -> bool {
            using T = std::decay_t<decltype(n)>;
            if constexpr (std::is_same_v<T, wildcard_pattern>) {
                return true;
            } else if constexpr (std::is_same_v<T, variable_pattern>) {
                // A name that denotes a constructor or channel matches that value;
                // any other name binds.
                if (n.name.is_qualified() || is_constructor_name(n.name.text, env)) {
                    return lookup(n.name.text, env, p.where) == v;
                }
                out.emplace_back(n.name.text, v);
                return true;
            } else if constexpr (std::is_same_v<T, int_pattern>) {
                return v.kind() == value_kind::integer && v.as_int() == n.value;
            } else if constexpr (std::is_same_v<T, bool_pattern>) {
                return v.kind() == value_kind::boolean && v.as_bool() == n.value;
            } else if constexpr (std::is_same_v<T, char_pattern>) {
                auto chars = decode_utf8(n.value);
                return v.kind() == value_kind::character && !chars.empty() && v.as_char() == chars.front();
            } else if constexpr (std::is_same_v<T, string_pattern>) {
                auto chars = decode_utf8(n.value);
                // An infinite sequence has no fixed length, so matches no string.
                if (v.kind() != value_kind::sequence || v.parts().payload || v.parts().items.size() != chars.size())
                    return false;
                for (std::size_t i = 0; i < chars.size(); ++i)
                    if (v.parts().items[i].kind() != value_kind::character || v.parts().items[i].as_char() != chars[i])
                        return false;
                return true;
            } else if constexpr (std::is_same_v<T, tuple_pattern>) {
                if (v.kind() != value_kind::tuple || v.parts().items.size() != n.elements.size()) return false;
                for (std::size_t i = 0; i < n.elements.size(); ++i)
                    if (!match(n.elements[i], v.parts().items[i], out, env)) return false;
                return true;
            } else if constexpr (std::is_same_v<T, seq_pattern>) {
                if (v.kind() != value_kind::sequence || v.parts().payload || v.parts().items.size() != n.elements.size())
                    return false;
                for (std::size_t i = 0; i < n.elements.size(); ++i)
                    if (!match(n.elements[i], v.parts().items[i], out, env)) return false;
                return true;
            } else if constexpr (std::is_same_v<T, set_pattern>) {
                if (v.kind() != value_kind::set) return false;
                if (n.elements.empty())
                    return !v.parts().is_range && v.parts().symbolic == symbolic_set::none && v.parts().items.empty();
                std::vector<value> items = enumerate(v, p.where);
                return items.size() == 1 && match(n.elements[0], items[0], out, env);
            } else if constexpr (std::is_same_v<T, double_pattern>) {
                return match(n.lhs, v, out, env) && match(n.rhs, v, out, env);
            } else if constexpr (std::is_same_v<T, concat_pattern>) {
                if (v.kind() != value_kind::sequence) return false;
                // One side must have a fixed length: `<x>^s`, `s^<x>`, `<x>^<y>^s`.
                auto fixed = [&](auto&& self, pat_id q) -> long {
                    const auto& node = m_script.pat(q).node;
                    if (const auto* sp = std::get_if<seq_pattern>(&node)) return static_cast<long>(sp->elements.size());
                    if (const auto* st = std::get_if<string_pattern>(&node))
                        return static_cast<long>(decode_utf8(st->value).size());
                    if (const auto* cp = std::get_if<concat_pattern>(&node)) {
                        long l = self(self, cp->lhs), r = self(self, cp->rhs);
                        return l >= 0 && r >= 0 ? l + r : -1;
                    }
                    return -1;
                };
                long left = fixed(fixed, n.lhs), right = fixed(fixed, n.rhs);
                if (v.parts().payload) {
                    // An infinite sequence: `<x, y>^rest` takes its first
                    // elements and leaves the rest infinite; it has no last
                    // elements for `rest^<x>`.
                    if (left < 0) return false;
                    std::vector<value> front;
                    value rest = v;
                    for (long i = 0; i < left; ++i) {
                        std::optional<value> x = element_at(v, static_cast<std::size_t>(i));
                        if (!x) return false;
                        front.push_back(std::move(*x));
                        rest = lazy_tail(rest);
                    }
                    return match(n.lhs, make_sequence(std::move(front)), out, env) && match(n.rhs, rest, out, env);
                }
                const auto& items = v.parts().items;
                std::size_t cut;
                if (left >= 0) cut = static_cast<std::size_t>(left);
                else if (right >= 0 && static_cast<std::size_t>(right) > items.size()) return false;  // too short to match
                else if (right >= 0) cut = items.size() - static_cast<std::size_t>(right);
                else fail(p.where, "in a pattern 'p ^ q', p or q must be a sequence of fixed length");
                if (cut > items.size()) return false;
                return match(n.lhs, make_sequence({items.begin(), items.begin() + static_cast<long>(cut)}), out, env) &&
                       match(n.rhs, make_sequence({items.begin() + static_cast<long>(cut), items.end()}), out, env);
            } else if constexpr (std::is_same_v<T, dot_pattern>) {
                const std::vector<pat_id> parts = dot_parts(id);
                // The stream of values the parts are matched against.
                std::vector<value> stream{v};
                std::size_t pos = 0;
                for (std::size_t i = 0; i < parts.size(); ++i) {
                    bool last = i + 1 == parts.size();
                    if (last) {
                        std::vector<value> rest(stream.begin() + static_cast<long>(pos), stream.end());
                        if (rest.empty()) return false;
                        value tail = rest.size() == 1 ? rest[0] : make_dot_list(rest);
                        return match(parts[i], tail, out, env);
                    }
                    if (pos >= stream.size()) return false;
                    value head = stream[pos];
                    // A constructor name reads into the constructor's fields.
                    const auto* vp = std::get_if<variable_pattern>(&m_script.pat(parts[i]).node);
                    if (vp && (vp->name.is_qualified() || is_constructor_name(vp->name.text, env))) {
                        value ctor = lookup(vp->name.text, env, p.where);
                        if (ctor.kind() == value_kind::data && ctor.parts().items.empty()) {
                            if (head.kind() != value_kind::data || head.constructor() != ctor.constructor()) return false;
                            std::vector<value> expanded(stream.begin(), stream.begin() + static_cast<long>(pos));
                            expanded.insert(expanded.end(), head.parts().items.begin(), head.parts().items.end());
                            expanded.insert(expanded.end(), stream.begin() + static_cast<long>(pos) + 1, stream.end());
                            stream = std::move(expanded);
                            continue;
                        }
                    }
                    if (head.kind() == value_kind::dot) {
                        std::vector<value> expanded(stream.begin(), stream.begin() + static_cast<long>(pos));
                        expanded.insert(expanded.end(), head.parts().items.begin(), head.parts().items.end());
                        expanded.insert(expanded.end(), stream.begin() + static_cast<long>(pos) + 1, stream.end());
                        stream = std::move(expanded);
                        head = stream[pos];
                    }
                    // A part `(x.y) @@ (a.b.c)` before the last takes as many
                    // dotted values as its longer side has parts, so that in
                    // `((x.y) @@ (a.b.c)).d` against 0.1.2.3 it takes 0.1.2
                    // and d takes 3.
                    if (std::size_t w = double_width(parts[i]); w > 1) {
                        std::vector<value> flat(stream.begin(), stream.begin() + static_cast<long>(pos));
                        for (std::size_t k = pos; k < stream.size(); ++k) {
                            if (stream[k].kind() == value_kind::dot)
                                flat.insert(flat.end(), stream[k].parts().items.begin(), stream[k].parts().items.end());
                            else
                                flat.push_back(stream[k]);
                        }
                        stream = std::move(flat);
                        if (stream.size() < pos + w) return false;
                        std::vector<value> taken(stream.begin() + static_cast<long>(pos),
                                                 stream.begin() + static_cast<long>(pos + w));
                        if (!match(parts[i], make_dot_list(std::move(taken)), out, env)) return false;
                        pos += w;
                        continue;
                    }
                    if (!match(parts[i], head, out, env)) return false;
                    ++pos;
                }
                return true;
            } else {
                return false;
            }
        },
        p.node);
}

}  // namespace cspgate::semantics
