#pragma once
/// \file
/// The set of visited states: each state packed to the bits its words need,
/// stored once in a flat array in the order found (so a state's number is
/// its breadth-first rank), with an open-addressing hash index of 32-bit
/// state numbers.  Bytes per state = packed size + index slots.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cspgate::check {

class state_store {
public:
    /// `bits[i]`: how many bits word i of a state needs.
    explicit state_store(const std::vector<std::uint8_t>& bits);

    /// The number of `state` (width words), and whether it was new.
    std::pair<std::uint32_t, bool> insert(const std::uint32_t* state);
    /// Unpacks state `id` into `out` (width words).
    void get(std::uint32_t id, std::uint32_t* out) const;
    std::size_t size() const { return m_count; }
    std::size_t width() const { return m_bits.size(); }
    /// Memory held, in bytes.
    std::size_t bytes() const;
    std::size_t packed_bytes() const { return m_stride * 8; }

private:
    std::uint64_t hash_of(const std::uint64_t* packed) const;
    void pack(const std::uint32_t* state, std::uint64_t* out) const;
    void grow();

    std::vector<std::uint8_t> m_bits;
    std::vector<std::uint32_t> m_offset;  // bit offset of each word
    std::size_t m_stride = 1;             // 64-bit words per packed state
    std::vector<std::uint64_t> m_data;
    std::vector<std::uint32_t> m_index;   // state number + 1; 0 is empty
    std::size_t m_count = 0;
    std::vector<std::uint64_t> m_scratch;
};

}  // namespace cspgate::check
