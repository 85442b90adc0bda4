// The type schemes of FDR4's prelude ("Built-In Definitions" of the FDR4
// manual), written in FDR's own notation and parsed once, and the types
// written in annotations (`f :: Eq a => (a, <a>) -> Bool`).

#include "typecheck_impl.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace cspgate::semantics::detail {
namespace {

/// Every built-in name of src/semantics/builtins.cpp with its scheme.
/// `productions` and `extensions` give a set of any type: the closure of a
/// partially applied constructor is typed by the `{| |}` rule instead.
constexpr std::array<std::pair<const char*, const char*>, 61> prelude{{
    {"union", "Set a => ({a}, {a}) -> {a}"},
    {"inter", "Set a => ({a}, {a}) -> {a}"},
    {"diff", "Set a => ({a}, {a}) -> {a}"},
    {"Union", "Set a => ({{a}}) -> {a}"},
    {"Inter", "Set a => ({{a}}) -> {a}"},
    {"member", "Set a => (a, {a}) -> Bool"},
    {"card", "Set a => ({a}) -> Int"},
    {"empty", "Set a => ({a}) -> Bool"},
    {"set", "Set a => (<a>) -> {a}"},
    {"Set", "Set a => ({a}) -> {{a}}"},
    {"seq", "Set a => ({a}) -> <a>"},
    {"Seq", "Set a => ({a}) -> {<a>}"},
    {"null", "(<a>) -> Bool"},
    {"head", "(<a>) -> a"},
    {"tail", "(<a>) -> <a>"},
    {"length", "(<a>) -> Int"},
    {"concat", "(<<a>>) -> <a>"},
    {"elem", "Eq a => (a, <a>) -> Bool"},
    {"productions", "(a) -> {b}"},
    {"extensions", "(a) -> {b}"},
    {"error", "(<Char>) -> a"},
    {"show", "(a) -> <Char>"},
    {"mapFromList", "Set k => (<(k, v)>) -> (|k => v|)"},
    {"mapToList", "Set k => ((|k => v|)) -> <(k, v)>"},
    {"mapLookup", "Set k => ((|k => v|), k) -> v"},
    {"mapMember", "Set k => ((|k => v|), k) -> Bool"},
    {"mapUpdate", "Set k => ((|k => v|), k, v) -> (|k => v|)"},
    {"mapUpdateMultiple", "Set k => ((|k => v|), <(k, v)>) -> (|k => v|)"},
    {"mapDelete", "Set k => ((|k => v|), k) -> (|k => v|)"},
    {"mapKeys", "Set k => ((|k => v|)) -> {k}"},
    {"emptyMap", "(|k => v|)"},
    {"Int", "{Int}"},
    {"Bool", "{Bool}"},
    {"Char", "{Char}"},
    {"Events", "{Event}"},
    {"Proc", "{Proc}"},
    {"Map", "(Set k, Set v) => ({k}, {v}) -> {(|k => v|)}"},
    {"seqToSet", "Set a => (<a>) -> {a}"},
    {"transpose", "(Set a, Set b) => ({(a, b)}) -> {(b, a)}"},
    {"relational_image", "(Set a, Set b) => ({(a, b)}) -> (a) -> {b}"},
    {"relational_inverse_image", "(Set a, Set b) => ({(a, b)}) -> (b) -> {a}"},
    {"mtransclose", "Set a => ({(a, a)}, {a}) -> {(a, a)}"},
    {"STOP", "Proc"},
    {"SKIP", "Proc"},
    {"DIV", "Proc"},
    {"CHAOS", "({Event}) -> Proc"},
    {"RUN", "({Event}) -> Proc"},
    {"WAIT", "(Int) -> Proc"},
    {"normal", "(Proc) -> Proc"},
    {"sbisim", "(Proc) -> Proc"},
    {"wbisim", "(Proc) -> Proc"},
    {"diamond", "(Proc) -> Proc"},
    {"explicate", "(Proc) -> Proc"},
    {"chase", "(Proc) -> Proc"},
    {"chase_nocache", "(Proc) -> Proc"},
    {"model_compress", "(Proc) -> Proc"},
    {"tau_loop_factor", "(Proc) -> Proc"},
    {"dbisim", "(Proc) -> Proc"},
    {"prioritise", "(Proc, <{Event}>) -> Proc"},
    {"prioritise_nocache", "(Proc, <{Event}>) -> Proc"},
    {"prioritisepo", "(Proc, {Event}, {(Event, Event)}, {Event}) -> Proc"},
}};

/// A recursive-descent reader of the signatures above (fixed text, so its
/// depth is bounded by them, not by input).
struct signature_reader {
    checker& c;
    const std::string& s;
    std::size_t i = 0;
    std::map<std::string, tid> vars;

    void skip() {
        while (i < s.size() && s[i] == ' ') ++i;
    }
    bool eat(const char* tok) {
        skip();
        std::string t(tok);
        if (s.compare(i, t.size(), t) != 0) return false;
        i += t.size();
        return true;
    }
    std::string word() {
        skip();
        std::size_t b = i;
        while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
        return s.substr(b, i - b);
    }
    tid var(const std::string& name) {
        auto it = vars.find(name);
        if (it != vars.end()) return it->second;
        tid v = c.m_types.fresh(c.m_level + 1);
        vars.emplace(name, v);
        return v;
    }
    void constraints() {
        // Only a leading "C a =>" or "(C a, D b) =>" is a context; anything
        // else is read again as the type.
        std::size_t save = i;
        bool paren = eat("(");
        std::vector<std::pair<std::string, std::string>> found;
        for (;;) {
            std::string cls = word();
            std::string v = word();
            if (cls.empty() || v.empty()) break;
            found.emplace_back(cls, v);
            if (!eat(",")) break;
        }
        if ((paren && !eat(")")) || found.empty() || !eat("=>")) {
            i = save;
            return;
        }
        for (const auto& [cls, v] : found) {
            static const std::map<std::string, std::uint8_t> names{
                {"Eq", c_eq}, {"Ord", c_ord}, {"Set", c_set}, {"Inputable", c_inputable},
                {"Yieldable", c_yieldable}, {"Complete", c_complete}};
            mismatch why;
            c.m_types.constrain(var(v), names.at(cls), why);
        }
    }
    tid type() { return atom(); }
    tid atom() {
        if (eat("(|")) {
            tid k = type();
            eat("=>");
            tid v = type();
            eat("|)");
            return c.m_types.make(tkind::map, {k, v});
        }
        if (eat("{")) {
            tid e = type();
            eat("}");
            return c.m_types.set_of(e);
        }
        if (eat("<")) {
            tid e = type();
            eat(">");
            return c.m_types.seq_of(e);
        }
        if (eat("(")) {
            std::vector<tid> items;
            if (!eat(")")) {
                do items.push_back(type());
                while (eat(","));
                eat(")");
            }
            if (eat("->")) return c.m_types.function(std::move(items), type());
            return items.size() == 1 ? items[0] : c.m_types.make(tkind::tuple, std::move(items));
        }
        std::string w = word();
        if (w == "Int") return c.m_types.int_t();
        if (w == "Bool") return c.m_types.bool_t();
        if (w == "Char") return c.m_types.char_t();
        if (w == "Proc") return c.m_types.proc_t();
        if (w == "Event") return c.m_types.event_t();
        return var(w);
    }
};

}  // namespace

tid parse_signature(checker& c, const std::string& text) {
    signature_reader r{c, text, 0, {}};
    r.constraints();
    return r.type();
}

void add_builtins(checker& c, scope& env) {
    for (const auto& [name, sig] : prelude) {
        tid t = parse_signature(c, sig);
        binding b;
        b.type = scheme{t, c.m_level, true};
        env.names.emplace(name, b);
    }
    // FDR's old spellings of the booleans.
    for (const char* name : {"True", "False"}) env.names.emplace(name, binding{scheme{c.m_types.bool_t(), 0, false}, true});
}

}  // namespace cspgate::semantics::detail
