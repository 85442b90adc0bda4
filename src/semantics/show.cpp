// Values in FDR's notation.

#include "impl.hpp"

namespace cspgate::semantics {
namespace {

void show_char(std::string& out, char32_t c, char quote) {
    switch (c) {
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    default: break;
    }
    if (c == static_cast<char32_t>(quote) || c == '\\') out += '\\';
    append_utf8(out, c);
}

}  // namespace

std::string program::impl::show(const value& v) const {
    std::string out;
    auto list = [&](const std::vector<value>& items, const char* sep) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += sep;
            out += show(items[i]);
        }
    };
    switch (v.kind()) {
    case value_kind::integer: return std::to_string(v.as_int());
    case value_kind::boolean: return v.as_bool() ? "true" : "false";
    case value_kind::character:
        out = "'";
        show_char(out, v.as_char(), '\'');
        return out + "'";
    case value_kind::tuple:
        out = "(";
        list(v.parts().items, ", ");
        return out + ")";
    case value_kind::data: {
        out = m_constructors[v.constructor()].name;
        for (const value& f : v.parts().items) {
            // FDR prints dotted values flat: c.X.0.1, not c.(X.0).1.
            out += '.';
            out += show(f);
        }
        return out;
    }
    case value_kind::dot:
        list(v.parts().items, ".");
        return out;
    case value_kind::set: {
        const compound& c = v.parts();
        if (c.symbolic == symbolic_set::characters) return "Char";
        if (c.symbolic == symbolic_set::sequences) return "Seq(" + show(c.items[0]) + ")";
        if (c.symbolic == symbolic_set::maps) return "Map(" + show(c.items[0]) + ", " + show(c.items[1]) + ")";
        if (c.symbolic == symbolic_set::union_of) return "union(" + show(c.items[0]) + ", " + show(c.items[1]) + ")";
        if (c.symbolic == symbolic_set::difference) return "diff(" + show(c.items[0]) + ", " + show(c.items[1]) + ")";
        if (c.is_range) {
            if (c.range_to == compound::unbounded) return "{" + std::to_string(c.range_from) + "..}";
            return "{" + std::to_string(c.range_from) + ".." + std::to_string(c.range_to) + "}";
        }
        out = "{";
        list(c.items, ", ");
        return out + "}";
    }
    case value_kind::sequence: {
        if (v.parts().payload) {
            // An infinite sequence: its first few elements (made now if need
            // be; an error while making them ends the list early).
            const auto& lazy = *std::static_pointer_cast<const lazy_sequence>(v.parts().payload);
            auto from = static_cast<std::size_t>(v.parts().range_from);
            if (lazy.counting_from) {
                out = "<";
                for (std::int64_t i = 0; i < 5; ++i) {
                    std::int64_t x = *lazy.counting_from + static_cast<std::int64_t>(from) + i;
                    if (x > INT32_MAX) break;
                    out += std::to_string(x) + ", ";
                }
                return out + "...>";
            }
            try {
                while (lazy.made.size() < from + 5 && lazy.more(lazy.made)) {
                }
            } catch (const eval_error&) {
            }
            out = "<";
            for (std::size_t i = from; i < lazy.made.size() && i < from + 5; ++i) out += show(lazy.made[i]) + ", ";
            return out + "...>";
        }
        const auto& items = v.parts().items;
        bool text = !items.empty();
        for (const value& x : items) text = text && x.kind() == value_kind::character;
        if (text) {
            out = "\"";
            for (const value& x : items) show_char(out, x.as_char(), '"');
            return out + "\"";
        }
        out = "<";
        list(items, ", ");
        return out + ">";
    }
    case value_kind::map: {
        const auto& items = v.parts().items;
        out = "(|";
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            out += i ? ", " : " ";
            out += show(items[i]) + " => " + show(items[i + 1]);
        }
        return out + (items.empty() ? "|)" : " |)");
    }
    case value_kind::function: {
        auto c = std::static_pointer_cast<const function_closure>(v.parts().payload);
        return "<function " + c->name + ">";
    }
    case value_kind::process: {
        auto t = std::static_pointer_cast<const process_term>(v.parts().payload);
        return "<process>";
    }
    }
    return "?";
}

}  // namespace cspgate::semantics
