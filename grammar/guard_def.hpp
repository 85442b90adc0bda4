#pragma once
// The nesting guard's parse function, which needs the builder.

#include "builder.hpp"
#include "tokens.hpp"

namespace cspgate::syntax::grammar {

template <typename Subject>
template <typename It, typename Ctx, typename RCtx, typename Attr>
bool depth_guard<Subject>::parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    builder& b = x3::get<builder_tag>(ctx);
    if (b.depth() >= b.limits().max_nesting) throw nesting_too_deep{first};
    ++b.depth();
    struct restore {
        builder& b;
        ~restore() { --b.depth(); }
    } guard{b};
    return this->subject.parse(first, last, ctx, rctx, attr);
}

template <typename Subject>
template <typename It, typename Ctx, typename RCtx, typename Attr>
bool track_directive<Subject>::parse(It& first, It const& last, Ctx const& ctx, RCtx& rctx, Attr& attr) const {
    builder& b = x3::get<builder_tag>(ctx);
    b.starts().push_back(first);
    struct pop {
        builder& b;
        ~pop() { b.starts().pop_back(); }
    } guard{b};
    return this->subject.parse(first, last, ctx, rctx, attr);
}

/// The builder that semantic actions write into.
template <typename Ctx>
builder& get_builder(Ctx const& ctx) {
    return x3::get<builder_tag>(ctx);
}

/// The span an action's subject matched: from the innermost `track` start to
/// where parsing stands now.
template <typename Ctx>
base::span where_of(Ctx const& ctx) {
    builder& b = x3::get<builder_tag>(ctx);
    return b.span_of(b.starts().back(), x3::_where(ctx).begin());
}

}  // namespace cspgate::syntax::grammar
