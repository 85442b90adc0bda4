// The CSPM lexer.  It follows libcspm's lexer (the front end FDR3 and FDR4
// use): the same tokens, nested `{- -}` comments, `--` line comments, and the
// same newline-soaking table, so that a file FDR accepts is split into
// declarations exactly as FDR splits it.  See lexer.hpp for the layout rule.

#include "cspgate/syntax/lexer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <string_view>

namespace cspgate::syntax {
namespace {

enum class bracket : std::uint8_t {
    paren, brace, closure, map, rename, sync, square, seq, syncext, syncint,
    block_let, block_timed
};

bool is_block(bracket b) { return b == bracket::block_let || b == bracket::block_timed; }

struct keyword { std::string_view text; tok kind; };
constexpr std::array keywords{
    keyword{"if", tok::kw_if}, keyword{"then", tok::kw_then}, keyword{"else", tok::kw_else},
    keyword{"let", tok::kw_let}, keyword{"within", tok::kw_within},
    keyword{"channel", tok::kw_channel}, keyword{"datatype", tok::kw_datatype},
    keyword{"subtype", tok::kw_subtype}, keyword{"nametype", tok::kw_nametype},
    keyword{"external", tok::kw_external}, keyword{"transparent", tok::kw_transparent},
    keyword{"assert", tok::kw_assert}, keyword{"not", tok::kw_not}, keyword{"and", tok::kw_and},
    keyword{"or", tok::kw_or}, keyword{"true", tok::kw_true}, keyword{"false", tok::kw_false},
    keyword{"include", tok::kw_include}, keyword{"module", tok::kw_module},
    keyword{"exports", tok::kw_exports}, keyword{"endmodule", tok::kw_endmodule},
    keyword{"instance", tok::kw_instance}, keyword{"print", tok::kw_print},
    keyword{"Timed", tok::kw_timed},
};

/// The keyword spelt by `word`, or `ident`.  Keywords are told apart by
/// their first letter and length before any comparison of text, since this
/// runs for every name in the file.
tok keyword_of(std::string_view word) {
    static const auto table = [] {
        // For each first byte, the keywords that start with it.
        std::array<std::vector<keyword>, 128> t{};
        for (const auto& k : keywords) t[static_cast<unsigned char>(k.text[0])].push_back(k);
        return t;
    }();
    auto first = static_cast<unsigned char>(word[0]);
    if (first >= 128 || word.size() > 11) return tok::ident;
    for (const auto& k : table[first])
        if (k.text.size() == word.size() && k.text == word) return k.kind;
    return tok::ident;
}

/// Tokens after which a newline never ends a declaration (libcspm: `tok@nl`).
bool soaks_after(tok k) {
    switch (k) {
    case tok::ident: case tok::integer: case tok::string: case tok::character:
    case tok::kw_true: case tok::kw_false: case tok::rparen: case tok::rbrace:
    case tok::rclosure: case tok::rmap: case tok::rrename: case tok::seq_close:
    case tok::empty_seq: case tok::newline: case tok::eof: case tok::kw_include: case tok::error:
    case tok::kw_module: case tok::kw_exports: case tok::kw_endmodule: case tok::kw_instance:
    case tok::property:
        return false;
    default:
        return true;
    }
}

/// Tokens before which a newline never ends a declaration (libcspm: `@nl tok`):
/// everything that cannot begin a declaration or an operand.
bool soaks_before(tok k) {
    switch (k) {
    case tok::ident: case tok::error: case tok::lparen: case tok::lbrace: case tok::lclosure: case tok::lmap:
    case tok::minus: case tok::hash: case tok::seq_open: case tok::lt: case tok::empty_seq:
    case tok::string: case tok::character: case tok::kw_channel: case tok::kw_assert:
    case tok::kw_datatype: case tok::kw_subtype: case tok::kw_nametype: case tok::kw_external:
    case tok::kw_transparent: case tok::kw_include: case tok::kw_module: case tok::kw_exports:
    case tok::kw_endmodule: case tok::kw_instance: case tok::kw_print: case tok::kw_timed:
    case tok::newline: case tok::eof:
        return false;
    default:
        return true;
    }
}

// Character classes by table: the lexer's inner loops test one byte at a time.
enum : std::uint8_t { letter = 1, digit = 2, underscore = 4, blank = 8 };
constexpr std::array<std::uint8_t, 256> char_classes = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = letter;
    for (int c = 'a'; c <= 'z'; ++c) t[c] = letter;
    for (int c = '0'; c <= '9'; ++c) t[c] = digit;
    t['_'] = underscore;
    t[' '] = t['\t'] = t['\f'] = t['\v'] = blank;
    return t;
}();
inline std::uint8_t char_class(char c) { return char_classes[static_cast<unsigned char>(c)]; }
bool is_ident_start(char c) { return char_class(c) & letter; }
bool is_ident_char(char c) { return char_class(c) & (letter | digit | underscore); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class lexer {
public:
    lexer(const base::source_file& file, base::file_id id, base::diagnostics& sink)
        : m_text(file.text()), m_id(id), m_sink(sink) {}

    std::vector<token> run();

private:
    // Scanning of raw text.
    void skip_space();
    bool skip_block_comment();
    void scan_token();
    void scan_string(char quote);
    void scan_property();
    void scan_symbol();
    void emit(tok kind, std::uint32_t begin, std::uint32_t end, std::uint8_t model = 0);
    void error(std::uint32_t begin, std::uint32_t end, std::string message);

    // Brackets.
    void push(bracket b, std::uint32_t at);
    bool pop_to(bracket b);
    bool innermost_is(bracket b) const { return !m_stack.empty() && m_stack.back() == b; }
    bool nearest_bracket_is(bracket b) const;
    bool inside_plain_brackets() const { return !m_stack.empty() && !is_block(m_stack.back()); }

    char at(std::size_t i) const { return i < m_text.size() ? m_text[i] : '\0'; }
    bool starts(std::string_view s) const {
        if (m_text.size() - m_pos < s.size()) return false;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (m_text[m_pos + i] != s[i]) return false;
        return true;
    }
    tok previous() const { return m_out.empty() ? tok::newline : m_out.back().kind; }

    std::string_view m_text;
    base::file_id m_id;
    base::diagnostics& m_sink;
    std::size_t m_pos = 0;
    bool m_newline_pending = false;
    bool m_timed_pending = false;
    std::vector<bracket> m_stack;
    std::vector<token> m_out;
};

void lexer::error(std::uint32_t begin, std::uint32_t end, std::string message) {
    m_sink.error(base::span{m_id, begin, end}, std::move(message));
}

bool lexer::nearest_bracket_is(bracket b) const {
    for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
        if (*it == b) return true;
        if (is_block(*it) && !is_block(b)) return false;
    }
    return false;
}

// The bracket stack lives on the heap, so any nesting is safe here; the
// parser bounds its own recursion (nesting_too_deep).
void lexer::push(bracket b, std::uint32_t) { m_stack.push_back(b); }

bool lexer::pop_to(bracket b) {
    for (std::size_t i = m_stack.size(); i-- > 0;) {
        if (m_stack[i] == b) {
            m_stack.resize(i);
            return true;
        }
    }
    return false;
}

// Whitespace and comments.  A newline seen here is remembered so that the next
// token can decide, by the layout rule, whether it starts a new declaration.
void lexer::skip_space() {
    while (m_pos < m_text.size()) {
        char c = m_text[m_pos];
        if (c == '\n' || c == '\r') {
            m_newline_pending = true;
            ++m_pos;
        } else if (char_class(c) & blank) {
            ++m_pos;
            while (m_pos < m_text.size() && (char_class(m_text[m_pos]) & blank)) ++m_pos;
        } else if (c == '-' && at(m_pos + 1) == '-') {
            while (m_pos < m_text.size() && m_text[m_pos] != '\n' && m_text[m_pos] != '\r') ++m_pos;
        } else if (c == '{' && at(m_pos + 1) == '-') {
            if (!skip_block_comment()) return;
        } else {
            return;
        }
    }
}

// `{- … -}` comments nest.  Newlines inside count as newlines.
bool lexer::skip_block_comment() {
    std::size_t start = m_pos;
    std::size_t depth = 0;
    while (m_pos < m_text.size()) {
        if (m_text[m_pos] == '{' && at(m_pos + 1) == '-') {
            ++depth;
            m_pos += 2;
        } else if (m_text[m_pos] == '-' && at(m_pos + 1) == '}') {
            m_pos += 2;
            if (--depth == 0) return true;
        } else {
            if (m_text[m_pos] == '\n') m_newline_pending = true;
            ++m_pos;
        }
    }
    error(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + 2),
          "unterminated comment: '{-' has no matching '-}'");
    return false;
}

// Emits a token, first deciding by the layout rule whether a newline token
// separates it from the previous one, and telling `<` and `>` of sequences
// apart from the comparison operators.
void lexer::emit(tok kind, std::uint32_t begin, std::uint32_t end, std::uint8_t model) {
    if (m_newline_pending) {
        m_newline_pending = false;
        tok prev = previous();
        if (!m_out.empty() && prev != tok::newline && !inside_plain_brackets() && !soaks_after(prev) &&
            !soaks_before(kind) && kind != tok::eof)
        {
            // The newline is placed at the end of the line it ends, so that
            // "expected …, found end of line" points there.
            std::uint32_t at_end = m_out.back().where.end;
            m_out.push_back(token{tok::newline, 0, base::span{m_id, at_end, at_end}});
        }
    }
    if (kind == tok::lt && !ends_operand(previous())) kind = tok::seq_open;
    if (kind == tok::gt && innermost_is(bracket::seq)) kind = tok::seq_close;
    if (kind == tok::ge && innermost_is(bracket::seq)) {
        // `<x>=…` is a sequence followed by `=`; FDR lexes it the same way only
        // with a space, so we split here to match the common reading.
        kind = tok::seq_close;
        m_stack.pop_back();
        m_out.push_back(token{kind, 0, base::span{m_id, begin, begin + 1}});
        m_out.push_back(token{tok::equals, 0, base::span{m_id, begin + 1, end}});
        return;
    }
    switch (kind) {
    case tok::lparen: push(bracket::paren, begin); break;
    case tok::rparen: pop_to(bracket::paren); break;
    case tok::lbrace: push(m_timed_pending ? bracket::block_timed : bracket::brace, begin); m_timed_pending = false; break;
    case tok::rbrace: if (!pop_to(bracket::brace)) pop_to(bracket::block_timed); break;
    case tok::lclosure: push(bracket::closure, begin); break;
    case tok::rclosure: pop_to(bracket::closure); break;
    case tok::lmap: push(bracket::map, begin); break;
    case tok::rmap: pop_to(bracket::map); break;
    case tok::lrename: push(bracket::rename, begin); break;
    case tok::rrename: pop_to(bracket::rename); break;
    case tok::lsync: push(bracket::sync, begin); break;
    case tok::rsync: case tok::exception_end: if (innermost_is(bracket::sync)) m_stack.pop_back(); break;
    case tok::lsquare: push(bracket::square, begin); break;
    case tok::rsquare: pop_to(bracket::square); break;
    case tok::seq_open: push(bracket::seq, begin); break;
    case tok::seq_close: m_stack.pop_back(); break;
    case tok::lsyncext: push(bracket::syncext, begin); break;
    case tok::rsyncext: pop_to(bracket::syncext); break;
    case tok::lsyncint: push(bracket::syncint, begin); break;
    case tok::rsyncint: pop_to(bracket::syncint); break;
    case tok::kw_let: push(bracket::block_let, begin); break;
    case tok::kw_within: pop_to(bracket::block_let); break;
    case tok::kw_timed: m_timed_pending = true; break;
    default: break;
    }
    m_out.push_back(token{kind, model, base::span{m_id, begin, end}});
}

void lexer::scan_string(char quote) {
    auto begin = static_cast<std::uint32_t>(m_pos);
    ++m_pos;
    while (m_pos < m_text.size()) {
        char c = m_text[m_pos];
        if (c == '\\' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] != '\n') {
            m_pos += 2;
        } else if (c == quote) {
            ++m_pos;
            auto end = static_cast<std::uint32_t>(m_pos);
            if (quote == '\'' && !(end - begin == 3 || (end - begin == 4 && m_text[begin + 1] == '\\'))) {
                // A multi-byte UTF-8 character is still one character.
                std::string_view body = m_text.substr(begin + 1, end - begin - 2);
                bool one_utf8 = !body.empty() && static_cast<unsigned char>(body[0]) >= 0xC0 &&
                                body.size() <= 4;
                for (std::size_t i = 1; one_utf8 && i < body.size(); ++i)
                    one_utf8 = (static_cast<unsigned char>(body[i]) & 0xC0) == 0x80;
                if (!one_utf8) error(begin, end, "a character literal holds exactly one character");
            }
            emit(quote == '"' ? tok::string : tok::character, begin, end);
            return;
        } else if (c == '\n' || c == '\r') {
            break;
        } else {
            ++m_pos;
        }
    }
    error(begin, begin + 1,
          quote == '"' ? "unterminated string: missing closing '\"' on this line"
                       : "unterminated character literal: missing closing \"'\"");
    emit(tok::error, begin, static_cast<std::uint32_t>(m_pos));
}

// `:[ … ]` with the property words inside; nested `[X]` (a semantic model or a
// reduction mode) is part of it.
void lexer::scan_property() {
    auto begin = static_cast<std::uint32_t>(m_pos);
    m_pos += 2;
    int depth = 1;
    while (m_pos < m_text.size() && depth > 0) {
        char c = m_text[m_pos];
        if (c == '[') ++depth;
        else if (c == ']') --depth;
        else if (!(is_ident_char(c) || c == ' ' || c == '\t' || c == '-' || c == '\n' || c == '\r')) break;
        ++m_pos;
    }
    if (depth != 0) {
        error(begin, begin + 2, "unterminated property: ':[' has no matching ']'");
        return;
    }
    emit(tok::property, begin, static_cast<std::uint32_t>(m_pos));
}

struct symbol { std::string_view text; tok kind; std::uint8_t model = 0; };

// Longest match first; this table is searched in order.
constexpr std::array symbols{
    symbol{"[FD=", tok::refines, 2}, symbol{"[VD=", tok::refines, 4}, symbol{"[RD=", tok::refines, 6},
    symbol{"[T=", tok::refines, 0}, symbol{"[F=", tok::refines, 1}, symbol{"[V=", tok::refines, 3},
    symbol{"[R=", tok::refines, 5},
    symbol{"|~|", tok::int_choice}, symbol{"|||", tok::interleave}, symbol{"<->", tok::tie},
    symbol{"=>*", tok::yields_star},
    symbol{"[]", tok::ext_choice}, symbol{"[>", tok::sliding}, symbol{"[|", tok::lsync},
    symbol{"[[", tok::lrename}, symbol{"[+", tok::lsyncext}, symbol{"/\\", tok::interrupt},
    symbol{"/+", tok::lsyncint}, symbol{"+]", tok::rsyncext}, symbol{"+\\", tok::rsyncint},
    symbol{"->", tok::arrow}, symbol{"<-", tok::drawn}, symbol{"|>", tok::exception_end},
    symbol{"|]", tok::rsync}, symbol{"|}", tok::rclosure}, symbol{"|)", tok::rmap},
    symbol{"||", tok::alpha_bar}, symbol{"|\\", tok::project}, symbol{"{|", tok::lclosure},
    symbol{"==", tok::eq}, symbol{"!=", tok::neq}, symbol{"<=", tok::le}, symbol{">=", tok::ge},
    symbol{"=>", tok::yields}, symbol{"..", tok::dotdot}, symbol{"::", tok::scope},
    symbol{"@@", tok::double_at},
    symbol{"(", tok::lparen}, symbol{")", tok::rparen}, symbol{"{", tok::lbrace}, symbol{"}", tok::rbrace},
    symbol{"[", tok::lsquare}, symbol{"]", tok::rsquare}, symbol{"<", tok::lt}, symbol{">", tok::gt},
    symbol{";", tok::semicolon}, symbol{"&", tok::guard}, symbol{"+", tok::plus}, symbol{"-", tok::minus},
    symbol{"*", tok::times}, symbol{"/", tok::divide}, symbol{"%", tok::mod}, symbol{"^", tok::concat},
    symbol{"#", tok::hash}, symbol{",", tok::comma}, symbol{".", tok::dot}, symbol{"?", tok::question},
    symbol{"!", tok::bang}, symbol{"$", tok::dollar}, symbol{":", tok::colon}, symbol{"@", tok::at},
    symbol{"\\", tok::backslash}, symbol{"=", tok::equals}, symbol{"|", tok::pipe},
};

void lexer::scan_symbol() {
    auto begin = static_cast<std::uint32_t>(m_pos);
    char c = m_text[m_pos];
    // `<` followed only by blanks and `>` is the empty sequence.
    if (c == '<') {
        std::size_t i = m_pos + 1;
        while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '\t' || m_text[i] == '\n' || m_text[i] == '\r')) ++i;
        if (at(i) == '>' && at(i + 1) != '=') {
            m_pos = i + 1;
            emit(tok::empty_seq, begin, static_cast<std::uint32_t>(m_pos));
            return;
        }
    }
    if (c == ':' && at(m_pos + 1) == '[') {
        scan_property();
        return;
    }
    // `(|` opens a map, but `(||| …`, `(|| …` and `(|~| …` open a parenthesis
    // around a replicated operator; `(||)` is the empty map.
    if (c == '(' && at(m_pos + 1) == '|') {
        char n = at(m_pos + 2);
        bool map = (n != '|' && n != '~') || (n == '|' && at(m_pos + 3) == ')');
        m_pos += map ? 2 : 1;
        emit(map ? tok::lmap : tok::lparen, begin, static_cast<std::uint32_t>(m_pos));
        return;
    }
    // `]]` closes a renaming only when one is open; otherwise it is two `]`.
    if (c == ']' && at(m_pos + 1) == ']' && !nearest_bracket_is(bracket::rename)) {
        ++m_pos;
        emit(tok::rsquare, begin, begin + 1);
        return;
    }
    if (c == ']' && at(m_pos + 1) == ']') {
        m_pos += 2;
        emit(tok::rrename, begin, begin + 2);
        return;
    }
    // `[X=` with letters that name no semantic model is a misspelt refinement.
    if (c == '[' && at(m_pos + 1) >= 'A' && at(m_pos + 1) <= 'Z') {
        std::size_t i = m_pos + 1;
        while (at(i) >= 'A' && at(i) <= 'Z') ++i;
        std::string_view letters = m_text.substr(m_pos + 1, i - m_pos - 1);
        static constexpr std::string_view models[] = {"T", "F", "FD", "R", "RD", "V", "VD"};
        bool known = std::find(std::begin(models), std::end(models), letters) != std::end(models);
        if (at(i) == '=' && at(i + 1) != '=' && !known) {
            m_pos = i + 1;
            error(begin, static_cast<std::uint32_t>(m_pos),
                  "unknown refinement '[" + std::string(letters) + "='; expected [T=, [F=, [FD=, [R=, [RD=, [V= or [VD=");
            emit(tok::error, begin, static_cast<std::uint32_t>(m_pos));
            return;
        }
    }
    // The common symbols by a switch on their characters; the rest (those
    // starting with [ | < > / \\ ( ]) by the table below.
    auto take = [&](tok kind, std::uint32_t length) {
        m_pos += length;
        emit(kind, begin, begin + length);
    };
    char n = at(m_pos + 1);
    switch (c) {
    case '(': return take(tok::lparen, 1);
    case ')': return take(tok::rparen, 1);
    case '}': return take(tok::rbrace, 1);
    case ',': return take(tok::comma, 1);
    case ';': return take(tok::semicolon, 1);
    case '^': return take(tok::concat, 1);
    case '#': return take(tok::hash, 1);
    case '&': return take(tok::guard, 1);
    case '%': return take(tok::mod, 1);
    case '*': return take(tok::times, 1);
    case '?': return take(tok::question, 1);
    case '$': return take(tok::dollar, 1);
    case '!': return n == '=' ? take(tok::neq, 2) : take(tok::bang, 1);
    case '.': return n == '.' ? take(tok::dotdot, 2) : take(tok::dot, 1);
    case '@': return n == '@' ? take(tok::double_at, 2) : take(tok::at, 1);
    case '-': return n == '>' ? take(tok::arrow, 2) : take(tok::minus, 1);
    case ':': return n == ':' ? take(tok::scope, 2) : take(tok::colon, 1);
    case '{': return n == '|' ? take(tok::lclosure, 2) : take(tok::lbrace, 1);
    case '+':
        if (n == ']') return take(tok::rsyncext, 2);
        if (n == '\\') return take(tok::rsyncint, 2);
        return take(tok::plus, 1);
    case '=':
        if (n == '=') return take(tok::eq, 2);
        if (n == '>') return at(m_pos + 2) == '*' ? take(tok::yields_star, 3) : take(tok::yields, 2);
        return take(tok::equals, 1);
    default:
        break;
    }
    // Only the symbols that start with this character are tried, longest first.
    static const auto by_first = [] {
        std::array<std::vector<const symbol*>, 128> table{};
        for (const auto& s : symbols) table[static_cast<unsigned char>(s.text[0])].push_back(&s);
        return table;
    }();
    if (static_cast<unsigned char>(c) < 128) {
        for (const symbol* s : by_first[static_cast<unsigned char>(c)]) {
            if (starts(s->text)) {
                m_pos += s->text.size();
                emit(s->kind, begin, static_cast<std::uint32_t>(m_pos), s->model);
                return;
            }
        }
    }
    // Not a symbol of CSPM.  Skip one UTF-8 sequence so that the message
    // names the whole character.
    std::size_t len = 1;
    auto u = static_cast<unsigned char>(c);
    if (u >= 0xC0) {
        while (len < 4 && (static_cast<unsigned char>(at(m_pos + len)) & 0xC0) == 0x80) ++len;
    }
    std::string shown;
    if (u >= 0x20 && u < 0x7F) {
        shown = std::string("'") + c + "'";
    } else if (u >= 0xC0 && len > 1) {
        shown = "'" + std::string(m_text.substr(m_pos, len)) + "'";
    } else {
        static const char* hex = "0123456789ABCDEF";
        shown = std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
    }
    m_pos += len;
    error(begin, static_cast<std::uint32_t>(m_pos), "unexpected character " + shown + " in CSPM text");
    emit(tok::error, begin, static_cast<std::uint32_t>(m_pos));
}

void lexer::scan_token() {
    char c = m_text[m_pos];
    auto begin = static_cast<std::uint32_t>(m_pos);
    if (is_ident_start(c)) {
        while (m_pos < m_text.size() && is_ident_char(m_text[m_pos])) ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] == '\'') ++m_pos;
        std::string_view word = m_text.substr(begin, m_pos - begin);
        tok kind = keyword_of(word);
        emit(kind, begin, static_cast<std::uint32_t>(m_pos));
    } else if (is_digit(c)) {
        while (m_pos < m_text.size() && is_digit(m_text[m_pos])) ++m_pos;
        emit(tok::integer, begin, static_cast<std::uint32_t>(m_pos));
    } else if (c == '_' && !is_ident_char(at(m_pos + 1))) {
        ++m_pos;
        emit(tok::wildcard, begin, begin + 1);
    } else if (c == '"' || c == '\'') {
        scan_string(c);
    } else {
        scan_symbol();
    }
}

std::vector<token> lexer::run() {
    if (m_text.size() >= 3 && m_text.substr(0, 3) == "\xEF\xBB\xBF") m_pos = 3;  // UTF-8 byte order mark
    m_out.reserve(m_text.size() / 4 + 16);
    while (true) {
        skip_space();
        if (m_pos >= m_text.size()) break;
        if (m_sink.limit_reached()) break;
        scan_token();
    }
    m_newline_pending = false;
    // End of file is placed just after the last token, not after trailing
    // blank lines or comments.
    auto end = m_out.empty() ? std::uint32_t{0} : m_out.back().where.end;
    m_out.push_back(token{tok::eof, 0, base::span{m_id, end, end}});
    return std::move(m_out);
}

}  // namespace

std::vector<token> lex(const base::source_file& file, base::file_id id, base::diagnostics& sink,
                       const base::limits& lim) {
    if (file.text().size() >= (std::size_t{1} << 31)) {
        sink.error(base::span{id, 0, 0}, "file too large (2 GiB or more)");
        return {token{tok::eof, 0, base::span{id, 0, 0}}};
    }
    // The lexer keeps its bracket stack on the heap; it needs no limit of its
    // own (the parser bounds nesting).
    (void)lim;
    return lexer(file, id, sink).run();
}

}  // namespace cspgate::syntax
