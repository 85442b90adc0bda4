// Sampling, parsing and printing of the simulator's delay distributions.

#include "cspgate/sim/distribution.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace cspgate::sim {

double standard_normal(xoshiro256ss& rng) noexcept {
    // Marsaglia's polar method: a point uniform in the unit disc (by
    // rejection from the square), then one coordinate scaled.
    while (true) {
        double u = 2 * rng.uniform() - 1, v = 2 * rng.uniform() - 1;
        double s = u * u + v * v;
        if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
    }
}

double distribution::sample(xoshiro256ss& rng) const noexcept {
    double x = 0;
    switch (kind) {
    case dist_kind::constant: x = a; break;
    case dist_kind::uniform: x = a + (b - a) * rng.uniform(); break;
    case dist_kind::exponential: x = -a * std::log(rng.uniform_open0()); break;
    case dist_kind::normal: x = a + b * standard_normal(rng); break;
    case dist_kind::lognormal: x = a * std::exp(b * standard_normal(rng)); break;
    case dist_kind::pareto: x = a * std::pow(rng.uniform_open0(), -1 / b); break;
    case dist_kind::empirical: {
        double r = rng.uniform() * cumulative.back();
        auto it = std::upper_bound(cumulative.begin(), cumulative.end(), r);
        std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), values.size() - 1);
        x = values[i];
        break;
    }
    }
    return x > 0 ? x : 0;
}

double distribution::mean() const noexcept {
    switch (kind) {
    case dist_kind::constant: return a;
    case dist_kind::uniform: return (a + b) / 2;
    case dist_kind::exponential: return a;
    case dist_kind::normal: return a;
    case dist_kind::lognormal: return a * std::exp(b * b / 2);
    case dist_kind::pareto: return b > 1 ? a * b / (b - 1) : std::numeric_limits<double>::infinity();
    case dist_kind::empirical: {
        double s = 0, prev = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            s += values[i] * (cumulative[i] - prev);
            prev = cumulative[i];
        }
        return s / cumulative.back();
    }
    }
    return 0;
}

namespace {

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

struct unit {
    const char* name;
    double seconds;
};
constexpr unit units[] = {{"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"min", 60}, {"h", 3600}};

/// Splits "12.5 ms" into 12.5 and "ms"; false when the number is malformed.
bool split_number(const std::string& text, double& value, std::string& rest) {
    const char* begin = text.c_str();
    while (*begin == ' ') ++begin;
    char* end = nullptr;
    errno = 0;
    value = std::strtod(begin, &end);
    if (end == begin || errno == ERANGE || !std::isfinite(value)) return false;
    // strtod also reads "inf", "nan" and hexadecimal: only plain decimals are numbers here.
    for (const char* p = begin; p < end; ++p)
        if (!(std::isdigit(static_cast<unsigned char>(*p)) || *p == '.' || *p == 'e' || *p == 'E' || *p == '-' || *p == '+'))
            return false;
    while (*end == ' ') ++end;
    rest = end;
    while (!rest.empty() && rest.back() == ' ') rest.pop_back();
    return true;
}

}  // namespace

double parse_duration(const std::string& text, std::string& error) {
    double v = 0;
    std::string u;
    if (!split_number(text, v, u)) {
        error = "'" + text + "' is not a duration (a number and a unit: ns, us, ms, s, min, h)";
        return -1;
    }
    if (u.empty()) {
        error = "'" + text + "' has no unit (ns, us, ms, s, min, h)";
        return -1;
    }
    for (const unit& x : units)
        if (u == x.name) {
            if (v < 0) {
                error = "'" + text + "' is negative";
                return -1;
            }
            double s = v * x.seconds;
            if (!std::isfinite(s) || s > 1e12) {
                error = "'" + text + "' is too long (at most 10^12 s)";
                return -1;
            }
            return s;
        }
    error = "unknown unit '" + u + "' in '" + text + "' (ns, us, ms, s, min, h)";
    return -1;
}

double parse_rate(const std::string& text, std::string& error) {
    auto slash = text.find('/');
    if (slash == std::string::npos) {
        error = "'" + text + "' is not a rate (such as '100/s' or '2/min')";
        return -1;
    }
    double v = 0;
    std::string rest;
    if (!split_number(text.substr(0, slash), v, rest) || !rest.empty() || v < 0) {
        error = "'" + text + "' is not a rate (such as '100/s' or '2/min')";
        return -1;
    }
    std::string u = text.substr(slash + 1);
    while (!u.empty() && u.front() == ' ') u.erase(u.begin());
    while (!u.empty() && u.back() == ' ') u.pop_back();
    for (const unit& x : units)
        if (u == x.name) {
            double r = v / x.seconds;
            if (!std::isfinite(r) || r > 1e12) {
                error = "'" + text + "' is too high (at most 10^12 per second)";
                return -1;
            }
            return r;
        }
    error = "unknown unit '" + u + "' in '" + text + "' (ns, us, ms, s, min, h)";
    return -1;
}

std::string format_duration(double s) {
    if (!std::isfinite(s)) return "inf";
    double a = std::fabs(s);
    if (a == 0) return "0 s";
    if (a < 1e-6) return number(s * 1e9) + " ns";
    if (a < 1e-3) return number(s * 1e6) + " us";
    if (a < 1) return number(s * 1e3) + " ms";
    if (a < 120) return number(s) + " s";
    if (a < 7200) return number(s / 60) + " min";
    return number(s / 3600) + " h";
}

std::string distribution::describe() const {
    switch (kind) {
    case dist_kind::constant: return "constant(" + format_duration(a) + ")";
    case dist_kind::uniform: return "uniform(" + format_duration(a) + ", " + format_duration(b) + ")";
    case dist_kind::exponential: return "exponential(mean " + format_duration(a) + ")";
    case dist_kind::normal: return "normal(mean " + format_duration(a) + ", stddev " + format_duration(b) + ")";
    case dist_kind::lognormal: return "lognormal(median " + format_duration(a) + ", sigma " + number(b) + ")";
    case dist_kind::pareto: return "pareto(scale " + format_duration(a) + ", shape " + number(b) + ")";
    case dist_kind::empirical: return "empirical(" + std::to_string(values.size()) + " values)";
    }
    return "?";
}

}  // namespace cspgate::sim
