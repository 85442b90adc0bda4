// Packed states and their hash index.

#include "cspgate/check/state_store.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace cspgate::check {
namespace {

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
    m_index.assign(1u << 12, 0);
    m_finger.assign(1u << 12, 0);
    m_scratch.resize(m_stride);
}

void state_store::pack(const std::uint32_t* state, std::uint64_t* out) const {
    std::memset(out, 0, m_stride * 8);
    for (std::size_t i = 0; i < m_bits.size(); ++i)
        out[m_offset[i] / 64] |= static_cast<std::uint64_t>(state[i]) << (m_offset[i] % 64);
}

void state_store::get(std::uint32_t id, std::uint32_t* out) const {
    const std::uint64_t* p = at(id);
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
    std::vector<std::uint32_t> bigger(m_index.size() * 2, 0);
    std::vector<std::uint8_t> finger(bigger.size(), 0);
    std::size_t mask = bigger.size() - 1;
    for (std::uint32_t slot : m_index) {
        if (slot == 0) continue;
        std::uint64_t h = hash_of(at(slot - 1));
        std::size_t i = h & mask;
        while (bigger[i] != 0) i = (i + 1) & mask;
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
        std::size_t i = m_hashes[k] & (m_index.size() - 1);
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
    std::size_t mask = m_index.size() - 1;
    auto fp = static_cast<std::uint8_t>(h >> 56);
    std::size_t i = h & mask;
    while (std::uint32_t slot = m_index[i]) {
        if (m_finger[i] == fp) {
            const std::uint64_t* stored = at(slot - 1);
            bool same = m_stride == 1 ? stored[0] == key[0] : std::memcmp(stored, key, m_stride * 8) == 0;
            if (same) return {slot - 1, false};
        }
        i = (i + 1) & mask;
    }
    if (m_count >= 0xfffffffeu) throw std::length_error("more than 4294967294 states");
    auto id = static_cast<std::uint32_t>(m_count++);
    if ((id >> block_bits) >= m_blocks.size())
        m_blocks.push_back(std::make_unique<std::uint64_t[]>(block_states * m_stride));
    std::memcpy(m_blocks.back().get() + static_cast<std::size_t>(id & (block_states - 1)) * m_stride, key, m_stride * 8);
    m_index[i] = id + 1;
    m_finger[i] = fp;
    // With fingerprints, probing stays cheap up to 85 % full.
    if (m_count * 20 > m_index.size() * 17) grow();
    return {id, true};
}

std::size_t state_store::bytes() const {
    return m_blocks.size() * block_states * m_stride * 8 + m_index.capacity() * 5;
}

}  // namespace cspgate::check
