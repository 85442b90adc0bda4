#pragma once
// The declaration grammar of CSPM: definitions, channels, datatypes,
// assertions, includes, modules, Timed sections, print and type annotations.

#include "builder.hpp"
#include "declaration.hpp"
#include "expression.hpp"
#include "guard_def.hpp"

#include <boost/fusion/include/at_c.hpp>
#include <boost/fusion/include/std_pair.hpp>
#include <boost/optional.hpp>

namespace cspgate::syntax::grammar {

namespace fu = boost::fusion;


namespace decl_detail {

inline std::vector<ast::located_name> names_of(builder& b, const std::vector<const token*>& toks) {
    std::vector<ast::located_name> out;
    for (const token* t : toks) out.push_back(b.name(t));
    return out;
}
inline bool is_yields(tok k) { return k == tok::yields || k == tok::yields_star; }
inline bool is_datatype_kw(tok k) { return k == tok::kw_datatype || k == tok::kw_subtype; }
inline bool is_names_kw(tok k) { return k == tok::kw_external || k == tok::kw_transparent; }
constexpr tok_any_parser datatype_kw{is_datatype_kw, "'datatype'"};
constexpr tok_any_parser names_kw{is_names_kw, "'external' or 'transparent'"};
constexpr tok_any_parser yields_op{is_yields, "'=>'"};

}  // namespace decl_detail

struct declaration_class {};
struct decl_block_class {};
struct names_class {};
struct channel_class {};
struct dt_clause_class {};
struct dt_clauses_class {};
struct datatype_class {};
struct nametype_class {};
struct names_decl_class {};
struct assert_class {};
struct assert_op_class {};
struct option_class {};
struct include_class {};
struct module_class {};
struct instance_class {};
struct timed_class {};
struct print_class {};
struct annotation_class {};
struct binding_class {};
struct type_sig_class {};
struct constraint_class {};
struct context_class {};
struct type_class {};
struct type_dots_class {};
struct type_app_class {};
struct decl_qname_class {};

using assert_part = std::pair<const token*, ast::expr_id>;

declaration_type const declaration_rule = "a declaration";
decl_block_type const decl_block = "a declaration";
x3::rule<names_class, std::vector<const token*>> const names = "a name";
x3::rule<channel_class, ast::decl_id> const channel_decl = "a channel declaration";
x3::rule<dt_clause_class, ast::datatype_clause> const dt_clause = "a constructor";
x3::rule<dt_clauses_class, std::vector<ast::datatype_clause>> const dt_clauses = "a constructor";
x3::rule<datatype_class, ast::decl_id> const datatype_decl = "a datatype declaration";
x3::rule<nametype_class, ast::decl_id> const nametype_decl = "a nametype declaration";
x3::rule<names_decl_class, ast::decl_id> const names_decl = "a declaration";
x3::rule<assert_class, ast::decl_id> const assert_decl = "an assertion";
x3::rule<assert_op_class, assert_part> const assert_op =
    "a refinement such as '[T=' or a property such as ':[deadlock free]'";
x3::rule<option_class, assert_part> const assert_option = "an option such as ':[tau priority over]:'";
x3::rule<include_class, ast::decl_id> const include_decl = "an include";
x3::rule<module_class, ast::decl_id> const module_decl = "a module";
x3::rule<instance_class, ast::decl_id> const instance_decl = "an instance";
x3::rule<timed_class, ast::decl_id> const timed_decl = "a Timed section";
x3::rule<print_class, ast::decl_id> const print_decl = "a print statement";
x3::rule<annotation_class, ast::decl_id> const annotation = "a type annotation";
x3::rule<binding_class, ast::decl_id> const binding = "a definition";
x3::rule<type_sig_class, ast::type_annotation> const type_sig = "a type";
x3::rule<constraint_class, ast::class_constraint> const constraint = "a type class constraint such as 'Eq a'";
x3::rule<context_class, std::vector<ast::class_constraint>> const type_context = "type class constraints";
x3::rule<type_class, ast::type_id> const type_rule = "a type";
x3::rule<type_dots_class, ast::type_id> const type_dots = "a type";
x3::rule<type_app_class, ast::type_id> const type_app = "a type";
x3::rule<decl_qname_class, std::vector<const token*>> const module_name = "a module name";
struct colon_expr_class {};
struct timed_function_class {};
struct trace_arg_class {};
x3::rule<timed_function_class, ast::expr_id> const timed_function = "'(' or '{'";
x3::rule<trace_arg_class, ast::expr_id> const trace_arg = "':'";
struct dt_type_class {};
struct negation_class {};
struct options_class {};
struct module_params_class {};
struct module_body_class {};
struct type_list_class {};
struct type_result_class {};
x3::rule<colon_expr_class, ast::expr_id> const colon_expr = "':'";
x3::rule<dt_type_class, ast::expr_id> const dt_type = "'.'";
x3::rule<negation_class, bool> const negation = "'not'";
x3::rule<options_class, std::vector<assert_part>> const assert_options = "an option such as ':[tau priority over]:'";
x3::rule<module_params_class, boost::optional<std::vector<ast::expr_id>>> const module_params = "'('";
x3::rule<module_body_class, std::vector<ast::decl_id>> const module_body = "a declaration";
x3::rule<type_list_class, std::vector<ast::type_id>> const type_list = "a type";
x3::rule<type_result_class, boost::optional<ast::type_id>> const type_result = "'->'";

// ------------------------------------------------------------------ actions

namespace decl_detail {

inline auto const channel_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = b.decl(where_of(ctx), ast::channel_declaration{names_of(b, fu::at_c<0>(a)), fu::at_c<1>(a)});
};
inline auto const dt_clause_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = ast::datatype_clause{get_builder(ctx).name(fu::at_c<0>(a)), fu::at_c<1>(a)};
};
inline auto const datatype_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    if (fu::at_c<0>(a)->kind == tok::kw_datatype)
        x3::_val(ctx) = b.decl(where_of(ctx), ast::datatype_declaration{b.name(fu::at_c<1>(a)), std::move(fu::at_c<2>(a))});
    else
        x3::_val(ctx) = b.decl(where_of(ctx), ast::subtype_declaration{b.name(fu::at_c<1>(a)), std::move(fu::at_c<2>(a))});
};
inline auto const nametype_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = b.decl(where_of(ctx), ast::nametype_declaration{b.name(fu::at_c<0>(a)), fu::at_c<1>(a)});
};
inline auto const names_decl_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    auto list = names_of(b, fu::at_c<1>(a));
    if (fu::at_c<0>(a)->kind == tok::kw_external)
        x3::_val(ctx) = b.decl(where_of(ctx), ast::external_declaration{std::move(list)});
    else
        x3::_val(ctx) = b.decl(where_of(ctx), ast::transparent_declaration{std::move(list)});
};
inline auto const assert_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    const assert_part& main = fu::at_c<2>(a);
    x3::_val(ctx) = b.assertion(where_of(ctx), fu::at_c<0>(a), fu::at_c<1>(a), main.first, main.second, fu::at_c<3>(a));
};
inline auto const include_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    ast::include_declaration inc;
    inc.path = b.decode(x3::_attr(ctx));
    ast::decl_id id = b.decl(where_of(ctx), std::move(inc));
    b.pending_includes().push_back(id);
    x3::_val(ctx) = id;
};
inline auto const module_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    ast::module_declaration m;
    m.name = b.name(fu::at_c<0>(a));
    if (auto& params = fu::at_c<1>(a)) {
        m.has_parameters = true;
        for (ast::expr_id e : *params) m.parameters.push_back(b.pattern(e));
    }
    m.private_declarations = std::move(fu::at_c<2>(a));
    m.exported_declarations = std::move(fu::at_c<3>(a));
    b.merge_clauses(m.private_declarations);
    b.merge_clauses(m.exported_declarations);
    x3::_val(ctx) = b.decl(where_of(ctx), std::move(m));
};
inline auto const module_name_first = [](auto& ctx) { x3::_val(ctx).assign(1, x3::_attr(ctx)); };
inline auto const module_name_more = [](auto& ctx) { x3::_val(ctx).push_back(x3::_attr(ctx)); };
inline auto const instance_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    ast::instance_declaration inst;
    inst.name = b.name(fu::at_c<0>(a));
    const auto& parts = fu::at_c<1>(a);
    inst.module = b.qualified(parts);
    inst.module_where = b.span_of(parts.front(), parts.back() + 1);
    if (auto& args = fu::at_c<2>(a)) {
        inst.has_arguments = true;
        inst.arguments = std::move(*args);
    }
    x3::_val(ctx) = b.decl(where_of(ctx), std::move(inst));
};
inline auto const timed_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    get_builder(ctx).merge_clauses(fu::at_c<1>(a));
    x3::_val(ctx) = get_builder(ctx).decl(where_of(ctx), ast::timed_section{fu::at_c<0>(a), std::move(fu::at_c<1>(a))});
};
inline auto const print_action = [](auto& ctx) {
    x3::_val(ctx) = get_builder(ctx).decl(where_of(ctx), ast::print_declaration{x3::_attr(ctx)});
};
inline auto const annotation_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    ast::type_annotation ann = std::move(fu::at_c<1>(a));
    ann.names = names_of(b, fu::at_c<0>(a));
    x3::_val(ctx) = b.decl(where_of(ctx), std::move(ann));
};
inline auto const bare_arrow_action = [](auto& ctx) {
    get_builder(ctx).error(x3::_attr(ctx)->where,
                           "the argument types of a function type are written in brackets, as in '(Int) -> Bool'");
};
inline auto const binding_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = get_builder(ctx).binding(where_of(ctx), fu::at_c<0>(a), fu::at_c<1>(a));
};
inline auto const sig_context = [](auto& ctx) { x3::_val(ctx).constraints = std::move(x3::_attr(ctx)); };
inline auto const sig_type = [](auto& ctx) { x3::_val(ctx).type = x3::_attr(ctx); };
inline auto const constraint_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = ast::class_constraint{b.name(fu::at_c<0>(a)), b.name(fu::at_c<1>(a))};
};
inline auto const context_one = [](auto& ctx) { x3::_val(ctx).assign(1, x3::_attr(ctx)); };
inline auto const context_list = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
// `a => b => c` and `a.b.c` associate to the right.
inline auto const type_yields_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    ast::type_id result = fu::at_c<0>(a);
    auto& rest = fu::at_c<1>(a);
    if (rest.empty()) {
        x3::_val(ctx) = result;
        return;
    }
    std::vector<ast::type_id> items{result};
    std::vector<bool> stars;
    for (auto& r : rest) {
        stars.push_back(fu::at_c<0>(r)->kind == tok::yields_star);
        items.push_back(fu::at_c<1>(r));
    }
    ast::type_id acc = items.back();
    for (std::size_t i = items.size() - 1; i-- > 0;) {
        base::span sp = base::span::cover(b.script().types[items[i]].where, b.script().types[acc].where);
        acc = b.type(sp, ast::type_yield{items[i], acc, stars[i]});
    }
    x3::_val(ctx) = acc;
};
inline auto const type_dots_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& items = x3::_attr(ctx);
    ast::type_id acc = items.back();
    for (std::size_t i = items.size() - 1; i-- > 0;) {
        base::span sp = base::span::cover(b.script().types[items[i]].where, b.script().types[acc].where);
        acc = b.type(sp, ast::type_dot{items[i], acc});
    }
    x3::_val(ctx) = acc;
};
inline auto const type_paren_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    auto& elems = fu::at_c<0>(a);
    auto& result = fu::at_c<1>(a);
    base::span sp = where_of(ctx);
    if (result) {
        x3::_val(ctx) = b.type(sp, ast::type_function{std::move(elems), *result});
    } else if (elems.size() == 1) {
        x3::_val(ctx) = elems.front();
    } else {
        if (elems.empty()) b.error(sp, "'()' is only a type as the argument list of a function type '() -> …'");
        x3::_val(ctx) = b.type(sp, ast::type_tuple{std::move(elems)});
    }
};
inline auto const type_name_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    x3::_val(ctx) = b.type(where_of(ctx), ast::type_name{std::string(b.text(x3::_attr(ctx)))});
};
inline auto const type_seq_action = [](auto& ctx) {
    x3::_val(ctx) = get_builder(ctx).type(where_of(ctx), ast::type_seq{x3::_attr(ctx)});
};
inline auto const type_set_action = [](auto& ctx) {
    x3::_val(ctx) = get_builder(ctx).type(where_of(ctx), ast::type_set{x3::_attr(ctx)});
};

}  // namespace decl_detail

// ------------------------------------------------------------------ rules

namespace decl_detail {
auto const nl = t(tok::newline);
auto const no_expr = x3::attr(ast::none);
auto const expr = expression();
auto const expr_list = expression_list();
}  // namespace decl_detail

using namespace decl_detail;

auto const declaration_rule_def =
    guarded[channel_decl | datatype_decl | nametype_decl | names_decl | assert_decl | include_decl | module_decl |
            instance_decl | timed_decl | print_decl | annotation | binding];

auto const decl_block_def = (declaration_rule % +nl) | x3::attr(std::vector<ast::decl_id>{});

auto const names_def = v(tok::ident) % t(tok::comma);

auto const colon_expr_def = (t(tok::colon) > expr) | no_expr;
auto const dt_type_def = (t(tok::dot) > expr) | no_expr;
auto const channel_decl_def = track[(t(tok::kw_channel) > names > colon_expr)[channel_action]];

auto const dt_clause_def = (v(tok::ident) >> dt_type)[dt_clause_action];
auto const dt_clauses_def = dt_clause % t(tok::pipe);
auto const datatype_decl_def =
    track[(datatype_kw > v(tok::ident) > t(tok::equals) > dt_clauses)[datatype_action]];

auto const nametype_decl_def = track[(t(tok::kw_nametype) > v(tok::ident) > t(tok::equals) > expr)[nametype_action]];

auto const names_decl_def = track[(names_kw > names)[names_decl_action]];

// `:[has trace]: <a, b>`; libcspm also accepts the trace without the colon.
auto const trace_arg_def = (t(tok::colon) > expr) | expr | no_expr;
auto const assert_op_def = (v(tok::refines) > expr) | (v(tok::property) >> trace_arg);
auto const assert_option_def = v(tok::property) >> colon_expr;
auto const assert_options_def = *assert_option;
auto const negation_def = (t(tok::kw_not) >> x3::attr(true)) | x3::attr(false);
auto const assert_decl_def = track[(t(tok::kw_assert) >> negation > expr > assert_op > assert_options)[assert_action]];

auto const include_decl_def = track[(t(tok::kw_include) > v(tok::string))[include_action]];

auto const module_params_def = -(t(tok::lparen) > expr_list > t(tok::rparen));
auto const module_body_def = *nl >> decl_block >> *nl;
auto const module_decl_def = track[(t(tok::kw_module) > v(tok::ident) > module_params > module_body > t(tok::kw_exports) >
                              module_body > t(tok::kw_endmodule))[module_action]];

auto const module_name_def = v(tok::ident)[module_name_first] >> *(t(tok::scope) > v(tok::ident)[module_name_more]);
auto const instance_decl_def =
    track[(t(tok::kw_instance) > v(tok::ident) > t(tok::equals) > module_name > module_params)[instance_action]];

auto const timed_function_def = (t(tok::lparen) > expr > t(tok::rparen)) | no_expr;
auto const timed_decl_def = track[(t(tok::kw_timed) > timed_function > t(tok::lbrace) > module_body > t(tok::rbrace))[timed_action]];

auto const print_decl_def = track[(t(tok::kw_print) > expr)[print_action]];

// `f :: a -> b` is a common slip for `f :: (a) -> b`; it gets its own message.
auto const annotation_def = track[((v(tok::ident) % t(tok::comma)) >> t(tok::scope) > type_sig)[annotation_action] >>
                                  -(v(tok::arrow)[bare_arrow_action] >> x3::omit[type_rule])];

auto const binding_def = track[(expr > t(tok::equals) > expr)[binding_action]];

auto const constraint_def = (v(tok::ident) >> v(tok::ident))[constraint_action];
auto const type_context_def =
    constraint[context_one] | (t(tok::lparen) >> (constraint % t(tok::comma)) >> t(tok::rparen))[context_list];
auto const type_sig_def = -((type_context >> t(tok::yields))[sig_context]) >> type_rule[sig_type];

auto const type_rule_def = guarded[(type_dots >> *(yields_op > type_dots))[type_yields_action]];
auto const type_list_def = (type_rule % t(tok::comma)) | x3::attr(std::vector<ast::type_id>{});
auto const type_result_def = -(t(tok::arrow) > type_rule);
auto const type_dots_def = (type_app % t(tok::dot))[type_dots_action];
auto const type_app_def =
    track[(t(tok::lparen) >> type_list > t(tok::rparen) > type_result)[type_paren_action] |
    v(tok::ident)[type_name_action] | (t(tok::seq_open) > type_rule > t(tok::seq_close))[type_seq_action] |
    (t(tok::lbrace) > type_rule > t(tok::rbrace))[type_set_action]];

BOOST_SPIRIT_DEFINE(declaration_rule, decl_block, names, channel_decl, dt_clause, dt_clauses, datatype_decl,
                    nametype_decl, names_decl, assert_op, assert_option, assert_decl, include_decl, module_decl,
                    module_name, instance_decl, timed_decl, print_decl, annotation, binding, constraint,
                    type_context, type_sig, type_rule, type_dots, type_app, colon_expr, dt_type, negation,
                    assert_options, module_params, module_body, type_list, type_result, timed_function, trace_arg)

}  // namespace cspgate::syntax::grammar
