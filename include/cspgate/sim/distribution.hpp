#pragma once
/// \file
/// Delay distributions of the simulator, sampled from xoshiro256** with
/// algorithms written out here (never `<random>`'s distributions, whose
/// output differs between standard libraries).  Values are seconds.
///
/// - constant c
/// - uniform on [a, b): a + (b - a) U
/// - exponential with mean m: -m ln U, U in (0, 1] (inversion)
/// - normal (mean, stddev): Marsaglia's polar method (Marsaglia and Bray,
///   "A Convenient Method for Generating Normal Variables", SIAM Review 6(3),
///   1964); the second value of each pair is discarded, so a draw depends on
///   nothing but the generator.  A delay cannot be negative: a negative draw
///   becomes 0 (choose stddev well below the mean).
/// - log-normal: median * exp(sigma Z), Z standard normal as above
/// - Pareto (scale x_m, shape alpha): x_m U^(-1/alpha), U in (0, 1] (inversion)
/// - empirical: one of the listed values, chosen with the listed weights
///   (equal weights by default), by inversion of the cumulative weights.
///
/// The logarithms, exponentials and powers are the C library's; glibc's are
/// correctly rounded in all but rare cases, so runs agree across machines
/// that use it.

#include "cspgate/sim/random.hpp"

#include <string>
#include <vector>

namespace cspgate::sim {

enum class dist_kind { constant, uniform, exponential, normal, lognormal, pareto, empirical };

struct distribution {
    dist_kind kind = dist_kind::constant;
    /// constant: a = value; uniform: [a, b); exponential: a = mean;
    /// normal: a = mean, b = stddev; lognormal: a = median, b = sigma;
    /// pareto: a = scale, b = shape.
    double a = 0, b = 0;
    /// empirical: the values and the running sums of their weights (the last is the total).
    std::vector<double> values, cumulative;

    /// One draw, in seconds, never negative.
    double sample(xoshiro256ss& rng) const noexcept;
    /// The mean of the distribution (infinite for Pareto with shape <= 1).
    double mean() const noexcept;
    /// How it reads in a summary: "exponential(mean 10 ms)".
    std::string describe() const;

    static distribution constant_of(double v) { return {dist_kind::constant, v, 0, {}, {}}; }
    static distribution exponential_of(double mean) { return {dist_kind::exponential, mean, 0, {}, {}}; }
};

/// A standard normal value by the polar method.
double standard_normal(xoshiro256ss& rng) noexcept;

/// Parses a duration: "5 ms", "5ms", "1.5 min", "2e-3 s"; units ns, us, ms,
/// s, min, h.  Sets `error` and returns a negative value when malformed.
double parse_duration(const std::string& text, std::string& error);
/// Parses a rate: "100/s", "2 / min", "0.5/h".  Returns events per second.
double parse_rate(const std::string& text, std::string& error);
/// "12.5 ms", "3 s", "250 us": a duration with the unit that reads best.
std::string format_duration(double seconds);

}  // namespace cspgate::sim
