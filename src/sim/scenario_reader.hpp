#pragma once
// The scenario reader's internals, shared by scenario.cpp (the document)
// and scenario_values.cpp (durations, rates, distributions, patterns).

#include "cspgate/sim/scenario.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cspgate::sim::detail {

using json = nlohmann::json;

inline std::string pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

inline std::string child(const std::string& path, const std::string& key) { return path + "/" + pointer_token(key); }
inline std::string child(const std::string& path, std::size_t i) { return path + "/" + std::to_string(i); }

inline const char* type_name(const json& j) { return j.type_name(); }

/// The reader: a document, the model to check it against, and the errors so far.
struct reader {
    const model_catalog* model = nullptr;
    std::vector<scenario_error>& errors;

    void error(const std::string& path, const std::string& message) { errors.push_back({path.empty() ? "/" : path, message}); }

    bool keys_known(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
        bool ok = true;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool found = false;
            for (const char* a : allowed) found = found || it.key() == a;
            if (!found) {
                std::string list;
                for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
                error(child(path, it.key()), "unknown key '" + it.key() + "' (expected one of: " + list + ")");
                ok = false;
            }
        }
        return ok;
    }

    std::optional<std::string> string_at(const json& j, const std::string& path) {
        if (!j.is_string()) {
            error(path, std::string("expected a string, found ") + type_name(j));
            return std::nullopt;
        }
        return j.get<std::string>();
    }

    std::optional<double> duration_at(const json& j, const std::string& path) {
        if (j.is_number()) {
            error(path, "a duration needs a unit: write \"" + j.dump() + " s\" (units ns, us, ms, s, min, h)");
            return std::nullopt;
        }
        auto s = string_at(j, path);
        if (!s) return std::nullopt;
        std::string e;
        double v = parse_duration(*s, e);
        if (v < 0) {
            error(path, e);
            return std::nullopt;
        }
        return v;
    }

    std::optional<double> number_at(const json& j, const std::string& path, double lo, double hi) {
        if (!j.is_number()) {
            error(path, std::string("expected a number, found ") + type_name(j));
            return std::nullopt;
        }
        double v = j.get<double>();
        if (!std::isfinite(v) || v < lo || v > hi) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "%g is out of range [%g, %g]", v, lo, hi);
            error(path, buf);
            return std::nullopt;
        }
        return v;
    }

    std::optional<double> rate_at(const json& j, const std::string& path) {
        if (j.is_number()) return number_at(j, path, 1e-12, 1e12);  // per second
        auto s = string_at(j, path);
        if (!s) return std::nullopt;
        std::string e;
        double r = parse_rate(*s, e);
        if (r < 0) {
            error(path, e);
            return std::nullopt;
        }
        if (r <= 0) {
            error(path, "a rate must be positive");
            return std::nullopt;
        }
        return r;
    }

    std::optional<event_pattern> pattern_at(const json& j, const std::string& path) {
        auto s = string_at(j, path);
        if (!s) return std::nullopt;
        event_pattern p;
        std::string e;
        if (!p.parse(*s, e)) {
            error(path, e);
            return std::nullopt;
        }
        if (model) {
            auto arity = model->channel_arity(p.channel);
            if (!arity) {
                error(path, "unknown channel '" + p.channel + "'");
                return std::nullopt;
            }
        }
        return p;
    }

    std::optional<distribution> dist_at(const json& j, const std::string& path);
    void window_at(const json& j, const std::string& path, external_fault& f);
    void fault_at(const json& j, const std::string& path, scenario& out);
    void otlp_at(const json& j, const std::string& path, scenario& out);
    void body(const json& doc, scenario& out);
};

}  // namespace cspgate::sim::detail
