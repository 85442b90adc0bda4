#pragma once
// The checks of one trace (trace_walker.cpp), and the violations kept for
// the report: trace_check.cpp hands each trace to the walker when it closes.

#include "cspgate/telemetry/trace_check.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cspgate::telemetry::detail {

/// Report order: trace id, span id, kind, location.  No two violations of a
/// check are equal in it (a span is reported at most once per kind, a
/// duplicate at its own location).
bool report_order(const violation& a, const violation& b) noexcept;

class trace_walker {
public:
    using record = trace_checker::record;

    trace_walker(const trace_check_options& options, trace_check_result& result) : m_options(options), m_result(result) {}

    /// Checks the trace `id` made of the records [first, last), sorted by
    /// span id, then location, and adds what it finds to the result.
    void walk(const trace_id& id, const record* first, const record* last);

    /// Puts the kept violations in report order; call once, at the end.
    void finish();

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    violation base_violation(violation_kind kind, const record& r) const;
    void collect_unique(const record* first, const record* last);
    std::size_t find(span_id id) const;
    std::size_t find_cycles();
    void report_cycle(std::size_t from);
    void keep_found();

    const trace_check_options& m_options;
    trace_check_result& m_result;
    trace_id m_trace;
    std::vector<const record*> m_unique;
    std::vector<std::size_t> m_parent;
    std::vector<std::uint8_t> m_mark;
    std::vector<std::size_t> m_path;
    std::vector<violation> m_found;
};

}  // namespace cspgate::telemetry::detail
