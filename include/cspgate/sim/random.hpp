#pragma once
/// \file
/// The simulator's random numbers: xoshiro256** (Blackman and Vigna,
/// "Scrambled Linear Pseudorandom Number Generators", ACM TOMS 47(4), 2021),
/// seeded through splitmix64 (Steele, Lea and Flood, "Fast Splittable
/// Pseudorandom Number Generators", OOPSLA 2014), as its authors recommend.
///
/// Both are implemented here, bit for bit as published, so one seed gives the
/// same stream on every platform; `<random>`'s engines would too, but its
/// distributions do not (their algorithms are left to each standard library),
/// so the distributions in distribution.hpp are ours as well.

#include <cstdint>

namespace cspgate::sim {

/// splitmix64: one 64-bit state advanced by a Weyl sequence, then mixed.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) noexcept : m_state(seed) {}
    std::uint64_t next() noexcept {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t m_state;
};

/// xoshiro256**: 256 bits of state, period 2^256 - 1, passes BigCrush.
class xoshiro256ss {
public:
    /// The four state words are the first four outputs of splitmix64(seed),
    /// which are never all zero.
    explicit xoshiro256ss(std::uint64_t seed) noexcept {
        splitmix64 sm(seed);
        for (auto& w : m_s) w = sm.next();
    }
    /// A generator in a given state (not all zero), for test vectors.
    static xoshiro256ss from_state(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) noexcept {
        xoshiro256ss g(0);
        g.m_s[0] = a;
        g.m_s[1] = b;
        g.m_s[2] = c;
        g.m_s[3] = d;
        return g;
    }
    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    /// A double in [0, 1): the top 53 bits, scaled (every value a multiple of 2^-53).
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// A double in (0, 1]: for logarithms.
    double uniform_open0() noexcept { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    /// An integer in [0, n), n > 0, without modulo bias (Lemire's method,
    /// "Fast Random Integer Generation in an Interval", ACM TOMACS 2019).
    std::uint64_t below(std::uint64_t n) noexcept {
        unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<unsigned __int128>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_s[4];
};

}  // namespace cspgate::sim
