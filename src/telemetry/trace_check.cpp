// The causal checks of `cspgate trace-check` (docs/user-guide.md).  Spans are
// sorted by (trace id, span id, location), so each trace is one run of the
// sorted records and each span's parent is found by binary search in its
// run.  The parent relation of a trace is a functional graph (each span has at
// most one parent), so its cycles are found by following parent links with a
// three-colour marking, each span visited once (as in Floyd's and Brent's
// cycle detection, but with marks instead of two pointers), without
// recursion.

#include "cspgate/telemetry/trace_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cspgate::telemetry {
namespace {

constexpr std::uint64_t parent_bit = std::uint64_t{1} << 63;
constexpr std::uint64_t index_mask = (std::uint64_t{1} << 48) - 1;

span_location location_of(std::uint64_t where) noexcept {
    return span_location{static_cast<std::uint32_t>((where & ~parent_bit) >> 48), where & index_mask};
}

/// Checks one trace: the records [first, last) share a trace id and are
/// sorted by span id, then location.
class trace_walker {
public:
    using record = trace_checker::record;

    trace_walker(const trace_check_options& options, trace_check_result& result) : m_options(options), m_result(result) {}

    void walk(const record* first, const record* last) {
        m_found.clear();
        collect_unique(first, last);
        std::uint64_t roots = 0, orphans = 0, cycles = 0;
        const std::size_t n = m_unique.size();
        m_parent.assign(n, npos);
        for (std::size_t k = 0; k < n; ++k) {
            const record& r = *m_unique[k];
            if (!(r.where & parent_bit)) {
                ++roots;
                continue;
            }
            std::size_t p = find(r.parent);
            if (p == npos) {
                ++orphans;
                violation v = base_violation(violation_kind::orphan, r);
                v.parent = r.parent;
                m_found.push_back(std::move(v));
                continue;
            }
            m_parent[k] = p;
            const record& pr = *m_unique[p];
            // A start time of 0 is an absent field: unknown, never early.
            if (p != k && r.start != 0 && pr.start != 0 && pr.start > r.start && pr.start - r.start > m_options.skew_ns) {
                violation v = base_violation(violation_kind::skew, r);
                v.parent = r.parent;
                v.start_unix_nano = r.start;
                v.parent_start_unix_nano = pr.start;
                m_found.push_back(std::move(v));
            }
        }
        cycles = find_cycles();
        m_result.roots += roots;
        m_result.unique_spans += n;
        ++m_result.traces;
        if (roots == 1 && orphans == 0 && cycles == 0) ++m_result.complete_trees;
        keep_found();
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    violation base_violation(violation_kind kind, const record& r) const {
        violation v;
        v.kind = kind;
        v.trace = r.trace;
        v.span = r.span;
        v.where = location_of(r.where);
        return v;
    }

    /// The first record of each span id; every later one is a duplicate.
    void collect_unique(const record* first, const record* last) {
        m_unique.clear();
        for (const record* r = first; r != last; ++r) {
            if (!m_unique.empty() && m_unique.back()->span == r->span) {
                violation v = base_violation(violation_kind::duplicate, *r);
                v.first = location_of(m_unique.back()->where);
                m_found.push_back(std::move(v));
                continue;
            }
            m_unique.push_back(r);
        }
    }

    std::size_t find(span_id id) const {
        auto it = std::lower_bound(m_unique.begin(), m_unique.end(), id,
                                   [](const record* r, span_id x) { return r->span < x; });
        return it != m_unique.end() && (*it)->span == id ? static_cast<std::size_t>(it - m_unique.begin()) : npos;
    }

    /// Reports each cycle of the parent relation once; returns how many.
    std::size_t find_cycles() {
        const std::size_t n = m_unique.size();
        // 0: not seen; 1: on the path being followed; 2: finished.
        m_mark.assign(n, 0);
        std::size_t cycles = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (m_mark[k] != 0) continue;
            m_path.clear();
            std::size_t cur = k;
            while (cur != npos && m_mark[cur] == 0) {
                m_mark[cur] = 1;
                m_path.push_back(cur);
                cur = m_parent[cur];
            }
            if (cur != npos && m_mark[cur] == 1) {
                ++cycles;
                report_cycle(static_cast<std::size_t>(std::find(m_path.begin(), m_path.end(), cur) - m_path.begin()));
            }
            for (std::size_t p : m_path) m_mark[p] = 2;
        }
        return cycles;
    }

    /// The cycle is m_path[from..]; it is reported at its smallest span id.
    void report_cycle(std::size_t from) {
        std::vector<std::size_t> members(m_path.begin() + static_cast<std::ptrdiff_t>(from), m_path.end());
        std::sort(members.begin(), members.end());  // unique indexes are in span id order
        violation v = base_violation(violation_kind::cycle, *m_unique[members.front()]);
        v.cycle_length = members.size();
        for (std::size_t i = 0; i < members.size() && i < max_cycle_members; ++i) v.cycle.push_back(m_unique[members[i]]->span);
        m_found.push_back(std::move(v));
    }

    void keep_found() {
        std::sort(m_found.begin(), m_found.end(), [](const violation& a, const violation& b) {
            if (a.span != b.span) return a.span < b.span;
            if (a.kind != b.kind) return a.kind < b.kind;
            return a.where < b.where;
        });
        for (violation& v : m_found) {
            ++m_result.counts[static_cast<std::size_t>(v.kind)];
            if (m_result.violations.size() < m_options.max_kept_violations) m_result.violations.push_back(std::move(v));
            else m_result.violations_truncated = true;
        }
    }

    const trace_check_options& m_options;
    trace_check_result& m_result;
    std::vector<const record*> m_unique;
    std::vector<std::size_t> m_parent;
    std::vector<std::uint8_t> m_mark;
    std::vector<std::size_t> m_path;
    std::vector<violation> m_found;
};

}  // namespace

const char* kind_name(violation_kind k) noexcept {
    switch (k) {
    case violation_kind::orphan: return "orphan";
    case violation_kind::duplicate: return "duplicate";
    case violation_kind::skew: return "skew";
    case violation_kind::cycle: return "cycle";
    }
    return "?";
}

const char* kind_plural(violation_kind k) noexcept {
    switch (k) {
    case violation_kind::orphan: return "orphans";
    case violation_kind::duplicate: return "duplicates";
    case violation_kind::skew: return "skew";
    case violation_kind::cycle: return "cycles";
    }
    return "?";
}

std::optional<violation_kind> parse_kind(std::string_view text) noexcept {
    for (std::size_t i = 0; i < violation_kind_count; ++i) {
        auto k = static_cast<violation_kind>(i);
        if (text == kind_name(k) || text == kind_plural(k)) return k;
    }
    return std::nullopt;
}

bool trace_check_result::failed() const noexcept {
    for (std::size_t i = 0; i < violation_kind_count; ++i)
        if (counts[i] != 0 && !options.allowed[i]) return true;
    return false;
}

bool trace_checker::add(const span_data& s, span_location where) {
    if (m_spans.size() >= m_options.max_spans) return false;
    record r;
    r.trace = s.trace;
    r.span = s.span;
    r.parent = s.has_parent ? s.parent : 0;
    r.start = s.start_unix_nano;
    r.where = (s.has_parent ? parent_bit : 0) | (std::uint64_t{where.file} << 48) | (where.index & index_mask);
    m_spans.push_back(r);
    return true;
}

trace_check_result trace_checker::finish() {
    trace_check_result result;
    result.options = m_options;
    result.spans = m_spans.size();
    std::sort(m_spans.begin(), m_spans.end(), [](const record& a, const record& b) {
        if (a.trace != b.trace) return a.trace < b.trace;
        if (a.span != b.span) return a.span < b.span;
        return (a.where & ~parent_bit) < (b.where & ~parent_bit);
    });
    trace_walker walker(m_options, result);
    const record* begin = m_spans.data();
    const record* end = begin + m_spans.size();
    for (const record* first = begin; first != end;) {
        const record* last = first + 1;
        while (last != end && last->trace == first->trace) ++last;
        walker.walk(first, last);
        first = last;
    }
    m_spans.clear();
    m_spans.shrink_to_fit();
    return result;
}

std::optional<std::uint64_t> parse_duration_ns(std::string_view text) noexcept {
    // Digits, an optional fraction, then a unit.
    std::size_t i = 0;
    std::uint64_t whole = 0;
    bool digits = false;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        auto d = static_cast<std::uint64_t>(text[i] - '0');
        if (whole > (UINT64_MAX - d) / 10) return std::nullopt;
        whole = whole * 10 + d;
        digits = true;
    }
    std::string_view fraction;
    if (i < text.size() && text[i] == '.') {
        std::size_t f = ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        fraction = text.substr(f, i - f);
        if (fraction.empty()) return std::nullopt;
        digits = true;
    }
    if (!digits) return std::nullopt;
    std::string_view unit = text.substr(i);
    std::uint64_t scale = 0;
    if (unit == "ns") scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") scale = 1'000;
    else if (unit == "ms") scale = 1'000'000;
    else if (unit == "s") scale = 1'000'000'000;
    else if (unit.empty() && whole == 0 && fraction.find_first_not_of('0') == std::string_view::npos) return 0;
    else return std::nullopt;
    if (whole > UINT64_MAX / scale) return std::nullopt;
    std::uint64_t ns = whole * scale;
    // The fraction, digit by digit, down to whole nanoseconds; a non-zero
    // digit finer than a nanosecond is refused rather than rounded.
    std::uint64_t place = scale;
    for (char c : fraction) {
        place /= 10;
        if (place == 0) {
            if (c != '0') return std::nullopt;  // finer than a nanosecond
            continue;
        }
        std::uint64_t add = static_cast<std::uint64_t>(c - '0') * place;
        if (ns > UINT64_MAX - add) return std::nullopt;
        ns += add;
    }
    return ns;
}

}  // namespace cspgate::telemetry
