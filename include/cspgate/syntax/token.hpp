#pragma once
/// \file
/// The tokens of CSPM, as the lexer hands them to the grammar.

#include "cspgate/base/source.hpp"

#include <cstdint>
#include <string_view>

namespace cspgate::syntax {

/// Token kinds.  The lexer has already applied FDR's layout rule, so a
/// `newline` token only ever separates two declarations, and the `<` / `>`
/// of a sequence are told apart from the comparison operators.
enum class tok : std::uint8_t {
    eof,
    newline,
    error,     ///< text the lexer could not read (already reported)
    ident,
    integer,
    string,
    character,
    property,  ///< `:[ … ]` of an assertion; the text between the brackets
    refines,   ///< `[T=`, `[F=`, `[FD=`, `[R=`, `[RD=`, `[V=`, `[VD=`
    // keywords
    kw_if, kw_then, kw_else, kw_let, kw_within, kw_channel, kw_datatype, kw_subtype,
    kw_nametype, kw_external, kw_transparent, kw_assert, kw_not, kw_and, kw_or, kw_true,
    kw_false, kw_include, kw_module, kw_exports, kw_endmodule, kw_instance, kw_print,
    kw_timed,
    // brackets
    lparen, rparen,             // ( )
    lbrace, rbrace,             // { }
    lclosure, rclosure,         // {| |}
    lmap, rmap,                 // (| |)
    lrename, rrename,           // [[ ]]
    lsync, rsync,               // [| |]
    lsquare, rsquare,           // [ ]
    seq_open, seq_close,        // < > of a sequence
    empty_seq,                  // <>
    lsyncext, rsyncext,         // [+ +]
    lsyncint, rsyncint,         // /+ +\ (the closing one spelt "+\")
    // process operators
    ext_choice,     // []
    int_choice,     // |~|
    interleave,     // |||
    interrupt,      // /\ (spelt with a backslash)
    arrow,          // ->
    sliding,        // [>
    exception_end,  // |>
    alpha_bar,      // ||
    semicolon,      // ;
    guard,          // &
    project,        // |\ (spelt with a backslash)
    // expression operators
    eq, neq, lt, gt, le, ge,
    plus, minus, times, divide, mod,
    concat,  // ^
    hash,    // #
    // punctuation
    comma, dotdot, dot, question, bang, dollar,
    drawn,       // <-
    tie,         // <->
    colon,       // :
    scope,       // ::
    double_at,   // @@
    at,          // @
    backslash,   // \ (lambda and hiding)
    equals,      // =
    pipe,        // |
    wildcard,    // _
    yields,      // =>
    yields_star, // =>*
    count_
};

/// One token: its kind and where it lies in its file.
struct token {
    tok kind = tok::eof;
    /// For `refines`: the semantic model, an index into `semantic_model_names`.
    std::uint8_t model = 0;
    base::span where;
};

/// A description of a token kind for diagnostics, e.g. "'->'" or "an identifier".
std::string_view describe(tok kind) noexcept;

/// True when a token of this kind can end an operand, so that a following
/// `<` is "less than" rather than the start of a sequence.
bool ends_operand(tok kind) noexcept;

}  // namespace cspgate::syntax
