#include "cspgate/base/diagnostic.hpp"

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <utility>

namespace cspgate::base {

void diagnostics::report(diagnostic d) {
    // Once the limit is reached nothing more is kept: the run is about to stop,
    // and warnings that follow a flood of errors only hide the first error.
    if (d.level == severity::error) {
        ++m_errors;
        if (m_error_limit != 0 && m_errors > m_error_limit) return;
    } else if (limit_reached()) {
        return;
    }
    m_items.push_back(std::move(d));
}

void diagnostics::error(span where, std::string message) {
    report(diagnostic{severity::error, where, std::move(message), {}, true});
}

void diagnostics::warning(span where, std::string message) {
    report(diagnostic{severity::warning, where, std::move(message), {}, true});
}

void diagnostics::error_without_location(std::string message) {
    report(diagnostic{severity::error, span{}, std::move(message), {}, false});
}

std::vector<diagnostic> diagnostics::sorted() const {
    std::vector<diagnostic> out = m_items;
    // Diagnostics without a location concern the whole run (a file that cannot
    // be read, a bad option), so they come first; a stable sort keeps the
    // order of report among equal keys, which keeps the output deterministic.
    std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
        if (a.has_location != b.has_location) return !a.has_location;
        if (!a.has_location) return false;
        if (a.where.file != b.where.file) return a.where.file < b.where.file;
        return a.where.begin < b.where.begin;
    });
    return out;
}

namespace {

const char* severity_word(severity s) noexcept {
    switch (s) {
        case severity::note: return "note";
        case severity::warning: return "warning";
        case severity::error: return "error";
    }
    return "error";
}

/// The length of the well-formed UTF-8 sequence that starts at `i`, or 0 when
/// the byte there does not start one (RFC 3629: no overlong forms, no
/// surrogates, nothing above U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return n;
}

/// One display unit of a line: a tab, a valid UTF-8 character, or one invalid byte.
std::size_t unit_length(std::string_view s, std::size_t i) noexcept {
    std::size_t n = utf8_length(s, i);
    return n == 0 ? 1 : n;
}

/// The line with each byte that is not part of valid UTF-8 replaced by '?', so
/// that what reaches the terminal is always valid UTF-8.
std::string printable_line(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size();) {
        std::size_t n = utf8_length(line, i);
        if (n == 0) {
            out.push_back('?');
            i += 1;
        } else {
            out.append(line.substr(i, n));
            i += n;
        }
    }
    return out;
}

/// The caret line for a span that starts `first` bytes into `line` and covers
/// `count` bytes of it.  Tabs in front of the caret are copied so that the caret
/// lines up whatever the tab width; every other character, however many bytes
/// it has, takes one column.  Tabs inside the span are copied as well, for the
/// same reason, so the `~` after them still sit under the right characters.
std::string caret_line(std::string_view line, std::size_t first, std::size_t count) {
    std::string out;
    std::size_t i = 0;
    // A span may start inside a multi-byte character; the caret then goes
    // under that character.
    while (i < line.size() && i + unit_length(line, i) <= first) {
        out.push_back(line[i] == '\t' ? '\t' : ' ');
        i += unit_length(line, i);
    }
    out.push_back('^');
    if (i >= line.size()) return out;  // the span starts at the end of the line
    std::size_t stop = std::min(line.size(), first + count);
    i += unit_length(line, i);
    while (i < stop) {
        out.push_back(line[i] == '\t' ? '\t' : '~');
        i += unit_length(line, i);
    }
    return out;
}

/// Writes the header, source line and caret line of one located message.
void render_located(std::ostream& out, const source_manager& sources, span where, severity level,
                    const std::string& message) {
    const source_file& file = sources.file(where.file);
    position pos = file.position_of(where.begin);
    // Messages quote the input (names, paths, characters); any bytes that are
    // not valid UTF-8 are shown as '?', like the source line.
    out << printable_line(file.name()) << ':' << pos.line << ':' << pos.column << ": " << severity_word(level)
        << ": " << printable_line(message) << '\n';
    std::string_view line = file.line_text(pos.line);
    std::size_t first = pos.column - 1;
    std::size_t count = where.end > where.begin ? where.end - where.begin : 0;
    // A very long line (a generated model, say) is shown as a window around
    // the caret, marked with "..." where it was cut, as clang does.
    constexpr std::size_t window = 160, before = 60;
    std::size_t start = 0, stop = line.size();
    if (line.size() > window) {
        start = first > before ? first - before : 0;
        while (start > 0 && start < line.size() && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) ++start;
        stop = std::min(line.size(), start + window);
        while (stop < line.size() && (static_cast<unsigned char>(line[stop]) & 0xC0) == 0x80) ++stop;
    }
    std::string_view shown = line.substr(start, stop - start);
    const char* lead = start > 0 ? "..." : "";
    out << lead << printable_line(shown) << (stop < line.size() ? "..." : "") << '\n';
    std::size_t shown_first = first >= start ? first - start : 0;
    std::size_t shown_count = std::min(count, shown.size() > shown_first ? shown.size() - shown_first : 0);
    out << (start > 0 ? "   " : "") << caret_line(shown, shown_first, shown_count) << '\n';
}

void render_message(std::ostream& out, const source_manager& sources, bool has_location, span where,
                    severity level, const std::string& message) {
    // A span that names no known file cannot be shown; the message still can.
    if (has_location && where.file < sources.size())
        render_located(out, sources, where, level, message);
    else
        out << "cspgate: " << severity_word(level) << ": " << printable_line(message) << '\n';
}

}  // namespace

void render(std::ostream& out, const source_manager& sources, const diagnostic& d) {
    render_message(out, sources, d.has_location, d.where, d.level, d.message);
    for (const note& n : d.notes) render_message(out, sources, n.has_location, n.where, severity::note, n.message);
}

void render_excerpt(std::ostream& out, const line_excerpt& where, severity level, const std::string& message) {
    out << printable_line(where.file) << ':' << where.line << ':' << where.column << ": " << severity_word(level)
        << ": " << printable_line(message) << '\n';
    out << (where.cut_before ? "..." : "") << printable_line(where.text) << (where.cut_after ? "..." : "") << '\n';
    // The caret sits `column - first_column` bytes into the excerpt; past its
    // end (an error at the end of the input) it follows the last character.
    std::uint64_t first = where.column >= where.first_column ? where.column - where.first_column : 0;
    first = std::min<std::uint64_t>(first, where.text.size());
    out << (where.cut_before ? "   " : "") << caret_line(where.text, static_cast<std::size_t>(first), 1) << '\n';
}

void render_all(std::ostream& out, const source_manager& sources, const diagnostics& sink) {
    for (const diagnostic& d : sink.sorted()) render(out, sources, d);
    if (sink.limit_reached())
        out << "cspgate: error: too many errors emitted, stopping now (limit " << sink.error_limit() << ")\n";
    else if (sink.error_count() > 1)
        out << sink.error_count() << " errors generated.\n";
}

}  // namespace cspgate::base
