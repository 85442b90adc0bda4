// The event table: names, channels, tokens and fields of every event.

#include "cspgate/sim/model.hpp"

#include "cspgate/semantics/program.hpp"
#include "cspgate/sim/pattern.hpp"

#include <nlohmann/json.hpp>

namespace cspgate::sim {

event_table make_event_table(semantics::process_space& space, const lts::machine& m) {
    event_table t;
    const std::size_t n = space.event_count();
    t.names.resize(n);
    t.channels.resize(n);
    t.tokens.resize(n);
    t.fields_json.resize(n, "[]");
    const semantics::program& prog = space.owner();
    for (semantics::event_id e = 0; e < n; ++e) {
        t.names[e] = space.event_name(e);
        if (e == semantics::tau_event || e == semantics::tick_event) {
            t.channels[e] = t.names[e];
            continue;
        }
        std::string channel;
        split_event_name(t.names[e], channel, t.tokens[e]);
        t.channels[e] = space.event_channel(e);
        nlohmann::json fields = nlohmann::json::array();
        for (const semantics::value& v : space.event_fields(e)) {
            if (v.kind() == semantics::value_kind::integer) fields.push_back(v.as_int());
            else if (v.kind() == semantics::value_kind::boolean) fields.push_back(v.as_bool());
            else fields.push_back(prog.show(v));
        }
        t.fields_json[e] = fields.dump();
    }
    for (std::size_t i = 0; i < m.component_count(); ++i) t.components.push_back(m.component_name(i));
    return t;
}

}  // namespace cspgate::sim
