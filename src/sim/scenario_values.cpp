// Reading the values of a scenario: distributions (and the durations,
// rates and numbers in them), with a JSON pointer for every problem.

#include "scenario_reader.hpp"

#include <cmath>
#include <cstdio>

namespace cspgate::sim {
namespace detail {

std::optional<distribution> reader::dist_at(const json& j, const std::string& path) {
    if (j.is_string() || j.is_number()) {
        auto v = duration_at(j, path);
        if (!v) return std::nullopt;
        return distribution::constant_of(*v);
    }
    if (!j.is_object()) {
        error(path, std::string("expected a distribution (a duration or an object with \"dist\"), found ") + type_name(j));
        return std::nullopt;
    }
    if (!j.contains("dist")) {
        error(path, "a distribution needs \"dist\": constant, uniform, exponential, normal, lognormal, pareto or empirical");
        return std::nullopt;
    }
    auto kind = string_at(j["dist"], child(path, "dist"));
    if (!kind) return std::nullopt;
    distribution d;
    auto need = [&](const char* key) -> const json* {
        if (!j.contains(key)) {
            error(path, "distribution '" + *kind + "' needs \"" + key + "\"");
            return nullptr;
        }
        return &j[key];
    };
    auto dur = [&](const char* key) -> std::optional<double> {
        const json* v = need(key);
        return v ? duration_at(*v, child(path, key)) : std::nullopt;
    };
    auto num = [&](const char* key, double lo, double hi) -> std::optional<double> {
        const json* v = need(key);
        return v ? number_at(*v, child(path, key), lo, hi) : std::nullopt;
    };
    std::size_t before = errors.size();
    if (*kind == "constant") {
        keys_known(j, path, {"dist", "value"});
        d.kind = dist_kind::constant;
        d.a = dur("value").value_or(0);
    } else if (*kind == "uniform") {
        keys_known(j, path, {"dist", "min", "max"});
        d.kind = dist_kind::uniform;
        d.a = dur("min").value_or(0);
        d.b = dur("max").value_or(0);
        if (errors.size() == before && d.b < d.a) error(path, "uniform: \"max\" is below \"min\"");
    } else if (*kind == "exponential") {
        keys_known(j, path, {"dist", "mean", "rate"});
        d.kind = dist_kind::exponential;
        if (j.contains("mean") == j.contains("rate")) {
            error(path, "exponential needs exactly one of \"mean\" (a duration) and \"rate\" (such as \"100/s\")");
        } else if (j.contains("mean")) {
            d.a = dur("mean").value_or(0);
        } else if (auto r = rate_at(j["rate"], child(path, "rate"))) {
            d.a = 1 / *r;
        }
    } else if (*kind == "normal") {
        keys_known(j, path, {"dist", "mean", "stddev"});
        d.kind = dist_kind::normal;
        d.a = dur("mean").value_or(0);
        d.b = dur("stddev").value_or(0);
    } else if (*kind == "lognormal") {
        keys_known(j, path, {"dist", "median", "sigma"});
        d.kind = dist_kind::lognormal;
        d.a = dur("median").value_or(0);
        d.b = num("sigma", 0, 10).value_or(0);
    } else if (*kind == "pareto") {
        keys_known(j, path, {"dist", "scale", "shape"});
        d.kind = dist_kind::pareto;
        d.a = dur("scale").value_or(0);
        d.b = num("shape", 0.01, 1000).value_or(1);
    } else if (*kind == "empirical") {
        keys_known(j, path, {"dist", "values", "weights"});
        d.kind = dist_kind::empirical;
        const json* vs = need("values");
        if (vs && (!vs->is_array() || vs->empty() || vs->size() > 1'000'000)) {
            error(child(path, "values"), "expected a non-empty list of durations (at most 10^6)");
        } else if (vs) {
            for (std::size_t i = 0; i < vs->size(); ++i)
                d.values.push_back(duration_at((*vs)[i], child(child(path, "values"), i)).value_or(0));
            double total = 0;
            if (j.contains("weights")) {
                const json& ws = j["weights"];
                if (!ws.is_array() || ws.size() != vs->size()) {
                    error(child(path, "weights"), "expected a list of as many weights as values");
                } else {
                    for (std::size_t i = 0; i < ws.size(); ++i) {
                        total += number_at(ws[i], child(child(path, "weights"), i), 0, 1e15).value_or(0);
                        d.cumulative.push_back(total);
                    }
                    if (errors.size() == before && total <= 0) error(child(path, "weights"), "the weights add up to 0");
                }
            } else {
                for (std::size_t i = 0; i < vs->size(); ++i) d.cumulative.push_back(static_cast<double>(i + 1));
            }
        }
    } else {
        error(path, "unknown distribution '" + *kind +
                                       "' (constant, uniform, exponential, normal, lognormal, pareto, empirical)");
        return std::nullopt;
    }
    if (errors.size() != before) return std::nullopt;
    return d;
}

}  // namespace detail

std::optional<distribution> read_distribution(const nlohmann::json& j, const std::string& path,
                                              std::vector<scenario_error>& errors) {
    detail::reader r{nullptr, errors};
    return r.dist_at(j, path);
}

}  // namespace cspgate::sim
