#pragma once
// The input of the OTLP/JSON reader: a stream read in chunks into one buffer,
// handed out a byte at a time (to nlohmann's lexer, through
// `source_iterator`) or a line at a time (a JSON Lines document, parsed from
// the buffer directly, which is about twice as fast).  It counts the bytes
// consumed, so that every error has an offset in the stream.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <istream>
#include <iterator>
#include <vector>

namespace cspgate::telemetry::detail {

class byte_source {
public:
    /// The buffer starts small (a small file costs little) and grows, to
    /// hold a whole line, up to `capacity` bytes; a longer line is not
    /// handed out whole.
    explicit byte_source(std::istream& in, std::size_t capacity = std::size_t{4} << 20)
        : m_in(&in), m_buffer(std::min<std::size_t>(capacity, std::size_t{1} << 16)), m_capacity(capacity) {
        m_base = m_cur = m_end = m_buffer.data();
        refill();
    }
    /// The whole input already in memory (a mapped file): nothing is copied,
    /// and every line is handed out whole, however long.
    byte_source(const char* data, std::size_t size) : m_in(nullptr), m_capacity(size), m_eof(true) {
        m_base = m_cur = data;
        m_end = data + size;
    }

    bool at_end() const noexcept { return m_cur == m_end; }
    char peek() const noexcept { return *m_cur; }
    void advance() {
        if (++m_cur == m_end) refill();
    }
    const char* current() const noexcept { return m_cur; }
    /// The end of the bytes buffered now (of the whole input in memory).
    const char* buffered_end() const noexcept { return m_end; }
    /// Consumes up to `p`, a pointer into the current buffer.
    void skip_to(const char* p) {
        m_cur = p;
        if (m_cur == m_end) refill();
    }
    std::uint64_t offset() const noexcept { return m_before + static_cast<std::uint64_t>(m_cur - m_base); }
    bool failed() const noexcept { return m_failed; }

    /// The end of the line that starts at the current byte: its '\n', or the
    /// end of the input for a last line without one.  Null when the line does
    /// not fit the buffer.
    const char* line_end() {
        std::size_t scanned = 0;
        for (;;) {
            const auto* nl = static_cast<const char*>(std::memchr(m_cur + scanned, '\n', static_cast<std::size_t>(m_end - m_cur) - scanned));
            if (nl != nullptr) return nl;
            if (m_eof || m_failed) return m_end;
            scanned = static_cast<std::size_t>(m_end - m_cur);
            if (scanned == m_buffer.size()) {
                if (m_buffer.size() >= m_capacity) return nullptr;
                grow();
            }
            refill();
        }
    }

private:
    /// Doubles the buffer (up to the capacity), keeping its bytes.
    void grow() {
        auto cur = static_cast<std::size_t>(m_cur - m_buffer.data());
        auto end = static_cast<std::size_t>(m_end - m_buffer.data());
        m_buffer.resize(std::min(m_capacity, 2 * m_buffer.size()));
        m_base = m_buffer.data();
        m_cur = m_base + cur;
        m_end = m_base + end;
    }

    /// Moves the unread bytes to the front and reads as many more as fit.
    void refill() {
        if (m_in == nullptr) return;
        std::size_t keep = static_cast<std::size_t>(m_end - m_cur);
        m_before += static_cast<std::uint64_t>(m_cur - m_buffer.data());
        if (keep != 0 && m_cur != m_buffer.data()) std::memmove(m_buffer.data(), m_cur, keep);
        m_cur = m_buffer.data();
        m_end = m_cur + keep;
        if (m_eof || keep == m_buffer.size()) return;
        auto want = static_cast<std::streamsize>(m_buffer.size() - keep);
        m_in->read(m_buffer.data() + keep, want);
        std::streamsize got = m_in->gcount();
        // Only a failure without end of file is an I/O error (a directory,
        // a disk error); running out of input sets both bits.
        if (m_in->bad() || (m_in->fail() && !m_in->eof())) m_failed = true;
        if (got < want) m_eof = true;
        m_end += got > 0 ? got : 0;
    }

    std::istream* m_in;  ///< null for input in memory
    std::vector<char> m_buffer;
    const char* m_base = nullptr;  ///< the buffer, or the input in memory
    std::size_t m_capacity;
    const char* m_cur = nullptr;
    const char* m_end = nullptr;
    std::uint64_t m_before = 0;
    bool m_eof = false;
    bool m_failed = false;
};

/// The input iterator nlohmann's lexer reads through; a null source is the end.
class source_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;

    source_iterator() = default;
    explicit source_iterator(byte_source* s) : m_source(s) {}
    char operator*() const noexcept { return m_source->peek(); }
    source_iterator& operator++() {
        m_source->advance();
        return *this;
    }
    source_iterator operator++(int) {
        source_iterator old = *this;
        m_source->advance();
        return old;
    }
    friend bool operator==(const source_iterator& a, const source_iterator& b) noexcept {
        return a.done() == b.done();
    }

private:
    bool done() const noexcept { return m_source == nullptr || m_source->at_end(); }
    byte_source* m_source = nullptr;
};

}  // namespace cspgate::telemetry::detail
