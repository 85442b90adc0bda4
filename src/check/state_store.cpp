// Packed states and their hash index.

#include "cspgate/check/state_store.hpp"

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
    m_scratch.resize(m_stride);
}

void state_store::pack(const std::uint32_t* state, std::uint64_t* out) const {
    std::memset(out, 0, m_stride * 8);
    for (std::size_t i = 0; i < m_bits.size(); ++i)
        out[m_offset[i] / 64] |= static_cast<std::uint64_t>(state[i]) << (m_offset[i] % 64);
}

void state_store::get(std::uint32_t id, std::uint32_t* out) const {
    const std::uint64_t* p = &m_data[static_cast<std::size_t>(id) * m_stride];
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
    std::size_t mask = bigger.size() - 1;
    for (std::uint32_t slot : m_index) {
        if (slot == 0) continue;
        std::size_t at = hash_of(&m_data[static_cast<std::size_t>(slot - 1) * m_stride]) & mask;
        while (bigger[at] != 0) at = (at + 1) & mask;
        bigger[at] = slot;
    }
    m_index.swap(bigger);
}

std::pair<std::uint32_t, bool> state_store::insert(const std::uint32_t* state) {
    pack(state, m_scratch.data());
    std::size_t mask = m_index.size() - 1;
    std::size_t at = hash_of(m_scratch.data()) & mask;
    while (std::uint32_t slot = m_index[at]) {
        if (std::memcmp(&m_data[static_cast<std::size_t>(slot - 1) * m_stride], m_scratch.data(), m_stride * 8) == 0)
            return {slot - 1, false};
        at = (at + 1) & mask;
    }
    if (m_count >= 0xfffffffeu) throw std::length_error("more than 4294967294 states");
    auto id = static_cast<std::uint32_t>(m_count++);
    m_data.insert(m_data.end(), m_scratch.begin(), m_scratch.end());
    m_index[at] = id + 1;
    // Linear probing stays fast below three quarters full.
    if (m_count * 4 > m_index.size() * 3) grow();
    return {id, true};
}

std::size_t state_store::bytes() const { return m_data.capacity() * 8 + m_index.capacity() * 4; }

}  // namespace cspgate::check
