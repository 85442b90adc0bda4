#include "cspgate/syntax/token.hpp"

namespace cspgate::syntax {

std::string_view describe(tok kind) noexcept {
    switch (kind) {
    case tok::eof: return "end of file";
    case tok::newline: return "end of line";
    case tok::error: return "an invalid token";
    case tok::ident: return "a name";
    case tok::integer: return "an integer";
    case tok::string: return "a string";
    case tok::character: return "a character";
    case tok::property: return "a property ':[ … ]'";
    case tok::refines: return "a refinement operator such as '[T='";
    case tok::kw_if: return "'if'";
    case tok::kw_then: return "'then'";
    case tok::kw_else: return "'else'";
    case tok::kw_let: return "'let'";
    case tok::kw_within: return "'within'";
    case tok::kw_channel: return "'channel'";
    case tok::kw_datatype: return "'datatype'";
    case tok::kw_subtype: return "'subtype'";
    case tok::kw_nametype: return "'nametype'";
    case tok::kw_external: return "'external'";
    case tok::kw_transparent: return "'transparent'";
    case tok::kw_assert: return "'assert'";
    case tok::kw_not: return "'not'";
    case tok::kw_and: return "'and'";
    case tok::kw_or: return "'or'";
    case tok::kw_true: return "'true'";
    case tok::kw_false: return "'false'";
    case tok::kw_include: return "'include'";
    case tok::kw_module: return "'module'";
    case tok::kw_exports: return "'exports'";
    case tok::kw_endmodule: return "'endmodule'";
    case tok::kw_instance: return "'instance'";
    case tok::kw_print: return "'print'";
    case tok::kw_timed: return "'Timed'";
    case tok::lparen: return "'('";
    case tok::rparen: return "')'";
    case tok::lbrace: return "'{'";
    case tok::rbrace: return "'}'";
    case tok::lclosure: return "'{|'";
    case tok::rclosure: return "'|}'";
    case tok::lmap: return "'(|'";
    case tok::rmap: return "'|)'";
    case tok::lrename: return "'[['";
    case tok::rrename: return "']]'";
    case tok::lsync: return "'[|'";
    case tok::rsync: return "'|]'";
    case tok::lsquare: return "'['";
    case tok::rsquare: return "']'";
    case tok::seq_open: return "'<'";
    case tok::seq_close: return "'>'";
    case tok::empty_seq: return "'<>'";
    case tok::lsyncext: return "'[+'";
    case tok::rsyncext: return "'+]'";
    case tok::lsyncint: return "'/+'";
    case tok::rsyncint: return "'+\\'";
    case tok::ext_choice: return "'[]'";
    case tok::int_choice: return "'|~|'";
    case tok::interleave: return "'|||'";
    case tok::interrupt: return "'/\\'";
    case tok::arrow: return "'->'";
    case tok::sliding: return "'[>'";
    case tok::exception_end: return "'|>'";
    case tok::alpha_bar: return "'||'";
    case tok::semicolon: return "';'";
    case tok::guard: return "'&'";
    case tok::project: return "'|\\'";
    case tok::eq: return "'=='";
    case tok::neq: return "'!='";
    case tok::lt: return "'<'";
    case tok::gt: return "'>'";
    case tok::le: return "'<='";
    case tok::ge: return "'>='";
    case tok::plus: return "'+'";
    case tok::minus: return "'-'";
    case tok::times: return "'*'";
    case tok::divide: return "'/'";
    case tok::mod: return "'%'";
    case tok::concat: return "'^'";
    case tok::hash: return "'#'";
    case tok::comma: return "','";
    case tok::dotdot: return "'..'";
    case tok::dot: return "'.'";
    case tok::question: return "'?'";
    case tok::bang: return "'!'";
    case tok::dollar: return "'$'";
    case tok::drawn: return "'<-'";
    case tok::tie: return "'<->'";
    case tok::colon: return "':'";
    case tok::scope: return "'::'";
    case tok::double_at: return "'@@'";
    case tok::at: return "'@'";
    case tok::backslash: return "'\\'";
    case tok::equals: return "'='";
    case tok::pipe: return "'|'";
    case tok::wildcard: return "'_'";
    case tok::yields: return "'=>'";
    case tok::yields_star: return "'=>*'";
    case tok::count_: break;
    }
    return "a token";
}

bool ends_operand(tok kind) noexcept {
    switch (kind) {
    case tok::ident: case tok::integer: case tok::string: case tok::character:
    case tok::kw_true: case tok::kw_false: case tok::rparen: case tok::rbrace:
    case tok::rclosure: case tok::rmap: case tok::rrename: case tok::seq_close:
    case tok::empty_seq: case tok::wildcard:
        return true;
    default:
        return false;
    }
}

}  // namespace cspgate::syntax
