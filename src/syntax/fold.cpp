// Folding the grammar's flat operator lists into trees, by FDR's table of
// binding strength (FDR4 manual, "Syntax Reference"; libcspm's Parser.ppy).
// From loosest to tightest:
//
//   @@  <  ||| \  <  [| |] [ || ] [ <-> ] [| |>  <  |~|  <  [] [+ +]
//   <  /\ /+ +\  <  [>  <  ;  <  |\  <  & ->  <  ? ! $  <  :  <  .
//   <  or  <  and  <  not  <  == != < <= > >=  <  + -  <  * / %  <  #  <  ^
//   <  unary -
//
// Hiding binds as loosely as interleaving, as in libcspm's Parser.ppy (where
// `\` is the loosest process operator): `P [|A|] Q \ B` hides in the whole
// parallel composition, which the recorded verdicts of TTK3's abp-sfm.csp
// need.  Projection binds tighter than every binary process operator but
// looser than prefix and guard: `P |\ A ; Q` is `(P |\ A) ; Q` (libcspm's
// test typechecker/should_pass/project_parsing.csp pins `|\` against every
// one of them), and `a -> P \ A` stays `(a -> P) \ A`.
// `&`, `->` and `.` associate to the right, the comparisons and `:` not at
// all, everything else to the left.  The fold is the classic shunting-yard
// algorithm (Dijkstra), with prefix operators, so chains of any length take
// no recursion.

#include "builder.hpp"

#include <algorithm>

namespace cspgate::syntax::grammar {
namespace {

enum class assoc { left, right, none };
struct level { int precedence; assoc associativity; };

level level_of(tok form) {
    switch (form) {
    case tok::double_at: return {1, assoc::left};
    case tok::interleave: case tok::backslash: return {2, assoc::left};
    case tok::lsync: case tok::lsquare: return {3, assoc::left};
    case tok::int_choice: return {4, assoc::left};
    case tok::ext_choice: case tok::lsyncext: return {5, assoc::left};
    case tok::interrupt: case tok::lsyncint: return {6, assoc::left};
    case tok::sliding: return {7, assoc::left};
    case tok::semicolon: return {8, assoc::left};
    case tok::project: return {9, assoc::left};
    case tok::guard: case tok::arrow: return {10, assoc::right};
    case tok::question: case tok::bang: case tok::dollar: return {11, assoc::left};
    // `:` binds looser than `.` so that `c?x.y:S` restricts the pattern x.y,
    // as libcspm's field rule `"?" Exp ":" Exp` reads it.
    case tok::colon: return {12, assoc::none};
    case tok::dot: return {13, assoc::right};
    case tok::kw_or: return {14, assoc::left};
    case tok::kw_and: return {15, assoc::left};
    case tok::kw_not: return {16, assoc::right};  // prefix
    case tok::eq: case tok::neq: case tok::lt: case tok::le: case tok::gt: case tok::ge: return {17, assoc::none};
    case tok::plus: case tok::minus: return {18, assoc::left};
    case tok::times: case tok::divide: case tok::mod: return {19, assoc::left};
    case tok::hash: return {20, assoc::right};  // prefix
    case tok::concat: return {21, assoc::left};
    default: return {0, assoc::left};
    }
}
constexpr int unary_minus_precedence = 22;

ast::binary_op simple_op(tok form) {
    switch (form) {
    case tok::backslash: return ast::binary_op::hiding;
    case tok::project: return ast::binary_op::project;
    case tok::interleave: return ast::binary_op::interleave;
    case tok::int_choice: return ast::binary_op::internal_choice;
    case tok::ext_choice: return ast::binary_op::external_choice;
    case tok::interrupt: return ast::binary_op::interrupt;
    case tok::sliding: return ast::binary_op::sliding_choice;
    case tok::semicolon: return ast::binary_op::sequential;
    case tok::guard: return ast::binary_op::guard;
    case tok::dot: return ast::binary_op::dot;
    case tok::kw_or: return ast::binary_op::logical_or;
    case tok::kw_and: return ast::binary_op::logical_and;
    case tok::eq: return ast::binary_op::equal;
    case tok::neq: return ast::binary_op::not_equal;
    case tok::lt: return ast::binary_op::less;
    case tok::le: return ast::binary_op::less_equal;
    case tok::gt: return ast::binary_op::greater;
    case tok::ge: return ast::binary_op::greater_equal;
    case tok::plus: return ast::binary_op::add;
    case tok::minus: return ast::binary_op::subtract;
    case tok::times: return ast::binary_op::multiply;
    case tok::divide: return ast::binary_op::divide;
    case tok::mod: return ast::binary_op::modulo;
    default: return ast::binary_op::concat;
    }
}

// One entry of the operator stack: a prefix operator of some operand, or
// the index of a binary operator in the flat list.
struct pending {
    bool prefix;
    const syntax::token* op_token;
    std::size_t op_index;
    int precedence;
};

}  // namespace

ast::expr_id builder::fold(const flat_t& flat) {
    // Most expressions are a single operand (an argument, a literal): no
    // operators to fold.
    if (m_ops.size() == flat.op_begin && m_operands.size() == flat.operand_begin + 1 &&
        m_operands.back().prefixes.empty()) {
        ast::expr_id atom = m_operands.back().atom;
        m_operands.pop_back();
        return atom;
    }
    // Scratch stacks, reused across calls: fold never re-enters itself.
    thread_local std::vector<ast::expr_id> values;
    thread_local std::vector<pending> stack;
    values.clear();
    stack.clear();
    operand_t* operands = m_operands.data() + flat.operand_begin;
    binop_t* ops = m_ops.data() + flat.op_begin;
    const std::size_t operand_count = m_operands.size() - flat.operand_begin;
    const std::size_t op_count = m_ops.size() - flat.op_begin;

    auto reduce = [&](const pending& p) {
        ast::expr_id rhs = values.back();
        values.pop_back();
        if (p.prefix) {
            ast::unary_op op = p.op_token->kind == tok::minus ? ast::unary_op::negate
                               : p.op_token->kind == tok::hash ? ast::unary_op::length
                                                            : ast::unary_op::logical_not;
            values.push_back(expr(base::span::cover(p.op_token->where, where(rhs)), ast::unary{op, rhs}));
            return;
        }
        ast::expr_id lhs = values.back();
        values.pop_back();
        binop_t& op = ops[p.op_index];
        base::span sp = base::span::cover(where(lhs), where(rhs));
        ast::expr_id result;
        switch (op.form) {
        case tok::arrow: {
            // Peel the fields `?x`, `!e`, `$x` off the event: c?x!y is ((c?x)!y).
            std::vector<ast::field> fields;
            ast::expr_id event = lhs;
            while (auto* part = std::get_if<ast::partial>(&m_script.exprs[event].node)) {
                if (part->which == ast::partial::kind::restriction || part->which == ast::partial::kind::double_pattern)
                    break;
                ast::partial piece = *part;
                // The piece's own span runs from its `?`, `!` or `$` (see below).
                base::span field_span = m_script.exprs[event].where;
                ast::field f;
                f.where = field_span;
                if (piece.which == ast::partial::kind::output) {
                    f.kind = ast::field_kind::output;
                    f.value = piece.rhs;
                } else {
                    f.kind = piece.which == ast::partial::kind::input ? ast::field_kind::input
                                                                      : ast::field_kind::nondeterministic_input;
                    ast::expr_id target = piece.rhs;
                    if (auto* r = std::get_if<ast::partial>(&m_script.exprs[target].node);
                        r && r->which == ast::partial::kind::restriction) {
                        ast::expr_id restricted = r->lhs, set = r->rhs;
                        f.restriction = set;
                        target = restricted;
                    }
                    f.pattern = pattern(target);
                }
                fields.push_back(f);
                event = piece.lhs;
            }
            std::reverse(fields.begin(), fields.end());
            result = expr(base::span::cover(where(event), where(rhs)), ast::prefix{event, std::move(fields), rhs});
            break;
        }
        // A field's span runs from its operator: it is what a diagnostic about
        // the field shows, and what the field keeps in a prefix.
        case tok::question:
            result = expr(base::span::cover(op.op->where, where(rhs)), ast::partial{ast::partial::kind::input, lhs, rhs});
            break;
        case tok::bang:
            result = expr(base::span::cover(op.op->where, where(rhs)), ast::partial{ast::partial::kind::output, lhs, rhs});
            break;
        case tok::dollar:
            result = expr(base::span::cover(op.op->where, where(rhs)),
                          ast::partial{ast::partial::kind::nondeterministic_input, lhs, rhs});
            break;
        case tok::colon:
            result = expr(sp, ast::partial{ast::partial::kind::restriction, lhs, rhs});
            break;
        case tok::double_at:
            result = expr(sp, ast::partial{ast::partial::kind::double_pattern, lhs, rhs});
            break;
        case tok::lsync:
            result = op.exception ? expr(sp, ast::exception{lhs, op.a, rhs})
                                  : expr(sp, ast::generalised_parallel{lhs, op.a, rhs});
            break;
        case tok::lsyncext:
            result = expr(sp, ast::synchronising_external_choice{lhs, op.a, rhs});
            break;
        case tok::lsyncint:
            result = expr(sp, ast::synchronising_interrupt{lhs, op.a, rhs});
            break;
        case tok::lsquare:
            if (op.linked) {
                std::vector<ast::tie> all{ast::tie{op.a, op.b}};
                all.insert(all.end(), op.ties.begin(), op.ties.end());
                result = expr(sp, ast::linked_parallel{lhs, std::move(all), std::move(op.statements), rhs});
            } else {
                result = expr(sp, ast::alphabetised_parallel{lhs, op.a, op.b, rhs});
            }
            break;
        default:
            result = expr(sp, ast::binary{simple_op(op.form), lhs, rhs});
            break;
        }
        values.push_back(result);
    };

    for (std::size_t i = 0; i < operand_count; ++i) {
        for (const token* p : operands[i].prefixes)
            stack.push_back(pending{true, p, 0, p->kind == tok::minus ? unary_minus_precedence : level_of(p->kind).precedence});
        values.push_back(operands[i].atom);
        if (i == op_count) break;
        level next = level_of(ops[i].form);
        while (!stack.empty()) {
            const pending& top = stack.back();
            bool pop;
            if (top.prefix) {
                pop = top.precedence >= next.precedence;
            } else if (top.precedence != next.precedence) {
                pop = top.precedence > next.precedence;
            } else if (next.associativity == assoc::none) {
                error(ops[i].op->where, std::string("operator ") + std::string(describe(ops[i].op->kind)) +
                                                 " cannot be chained with " +
                                                 std::string(describe(ops[top.op_index].op->kind)) +
                                                 "; add parentheses");
                pop = true;
            } else {
                pop = next.associativity == assoc::left;
            }
            if (!pop) break;
            pending p = stack.back();
            stack.pop_back();
            reduce(p);
        }
        stack.push_back(pending{false, ops[i].op, i, next.precedence});
    }
    while (!stack.empty()) {
        pending p = stack.back();
        stack.pop_back();
        reduce(p);
    }
    m_operands.resize(flat.operand_begin);
    m_ops.resize(flat.op_begin);
    return values.back();
}

}  // namespace cspgate::syntax::grammar
