// Hexadecimal trace and span ids (OTLP/JSON encodes them as hex strings, in
// any case; the specification's own example uses upper case).

#include "cspgate/telemetry/otlp_reader.hpp"

namespace cspgate::telemetry {
namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Parses exactly 16 hex digits.
std::optional<std::uint64_t> parse_u64_hex(std::string_view text) {
    if (text.size() != 16) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        int d = hex_value(c);
        if (d < 0) return std::nullopt;
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    return v;
}

void append_hex(std::string& out, std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(digits[(v >> shift) & 0xF]);
}

}  // namespace

std::string to_hex(const trace_id& id) {
    std::string out;
    out.reserve(32);
    append_hex(out, id.hi);
    append_hex(out, id.lo);
    return out;
}

std::string to_hex(span_id id) {
    std::string out;
    out.reserve(16);
    append_hex(out, id);
    return out;
}

std::optional<trace_id> parse_trace_id(std::string_view text) {
    if (text.size() != 32) return std::nullopt;
    auto hi = parse_u64_hex(text.substr(0, 16));
    auto lo = parse_u64_hex(text.substr(16));
    if (!hi || !lo) return std::nullopt;
    return trace_id{*hi, *lo};
}

std::optional<span_id> parse_span_id(std::string_view text) { return parse_u64_hex(text); }

}  // namespace cspgate::telemetry
