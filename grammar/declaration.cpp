// Instantiates the declaration rules for the token iterator and context.
#include "declaration_def.hpp"

namespace cspgate::syntax::grammar {

BOOST_SPIRIT_INSTANTIATE(declaration_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(decl_block_type, iterator_type, context_type)

declaration_type const& declaration() { return declaration_rule; }
decl_block_type const& declaration_block() { return decl_block; }

}  // namespace cspgate::syntax::grammar
