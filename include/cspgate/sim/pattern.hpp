#pragma once
/// \file
/// Event patterns of scenarios: `emit`, `store.1`, `store.?t.?s`, `up.?.Span`.
///
/// A pattern is a channel name followed by dot-separated tokens, matched
/// against the dot-separated tokens of an event's name as cspgate prints it
/// (`ingest.0.Span.0.1.0`): a literal token matches itself, `?` or `_`
/// matches any one token, `?name` matches any one token and binds it to
/// `name`.  A pattern matches an event when its tokens match the event's
/// first tokens: `store` is the whole channel, `store.1` every store event
/// whose first field is 1.

#include <string>
#include <vector>

namespace cspgate::sim {

struct event_pattern {
    std::string text;
    std::string channel;
    /// One per token after the channel: the literal, or "" for a wildcard.
    std::vector<std::string> literal;
    /// The bound variable of each token, or "".
    std::vector<std::string> binds;

    /// Parses `text`; on a malformed pattern sets `error` and returns false.
    bool parse(const std::string& text, std::string& error);
    /// Whether the pattern matches an event of `channel` with the tokens
    /// `fields`; appends the bound values, in the order of the pattern's
    /// variables, to `bound` (which is left alone on a mismatch).
    bool match(const std::string& event_channel, const std::vector<std::string>& fields,
               std::vector<std::string>* bound = nullptr) const;
    /// The variables the pattern binds, in order.
    std::vector<std::string> variables() const;
};

/// Splits an event's printed name into its channel and the tokens after it.
void split_event_name(const std::string& name, std::string& channel, std::vector<std::string>& fields);

}  // namespace cspgate::sim
