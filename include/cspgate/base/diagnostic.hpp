#pragma once
/// \file
/// Diagnostics: what went wrong, where, rendered like a compiler.
///
/// Layers never print.  They report `diagnostic` objects into a `diagnostics`
/// sink; the command line renders them, sorted by location, as
/// `file:line:col: error: message`, the source line and a caret under the span.

#include "cspgate/base/source.hpp"

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace cspgate::base {

enum class severity { note, warning, error };

/// A secondary message attached to a diagnostic ("note: defined here").
struct note {
    span where;
    std::string message;
    bool has_location = true;
};

struct diagnostic {
    severity level = severity::error;
    span where;
    std::string message;
    std::vector<note> notes;
    /// False for diagnostics that concern the run, not a place in a file.
    bool has_location = true;
};

/// Collects diagnostics.  Once `error_limit` errors are recorded, further
/// errors are counted but not kept, and `limit_reached()` turns true; from then
/// on warnings are dropped too.  A limit of 0 means no limit (as in clang).
class diagnostics {
public:
    explicit diagnostics(std::size_t error_limit = 20) : m_error_limit(error_limit) {}

    void report(diagnostic d);
    void error(span where, std::string message);
    void warning(span where, std::string message);
    /// An error that has no location in a file (I/O, usage).
    void error_without_location(std::string message);

    std::size_t error_count() const noexcept { return m_errors; }
    bool has_errors() const noexcept { return m_errors != 0; }
    bool limit_reached() const noexcept { return m_error_limit != 0 && m_errors >= m_error_limit; }
    std::size_t error_limit() const noexcept { return m_error_limit; }

    /// The kept diagnostics, sorted by file, offset, then order of report;
    /// those without a location come first.
    std::vector<diagnostic> sorted() const;
    const std::vector<diagnostic>& all() const noexcept { return m_items; }

private:
    std::vector<diagnostic> m_items;
    std::size_t m_errors = 0;
    std::size_t m_error_limit;
};

/// Renders one diagnostic: header line, the source line, a caret line, then notes.
/// The source line is printed as it is, except that bytes which are not valid
/// UTF-8 become '?'; the caret line copies the line's tabs and counts each
/// UTF-8 character as one column.
void render(std::ostream& out, const source_manager& sources, const diagnostic& d);
/// Part of one line of a file too large to hold in a `source_manager` (a
/// multi-gigabyte telemetry export): the bytes of line `line` from byte column
/// `first_column` on.  `cut_before` and `cut_after` say whether the
/// line goes on before or after the excerpt.
struct line_excerpt {
    std::string file;
    /// 1-based; 64 bits, because a one-line export can be larger than 4 GiB.
    std::uint64_t line = 1;
    std::uint64_t column = 1;
    std::string text;
    std::uint64_t first_column = 1;
    bool cut_before = false;
    bool cut_after = false;
};

/// Renders a message at a place in a file that only an excerpt holds, in the
/// same form as `render`: `file:line:col: error: message`, the excerpt
/// (with "..." where the line was cut) and a caret under the column.
void render_excerpt(std::ostream& out, const line_excerpt& where, severity level, const std::string& message);

/// Renders all kept diagnostics in order; then, if the limit was reached,
/// "cspgate: error: too many errors emitted, stopping now (limit N)", else
/// "N errors generated." when more than one error was found.
void render_all(std::ostream& out, const source_manager& sources, const diagnostics& sink);

}  // namespace cspgate::base
