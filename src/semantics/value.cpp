// Values: construction, canonical order.

#include <atomic>
#include "cspgate/semantics/value.hpp"

#include <algorithm>

namespace cspgate::semantics {
namespace {

int compare_numbers(std::int64_t a, std::int64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int compare_lists(const std::vector<value>& a, const std::vector<value>& b) {
    std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i)
        if (int c = compare(a[i], b[i])) return c;
    return compare_numbers(static_cast<std::int64_t>(a.size()), static_cast<std::int64_t>(b.size()));
}

// Sets compare by their elements in canonical order; a range compares as the
// list of its elements, which for the infinite range `{a..}` is the limit.
int compare_sets(const compound& a, const compound& b) {
    if (a.symbolic != symbolic_set::none || b.symbolic != symbolic_set::none) {
        if (a.symbolic != b.symbolic) return compare_numbers(static_cast<int>(a.symbolic), static_cast<int>(b.symbolic));
        return compare_lists(a.items, b.items);
    }
    if (!a.is_range && !b.is_range) return compare_lists(a.items, b.items);
    auto size_of = [](const compound& c) -> std::int64_t {
        if (!c.is_range) return static_cast<std::int64_t>(c.items.size());
        if (c.range_to == compound::unbounded) return compound::unbounded;
        return c.range_to < c.range_from ? 0 : c.range_to - c.range_from + 1;
    };
    auto element = [](const compound& c, std::int64_t i) {
        return c.is_range ? value::integer(c.range_from + i) : c.items[static_cast<std::size_t>(i)];
    };
    std::int64_t na = size_of(a), nb = size_of(b);
    std::int64_t n = std::min(na, nb);
    // Two ranges: compare their bounds directly.
    if (a.is_range && b.is_range) {
        if (na == 0 || nb == 0) return compare_numbers(na, nb);
        if (int c = compare_numbers(a.range_from, b.range_from)) return c;
        return compare_numbers(na, nb);
    }
    for (std::int64_t i = 0; i < n; ++i)
        if (int c = compare(element(a, i), element(b, i))) return c;
    return compare_numbers(na, nb);
}

}  // namespace

int compare(const value& a, const value& b) {
    if (a.kind() != b.kind()) return compare_numbers(static_cast<int>(a.kind()), static_cast<int>(b.kind()));
    switch (a.kind()) {
    case value_kind::integer:
    case value_kind::boolean:
    case value_kind::character:
        return compare_numbers(a.as_int(), b.as_int());
    case value_kind::data:
        if (int c = compare_numbers(a.as_int(), b.as_int())) return c;
        return compare_lists(a.parts().items, b.parts().items);
    case value_kind::set:
        return compare_sets(a.parts(), b.parts());
    case value_kind::sequence:
        // An infinite sequence cannot be compared element by element; it
        // follows every finite one, and infinite ones go by creation order
        // (the evaluator reports `==` on them as an error).
        if (a.parts().payload || b.parts().payload) {
            if (!a.parts().payload || !b.parts().payload) return a.parts().payload ? 1 : -1;
            if (int c = compare_numbers(static_cast<std::int64_t>(a.parts().identity), static_cast<std::int64_t>(b.parts().identity)))
                return c;
            return compare_numbers(a.parts().range_from, b.parts().range_from);
        }
        return compare_lists(a.parts().items, b.parts().items);
    case value_kind::tuple:
    case value_kind::dot:
    case value_kind::map:
        return compare_lists(a.parts().items, b.parts().items);
    case value_kind::function:
    case value_kind::process:
        // Functions and processes have no order of their own; the order in
        // which they were made keeps sets of them the same in every run.
        return compare_numbers(static_cast<std::int64_t>(a.parts().identity), static_cast<std::int64_t>(b.parts().identity));
    }
    return 0;
}

value make_opaque(value_kind kind, std::shared_ptr<const void> payload) {
    static std::atomic<std::uint64_t> next{1};
    auto c = std::make_shared<compound>();
    c->payload = std::move(payload);
    c->identity = next.fetch_add(1, std::memory_order_relaxed);
    return value::of(kind, std::move(c));
}

value make_tuple(std::vector<value> items) {
    auto c = std::make_shared<compound>();
    c->items = std::move(items);
    return value::of(value_kind::tuple, std::move(c));
}

value make_sequence(std::vector<value> items) {
    auto c = std::make_shared<compound>();
    c->items = std::move(items);
    return value::of(value_kind::sequence, std::move(c));
}

value make_set(std::vector<value> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    auto c = std::make_shared<compound>();
    c->items = std::move(items);
    return value::of(value_kind::set, std::move(c));
}

value make_range_set(std::int64_t from, std::int64_t to) {
    auto c = std::make_shared<compound>();
    if (to != compound::unbounded && to < from) return value::of(value_kind::set, std::move(c));
    c->is_range = true;
    c->range_from = from;
    c->range_to = to;
    return value::of(value_kind::set, std::move(c));
}

value make_data(std::uint32_t constructor, std::vector<value> fields) {
    auto c = std::make_shared<compound>();
    c->items = std::move(fields);
    return value::of(value_kind::data, std::move(c), constructor);
}

value make_dot_list(std::vector<value> items) {
    auto c = std::make_shared<compound>();
    c->items = std::move(items);
    return value::of(value_kind::dot, std::move(c));
}

value make_map(std::vector<std::pair<value, value>> entries) {
    std::stable_sort(entries.begin(), entries.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    auto c = std::make_shared<compound>();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        // A later entry for the same key wins, as in FDR's mapFromList.
        if (i + 1 < entries.size() && entries[i].first == entries[i + 1].first) continue;
        c->items.push_back(entries[i].first);
        c->items.push_back(entries[i].second);
    }
    return value::of(value_kind::map, std::move(c));
}

std::vector<char32_t> decode_utf8(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        bool ok = n > 0 && i + n <= s.size();
        char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
        for (std::size_t k = 1; ok && k < n; ++k) {
            auto cont = static_cast<unsigned char>(s[i + k]);
            ok = (cont & 0xC0) == 0x80;
            c = (c << 6) | (cont & 0x3F);
        }
        if (!ok) {
            out.push_back(b);
            i += 1;
        } else {
            out.push_back(c);
            i += n;
        }
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

}  // namespace cspgate::semantics
