#pragma once
/// \file
/// Source files, byte spans and line/column positions.
///
/// Every piece of text cspgate reads is held by a `source_manager`, which hands
/// out a small `file_id`.  Spans are byte offsets into one file; they are turned
/// into 1-based line and column numbers only when a diagnostic is rendered.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cspgate::base {

using file_id = std::uint32_t;

/// A half-open byte range [begin, end) in one source file.
struct span {
    file_id file = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    /// The smallest span covering both (they must lie in the same file).
    static span cover(span a, span b) noexcept {
        return span{a.file, a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
    }
};

/// A 1-based line and column; the column counts bytes, as clang does.
struct position {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

/// One file's text and its line table.
class source_file {
public:
    source_file(std::string name, std::string text);

    const std::string& name() const noexcept { return m_name; }
    std::string_view text() const noexcept { return m_text; }
    std::size_t line_count() const noexcept { return m_line_starts.size(); }

    /// The line and column of a byte offset (an offset past the end maps to the end).
    position position_of(std::uint32_t offset) const noexcept;
    /// The text of a 1-based line, without its line terminator.
    std::string_view line_text(std::uint32_t line) const noexcept;

private:
    std::string m_name;
    std::string m_text;
    std::vector<std::uint32_t> m_line_starts;
};

/// Owns every source file read during one run.
class source_manager {
public:
    /// Adds a file from memory and returns its id.
    file_id add(std::string name, std::string text);
    const source_file& file(file_id id) const { return *m_files.at(id); }
    std::size_t size() const noexcept { return m_files.size(); }

private:
    std::vector<std::unique_ptr<source_file>> m_files;
};

}  // namespace cspgate::base
