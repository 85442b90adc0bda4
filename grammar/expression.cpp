// Instantiates the expression rules for the token iterator and context.
#include "expression_def.hpp"

namespace cspgate::syntax::grammar {

BOOST_SPIRIT_INSTANTIATE(expr_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(expr_list_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(statements_type, iterator_type, context_type)

expr_type const& expression() { return expr; }
expr_list_type const& expression_list() { return expr_list; }
statements_type const& statements() { return stmts; }

}  // namespace cspgate::syntax::grammar
