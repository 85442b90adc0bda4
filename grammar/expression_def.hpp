#pragma once
// The expression grammar of CSPM.
//
// An expression is parsed as a flat list `operand (operator operand)*` and
// folded into a tree by FDR's precedence table afterwards (fold.cpp).  This
// keeps the grammar small, makes long operator chains (a trace of thousands
// of prefixes) iterative rather than recursive, and never re-parses anything:
// every alternative below is decided by its first token.

#include "builder.hpp"
#include "declaration.hpp"
#include "expression.hpp"
#include "guard_def.hpp"

#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/fusion/include/at_c.hpp>
#include <boost/fusion/include/std_pair.hpp>

BOOST_FUSION_ADAPT_STRUCT(cspgate::syntax::grammar::operand_t, prefixes, atom)

namespace cspgate::syntax::grammar {

namespace fu = boost::fusion;



inline bool is_prefix_op(tok k) { return k == tok::minus || k == tok::kw_not || k == tok::hash; }
inline bool is_repl_simple(tok k) {
    return k == tok::ext_choice || k == tok::int_choice || k == tok::interleave || k == tok::semicolon;
}
inline bool is_sync_close(tok k) { return k == tok::rsync || k == tok::exception_end; }
inline bool is_simple_binop(tok k) {
    switch (k) {
    case tok::backslash: case tok::project: case tok::interleave: case tok::int_choice:
    case tok::ext_choice: case tok::interrupt: case tok::sliding: case tok::semicolon:
    case tok::guard: case tok::arrow: case tok::question: case tok::bang: case tok::dollar:
    case tok::dot: case tok::colon: case tok::kw_or: case tok::kw_and: case tok::eq:
    case tok::neq: case tok::lt: case tok::le: case tok::gt: case tok::ge: case tok::plus:
    case tok::minus: case tok::times: case tok::divide: case tok::mod: case tok::concat:
    case tok::double_at:
        return true;
    default:
        return false;
    }
}

constexpr tok_any_parser prefix_op{is_prefix_op, "an expression"};
constexpr tok_any_parser repl_simple_op{is_repl_simple, "a replicated operator"};
constexpr tok_any_parser sync_close{is_sync_close, "'|]' or '|>'"};
constexpr tok_any_parser simple_binop{is_simple_binop, "an operator"};

struct expr_class {};
struct expr_list_class {};
struct statements_class {};
struct flat_class {};
struct operand_class {};
struct atom_class {};
struct primary_class {};
struct binop_class {};
struct square_tail_class {};
struct stmt_class {};
struct qname_class {};
struct paren_class {};
struct bracket_class {};
struct collection_class {};
struct map_class {};
struct map_entry_class {};
struct if_class {};
struct let_class {};
struct lambda_class {};
struct repl_class {};
struct tie_class {};
struct ties_class {};
struct rename_class {};
struct renames_class {};

expr_type const expr = "an expression";
expr_list_type const expr_list = "an expression";
statements_type const stmts = "a generator or a condition";
x3::rule<flat_class, flat_t> const flat = "an expression";
x3::rule<operand_class, operand_t> const operand = "an expression";
x3::rule<atom_class, ast::expr_id> const atom = "an expression";
x3::rule<primary_class, ast::expr_id> const primary = "an expression";
x3::rule<binop_class, binop_t> const binop = "an operator";
x3::rule<square_tail_class, binop_t> const square_tail = "'||' or '<->'";
x3::rule<stmt_class, ast::statement> const stmt = "a generator or a condition";
// A name `x` or `M::x`: the first and last identifier tokens (no allocation).
x3::rule<qname_class, std::pair<const token*, const token*>> const qname = "a name";
x3::rule<paren_class, ast::expr_id> const paren_form = "an expression";
x3::rule<bracket_class, bracket_t> const bracket_inner = "an expression";
x3::rule<collection_class, ast::expr_id> const collection = "a set or a sequence";
x3::rule<map_class, ast::expr_id> const map_form = "a map";
x3::rule<map_entry_class, ast::map_entry> const map_entry = "a map entry 'key => value'";
x3::rule<if_class, ast::expr_id> const if_form = "an if-expression";
x3::rule<let_class, ast::expr_id> const let_form = "a let-expression";
x3::rule<lambda_class, ast::expr_id> const lambda_form = "a lambda";
x3::rule<repl_class, ast::expr_id> const repl_form = "a replicated operator";
x3::rule<tie_class, ast::tie> const tie_rule = "a link 'a <-> b'";
x3::rule<ties_class, std::vector<ast::tie>> const ties = "a link 'a <-> b'";
x3::rule<rename_class, ast::rename_pair> const rename_pair = "a renaming 'a <- b'";
x3::rule<renames_class, std::vector<ast::rename_pair>> const rename_pairs = "a renaming 'a <- b'";
struct call_args_class {};
struct rename_list_class {};
x3::rule<rename_list_class, std::vector<ast::rename_pair>> const rename_list = "a renaming 'a <- b'";
struct rename_tail_class {};
struct map_entries_class {};
struct source_class {};
x3::rule<call_args_class, std::vector<ast::expr_id>> const call_args = "an argument";
x3::rule<rename_tail_class, std::vector<ast::statement>> const rename_tail = "'|' or ']]'";
x3::rule<map_entries_class, std::vector<ast::map_entry>> const map_entries = "a map entry 'key => value'";
x3::rule<source_class, ast::expr_id> const generator_source = "'<-'";

// ------------------------------------------------------------------ actions

inline auto const fold_action = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).fold(x3::_attr(ctx)); };
inline auto const mark_flat = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).mark(); };
inline auto const add_operand = [](auto& ctx) { get_builder(ctx).push_operand(std::move(x3::_attr(ctx))); };
inline auto const add_binop = [](auto& ctx) { get_builder(ctx).push_op(std::move(x3::_attr(ctx))); };
inline auto const set_val = [](auto& ctx) { x3::_val(ctx) = x3::_attr(ctx); };

inline auto const apply_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    ast::expr_id fn = x3::_val(ctx);
    x3::_val(ctx) = b.expr(base::span::cover(b.where(fn), where_of(ctx)),
                           ast::application{fn, std::move(x3::_attr(ctx))});
};
inline auto const rename_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    ast::expr_id proc = x3::_val(ctx);
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = b.expr(base::span::cover(b.where(proc), where_of(ctx)),
                           ast::renaming{proc, std::move(fu::at_c<0>(a)), std::move(fu::at_c<1>(a))});
};
inline auto const int_action = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).integer(x3::_attr(ctx)); };
inline auto const true_action = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), ast::bool_literal{true}); };
inline auto const false_action = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), ast::bool_literal{false}); };
inline auto const string_action = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).string_literal(x3::_attr(ctx)); };
inline auto const char_action = [](auto& ctx) { x3::_val(ctx) = get_builder(ctx).char_literal(x3::_attr(ctx)); };
inline auto const var_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    x3::_val(ctx) = b.expr(where_of(ctx), ast::variable{b.qualified(x3::_attr(ctx).first, x3::_attr(ctx).second)});
};
inline auto const wildcard_action = [](auto& ctx) {
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), ast::variable{ast::qualified_name{"_"}});
};
inline auto const empty_seq_action = [](auto& ctx) {
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), ast::seq_enumeration{});
};
inline auto const qname_first = [](auto& ctx) { x3::_val(ctx) = {x3::_attr(ctx), x3::_attr(ctx)}; };
inline auto const qname_more = [](auto& ctx) { x3::_val(ctx).second = x3::_attr(ctx); };

inline auto const paren_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& elems = x3::_attr(ctx);
    if (elems.size() == 1) {
        // `(e)` is e itself, its span widened to the brackets so that the
        // spans of enclosing expressions stay balanced.
        b.script().exprs[elems.front()].where = where_of(ctx);
        x3::_val(ctx) = elems.front();
    } else {
        x3::_val(ctx) = b.expr(where_of(ctx), ast::tuple{std::move(elems)});
    }
};
inline auto const bracket_elements = [](auto& ctx) { x3::_val(ctx).elements = std::move(x3::_attr(ctx)); };
inline auto const bracket_to = [](auto& ctx) { x3::_val(ctx).to = x3::_attr(ctx); };
inline auto const bracket_range = [](auto& ctx) { x3::_val(ctx).shape = bracket_t::form::range; };
inline auto const bracket_range_statements = [](auto& ctx) { x3::_val(ctx).statements = std::move(x3::_attr(ctx)); };
inline auto const bracket_statements = [](auto& ctx) {
    x3::_val(ctx).shape = bracket_t::form::comprehension;
    x3::_val(ctx).statements = std::move(x3::_attr(ctx));
};
inline auto const collection_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = get_builder(ctx).collection(where_of(ctx), fu::at_c<0>(a)->kind, fu::at_c<1>(a));
};
inline auto const map_entry_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = ast::map_entry{fu::at_c<0>(a), fu::at_c<1>(a)};
};
inline auto const map_action = [](auto& ctx) {
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), ast::map_literal{std::move(x3::_attr(ctx))});
};
inline auto const if_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx),
                                          ast::if_then_else{fu::at_c<0>(a), fu::at_c<1>(a), fu::at_c<2>(a)});
};
inline auto const let_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    get_builder(ctx).merge_clauses(fu::at_c<0>(a));
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), ast::let_within{std::move(fu::at_c<0>(a)), fu::at_c<1>(a)});
};
inline auto const lambda_action = [](auto& ctx) {
    builder& b = get_builder(ctx);
    auto& a = x3::_attr(ctx);
    std::vector<ast::pat_id> params;
    for (ast::expr_id e : fu::at_c<0>(a)) params.push_back(b.pattern(e));
    x3::_val(ctx) = b.expr(where_of(ctx), ast::lambda{std::move(params), fu::at_c<1>(a)});
};
inline ast::replicated_op replicated_of(tok k) {
    switch (k) {
    case tok::ext_choice: return ast::replicated_op::external_choice;
    case tok::int_choice: return ast::replicated_op::internal_choice;
    case tok::interleave: return ast::replicated_op::interleave;
    default: return ast::replicated_op::sequential;
    }
}
inline auto const repl_simple_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    ast::replicated r;
    r.op = replicated_of(fu::at_c<0>(a)->kind);
    r.statements = std::move(fu::at_c<1>(a));
    r.body = fu::at_c<2>(a);
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), std::move(r));
};
inline auto const repl_alpha_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    ast::replicated r;
    r.op = ast::replicated_op::alphabetised_parallel;
    r.statements = std::move(fu::at_c<0>(a));
    r.events = fu::at_c<1>(a);
    r.body = fu::at_c<2>(a);
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), std::move(r));
};
inline auto const repl_sync_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    ast::replicated r;
    r.op = fu::at_c<0>(a)->kind == tok::lsync ? ast::replicated_op::generalised_parallel
                                               : ast::replicated_op::synchronising_external_choice;
    r.events = fu::at_c<1>(a);
    r.statements = std::move(fu::at_c<2>(a));
    r.body = fu::at_c<3>(a);
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), std::move(r));
};
inline auto const repl_link_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    ast::replicated r;
    r.op = ast::replicated_op::linked_parallel;
    r.ties = std::move(fu::at_c<0>(a));
    r.statements = std::move(fu::at_c<1>(a));
    r.body = fu::at_c<2>(a);
    x3::_val(ctx) = get_builder(ctx).expr(where_of(ctx), std::move(r));
};
inline auto const tie_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = ast::tie{fu::at_c<0>(a), fu::at_c<1>(a)};
};
inline auto const rename_pair_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = ast::rename_pair{fu::at_c<0>(a), fu::at_c<1>(a)};
};
inline auto const stmt_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    x3::_val(ctx) = get_builder(ctx).statement(where_of(ctx), fu::at_c<0>(a), fu::at_c<1>(a));
};

// Operators.
inline auto const simple_binop_action = [](auto& ctx) {
    binop_t op;
    op.op = x3::_attr(ctx);
    op.form = op.op->kind;
    x3::_val(ctx) = std::move(op);
};
inline auto const sync_binop_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    binop_t op;
    op.op = fu::at_c<0>(a);
    op.form = op.op->kind;
    op.a = fu::at_c<1>(a);
    op.exception = fu::at_c<2>(a)->kind == tok::exception_end;
    x3::_val(ctx) = std::move(op);
};
inline auto const square_binop_action = [](auto& ctx) {
    auto& a = x3::_attr(ctx);
    binop_t op = std::move(fu::at_c<2>(a));
    op.op = fu::at_c<0>(a);
    op.form = tok::lsquare;
    op.a = fu::at_c<1>(a);
    x3::_val(ctx) = std::move(op);
};
inline auto const square_alpha = [](auto& ctx) { x3::_val(ctx).b = x3::_attr(ctx); };
inline auto const square_first_tie = [](auto& ctx) {
    x3::_val(ctx).linked = true;
    x3::_val(ctx).b = x3::_attr(ctx);
};
inline auto const square_tie = [](auto& ctx) { x3::_val(ctx).ties.push_back(x3::_attr(ctx)); };
inline auto const square_statements = [](auto& ctx) { x3::_val(ctx).statements = std::move(x3::_attr(ctx)); };

// ------------------------------------------------------------------ rules

auto const empty_exprs = x3::attr(std::vector<ast::expr_id>{});
auto const empty_statements = x3::attr(std::vector<ast::statement>{});
auto const no_expr = x3::attr(ast::none);

auto const expr_def = guarded[flat][fold_action];
auto const expr_list_def = expr % t(tok::comma);
auto const flat_def = x3::eps[mark_flat] >> operand[add_operand] >> *(binop[add_binop] > operand[add_operand]);
auto const operand_def = *prefix_op >> atom;

auto const atom_def =
    track[primary[set_val] >>
    *((t(tok::lparen) >> call_args > t(tok::rparen))[apply_action] |
      (t(tok::lrename) >> rename_list > rename_tail > t(tok::rrename))[rename_action])];
auto const rename_list_def = rename_pairs | x3::attr(std::vector<ast::rename_pair>{});
auto const call_args_def = expr_list | empty_exprs;
auto const rename_tail_def = (t(tok::pipe) > stmts) | empty_statements;

auto const primary_def =
    track[v(tok::integer)[int_action] | t(tok::kw_true)[true_action] | t(tok::kw_false)[false_action] |
    v(tok::string)[string_action] | v(tok::character)[char_action] | qname[var_action] |
    v(tok::wildcard)[wildcard_action] | paren_form[set_val] | collection[set_val] |
    v(tok::empty_seq)[empty_seq_action] | map_form[set_val] | if_form[set_val] | let_form[set_val] |
    lambda_form[set_val] | repl_form[set_val]];

auto const qname_def = v(tok::ident)[qname_first] >> *(t(tok::scope) > v(tok::ident)[qname_more]);

auto const paren_form_def = track[(t(tok::lparen) > expr_list > t(tok::rparen))[paren_action]];

auto const bracket_inner_def =
    -(expr_list[bracket_elements] >>
      -((t(tok::dotdot) >> -expr[bracket_to] >> rename_tail[bracket_range_statements])[bracket_range] |
        (t(tok::pipe) > stmts[bracket_statements])));

auto const collection_def = track[(v(tok::lbrace) >> bracket_inner > t(tok::rbrace))[collection_action] |
                            (v(tok::lclosure) >> bracket_inner > t(tok::rclosure))[collection_action] |
                            (v(tok::seq_open) >> bracket_inner > t(tok::seq_close))[collection_action]];

auto const map_entry_def = (expr >> t(tok::yields) > expr)[map_entry_action];
auto const map_entries_def = (map_entry % t(tok::comma)) | x3::attr(std::vector<ast::map_entry>{});
auto const map_form_def = track[(t(tok::lmap) >> map_entries > t(tok::rmap))[map_action]];

auto const if_form_def =
    track[(t(tok::kw_if) > expr > t(tok::kw_then) > expr > t(tok::kw_else) > expr)[if_action]];

auto const let_form_def = track[(t(tok::kw_let) >> *t(tok::newline) >> (declaration() % +t(tok::newline)) >>
                           *t(tok::newline) > t(tok::kw_within) > expr)[let_action]];

auto const lambda_form_def = track[(t(tok::backslash) > expr_list > t(tok::at) > expr)[lambda_action]];

auto const repl_form_def =
    track[(repl_simple_op > stmts > t(tok::at) > expr)[repl_simple_action] |
    (t(tok::alpha_bar) > stmts > t(tok::at) > t(tok::lsquare) > expr > t(tok::rsquare) > expr)[repl_alpha_action] |
    (v(tok::lsync) > expr > t(tok::rsync) > stmts > t(tok::at) > expr)[repl_sync_action] |
    (v(tok::lsyncext) > expr > t(tok::rsyncext) > stmts > t(tok::at) > expr)[repl_sync_action] |
    (t(tok::lsquare) > ties > t(tok::rsquare) > stmts > t(tok::at) > expr)[repl_link_action]];

auto const tie_rule_def = (expr >> t(tok::tie) > expr)[tie_action];
auto const ties_def = tie_rule % t(tok::comma);
auto const rename_pair_def = (expr >> t(tok::drawn) > expr)[rename_pair_action];
auto const rename_pairs_def = rename_pair % t(tok::comma);

auto const generator_source_def = (t(tok::drawn) > expr) | no_expr;
auto const stmt_def = track[(expr >> generator_source)[stmt_action]];
auto const stmts_def = stmt % t(tok::comma);

auto const binop_def =
    simple_binop[simple_binop_action] |
    (v(tok::lsync) > expr > sync_close)[sync_binop_action] |
    (v(tok::lsyncext) > expr > v(tok::rsyncext))[sync_binop_action] |
    (v(tok::lsyncint) > expr > v(tok::rsyncint))[sync_binop_action] |
    (v(tok::lsquare) > expr > square_tail)[square_binop_action];

auto const square_tail_def =
    (t(tok::alpha_bar) > expr[square_alpha] > t(tok::rsquare)) |
    (t(tok::tie) > expr[square_first_tie] >> *(t(tok::comma) > tie_rule[square_tie]) >>
     -(t(tok::pipe) > stmts[square_statements]) > t(tok::rsquare));

BOOST_SPIRIT_DEFINE(expr, expr_list, flat, operand, atom, primary, qname, paren_form, bracket_inner, collection,
                    map_entry, map_form, if_form, let_form, lambda_form, repl_form, tie_rule, ties, rename_pair,
                    rename_pairs, stmt, stmts, binop, square_tail, call_args, rename_tail, map_entries,
                    generator_source, rename_list)

}  // namespace cspgate::syntax::grammar
