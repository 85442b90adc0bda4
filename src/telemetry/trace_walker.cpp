// The checks of one trace.  Its records are sorted by span id, then
// location, so each span's first record is its own and later ones are
// duplicates, and a parent is found by binary search.  The parent relation of
// a trace is a functional graph (each span has at most one parent), so its
// cycles are found by following parent links with a three-colour marking,
// each span visited once (as in Floyd's and Brent's cycle detection, but with
// marks instead of two pointers), without recursion.
//
// Traces are checked in the order they close, not in trace id order, so the
// violations kept for the report (the first `max_kept_violations` in report
// order) are the smallest ones seen so far: a max-heap in report order holds
// them, and `finish` sorts it.

#include "trace_walker.hpp"

#include <algorithm>

namespace cspgate::telemetry::detail {
namespace {

constexpr std::uint64_t parent_bit = std::uint64_t{1} << 63;
constexpr std::uint64_t index_mask = (std::uint64_t{1} << 48) - 1;

span_location location_of(std::uint64_t where) noexcept {
    return span_location{static_cast<std::uint32_t>((where & ~parent_bit) >> 48), where & index_mask};
}

}  // namespace

bool report_order(const violation& a, const violation& b) noexcept {
    if (a.trace != b.trace) return a.trace < b.trace;
    if (a.span != b.span) return a.span < b.span;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.where < b.where;
}

void trace_walker::walk(const trace_id& id, const record* first, const record* last) {
    m_trace = id;
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

void trace_walker::finish() { std::sort_heap(m_result.violations.begin(), m_result.violations.end(), report_order); }

violation trace_walker::base_violation(violation_kind kind, const record& r) const {
    violation v;
    v.kind = kind;
    v.trace = m_trace;
    v.span = r.span;
    v.where = location_of(r.where);
    return v;
}

/// The first record of each span id; every later one is a duplicate.
void trace_walker::collect_unique(const record* first, const record* last) {
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

std::size_t trace_walker::find(span_id id) const {
    auto it = std::lower_bound(m_unique.begin(), m_unique.end(), id, [](const record* r, span_id x) { return r->span < x; });
    return it != m_unique.end() && (*it)->span == id ? static_cast<std::size_t>(it - m_unique.begin()) : npos;
}

/// Reports each cycle of the parent relation once; returns how many.
std::size_t trace_walker::find_cycles() {
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
void trace_walker::report_cycle(std::size_t from) {
    std::vector<std::size_t> members(m_path.begin() + static_cast<std::ptrdiff_t>(from), m_path.end());
    std::sort(members.begin(), members.end());  // unique indexes are in span id order
    violation v = base_violation(violation_kind::cycle, *m_unique[members.front()]);
    v.cycle_length = members.size();
    for (std::size_t i = 0; i < members.size() && i < max_cycle_members; ++i) v.cycle.push_back(m_unique[members[i]]->span);
    m_found.push_back(std::move(v));
}

void trace_walker::keep_found() {
    std::vector<violation>& kept = m_result.violations;
    const std::size_t cap = m_options.max_kept_violations;
    for (violation& v : m_found) {
        ++m_result.counts[static_cast<std::size_t>(v.kind)];
        if (kept.size() < cap) {
            kept.push_back(std::move(v));
            std::push_heap(kept.begin(), kept.end(), report_order);
            continue;
        }
        m_result.violations_truncated = true;
        if (cap != 0 && report_order(v, kept.front())) {
            std::pop_heap(kept.begin(), kept.end(), report_order);
            kept.back() = std::move(v);
            std::push_heap(kept.begin(), kept.end(), report_order);
        }
    }
}

}  // namespace cspgate::telemetry::detail
