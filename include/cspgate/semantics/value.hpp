#pragma once
/// \file
/// CSPM values: integers, booleans, characters, tuples, dotted values and
/// events, sets, sequences, maps, functions and processes.
///
/// A value is small (a kind, a number and a shared pointer) and immutable, so
/// it is copied freely.  Compound values share their contents.  All values
/// are totally ordered (`compare`), which gives sets their canonical order,
/// as FDR prints them.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cspgate::semantics {

enum class value_kind : std::uint8_t {
    integer,
    boolean,
    character,
    tuple,
    data,      ///< a channel or datatype constructor with its fields so far: `c`, `c.1`, `B.x.y`
    dot,       ///< a dotted value with no constructor at its head: `0.1`
    set,
    sequence,
    map,
    function,
    process,
};

class value;
struct compound;

/// A channel or a datatype constructor, as declared.
struct constructor_info {
    std::string name;
    bool is_channel = false;
    /// The set of values of each field (the components of `c : A.B`); a field
    /// set of a datatype may mention the datatype itself, so it is filled in
    /// after all declarations are known.
    std::vector<std::shared_ptr<const compound>> field_sets;
    std::size_t arity() const { return field_sets.size(); }
};

class value {
public:
    value() = default;
    static value integer(std::int64_t i) { return value(value_kind::integer, i); }
    static value boolean(bool b) { return value(value_kind::boolean, b ? 1 : 0); }
    static value character(char32_t c) { return value(value_kind::character, static_cast<std::int64_t>(c)); }
    static value of(value_kind k, std::shared_ptr<const compound> c, std::int64_t n = 0) {
        value v(k, n);
        v.m_ptr = std::move(c);
        return v;
    }

    value_kind kind() const noexcept { return m_kind; }
    std::int64_t as_int() const noexcept { return m_num; }
    bool as_bool() const noexcept { return m_num != 0; }
    char32_t as_char() const noexcept { return static_cast<char32_t>(m_num); }
    const compound& parts() const noexcept { return *m_ptr; }
    const std::shared_ptr<const compound>& shared() const noexcept { return m_ptr; }
    /// For `data`: the constructor's index in the program's table.
    std::uint32_t constructor() const noexcept { return static_cast<std::uint32_t>(m_num); }

private:
    value(value_kind k, std::int64_t n) : m_kind(k), m_num(n) {}
    value_kind m_kind = value_kind::integer;
    std::int64_t m_num = 0;
    std::shared_ptr<const compound> m_ptr;
};

/// The sets that are tested but never enumerated: `Char`, `Seq(A)` (every
/// finite sequence over A), `Map(A, B)` (every map from A to B), and the
/// union of two sets or the difference of a finite set from an infinite one
/// when one of them is such a set or `{a..}`.
enum class symbolic_set : std::uint8_t { none, characters, sequences, maps, union_of, difference };

/// The contents of a compound value.  Which members are used depends on the
/// kind: `items` for tuples, dotted values, sequences and explicit sets (sorted,
/// no duplicates) and maps (keys and values alternate, sorted by key);
/// `range_*` for the integer ranges `{a..b}` and `{a..}` (`items` empty).
/// A symbolic set keeps its element sets in `items` (A, or A and B; for a
/// union or difference, its two sets).  An
/// infinite sequence (`<a..>`) has its generator in `payload` and its first
/// element's index there in `range_from`; its `items` are empty.
struct compound {
    std::vector<value> items;
    bool is_range = false;
    symbolic_set symbolic = symbolic_set::none;
    std::int64_t range_from = 0;
    std::int64_t range_to = 0;  ///< inclusive; `unbounded` for `{a..}`
    /// FDR's integers are 32-bit, so `{a..}` is `{a..2147483647}`: a set
    /// that can be tested and compared but is too large to enumerate.
    static constexpr std::int64_t unbounded = INT32_MAX;
    /// Opaque payload of functions and processes (owned by the evaluator).
    std::shared_ptr<const void> payload;
    /// For functions and processes: a number given in order of creation, so
    /// that sets of them have the same order in every run.
    std::uint64_t identity = 0;
};

/// The total order on values: first by kind, then by contents.
int compare(const value& a, const value& b);
inline bool operator==(const value& a, const value& b) { return compare(a, b) == 0; }
inline bool operator<(const value& a, const value& b) { return compare(a, b) < 0; }

// Constructors of compound values.
value make_tuple(std::vector<value> items);
value make_sequence(std::vector<value> items);
/// A set from any values: sorts and removes duplicates.
value make_set(std::vector<value> items);
value make_range_set(std::int64_t from, std::int64_t to);
value make_data(std::uint32_t constructor, std::vector<value> fields);
value make_dot_list(std::vector<value> items);
value make_map(std::vector<std::pair<value, value>> entries);
/// A function or process value around the evaluator's payload.
value make_opaque(value_kind kind, std::shared_ptr<const void> payload);

/// The characters of UTF-8 text (a byte that is not valid UTF-8 stands for
/// itself, as in Latin-1), and back.
std::vector<char32_t> decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t c);

}  // namespace cspgate::semantics
