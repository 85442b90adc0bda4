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

}  // namespace cspgate::syntax::grammar
