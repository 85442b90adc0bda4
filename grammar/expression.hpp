#pragma once
// Declarations of the expression rules (defined in expression_def.hpp,
// instantiated in expression.cpp).

#include "config.hpp"

#include "cspgate/syntax/ast.hpp"

#include <vector>

namespace cspgate::syntax::grammar {

struct expr_class;
struct expr_list_class;
struct statements_class;

using expr_type = x3::rule<expr_class, ast::expr_id>;
using expr_list_type = x3::rule<expr_list_class, std::vector<ast::expr_id>>;
using statements_type = x3::rule<statements_class, std::vector<ast::statement>>;

BOOST_SPIRIT_DECLARE(expr_type, expr_list_type, statements_type)

expr_type const& expression();
expr_list_type const& expression_list();
statements_type const& statements();

}  // namespace cspgate::syntax::grammar
