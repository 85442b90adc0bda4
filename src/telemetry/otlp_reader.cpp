// The streaming OTLP/JSON reader: a SAX handler for nlohmann-json that
// follows the path resourceSpans[].scopeSpans[].spans[] and skips everything
// else without keeping it.
//
// The input comes through `byte_source` (byte_source.hpp), a chunked buffer
// over the stream.  A line of JSON Lines that fits the buffer is read
// straight from it (the fast paths): first by the hand-written scanner of
// otlp_scan.hpp, and where that gives up by nlohmann-json, its spans held
// back until the whole line has parsed; a line that fails, or a document
// over several lines or larger
// than the buffer, is parsed again by an input iterator that nlohmann's
// iterator adapter walks one byte at a time (the exact path).  The source
// counts the bytes handed out, so that an error found by the handler (a bad
// id, a negative time) has a byte offset as precise as the parser's own
// syntax errors; and because the parser stops right after a document's
// closing brace (non-strict mode), the next document is read by a new parse
// over the same source.

#include "cspgate/telemetry/otlp_reader.hpp"

#include "byte_source.hpp"
#include "otlp_roles.hpp"
#include "otlp_scan.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <istream>
#include <iterator>
#include <string_view>
#include <vector>

namespace cspgate::telemetry {
namespace {

using detail::byte_source;
using detail::source_iterator;
using json = nlohmann::json;

using detail::role;

const char* role_name(role r) {
    switch (r) {
    case role::request: return "the document";
    case role::resource_list: return "resourceSpans";
    case role::resource: return "an element of resourceSpans";
    case role::scope_list: return "scopeSpans";
    case role::scope: return "an element of scopeSpans";
    case role::span_list: return "spans";
    case role::span: return "a span";
    case role::trace_id: return "traceId";
    case role::span_id: return "spanId";
    case role::parent_id: return "parentSpanId";
    case role::start_time: return "startTimeUnixNano";
    case role::end_time: return "endTimeUnixNano";
    case role::ignored: return "a field";
    }
    return "a value";
}

using detail::element_role;
using detail::field_role;
using detail::is_array_role;
using detail::is_object_role;

/// Parses a decimal string of at most 64 bits, digits only.
std::optional<std::uint64_t> parse_decimal_u64(const std::string& text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        auto d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

/// Quotes a value for a message, cut to a readable length.
std::string quote_value(const std::string& s) {
    constexpr std::size_t keep = 48;
    return "'" + (s.size() > keep ? s.substr(0, keep) + "..." : s) + "'";
}

class otlp_handler : public nlohmann::json_sax<json> {
public:
    otlp_handler(byte_source& source, const span_callback& on_span, read_summary& summary)
        : m_source(source), m_on_span(on_span), m_summary(summary) {}

    /// Prepares for the next document, which starts at byte `base`.  With
    /// `staging`, spans are kept back until `commit()` (or dropped by the
    /// next `start_document`) instead of being handed to the callback.
    void start_document(std::uint64_t base, bool staging) {
        m_base = base;
        m_stack.clear();
        m_skip = 0;
        m_next = role::request;
        m_staging = staging;
        m_staged.clear();
        m_error.reset();
    }
    /// Hands the spans kept back to the callback; false if it said stop.
    bool commit() {
        for (const span_data& s : m_staged) {
            ++m_summary.spans;
            if (!m_on_span(s)) {
                m_stopped = true;
                return false;
            }
        }
        m_staged.clear();
        return true;
    }
    const std::optional<read_error>& error() const noexcept { return m_error; }
    bool stopped() const noexcept { return m_stopped; }

    bool null() override { return scalar_default(); }
    bool boolean(bool) override { return scalar_other("a boolean"); }
    bool number_integer(number_integer_t v) override {
        if (v >= 0) return number_unsigned(static_cast<number_unsigned_t>(v));
        if (m_skip != 0) return true;
        role r = take_role();
        if (r == role::ignored) return true;
        return fail_at(number_end(), std::string(role_name(r)) + " must not be a negative number");
    }
    bool number_unsigned(number_unsigned_t v) override {
        if (m_skip != 0) return true;
        role r = take_role();
        if (r == role::start_time) m_span.start_unix_nano = v;
        else if (r == role::end_time) m_span.end_unix_nano = v;
        else if (r != role::ignored) return fail_at(number_end(), std::string(role_name(r)) + " must not be a number");
        return true;
    }
    bool number_float(number_float_t, const string_t& text) override {
        if (m_skip != 0) return true;
        role r = take_role();
        if (r == role::start_time || r == role::end_time)
            return fail_at(number_end(), std::string(role_name(r)) + " " + text +
                                                      " is not a whole number of nanoseconds from 0 to 2^64-1");
        if (r != role::ignored) return fail_at(number_end(), std::string(role_name(r)) + " must not be a number");
        return true;
    }
    bool string(string_t& s) override {
        if (m_skip != 0) return true;
        role r = take_role();
        if (r == role::ignored) return true;
        // The closing quote has just been read; the string starts at its
        // opening quote (exactly so when it holds no escapes, as ids do).
        std::uint64_t end = m_source.offset();
        std::uint64_t begin = end >= s.size() + 2 ? end - s.size() - 2 : 0;
        switch (r) {
        case role::trace_id:
            if (auto id = parse_trace_id(s)) {
                m_span.trace = *id;
                m_has_trace = true;
                return true;
            }
            return fail_at(begin, "traceId " + quote_value(s) + " is not 32 hexadecimal digits");
        case role::span_id:
            if (auto id = parse_span_id(s)) {
                m_span.span = *id;
                m_has_span = true;
                return true;
            }
            return fail_at(begin, "spanId " + quote_value(s) + " is not 16 hexadecimal digits");
        case role::parent_id:
            if (s.empty()) {
                m_span.has_parent = false;
                return true;
            }
            if (auto id = parse_span_id(s)) {
                m_span.parent = *id;
                m_span.has_parent = true;
                return true;
            }
            return fail_at(begin, "parentSpanId " + quote_value(s) + " is neither empty nor 16 hexadecimal digits");
        case role::start_time:
        case role::end_time:
            if (auto t = parse_decimal_u64(s)) {
                (r == role::start_time ? m_span.start_unix_nano : m_span.end_unix_nano) = *t;
                return true;
            }
            return fail_at(begin, std::string(role_name(r)) + " " + quote_value(s) +
                                      " is not a whole number of nanoseconds from 0 to 2^64-1");
        default: return fail_at(begin, std::string(role_name(r)) + " must not be a string");
        }
    }
    bool binary(binary_t&) override { return scalar_other("binary data"); }

    bool start_object(std::size_t) override {
        if (m_skip != 0) return ++m_skip, true;
        role r = take_role();
        if (r == role::ignored) return m_skip = 1, true;
        if (!is_object_role(r)) return fail_at(m_source.offset() - 1, std::string(role_name(r)) + " must not be an object");
        if (r == role::span) {
            m_span = span_data{};
            m_has_trace = m_has_span = false;
            m_span_begin = m_source.offset() - 1;
        }
        m_stack.push_back(r);
        m_next = role::ignored;
        return true;
    }
    bool key(string_t& k) override {
        if (m_skip == 0) m_next = field_role(m_stack.back(), k);
        return true;
    }
    bool end_object() override {
        if (m_skip != 0) return --m_skip, true;
        role r = m_stack.back();
        m_stack.pop_back();
        if (r == role::span) return finish_span();
        return true;
    }
    bool start_array(std::size_t) override {
        if (m_skip != 0) return ++m_skip, true;
        role r = take_role();
        if (r == role::ignored) return m_skip = 1, true;
        if (!is_array_role(r)) return fail_at(m_source.offset() - 1, std::string(role_name(r)) + " must not be an array");
        m_stack.push_back(r);
        return true;
    }
    bool end_array() override {
        if (m_skip != 0) return --m_skip, true;
        m_stack.pop_back();
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        // nlohmann's message starts "[json.exception.parse_error.101] parse
        // error at line 1, column 5: "; the position is relative to this
        // document, so only the part after it is kept.
        std::string message = ex.what();
        auto colon = message.find(": ");
        if (colon != std::string::npos) message = message.substr(colon + 2);
        if (message.rfind("syntax error ", 0) == 0) message = message.substr(13);
        // `position` counts the characters read, the offending one included.
        std::uint64_t at = m_base + (position > 0 ? position - 1 : 0);
        if (m_source.failed()) message = "cannot read the input (I/O error)";
        m_error = read_error{at, "invalid JSON: " + message};
        return false;
    }

private:
    /// The last byte of a number just read: the lexer has read one byte past
    /// it to see where it ends.
    std::uint64_t number_end() const noexcept {
        std::uint64_t o = m_source.offset();
        return o >= 2 ? o - 2 : 0;
    }

    /// The role of the value that starts now, and what follows it.
    role take_role() {
        if (!m_stack.empty() && is_array_role(m_stack.back())) return element_role(m_stack.back());
        role r = m_next;
        m_next = role::ignored;
        return r;
    }

    /// null: the field's default value (proto3 JSON), so a null list is empty.
    bool scalar_default() {
        if (m_skip != 0) return true;
        role r = take_role();
        if (r == role::request || r == role::resource || r == role::scope || r == role::span)
            return fail_at(m_source.offset() - 1, std::string(role_name(r)) + " must be an object, not null");
        if (r == role::parent_id) m_span.has_parent = false;
        return true;
    }

    bool scalar_other(const char* what) {
        if (m_skip != 0) return true;
        role r = take_role();
        if (r == role::ignored) return true;
        return fail_at(m_source.offset() - 1, std::string(role_name(r)) + " must not be " + what);
    }

    bool finish_span() {
        if (!m_has_trace) return fail_at(m_span_begin, "a span has no traceId");
        if (!m_has_span) return fail_at(m_span_begin, "a span has no spanId");
        if (m_staging) {
            m_staged.push_back(m_span);
            return true;
        }
        ++m_summary.spans;
        if (!m_on_span(m_span)) {
            m_stopped = true;
            return false;
        }
        return true;
    }

    bool fail_at(std::uint64_t offset, std::string message) {
        m_error = read_error{offset, std::move(message)};
        return false;
    }

    byte_source& m_source;
    const span_callback& m_on_span;
    read_summary& m_summary;
    std::vector<role> m_stack;
    std::size_t m_skip = 0;  ///< depth inside an ignored object or array
    role m_next = role::request;
    std::uint64_t m_base = 0;
    span_data m_span;
    bool m_has_trace = false;
    bool m_has_span = false;
    std::uint64_t m_span_begin = 0;
    bool m_stopped = false;
    bool m_staging = false;
    std::vector<span_data> m_staged;
    std::optional<read_error> m_error;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Whether a document that the scanner read up to `stop` is read alike by
/// nlohmann-json, the line ending at `line_end`.  A document over several
/// lines is: the line fails, and the exact path reads the document and stops
/// after it, as the scanner did.  A document that ends on its line is read by
/// the line path, strict: only white space may follow it, up to the end of
/// the line, or a NUL byte, which nlohmann's lexer takes for the end of the
/// input (so it ignores the rest of the line).  Anything else is left to
/// nlohmann-json.
bool scanned_as_nlohmann(const char* stop, const char* line_end) {
    if (stop > line_end) return true;
    while (stop != line_end && is_space(*stop)) ++stop;
    return stop == line_end || *stop == '\0';
}

/// Hands the spans of a document to the callback; false if it said stop.
bool hand_over(const std::vector<span_data>& spans, const span_callback& on_span, read_summary& summary) {
    for (const span_data& s : spans) {
        ++summary.spans;
        if (!on_span(s)) return false;
    }
    return true;
}

}  // namespace

std::optional<read_error> read_otlp_json(std::istream& in, const span_callback& on_span, read_summary& summary) {
    return read_otlp_json(in, on_span, summary, read_mode::fast);
}

namespace {

std::optional<read_error> read_source(byte_source& source, const span_callback& on_span, read_summary& summary,
                                      read_mode mode) {
    otlp_handler handler(source, on_span, summary);
    detail::otlp_scanner scanner;
    std::vector<span_data> scanned;
    for (;;) {
        while (!source.at_end() && is_space(source.peek())) source.advance();
        if (source.failed()) return read_error{source.offset(), "cannot read the input (I/O error)"};
        if (source.at_end()) break;
        const std::uint64_t start = source.offset();
        // The fast path: the line is one whole document (JSON Lines).
        if (const char* end = source.line_end()) {
            // First the hand-written scanner (otlp_scan.hpp), over what is
            // buffered (the line at least, so a line of JSON Lines is
            // whole); where it gives up, nlohmann-json over the line.
            scanned.clear();
            const char* stop = nullptr;
            if (mode == read_mode::fast && scanner.scan(source.current(), source.buffered_end(), scanned, stop) &&
                scanned_as_nlohmann(stop, end)) {
                ++summary.documents;
                ++summary.scanned_documents;
                source.skip_to(stop < end ? end : stop);
                if (!hand_over(scanned, on_span, summary)) {
                    summary.stopped = true;
                    break;
                }
                continue;
            }
            handler.start_document(start, /*staging=*/true);
            if (json::sax_parse(source.current(), end, &handler, json::input_format_t::json, /*strict=*/true) &&
                !handler.error()) {
                ++summary.documents;
                source.skip_to(end);
                if (!handler.commit()) {
                    summary.stopped = true;
                    break;
                }
                continue;
            }
        }
        // The exact path.  Non-strict: the parse ends at the document's
        // closing brace and leaves the rest of the stream for the next one.
        handler.start_document(start, /*staging=*/false);
        bool ok = json::sax_parse(source_iterator(&source), source_iterator(), &handler, json::input_format_t::json,
                                  /*strict=*/false);
        if (handler.error()) return handler.error();
        if (handler.stopped()) {
            summary.stopped = true;
            break;
        }
        if (!ok) return read_error{source.offset(), "invalid JSON"};
        ++summary.documents;
    }
    summary.bytes = source.offset();
    return std::nullopt;
}

}  // namespace

std::optional<read_error> read_otlp_json(std::istream& in, const span_callback& on_span, read_summary& summary,
                                         read_mode mode) {
    byte_source source(in);
    return read_source(source, on_span, summary, mode);
}

std::optional<read_error> read_otlp_json(std::string_view bytes, const span_callback& on_span, read_summary& summary,
                                         read_mode mode) {
    byte_source source(bytes.data(), bytes.size());
    return read_source(source, on_span, summary, mode);
}

}  // namespace cspgate::telemetry
