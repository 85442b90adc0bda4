// Where a byte offset of a telemetry file is, for a diagnostic.  The file may
// be many gigabytes on a single line, so it is read once more from the start,
// counting lines, and only a window of the line around the offset is kept.

#include "cspgate/telemetry/otlp_reader.hpp"

#include <istream>
#include <vector>

namespace cspgate::telemetry {

base::line_excerpt locate(std::istream& in, std::string name, std::uint64_t offset) {
    // As many bytes as the compiler-style renderer shows of a long line
    // (src/base/diagnostic.cpp): 60 before the caret, 100 from it on.
    constexpr std::size_t before = 60, after = 100;
    base::line_excerpt out;
    out.file = std::move(name);
    std::uint64_t line = 1, line_start = 0, window_start = 0, pos = 0;
    std::string window;  // bytes of the current line from window_start on
    std::vector<char> buffer(std::size_t{1} << 16);
    bool reached = false, done = false;
    while (!done && in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) break;
        for (std::size_t i = 0; i < got && !done; ++i, ++pos) {
            char c = buffer[i];
            if (!reached && pos == offset) {
                reached = true;
                if (window.size() > before) {
                    window_start += window.size() - before;
                    window.erase(0, window.size() - before);
                }
            }
            if (!reached) {
                if (c == '\n') {
                    ++line;
                    line_start = window_start = pos + 1;
                    window.clear();
                } else {
                    window.push_back(c);
                    // Keep the window small on a very long line.
                    if (window.size() > 4 * before) {
                        window_start += window.size() - before;
                        window.erase(0, window.size() - before);
                    }
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                done = true;
            } else if (pos - offset >= after) {
                out.cut_after = true;
                done = true;
            } else {
                window.push_back(c);
            }
        }
    }
    // An offset at or past the end (an error at the end of the input) is
    // shown after the last character of the last line.
    if (!reached) {
        if (window.size() > before) {
            window_start += window.size() - before;
            window.erase(0, window.size() - before);
        }
        offset = window_start + window.size();
    }
    while (!window.empty() && window.back() == '\r') window.pop_back();
    out.line = line;
    out.column = offset - line_start + 1;
    out.first_column = window_start - line_start + 1;
    out.cut_before = window_start > line_start;
    out.text = std::move(window);
    return out;
}

}  // namespace cspgate::telemetry
