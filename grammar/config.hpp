#pragma once
// The iterator and context types of the CSPM grammar, spelt once (as in the
// Spirit X3 calc9 example).  The grammar runs over the lexer's tokens, not
// over characters: FDR's layout rule and the `<`/`>` of sequences are decided
// by the lexer, so every rule here is context free.

#include "cspgate/syntax/token.hpp"

#include <boost/spirit/home/x3.hpp>

namespace cspgate::syntax::grammar {

namespace x3 = boost::spirit::x3;

class builder;
struct builder_tag;

using iterator_type = const token*;
using context_type = x3::context<builder_tag, builder, x3::unused_type>;

}  // namespace cspgate::syntax::grammar
