#include "cspgate/base/source.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace cspgate::base {

source_file::source_file(std::string name, std::string text)
    : m_name(std::move(name)), m_text(std::move(text)) {
    m_line_starts.push_back(0);
    // Most files have no carriage return at all: then memchr finds the lines.
    if (m_text.find('\r') == std::string::npos) {
        const char* base = m_text.data();
        const char* end = base + m_text.size();
        for (const char* p = base; (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p)
            m_line_starts.push_back(static_cast<std::uint32_t>(p - base + 1));
        return;
    }
    // The index is a size_t so that the loop ends even for text of 4 GiB or
    // more (limits::max_file_bytes keeps real input far below that).
    for (std::size_t i = 0; i < m_text.size(); ++i) {
        // A lone CR (old Mac) or a CRLF pair both end a line; the LF of a CRLF
        // pair starts the next line, so only the LF is counted there.
        if (m_text[i] == '\n' || (m_text[i] == '\r' && (i + 1 == m_text.size() || m_text[i + 1] != '\n')))
            m_line_starts.push_back(static_cast<std::uint32_t>(i + 1));
    }
}

position source_file::position_of(std::uint32_t offset) const noexcept {
    if (offset > m_text.size()) offset = static_cast<std::uint32_t>(m_text.size());
    auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
    auto line = static_cast<std::uint32_t>(it - m_line_starts.begin());
    return position{line, offset - m_line_starts[line - 1] + 1};
}

std::string_view source_file::line_text(std::uint32_t line) const noexcept {
    if (line == 0 || line > m_line_starts.size()) return {};
    std::uint32_t begin = m_line_starts[line - 1];
    std::uint32_t end = line < m_line_starts.size() ? m_line_starts[line] : static_cast<std::uint32_t>(m_text.size());
    while (end > begin && (m_text[end - 1] == '\n' || m_text[end - 1] == '\r')) --end;
    return std::string_view(m_text).substr(begin, end - begin);
}

file_id source_manager::add(std::string name, std::string text) {
    m_files.push_back(std::make_unique<source_file>(std::move(name), std::move(text)));
    return static_cast<file_id>(m_files.size() - 1);
}

}  // namespace cspgate::base
