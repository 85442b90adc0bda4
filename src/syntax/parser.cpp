// The parse driver: lexes a file, runs the declaration grammar once per
// declaration, recovers at declaration boundaries, and reads included files.

#include "cspgate/syntax/parser.hpp"

#include "builder.hpp"
#include "check.hpp"
#include "config.hpp"
#include "declaration.hpp"
#include "expression.hpp"
#include "tokens.hpp"
#include "cspgate/base/large_stack.hpp"
#include "cspgate/syntax/lexer.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cspgate::syntax {
namespace {

namespace fs = std::filesystem;

std::string found(const base::source_file& file, const token& t) {
    switch (t.kind) {
    case tok::ident: case tok::integer:
        return "'" + std::string(file.text().substr(t.where.begin, t.where.end - t.where.begin)) + "'";
    default:
        return std::string(describe(t.kind));
    }
}

bool is_closing(tok k) {
    switch (k) {
    case tok::rparen: case tok::rbrace: case tok::rclosure: case tok::rmap: case tok::rrename:
    case tok::rsync: case tok::rsquare: case tok::rsyncext: case tok::rsyncint:
        return true;
    default:
        return false;
    }
}

class driver {
public:
    driver(base::source_manager& sources, base::diagnostics& sink, const base::limits& lim)
        : m_sources(sources), m_sink(sink), m_limits(lim) {}

    ast::script run(base::file_id root) {
        m_script.root = root;
        m_open.push_back(key_of(m_sources.file(root).name()));
        m_script.top = parse_source(root);
        if (!m_sink.limit_reached()) check_script(m_script, m_sink, m_limits);
        return std::move(m_script);
    }

    /// Reads a file into the source manager; false (with a diagnostic) if it cannot.
    static bool read(base::source_manager& sources, base::diagnostics& sink, const base::limits& lim,
                     const std::string& path, base::file_id& id, const base::span* from) {
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        auto fail = [&](const std::string& message) {
            if (from) sink.error(*from, message);
            else sink.error_without_location(message);
            return false;
        };
        if (ec) return fail("cannot open '" + path + "': " + ec.message());
        if (fs::is_directory(path, ec)) return fail("cannot read '" + path + "': it is a directory");
        if (size > lim.max_file_bytes)
            return fail("'" + path + "' is too large (" + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(lim.max_file_bytes) + ")");
        std::ifstream in(path, std::ios::binary);
        if (!in) return fail("cannot open '" + path + "'");
        std::ostringstream text;
        text << in.rdbuf();
        id = sources.add(path, std::move(text).str());
        return true;
    }

private:
    static std::string key_of(const std::string& path) {
        std::error_code ec;
        auto canonical = fs::weakly_canonical(path, ec);
        return ec ? path : canonical.string();
    }

    std::vector<ast::decl_id> parse_source(base::file_id id);
    void load_includes(grammar::builder& b, base::file_id from);
    void report_expected(const base::source_file& file, const token& where, const std::string& what) {
        // The lexer has already reported the text it could not read.
        if (where.kind == tok::error) return;
        m_sink.error(where.where, "expected " + what + ", found " + found(file, where));
    }

    base::source_manager& m_sources;
    base::diagnostics& m_sink;
    const base::limits& m_limits;
    ast::script m_script;
    std::vector<std::string> m_open;  // the include chain, for cycle detection
};

std::vector<ast::decl_id> driver::parse_source(base::file_id id) {
    namespace x3 = boost::spirit::x3;
    const base::source_file& file = m_sources.file(id);
    std::vector<token> tokens = lex(file, id, m_sink, m_limits);
    // Reserving by the token count (an upper bound on the nodes the file can
    // add) saves the copies of regrowing; pages that are never written cost
    // no memory.
    m_script.exprs.reserve(m_script.exprs.size() + tokens.size());
    m_script.decls.reserve(m_script.decls.size() + tokens.size() / 4 + 16);
    grammar::builder b(m_script, m_sink, m_limits, file.text(), tokens.data());
    const token* it = tokens.data();
    const token* const end = tokens.data() + tokens.size();
    std::vector<ast::decl_id> decls;
    auto skip_newlines = [&] {
        while (it->kind == tok::newline) ++it;
    };
    skip_newlines();
    while (it->kind != tok::eof && !m_sink.limit_reached()) {
        const token* start = it;
        const auto first_expr = static_cast<ast::expr_id>(m_script.exprs.size());
        ast::decl_id d = ast::none;
        bool ok = false;
        b.depth() = 0;
        b.reset_stacks();
        b.pending_includes().clear();
        try {
            ok = x3::parse(it, end, x3::with<grammar::builder_tag>(b)[grammar::declaration()], d);
            if (!ok) report_expected(file, *it, "a declaration");
            else if (it->kind != tok::newline && it->kind != tok::eof) {
                if (is_closing(it->kind))
                    m_sink.error(it->where, "unmatched " + std::string(describe(it->kind)));
                else
                    report_expected(file, *it, "an operator or the end of the declaration");
                ok = false;
            }
        } catch (const x3::expectation_failure<const token*>& e) {
            report_expected(file, *e.where(), e.which());
            it = e.where();
        } catch (const grammar::nesting_too_deep& e) {
            m_sink.error(e.where->where, "expression nested too deeply (more than " +
                                              std::to_string(m_limits.max_nesting) + " levels)");
            it = e.where;
        }
        const auto last_expr = static_cast<ast::expr_id>(m_script.exprs.size());
        if (ok && last_expr - first_expr > m_limits.max_tree_depth &&
            !check_depth(m_script, m_sink, m_limits.max_tree_depth, first_expr, last_expr))
            ok = false;
        if (ok) {
            decls.push_back(d);
            load_includes(b, id);
        } else {
            // Recover at the next declaration boundary; a module is skipped whole.
            if (start->kind == tok::kw_module) {
                while (it->kind != tok::eof && it->kind != tok::kw_endmodule) ++it;
            }
            if (it == start && it->kind != tok::eof) ++it;
            while (it->kind != tok::newline && it->kind != tok::eof) ++it;
        }
        skip_newlines();
    }
    b.merge_clauses(decls);
    return decls;
}

void driver::load_includes(grammar::builder& b, base::file_id from) {
    std::vector<ast::decl_id> pending = std::move(b.pending_includes());
    b.pending_includes().clear();
    for (ast::decl_id id : pending) {
        auto path = std::get<ast::include_declaration>(m_script.decls[id].node).path;
        base::span where = m_script.decls[id].where;
        fs::path full = fs::path(m_sources.file(from).name()).parent_path() / path;
        std::string key = key_of(full.string());
        if (std::find(m_open.begin(), m_open.end(), key) != m_open.end()) {
            m_sink.error(where, "include cycle: '" + path + "' is already being read");
            continue;
        }
        if (m_open.size() > m_limits.max_include_depth) {
            m_sink.error(where, "includes nested too deeply (more than " + std::to_string(m_limits.max_include_depth) + ")");
            continue;
        }
        base::file_id file = 0;
        if (!read(m_sources, m_sink, m_limits, full.string(), file, &where)) continue;
        m_open.push_back(key);
        std::vector<ast::decl_id> inner = parse_source(file);
        m_open.pop_back();
        auto& inc = std::get<ast::include_declaration>(m_script.decls[id].node);
        inc.file = file;
        inc.loaded = true;
        inc.declarations = std::move(inner);
    }
}

}  // namespace

// The grammar recurses as deep as the input nests (up to lim.max_nesting),
// which needs more than an ordinary thread's stack: parsing runs on a large
// stack whoever calls it.
ast::script parse_file(base::source_manager& sources, const std::string& path, base::diagnostics& sink,
                       const base::limits& lim) {
    base::file_id id = 0;
    if (!driver::read(sources, sink, lim, path, id, nullptr)) return ast::script{};
    ast::script result;
    base::with_large_stack([&] { result = driver(sources, sink, lim).run(id); });
    return result;
}

ast::script parse_text(base::source_manager& sources, std::string name, std::string text, base::diagnostics& sink,
                       const base::limits& lim) {
    base::file_id id = sources.add(std::move(name), std::move(text));
    ast::script result;
    base::with_large_stack([&] { result = driver(sources, sink, lim).run(id); });
    return result;
}

ast::expr_id parse_expression(ast::script& script, base::source_manager& sources, std::string name, std::string text,
                              base::diagnostics& sink, const base::limits& lim) {
    namespace x3 = boost::spirit::x3;
    base::file_id id = sources.add(std::move(name), std::move(text));
    ast::expr_id result = ast::none;
    base::with_large_stack([&] {
        const base::source_file& file = sources.file(id);
        std::vector<token> tokens = lex(file, id, sink, lim);
        if (sink.has_errors()) return;
        grammar::builder b(script, sink, lim, file.text(), tokens.data());
        const token* it = tokens.data();
        const token* end = tokens.data() + tokens.size();
        while (it->kind == tok::newline) ++it;
        try {
            ast::expr_id e = ast::none;
            bool ok = x3::parse(it, end, x3::with<grammar::builder_tag>(b)[grammar::expression()], e);
            while (it->kind == tok::newline) ++it;
            if (!ok || it->kind != tok::eof) {
                sink.error(it->where, "expected " + std::string(ok ? "the end of the expression" : "an expression") +
                                          ", found " + found(file, *it));
                return;
            }
            result = e;
        } catch (const x3::expectation_failure<const token*>& e) {
            if (e.where()->kind != tok::error)
                sink.error(e.where()->where, "expected " + e.which() + ", found " + found(file, *e.where()));
        } catch (const grammar::nesting_too_deep& e) {
            sink.error(e.where->where, "expression nested too deeply");
        }
    });
    if (sink.has_errors()) return ast::none;
    return result;
}

}  // namespace cspgate::syntax
