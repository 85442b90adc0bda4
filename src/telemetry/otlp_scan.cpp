// The fast path of the OTLP/JSON reader (otlp_scan.hpp).  The grammar is
// RFC 8259's; the checks on strings are nlohmann-json's (its lexer's
// `scan_string`): no control character below U+0020, only the escapes
// \" \\ \/ \b \f \n \r \t \uXXXX, and well-formed UTF-8 as RFC 3629,
// section 4 defines it (no overlong forms, no surrogates, nothing above
// U+10FFFF).  A string is skipped 16 bytes at a time with SSE2 where the
// compiler targets it (every x86-64 does): only a quote, a backslash, a
// control character or a non-ASCII byte stops the skip.
//
// Values of the OTLP path (the document, resourceSpans, scopeSpans, spans and
// a span's ids and times) are read by functions that follow the path, whose
// depth is fixed (seven levels); every other value is skipped by a loop with
// an explicit stack, so that no input can make the scanner recurse deeply.

#include "otlp_scan.hpp"

#include "otlp_roles.hpp"

#include <array>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cspgate::telemetry::detail {
namespace {

/// Bytes that stop the skip over a string: '"', '\\', controls, non-ASCII.
constexpr std::array<bool, 256> make_string_stops() {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
    return t;
}
constexpr auto string_stops = make_string_stops();

/// Hex digit values; -1 for any other byte.
constexpr std::array<std::int8_t, 256> make_hex_values() {
    std::array<std::int8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        std::int8_t v = -1;
        if (c >= '0' && c <= '9') v = static_cast<std::int8_t>(c - '0');
        else if (c >= 'a' && c <= 'f') v = static_cast<std::int8_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v = static_cast<std::int8_t>(c - 'A' + 10);
        t[static_cast<std::size_t>(c)] = v;
    }
    return t;
}
constexpr auto hex_values = make_hex_values();

bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Exactly 16 hex digits at `p` into `out`.
bool hex64(const char* p, std::uint64_t& out) noexcept {
    std::uint64_t v = 0;
    int bad = 0;
    for (int i = 0; i < 16; ++i) {
        int d = hex_values[static_cast<unsigned char>(p[i])];
        bad |= d;  // any -1 sets the sign bit
        v = (v << 4) | static_cast<std::uint64_t>(d & 0xF);
    }
    out = v;
    return bad >= 0;
}

/// The first byte of [p, e) that stops the skip over a string, or e.
const char* find_string_stop(const char* p, const char* e) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (e - p >= 16) {
        __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // A signed compare: bytes from 0x80 up are negative, so below 0x20.
        __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                    _mm_cmplt_epi8(x, space));
        if (int mask = _mm_movemask_epi8(stop)) return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p != e && !string_stops[static_cast<unsigned char>(*p)]) ++p;
    return p;
}

class scan_state {
public:
    scan_state(const char* begin, const char* end, std::vector<std::uint8_t>& stack, std::vector<span_data>& out)
        : m_p(begin), m_e(end), m_stack(stack), m_out(out) {}

    bool document(const char*& stop) {
        skip_space();
        if (m_p == m_e || *m_p != '{') return false;
        if (!object(role::request)) return false;
        stop = m_p;
        return true;
    }

private:
    void skip_space() noexcept {
        while (m_p != m_e && is_space(*m_p)) ++m_p;
    }
    bool at(char c) const noexcept { return m_p != m_e && *m_p == c; }

    /// A string whose opening quote is at m_p; m_p ends after the closing
    /// quote.  `escaped` tells whether it held an escape (then [m_p of the
    /// start + 1, closing quote) is not its value).
    bool string(bool& escaped) {
        ++m_p;
        escaped = false;
        for (;;) {
            m_p = find_string_stop(m_p, m_e);
            if (m_p == m_e) return false;
            auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c == '\\') {
                if (!escape()) return false;
                escaped = true;
            } else if (c < 0x20 || !utf8()) {
                return false;
            }
        }
    }

    /// An escape at m_p.  \u escapes of surrogates are left to nlohmann
    /// (it checks that they pair up).
    bool escape() {
        if (m_e - m_p < 2) return false;
        switch (m_p[1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': m_p += 2; return true;
        case 'u': {
            if (m_e - m_p < 6) return false;
            int v = 0;
            for (int i = 2; i < 6; ++i) {
                int d = hex_values[static_cast<unsigned char>(m_p[i])];
                if (d < 0) return false;
                v = v * 16 + d;
            }
            if (v >= 0xD800 && v <= 0xDFFF) return false;
            m_p += 6;
            return true;
        }
        default: return false;
        }
    }

    /// One UTF-8 sequence of two to four bytes at m_p (RFC 3629, section 4).
    bool utf8() {
        auto b0 = static_cast<unsigned char>(m_p[0]);
        int n = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) n = 2;
        else if (b0 == 0xE0) n = 3, lo = 0xA0;
        else if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) n = 3;
        else if (b0 == 0xED) n = 3, hi = 0x9F;
        else if (b0 == 0xF0) n = 4, lo = 0x90;
        else if (b0 >= 0xF1 && b0 <= 0xF3) n = 4;
        else if (b0 == 0xF4) n = 4, hi = 0x8F;
        else return false;
        if (m_e - m_p < n) return false;
        auto b1 = static_cast<unsigned char>(m_p[1]);
        if (b1 < lo || b1 > hi) return false;
        for (int i = 2; i < n; ++i) {
            auto b = static_cast<unsigned char>(m_p[i]);
            if (b < 0x80 || b > 0xBF) return false;
        }
        m_p += n;
        return true;
    }

    bool literal(const char* word, std::size_t n) {
        if (static_cast<std::size_t>(m_e - m_p) < n || std::memcmp(m_p, word, n) != 0) return false;
        m_p += n;
        return true;
    }

    /// A number by the JSON grammar.  Numbers with an exponent, and very
    /// long ones, are left to nlohmann: it refuses those that overflow a
    /// double, which the scanner does not compute.
    bool number() {
        const char* start = m_p;
        if (at('-')) ++m_p;
        if (at('0')) ++m_p;
        else if (m_p != m_e && *m_p >= '1' && *m_p <= '9') {
            while (m_p != m_e && is_digit(*m_p)) ++m_p;
        } else return false;
        if (at('.')) {
            ++m_p;
            if (m_p == m_e || !is_digit(*m_p)) return false;
            while (m_p != m_e && is_digit(*m_p)) ++m_p;
        }
        if (at('e') || at('E')) return false;
        return m_p - start <= 300;
    }

    /// A time as a JSON number: a whole number from 0 to 2^64-1.
    bool time_number(std::uint64_t& out) {
        if (m_p == m_e || !is_digit(*m_p)) return false;  // "-0" is left to nlohmann
        std::uint64_t v = 0;
        if (*m_p == '0') ++m_p;
        else {
            while (m_p != m_e && is_digit(*m_p)) {
                auto d = static_cast<std::uint64_t>(*m_p - '0');
                if (v > (UINT64_MAX - d) / 10) return false;
                v = v * 10 + d;
                ++m_p;
            }
        }
        if (at('.') || at('e') || at('E')) return false;
        out = v;
        return true;
    }

    /// Any value, skipped.  Containers are followed with m_stack.
    bool skip_value() {
        m_stack.clear();
        for (;;) {
            // A value starts at m_p (after white space).
            if (m_p == m_e) return false;
            bool escaped = false;
            switch (*m_p) {
            case '{':
                ++m_p;
                skip_space();
                if (at('}')) {
                    ++m_p;
                    break;
                }
                m_stack.push_back(1);
                if (!skip_key()) return false;
                continue;
            case '[':
                ++m_p;
                skip_space();
                if (at(']')) {
                    ++m_p;
                    break;
                }
                m_stack.push_back(0);
                continue;
            case '"':
                if (!string(escaped)) return false;
                break;
            case 't':
                if (!literal("true", 4)) return false;
                break;
            case 'f':
                if (!literal("false", 5)) return false;
                break;
            case 'n':
                if (!literal("null", 4)) return false;
                break;
            default:
                if (!number()) return false;
                break;
            }
            // A value has ended: close containers, or go on to the next element.
            for (;;) {
                if (m_stack.empty()) return true;
                skip_space();
                bool in_object = m_stack.back() != 0;
                if (at(',')) {
                    ++m_p;
                    skip_space();
                    if (in_object && !skip_key()) return false;
                    break;
                }
                if (!at(in_object ? '}' : ']')) return false;
                ++m_p;
                m_stack.pop_back();
            }
        }
    }

    /// `"key" :` and the white space after it, in an ignored object.
    bool skip_key() {
        bool escaped = false;
        if (!at('"') || !string(escaped)) return false;
        skip_space();
        if (!at(':')) return false;
        ++m_p;
        skip_space();
        return true;
    }

    /// A value of role `r` at m_p.
    bool value(role r) {
        if (r == role::ignored) return skip_value();
        if (m_p == m_e) return false;
        switch (*m_p) {
        case '{': return is_object_role(r) && object(r);
        case '[': return is_array_role(r) && array(r);
        case '"': return string_value(r);
        case 'n':
            // null is a field's default value (proto3 JSON), but not an object's.
            if (is_object_role(r) || !literal("null", 4)) return false;
            if (r == role::parent_id) m_span.has_parent = false;
            return true;
        default:
            if (r == role::start_time) return time_number(m_span.start_unix_nano);
            if (r == role::end_time) return time_number(m_span.end_unix_nano);
            return false;
        }
    }

    bool object(role r) {
        ++m_p;
        if (r == role::span) {
            m_span = span_data{};
            m_has_trace = m_has_span = false;
        }
        skip_space();
        if (!at('}')) {
            for (;;) {
                const char* key = m_p + 1;
                bool escaped = false;
                if (!at('"') || !string(escaped) || escaped) return false;
                std::string_view name(key, static_cast<std::size_t>(m_p - 1 - key));
                skip_space();
                if (!at(':')) return false;
                ++m_p;
                skip_space();
                if (!value(field_role(r, name))) return false;
                skip_space();
                if (at(',')) {
                    ++m_p;
                    skip_space();
                    continue;
                }
                if (!at('}')) return false;
                break;
            }
        }
        ++m_p;
        if (r == role::span) {
            if (!m_has_trace || !m_has_span) return false;
            m_out.push_back(m_span);
        }
        return true;
    }

    bool array(role r) {
        ++m_p;
        skip_space();
        if (at(']')) {
            ++m_p;
            return true;
        }
        role element = element_role(r);
        for (;;) {
            if (!value(element)) return false;
            skip_space();
            if (at(',')) {
                ++m_p;
                skip_space();
                continue;
            }
            if (!at(']')) return false;
            ++m_p;
            return true;
        }
    }

    /// A string value of a field the reader uses.
    bool string_value(role r) {
        const char* text = m_p + 1;
        bool escaped = false;
        if (!string(escaped) || escaped) return false;
        auto n = static_cast<std::size_t>(m_p - 1 - text);
        switch (r) {
        case role::trace_id:
            if (n != 32 || !hex64(text, m_span.trace.hi) || !hex64(text + 16, m_span.trace.lo)) return false;
            m_has_trace = true;
            return true;
        case role::span_id:
            if (n != 16 || !hex64(text, m_span.span)) return false;
            m_has_span = true;
            return true;
        case role::parent_id:
            if (n == 0) {
                m_span.has_parent = false;
                return true;
            }
            if (n != 16 || !hex64(text, m_span.parent)) return false;
            m_span.has_parent = true;
            return true;
        case role::start_time:
        case role::end_time: {
            if (n == 0 || n > 20) return false;
            std::uint64_t v = 0;
            for (std::size_t i = 0; i < n; ++i) {
                if (!is_digit(text[i])) return false;
                auto d = static_cast<std::uint64_t>(text[i] - '0');
                if (v > (UINT64_MAX - d) / 10) return false;
                v = v * 10 + d;
            }
            (r == role::start_time ? m_span.start_unix_nano : m_span.end_unix_nano) = v;
            return true;
        }
        default: return false;
        }
    }

    const char* m_p;
    const char* m_e;
    std::vector<std::uint8_t>& m_stack;
    std::vector<span_data>& m_out;
    span_data m_span;
    bool m_has_trace = false;
    bool m_has_span = false;
};

}  // namespace

bool otlp_scanner::scan(const char* begin, const char* end, std::vector<span_data>& out, const char*& stop) {
    return scan_state(begin, end, m_stack, out).document(stop);
}

}  // namespace cspgate::telemetry::detail
