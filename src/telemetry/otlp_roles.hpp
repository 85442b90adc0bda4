#pragma once
// What a JSON value of an OTLP/JSON trace export means, from where it stands
// in the document: shared by the SAX handler (otlp_reader.cpp) and the
// hand-written scanner (otlp_scan.cpp), so that both follow exactly the same
// path resourceSpans[].scopeSpans[].spans[] and accept the same field names.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace cspgate::telemetry::detail {

enum class role : std::uint8_t {
    request,        ///< the document: TracesData / ExportTraceServiceRequest
    resource_list,  ///< resourceSpans
    resource,       ///< one ResourceSpans
    scope_list,     ///< scopeSpans / instrumentationLibrarySpans
    scope,          ///< one ScopeSpans
    span_list,      ///< spans
    span,           ///< one Span
    trace_id,
    span_id,
    parent_id,
    start_time,
    end_time,
    ignored,  ///< any other field: skipped
};

/// `key` is the literal `word`: the length is compared first, then the
/// bytes eight at a time, in loops of constant length that the compiler
/// unrolls into a few loads (GCC calls the library's memcmp for most of these
/// lengths, and this runs for every key of every span).
template <std::size_t N>
inline bool is_key(std::string_view key, const char (&word)[N]) noexcept {
    constexpr std::size_t n = N - 1;
    if (key.size() != n) return false;
    const char* k = key.data();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t a, b;
        std::memcpy(&a, k + i, 8);
        std::memcpy(&b, word + i, 8);
        if (a != b) return false;
    }
    for (; i < n; ++i)
        if (k[i] != word[i]) return false;
    return true;
}

/// The role of field `key` of an object of role `parent`.  Both the JSON
/// names (lowerCamelCase) and the proto field names are accepted, as proto3
/// JSON parsers do.
inline role field_role(role parent, std::string_view key) noexcept {
    switch (parent) {
    case role::request:
        if (is_key(key, "resourceSpans") || is_key(key, "resource_spans")) return role::resource_list;
        break;
    case role::resource:
        if (is_key(key, "scopeSpans") || is_key(key, "scope_spans") || is_key(key, "instrumentationLibrarySpans") ||
            is_key(key, "instrumentation_library_spans"))
            return role::scope_list;
        break;
    case role::scope:
        if (is_key(key, "spans")) return role::span_list;
        break;
    case role::span:
        // Most keys of a span (name, kind, attributes, status, ...) are none
        // of these, and their first letter says so.
        switch (key.empty() ? '\0' : key.front()) {
        case 't':
            if (is_key(key, "traceId") || is_key(key, "trace_id")) return role::trace_id;
            break;
        case 's':
            if (is_key(key, "spanId") || is_key(key, "span_id")) return role::span_id;
            if (is_key(key, "startTimeUnixNano") || is_key(key, "start_time_unix_nano")) return role::start_time;
            break;
        case 'p':
            if (is_key(key, "parentSpanId") || is_key(key, "parent_span_id")) return role::parent_id;
            break;
        case 'e':
            if (is_key(key, "endTimeUnixNano") || is_key(key, "end_time_unix_nano")) return role::end_time;
            break;
        default: break;
        }
        break;
    default: break;
    }
    return role::ignored;
}

/// The role of the elements of an array of role `list`.
inline role element_role(role list) noexcept {
    switch (list) {
    case role::resource_list: return role::resource;
    case role::scope_list: return role::scope;
    case role::span_list: return role::span;
    default: return role::ignored;
    }
}

inline bool is_object_role(role r) noexcept {
    return r == role::request || r == role::resource || r == role::scope || r == role::span;
}
inline bool is_array_role(role r) noexcept {
    return r == role::resource_list || r == role::scope_list || r == role::span_list;
}

}  // namespace cspgate::telemetry::detail
