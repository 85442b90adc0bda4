#pragma once
/// \file
/// The set of visited states: each state packed to the bits its words need
/// and stored in whole bytes (a state of 40 bits takes 5 bytes), once, in
/// blocks, in the order found (so a state's number is its breadth-first
/// rank), with an open-addressing hash index of 32-bit state numbers and a
/// one-byte fingerprint per slot, so that a probe rarely touches a stored
/// state it does not match.  Bytes per state = packed bytes + 5 bytes per
/// index slot (the index is 57–85 % full).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace cspgate::check {

class state_store {
public:
    /// `bits[i]`: how many bits word i of a state needs.
    explicit state_store(const std::vector<std::uint8_t>& bits);

    /// The number of `state` (width words), and whether it was new.
    std::pair<std::uint32_t, bool> insert(const std::uint32_t* state);
    /// Inserts `count` states (width words each, one after another): their
    /// numbers go to `ids` and whether each was new to `fresh`.  Faster than
    /// one at a time, because the index is looked up for all of them at once
    /// (the slots are prefetched) instead of waiting on each cache miss in turn.
    void insert_many(const std::uint32_t* states, std::size_t count, std::vector<std::uint32_t>& ids,
                     std::vector<std::uint8_t>& fresh);
    /// Unpacks state `id` into `out` (width words).
    void get(std::uint32_t id, std::uint32_t* out) const;
    std::size_t size() const { return m_count; }
    std::size_t width() const { return m_bits.size(); }
    /// Memory held, in bytes.
    std::size_t bytes() const;
    std::size_t packed_bytes() const { return m_bytes; }
    /// Bytes each stored state costs: its packed words and its share of the
    /// index (not counting the unused end of the last block).
    double bytes_per_state() const {
        return m_count ? static_cast<double>(packed_bytes()) + 5.0 * static_cast<double>(m_index.size()) / static_cast<double>(m_count) : 0.0;
    }

private:
    std::uint64_t hash_of(const std::uint64_t* packed) const;
    void pack(const std::uint32_t* state, std::uint64_t* out) const;
    void grow();

    std::vector<std::uint8_t> m_bits;
    std::vector<std::uint32_t> m_offset;  // bit offset of each word
    const std::uint8_t* at(std::uint32_t id) const {
        return m_blocks[id >> block_bits].get() + static_cast<std::size_t>(id & (block_states - 1)) * m_bytes;
    }
    /// Reads stored state `id` back into 64-bit words (`m_stride` of them).
    void load(std::uint32_t id, std::uint64_t* out) const;
    static constexpr unsigned block_bits = 16;
    static constexpr std::size_t block_states = std::size_t{1} << block_bits;

    std::size_t m_stride = 1;             // 64-bit words per packed state, when unpacked for work
    std::size_t m_bytes = 1;              // bytes per stored state
    std::vector<std::unique_ptr<std::uint8_t[]>> m_blocks;
    std::vector<std::uint32_t> m_index;   // state number + 1; 0 is empty
    std::vector<std::uint8_t> m_finger;   // a byte of each slot's hash
    std::size_t m_count = 0;
    std::vector<std::uint64_t> m_scratch;
    std::vector<std::uint64_t> m_batch, m_hashes;
    std::pair<std::uint32_t, bool> insert_packed(const std::uint64_t* key, std::uint64_t h);
};

}  // namespace cspgate::check
