// Reading scenario documents, with a JSON pointer for every problem.

#include "scenario_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cspgate::sim {
namespace detail {

void reader::window_at(const json& j, const std::string& path, external_fault& f) {
    f.from = j.contains("from") ? duration_at(j["from"], child(path, "from")).value_or(0) : 0;
    f.until = std::numeric_limits<double>::infinity();
    if (j.contains("until") && j.contains("for")) {
        error(path, "give \"until\" or \"for\", not both");
    } else if (j.contains("until")) {
        if (auto u = duration_at(j["until"], child(path, "until"))) {
            if (*u <= f.from) error(child(path, "until"), "the window ends before it starts");
            f.until = *u;
        }
    } else if (j.contains("for")) {
        if (auto d = duration_at(j["for"], child(path, "for"))) f.until = f.from + *d;
    }
}

void reader::fault_at(const json& j, const std::string& path, scenario& out) {
    if (!j.is_object()) {
        error(path, std::string("expected a fault (an object), found ") + type_name(j));
        return;
    }
    int kinds = j.contains("event") + j.contains("freeze") + j.contains("block") + j.contains("slow");
    if (kinds != 1) {
        error(path, "a fault needs exactly one of \"event\" (a fault the model declares), \"freeze\", \"block\" or \"slow\"");
        return;
    }
    if (j.contains("event")) {
        keys_known(j, path, {"event", "at", "rate", "delay", "probability"});
        declared_fault f;
        auto p = pattern_at(j["event"], child(path, "event"));
        if (!p) return;
        f.pattern = *p;
        int plans = j.contains("at") + j.contains("rate") + j.contains("probability") +
                    (j.contains("delay") && !j.contains("probability"));
        if (plans > 1) {
            error(path, "give one plan: \"at\", \"rate\", \"delay\" or \"probability\" (with an optional \"delay\")");
            return;
        }
        if (j.contains("at")) {
            f.kind = declared_fault::plan::at;
            const json& a = j["at"];
            if (a.is_array()) {
                if (a.empty() || a.size() > 100000) error(child(path, "at"), "expected 1 to 100000 times");
                for (std::size_t i = 0; i < a.size(); ++i)
                    if (auto t = duration_at(a[i], child(child(path, "at"), i))) f.at.push_back(*t);
            } else if (auto t = duration_at(a, child(path, "at"))) {
                f.at.push_back(*t);
            }
            std::sort(f.at.begin(), f.at.end());
        } else if (j.contains("rate")) {
            f.kind = declared_fault::plan::delay;
            if (auto r = rate_at(j["rate"], child(path, "rate"))) f.delay = distribution::exponential_of(1 / *r);
        } else if (j.contains("probability")) {
            f.kind = declared_fault::plan::probability;
            f.probability = number_at(j["probability"], child(path, "probability"), 0, 1).value_or(0);
            if (j.contains("delay")) f.delay = dist_at(j["delay"], child(path, "delay"));
        } else if (j.contains("delay")) {
            f.kind = declared_fault::plan::delay;
            f.delay = dist_at(j["delay"], child(path, "delay"));
        }
        out.faults.push_back(std::move(f));
        return;
    }
    external_fault f;
    if (j.contains("freeze")) {
        keys_known(j, path, {"freeze", "from", "until", "for"});
        f.kind = external_fault::type::freeze;
        auto name = string_at(j["freeze"], child(path, "freeze"));
        if (!name) return;
        f.target = *name;
        if (model) {
            bool found = false;
            for (const std::string& c : model->components) found = found || c == *name;
            if (!found) {
                std::string known;
                for (std::size_t i = 0; i < model->components.size() && i < 12; ++i)
                    known += std::string(i ? ", " : "") + model->components[i];
                if (model->components.size() > 12) known += ", …";
                error(child(path, "freeze"), "no component '" + *name + "' (the components are: " + known + ")");
                return;
            }
        }
    } else {
        bool slow = j.contains("slow");
        if (slow) keys_known(j, path, {"slow", "add", "from", "until", "for"});
        else keys_known(j, path, {"block", "from", "until", "for"});
        f.kind = slow ? external_fault::type::slow : external_fault::type::block;
        const char* key = slow ? "slow" : "block";
        auto p = pattern_at(j[key], child(path, key));
        if (!p) return;
        f.pattern = *p;
        f.target = p->text;
        if (slow) {
            if (!j.contains("add")) {
                error(path, "a \"slow\" fault needs \"add\": the delay to add (a distribution)");
                return;
            }
            auto d = dist_at(j["add"], child(path, "add"));
            if (!d) return;
            f.add = *d;
        }
    }
    window_at(j, path, f);
    out.external.push_back(std::move(f));
}

void reader::otlp_at(const json& j, const std::string& path, scenario& out) {
    if (!j.is_object() || !j.contains("channel")) {
        error(path, "expected an object with \"channel\" (the channel whose events are spans)");
        return;
    }
    keys_known(j, path, {"channel", "trace", "span", "parent", "root", "start", "service"});
    otlp_spans o;
    auto ch = pattern_at(j["channel"], child(path, "channel"));
    if (!ch) return;
    o.channel = ch->channel;
    auto pos = [&](const char* key, std::size_t& v) {
        if (j.contains(key)) v = static_cast<std::size_t>(number_at(j[key], child(path, key), 1, 64).value_or(1));
    };
    pos("trace", o.trace);
    pos("span", o.span);
    pos("parent", o.parent);
    if (j.contains("root")) {
        const json& r = j["root"];
        if (r.is_number_integer()) o.root = std::to_string(r.get<std::int64_t>());
        else o.root = string_at(r, child(path, "root")).value_or("0");
    }
    if (j.contains("start")) {
        if (auto s = pattern_at(j["start"], child(path, "start"))) o.start = s->channel;
    }
    if (j.contains("service")) o.service = string_at(j["service"], child(path, "service")).value_or(o.service);
    out.otlp = o;
}

template <class F>
void each_in_array(reader& r, const json& doc, const char* key, F f) {
    if (!doc.contains(key)) return;
    const json& a = doc[key];
    std::string path = child("", key);
    if (!a.is_array()) {
        r.error(path, std::string("expected a list, found ") + type_name(a));
        return;
    }
    for (std::size_t i = 0; i < a.size(); ++i) f(a[i], child(path, i));
}

void reader::body(const json& doc, scenario& out) {
    keys_known(doc, "", {"model", "process", "description", "until", "max_events", "default", "internal", "channels",
                         "events", "faults", "measure", "count", "otlp"});
    if (doc.contains("until")) out.until = duration_at(doc["until"], "/until").value_or(0);
    if (doc.contains("max_events"))
        out.max_events = static_cast<std::uint64_t>(number_at(doc["max_events"], "/max_events", 1, 1e15).value_or(1));
    if (out.until <= 0) out.until = std::numeric_limits<double>::infinity();
    if (doc.contains("default"))
        if (auto d = dist_at(doc["default"], "/default")) out.default_delay = *d;
    if (doc.contains("internal")) out.internal_delay = dist_at(doc["internal"], "/internal");
    each_in_array(*this, doc, "events", [&](const json& e, const std::string& path) {
        if (!e.is_object() || !e.contains("match") || !e.contains("delay")) {
            error(path, "expected an object with \"match\" (an event pattern) and \"delay\" (a distribution)");
            return;
        }
        keys_known(e, path, {"match", "delay"});
        auto p = pattern_at(e["match"], child(path, "match"));
        auto d = dist_at(e["delay"], child(path, "delay"));
        if (p && d) out.delays.push_back({*p, *d});
    });
    if (doc.contains("channels")) {
        const json& chans = doc["channels"];
        if (!chans.is_object()) {
            error("/channels", std::string("expected an object (channel name: settings), found ") + type_name(chans));
        } else {
            for (auto it = chans.begin(); it != chans.end(); ++it) {
                std::string path = child("/channels", it.key());
                auto p = pattern_at(json(it.key()), path);
                if (!p) continue;
                if (!p->literal.empty()) {
                    error(path, "'" + it.key() + "' is not a channel name (use \"events\" for patterns)");
                    continue;
                }
                if (!it.value().is_object() || !it.value().contains("delay")) {
                    error(path, "expected an object with \"delay\" (a distribution)");
                    continue;
                }
                keys_known(it.value(), path, {"delay"});
                if (auto d = dist_at(it.value()["delay"], child(path, "delay"))) out.delays.push_back({*p, *d});
            }
        }
    }
    each_in_array(*this, doc, "faults", [&](const json& f, const std::string& path) { fault_at(f, path, out); });
    each_in_array(*this, doc, "measure", [&](const json& m, const std::string& path) {
        if (!m.is_object() || !m.contains("from") || !m.contains("to")) {
            error(path, "expected an object with \"from\" and \"to\" (event patterns)");
            return;
        }
        keys_known(m, path, {"name", "from", "to", "lost"});
        auto f = pattern_at(m["from"], child(path, "from"));
        auto t = pattern_at(m["to"], child(path, "to"));
        if (!f || !t) return;
        measurement x{f->text + " -> " + t->text, *f, *t, {}};
        if (m.contains("lost")) {
            const json& l = m["lost"];
            std::string lp = child(path, "lost");
            if (!l.is_array()) {
                error(lp, "expected a list of event patterns");
            } else {
                for (std::size_t i = 0; i < l.size(); ++i)
                    if (auto p = pattern_at(l[i], child(lp, i))) {
                        for (const std::string& v : t->variables())
                            if (std::find(f->variables().begin(), f->variables().end(), v) != f->variables().end() &&
                                std::find(p->variables().begin(), p->variables().end(), v) == p->variables().end())
                                error(child(lp, i), "'" + p->text + "' does not bind '?" + v + "', which pairs the events");
                        x.lost.push_back(*p);
                    }
            }
        }
        if (m.contains("name")) x.name = string_at(m["name"], child(path, "name")).value_or(x.name);
        std::vector<std::string> fv = f->variables();
        for (const std::string& v : t->variables())
            if (std::find(fv.begin(), fv.end(), v) == fv.end())
                error(child(path, "to"), "'?" + v + "' is not bound by \"from\"");
        out.measures.push_back(std::move(x));
    });
    each_in_array(*this, doc, "count", [&](const json& c, const std::string& path) {
        if (!c.is_object() || !c.contains("match")) {
            error(path, "expected an object with \"match\" (an event pattern whose ?variables group the counts)");
            return;
        }
        keys_known(c, path, {"name", "match"});
        auto p = pattern_at(c["match"], child(path, "match"));
        if (!p) return;
        counter x{p->text, *p};
        if (c.contains("name")) x.name = string_at(c["name"], child(path, "name")).value_or(x.name);
        out.counters.push_back(std::move(x));
    });
    if (doc.contains("otlp")) otlp_at(doc["otlp"], "/otlp", out);
}

}  // namespace detail

void read_scenario_header(const nlohmann::json& doc, scenario& out, std::vector<scenario_error>& errors) {
    detail::reader r{nullptr, errors};
    if (!doc.is_object()) {
        r.error("", std::string("a scenario is a JSON object, found ") + doc.type_name());
        return;
    }
    if (doc.contains("model")) out.model = r.string_at(doc["model"], "/model").value_or("");
    if (doc.contains("process")) out.process = r.string_at(doc["process"], "/process").value_or("");
}

bool read_scenario(const nlohmann::json& doc, const model_catalog& model, scenario& out,
                   std::vector<scenario_error>& errors) {
    std::size_t before = errors.size();
    detail::reader r{&model, errors};
    if (!doc.is_object()) {
        r.error("", std::string("a scenario is a JSON object, found ") + doc.type_name());
        return false;
    }
    r.body(doc, out);
    return errors.size() == before;
}

}  // namespace cspgate::sim
