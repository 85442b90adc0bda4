// Event patterns: parsing and matching against the tokens of event names.

#include "cspgate/sim/pattern.hpp"

#include <cctype>

namespace cspgate::sim {

void split_event_name(const std::string& name, std::string& channel, std::vector<std::string>& fields) {
    fields.clear();
    // Dots inside brackets (a tuple or set field) do not separate tokens.
    int depth = 0;
    std::string cur;
    bool first = true;
    for (char c : name) {
        if (c == '(' || c == '{' || c == '<' || c == '[') ++depth;
        if ((c == ')' || c == '}' || c == '>' || c == ']') && depth > 0) --depth;
        if (c == '.' && depth == 0) {
            if (first) channel = cur;
            else fields.push_back(cur);
            first = false;
            cur.clear();
            continue;
        }
        cur += c;
    }
    if (first) channel = cur;
    else fields.push_back(cur);
}

bool event_pattern::parse(const std::string& t, std::string& error) {
    text = t;
    literal.clear();
    binds.clear();
    std::vector<std::string> tokens;
    split_event_name(t, channel, tokens);
    if (channel.empty() || channel[0] == '?' || channel == "_") {
        error = "pattern '" + t + "' does not start with a channel name";
        return false;
    }
    for (const std::string& tok : tokens) {
        if (tok.empty()) {
            error = "pattern '" + t + "' has an empty field";
            return false;
        }
        if (tok == "?" || tok == "_") {
            literal.emplace_back();
            binds.emplace_back();
        } else if (tok[0] == '?') {
            std::string name = tok.substr(1);
            for (char c : name)
                if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
                    error = "pattern '" + t + "': '" + tok + "' is not a variable (?name: letters, digits, _)";
                    return false;
                }
            for (const std::string& b : binds)
                if (b == name) {
                    error = "pattern '" + t + "' binds '" + name + "' twice";
                    return false;
                }
            literal.emplace_back();
            binds.push_back(name);
        } else {
            literal.push_back(tok);
            binds.emplace_back();
        }
    }
    return true;
}

bool event_pattern::match(const std::string& event_channel, const std::vector<std::string>& fields,
                          std::vector<std::string>* bound) const {
    if (event_channel != channel || fields.size() < literal.size()) return false;
    for (std::size_t i = 0; i < literal.size(); ++i)
        if (!literal[i].empty() && literal[i] != fields[i]) return false;
    if (bound)
        for (std::size_t i = 0; i < binds.size(); ++i)
            if (!binds[i].empty()) bound->push_back(fields[i]);
    return true;
}

std::vector<std::string> event_pattern::variables() const {
    std::vector<std::string> out;
    for (const std::string& b : binds)
        if (!b.empty()) out.push_back(b);
    return out;
}

}  // namespace cspgate::sim
