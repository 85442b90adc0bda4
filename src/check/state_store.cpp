// Packed states and their hash index.

#include "cspgate/check/state_store.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

namespace cspgate::check {
namespace {

// States are stored as the first bytes of their packed 64-bit words.
static_assert(std::endian::native == std::endian::little, "the state store assumes a little-endian machine");

/// The home slot of hash `h` in an index of `size` slots (Lemire's
/// multiply-shift range reduction, so the size need not be a power of two).
inline std::size_t home(std::uint64_t h, std::size_t size) {
    return static_cast<std::size_t>(((h & 0xffffffffULL) * size) >> 32);
}

std::uint64_t mix(std::uint64_t x) {
    // The finaliser of MurmurHash3 (Appleby), a good avalanche in few steps.
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

}  // namespace

state_store::state_store(const std::vector<std::uint8_t>& bits) : m_bits(bits) {
    std::uint32_t at = 0;
    for (std::uint8_t b : m_bits) {
        // A word never straddles two 64-bit words, so packing is a shift and a mask.
        if (at / 64 != (at + b - 1) / 64) at = (at / 64 + 1) * 64;
        m_offset.push_back(at);
        at += b;
    }
    m_stride = std::max<std::size_t>(1, (at + 63) / 64);
    m_bytes = std::max<std::size_t>(1, (at + 7) / 8);
    m_index.assign(1u << 12, 0);
    m_finger.assign(1u << 12, 0);
    m_scratch.resize(m_stride);
}

void state_store::pack(const std::uint32_t* state, std::uint64_t* out) const {
    std::memset(out, 0, m_stride * 8);
    for (std::size_t i = 0; i < m_bits.size(); ++i)
        out[m_offset[i] / 64] |= static_cast<std::uint64_t>(state[i]) << (m_offset[i] % 64);
}

void state_store::load(std::uint32_t id, std::uint64_t* out) const {
    // Little-endian packing: the first m_bytes bytes of the words hold every bit.
    out[m_stride - 1] = 0;
    std::memcpy(out, at(id), m_bytes);
}

void state_store::get(std::uint32_t id, std::uint32_t* out) const {
    std::uint64_t buf[16];
    std::vector<std::uint64_t> big;
    std::uint64_t* p = buf;
    if (m_stride > 16) {
        big.resize(m_stride);
        p = big.data();
    }
    load(id, p);
    for (std::size_t i = 0; i < m_bits.size(); ++i) {
        std::uint64_t mask = m_bits[i] >= 64 ? ~0ULL : ((1ULL << m_bits[i]) - 1);
        out[i] = static_cast<std::uint32_t>((p[m_offset[i] / 64] >> (m_offset[i] % 64)) & mask);
    }
}

std::uint64_t state_store::hash_of(const std::uint64_t* packed) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (std::size_t i = 0; i < m_stride; ++i) h = mix(h ^ packed[i]);
    return h;
}

void state_store::grow() {
    // Growing by half keeps the index 57–85 % full (doubling: 42–85 %).
    std::vector<std::uint32_t> bigger(m_index.size() + m_index.size() / 2, 0);
    std::vector<std::uint8_t> finger(bigger.size(), 0);
    const std::size_t size = bigger.size();
    std::vector<std::uint64_t> words(m_stride);
    for (std::uint32_t slot : m_index) {
        if (slot == 0) continue;
        load(slot - 1, words.data());
        std::uint64_t h = hash_of(words.data());
        std::size_t i = home(h, size);
        while (bigger[i] != 0)
            if (++i == size) i = 0;
        bigger[i] = slot;
        finger[i] = static_cast<std::uint8_t>(h >> 56);
    }
    m_index.swap(bigger);
    m_finger.swap(finger);
}

std::pair<std::uint32_t, bool> state_store::insert(const std::uint32_t* state) {
    pack(state, m_scratch.data());
    return insert_packed(m_scratch.data(), hash_of(m_scratch.data()));
}

void state_store::insert_many(const std::uint32_t* states, std::size_t count, std::vector<std::uint32_t>& ids,
                              std::vector<std::uint8_t>& fresh) {
    const std::size_t w = m_bits.size();
    m_batch.resize(count * m_stride);
    m_hashes.resize(count);
    ids.resize(count);
    fresh.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
        pack(states + k * w, &m_batch[k * m_stride]);
        m_hashes[k] = hash_of(&m_batch[k * m_stride]);
        std::size_t i = home(m_hashes[k], m_index.size());
        __builtin_prefetch(&m_index[i]);
        __builtin_prefetch(&m_finger[i]);
    }
    for (std::size_t k = 0; k < count; ++k) {
        auto [id, is_new] = insert_packed(&m_batch[k * m_stride], m_hashes[k]);
        ids[k] = id;
        fresh[k] = is_new ? 1 : 0;
    }
}

std::pair<std::uint32_t, bool> state_store::insert_packed(const std::uint64_t* key, std::uint64_t h) {
    const std::size_t size = m_index.size();
    auto fp = static_cast<std::uint8_t>(h >> 56);
    std::size_t i = home(h, size);
    while (std::uint32_t slot = m_index[i]) {
        if (m_finger[i] == fp && std::memcmp(at(slot - 1), key, m_bytes) == 0) return {slot - 1, false};
        if (++i == size) i = 0;
    }
    if (m_count >= 0xfffffffeu) throw std::length_error("more than 4294967294 states");
    auto id = static_cast<std::uint32_t>(m_count++);
    if ((id >> block_bits) >= m_blocks.size())
        m_blocks.push_back(std::make_unique<std::uint8_t[]>(block_states * m_bytes));
    std::memcpy(m_blocks.back().get() + static_cast<std::size_t>(id & (block_states - 1)) * m_bytes, key, m_bytes);
    m_index[i] = id + 1;
    m_finger[i] = fp;
    // With fingerprints, probing stays cheap up to 85 % full.
    if (m_count * 20 > m_index.size() * 17) grow();
    return {id, true};
}

std::size_t state_store::bytes() const {
    return m_blocks.size() * block_states * m_bytes + m_index.capacity() * 5;
}

}  // namespace cspgate::check
