#pragma once
// Declarations of the declaration rules (defined in declaration_def.hpp,
// instantiated in declaration.cpp).

#include "config.hpp"

#include "cspgate/syntax/ast.hpp"

#include <vector>

namespace cspgate::syntax::grammar {

struct declaration_class;
struct decl_block_class;

using declaration_type = x3::rule<declaration_class, ast::decl_id>;
using decl_block_type = x3::rule<decl_block_class, std::vector<ast::decl_id>>;

BOOST_SPIRIT_DECLARE(declaration_type, decl_block_type)

declaration_type const& declaration();
decl_block_type const& declaration_block();

}  // namespace cspgate::syntax::grammar
