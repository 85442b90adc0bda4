#pragma once
// Primitive parsers over tokens, and the nesting guard.

#include "config.hpp"

#include <string>

namespace cspgate::syntax::grammar {

/// Matches one token of a kind; no attribute.
struct tok_parser : x3::parser<tok_parser> {
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;
    tok kind;
    constexpr explicit tok_parser(tok k) : kind(k) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
        if (first == last || first->kind != kind) return false;
        ++first;
        return true;
    }
};

/// Matches one token of a kind; its attribute is a pointer to the token.
struct tokv_parser : x3::parser<tokv_parser> {
    using attribute_type = const token*;
    static bool const has_attribute = true;
    tok kind;
    constexpr explicit tokv_parser(tok k) : kind(k) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr& attr) const {
        if (first == last || first->kind != kind) return false;
        x3::traits::move_to(&*first, attr);
        ++first;
        return true;
    }
};

/// Matches any one of a set of token kinds (used for operators); attribute
/// is the token.
struct tok_any_parser : x3::parser<tok_any_parser> {
    using attribute_type = const token*;
    static bool const has_attribute = true;
    bool (*accept)(tok);
    const char* name;
    constexpr tok_any_parser(bool (*a)(tok), const char* n) : accept(a), name(n) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr& attr) const {
        if (first == last || !accept(first->kind)) return false;
        x3::traits::move_to(&*first, attr);
        ++first;
        return true;
    }
};

constexpr tok_parser t(tok k) { return tok_parser{k}; }
constexpr tokv_parser v(tok k) { return tokv_parser{k}; }

/// Thrown when expressions nest deeper than the limit: the parser's recursion
/// is bounded so that no input can exhaust the stack.
struct nesting_too_deep {
    const token* where;
};

/// Counts the nesting of the subject in the builder and throws
/// `nesting_too_deep` past the limit.  Defined in builder.hpp.
template <typename Subject>
struct depth_guard : x3::unary_parser<Subject, depth_guard<Subject>> {
    using base_type = x3::unary_parser<Subject, depth_guard<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr explicit depth_guard(Subject const& s) : base_type(s) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const;
};

/// Records where its subject starts, so that the semantic actions inside
/// can tell the span they matched.  (Boost 1.74's `_where` gives the input
/// after the match, not the match; `where_of` pairs the recorded start with
/// that.)  Defined in guard_def.hpp.
template <typename Subject>
struct track_directive : x3::unary_parser<Subject, track_directive<Subject>> {
    using base_type = x3::unary_parser<Subject, track_directive<Subject>>;
    static bool const is_pass_through_unary = true;
    constexpr explicit track_directive(Subject const& s) : base_type(s) {}

    template <typename It, typename Ctx, typename RCtx, typename Attr>
    bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const;
};

struct track_gen {
    template <typename Subject>
    constexpr track_directive<typename x3::extension::as_parser<Subject>::value_type> operator[](Subject const& s) const {
        return track_directive<typename x3::extension::as_parser<Subject>::value_type>{x3::as_parser(s)};
    }
};
constexpr track_gen track{};

struct depth_guard_gen {
    template <typename Subject>
    constexpr depth_guard<typename x3::extension::as_parser<Subject>::value_type> operator[](Subject const& s) const {
        return depth_guard<typename x3::extension::as_parser<Subject>::value_type>{x3::as_parser(s)};
    }
};
constexpr depth_guard_gen guarded{};

}  // namespace cspgate::syntax::grammar

namespace boost::spirit::x3 {
// Names used in "expected …" diagnostics.
template <>
struct get_info<cspgate::syntax::grammar::tok_parser> {
    using result_type = std::string;
    std::string operator()(cspgate::syntax::grammar::tok_parser const& p) const {
        return std::string(cspgate::syntax::describe(p.kind));
    }
};
template <>
struct get_info<cspgate::syntax::grammar::tokv_parser> {
    using result_type = std::string;
    std::string operator()(cspgate::syntax::grammar::tokv_parser const& p) const {
        return std::string(cspgate::syntax::describe(p.kind));
    }
};
// A parser with a semantic action is described by its subject, so that
// "expected …" never shows a C++ type name.
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
    using result_type = std::string;
    std::string operator()(action<Subject, Action> const& p) const { return what(p.subject); }
};
template <typename Subject>
struct get_info<cspgate::syntax::grammar::depth_guard<Subject>> {
    using result_type = std::string;
    std::string operator()(cspgate::syntax::grammar::depth_guard<Subject> const& p) const { return what(p.subject); }
};
template <typename Subject>
struct get_info<cspgate::syntax::grammar::track_directive<Subject>> {
    using result_type = std::string;
    std::string operator()(cspgate::syntax::grammar::track_directive<Subject> const& p) const { return what(p.subject); }
};
template <>
struct get_info<cspgate::syntax::grammar::tok_any_parser> {
    using result_type = std::string;
    std::string operator()(cspgate::syntax::grammar::tok_any_parser const& p) const { return p.name; }
};
}  // namespace boost::spirit::x3
