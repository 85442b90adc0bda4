// Compressions: a machine explored in full and reduced to the quotient of
// its LTS by strong bisimulation (Kanellakis and Smolka's partition
// refinement, here in its simple signature form).

#include "compiled_impl.hpp"

#include <map>
#include <unordered_map>

namespace cspgate::lts::detail {

// Explores a machine completely and returns the quotient of its LTS by
// strong bisimulation (signature refinement: split classes by the set of
// (event, class of target) pairs until nothing splits).  Strong
// bisimulation preserves every semantic model, so the result can stand for
// the machine wherever a compression function was applied.
std::shared_ptr<leaf_lts> reduce(const compiled_machine& m, const std::string& name, std::uint64_t max_states, bool& too_big) {
    const std::size_t w = m.width();
    std::unordered_map<std::string, std::uint32_t> index;
    std::vector<std::string> states;
    std::vector<std::uint32_t> first{0}, target;
    std::vector<event_id> event;
    std::vector<std::uint8_t> omega;
    auto key_of = [&](const std::uint32_t* s) { return std::string(reinterpret_cast<const char*>(s), w * 4); };
    std::vector<std::uint32_t> init(w);
    m.initial(init.data());
    states.push_back(key_of(init.data()));
    index.emplace(states.back(), 0);
    successors next;
    too_big = false;
    for (std::size_t at = 0; at < states.size(); ++at) {
        const auto* s = reinterpret_cast<const std::uint32_t*>(states[at].data());
        std::vector<std::uint32_t> here(s, s + w);
        omega.push_back(m.terminated(here.data()) ? 1 : 0);
        next.clear();
        m.expand(here.data(), next);
        for (std::size_t k = 0; k < next.size(); ++k) {
            std::string key = key_of(&next.states[k * w]);
            auto [it, fresh] = index.emplace(key, static_cast<std::uint32_t>(states.size()));
            if (fresh) {
                if (states.size() >= max_states) {
                    too_big = true;
                    return nullptr;
                }
                states.push_back(std::move(key));
            }
            event.push_back(next.events[k]);
            target.push_back(it->second);
        }
        first.push_back(static_cast<std::uint32_t>(target.size()));
    }
    const std::size_t n = states.size();
    std::vector<std::uint32_t> cls(n);
    for (std::size_t s = 0; s < n; ++s) cls[s] = omega[s];
    std::size_t classes = 0;
    using signature = std::vector<std::pair<event_id, std::uint32_t>>;
    std::vector<signature> sig(n);
    while (true) {
        std::map<std::pair<std::uint32_t, signature>, std::uint32_t> ids;
        std::vector<std::uint32_t> next_cls(n);
        for (std::size_t s = 0; s < n; ++s) {
            signature g;
            for (std::uint32_t k = first[s]; k < first[s + 1]; ++k) g.emplace_back(event[k], cls[target[k]]);
            std::sort(g.begin(), g.end());
            g.erase(std::unique(g.begin(), g.end()), g.end());
            auto [it, fresh] = ids.emplace(std::make_pair(cls[s], g), static_cast<std::uint32_t>(ids.size()));
            next_cls[s] = it->second;
            sig[s] = std::move(g);
        }
        bool stable = ids.size() == classes;
        classes = ids.size();
        cls.swap(next_cls);
        if (stable) break;
    }
    // The quotient: class numbers follow the first state of each class, so
    // the initial state's class is 0.
    auto l = std::make_shared<leaf_lts>();
    l->name = name;
    l->events = {tau_event, tick_event};
    std::map<event_id, std::uint32_t> local{{tau_event, 0}, {tick_event, 1}};
    std::vector<std::int64_t> rep(classes, -1);
    for (std::size_t s = 0; s < n; ++s)
        if (rep[cls[s]] < 0) rep[cls[s]] = static_cast<std::int64_t>(s);
    l->first.push_back(0);
    for (std::size_t c = 0; c < classes; ++c) {
        auto s = static_cast<std::size_t>(rep[c]);
        l->omega.push_back(omega[s]);
        // The signature was computed with the classes before the last
        // (non-splitting) round; recompute it with the final ones.
        std::vector<std::pair<std::uint32_t, std::uint32_t>> row;
        for (std::uint32_t k = first[s]; k < first[s + 1]; ++k) {
            auto [it, fresh] = local.emplace(event[k], static_cast<std::uint32_t>(l->events.size()));
            if (fresh) l->events.push_back(event[k]);
            row.emplace_back(it->second, cls[target[k]]);
        }
        std::sort(row.begin(), row.end());
        row.erase(std::unique(row.begin(), row.end()), row.end());
        for (auto [e, t] : row) {
            l->local.push_back(e);
            l->target.push_back(t);
        }
        l->first.push_back(static_cast<std::uint32_t>(l->local.size()));
    }
    return l;
}

}  // namespace cspgate::lts::detail
