// The causal checks of `cspgate trace-check` (docs/user-guide.md): the
// checker keeps the open traces, and hands each to the walker
// (trace_walker.hpp) when it closes.
//
// Open traces are found by trace id in an open-addressing hash table (linear
// probing, deletion by backward shift, so no tombstones pile up on a long
// input), and linked in the order of their last span, oldest first: after
// each span, the traces at the head of that list whose last span is `window`
// spans old are checked and released.  A released trace's record vector is
// reused by the next trace that opens, so a long input of short traces
// allocates only while the table warms up.  The ids of recently released
// traces stay in a small direct-mapped table, so that a trace id met again
// after its trace was checked is counted (`reopened_traces`).

#include "cspgate/telemetry/trace_check.hpp"

#include "trace_walker.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace cspgate::telemetry {
namespace {

constexpr std::uint64_t parent_bit = std::uint64_t{1} << 63;
constexpr std::uint64_t index_mask = (std::uint64_t{1} << 48) - 1;
constexpr std::uint32_t nil = static_cast<std::uint32_t>(-1);
/// Entries of the table of recently released trace ids (16 bytes each):
/// it starts small, so that a small input costs little, and grows by four
/// each time as many traces were released as it has entries, up to the most.
constexpr std::size_t closed_first_entries = 256;
constexpr std::size_t closed_most_entries = std::size_t{1} << 16;
/// A released trace keeps its record vector for the next trace up to this
/// capacity (256 bytes), and frees a larger one: otherwise, over a long
/// input, every slot would come to hold the capacity of the largest trace it
/// ever held, and memory would creep up with the input (seen: 80 MiB at
/// 1 GB, 100 MiB at 2 GB, with a limit of 4,096 records).
constexpr std::size_t reused_capacity = 8;

std::uint64_t hash_of(const trace_id& id) noexcept {
    std::uint64_t h = id.hi * 0x9E3779B97F4A7C15ULL ^ id.lo;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return h;
}

}  // namespace

struct trace_checker::state {
    struct open_trace {
        trace_id id;
        std::uint64_t hash = 0;
        std::uint64_t last = 0;  ///< spans taken when its last span was
        std::uint32_t older = nil, newer = nil;
        std::vector<record> spans;
    };

    explicit state(const trace_check_options& o) : options(o), walker(options, result) {
        result.options = options;
        table.assign(64, nil);
    }

    trace_check_options options;
    trace_check_result result;
    detail::trace_walker walker;
    std::uint64_t taken = 0, held = 0, peak = 0;
    std::vector<open_trace> traces;      ///< slots, open or free
    std::vector<std::uint32_t> free;     ///< free slots
    std::uint32_t oldest = nil, newest = nil;
    std::vector<std::uint32_t> table;    ///< slot of each open trace, or nil
    std::size_t open = 0;
    std::vector<trace_id> closed;  ///< recently released ids, direct-mapped by hash
    std::vector<std::uint8_t> closed_used;
    std::size_t closed_since_growth = 0;

    /// Remembers a released trace id, growing the table when it is due.
    void remember_closed(const trace_id& id, std::uint64_t h) {
        if (closed.empty() || (++closed_since_growth > closed.size() && closed.size() < closed_most_entries)) {
            std::size_t size = closed.empty() ? closed_first_entries : 4 * closed.size();
            std::vector<trace_id> old_ids(size);
            std::vector<std::uint8_t> old_used(size, 0);
            old_ids.swap(closed);
            old_used.swap(closed_used);
            for (std::size_t i = 0; i < old_ids.size(); ++i)
                if (old_used[i]) put_closed(old_ids[i], hash_of(old_ids[i]));
            closed_since_growth = 0;
        }
        put_closed(id, h);
    }
    void put_closed(const trace_id& id, std::uint64_t h) noexcept {
        std::size_t c = h & (closed.size() - 1);
        closed[c] = id;
        closed_used[c] = 1;
    }
    bool recently_closed(const trace_id& id, std::uint64_t h) const noexcept {
        if (closed.empty()) return false;
        std::size_t c = h & (closed.size() - 1);
        return closed_used[c] && closed[c] == id;
    }

    std::size_t mask() const noexcept { return table.size() - 1; }

    /// The table position of trace `id`, or of the empty entry where it would go.
    std::size_t position(const trace_id& id, std::uint64_t h) const noexcept {
        std::size_t i = h & mask();
        while (table[i] != nil && traces[table[i]].id != id) i = (i + 1) & mask();
        return i;
    }

    void grow() {
        std::vector<std::uint32_t> old(table.size() * 2, nil);
        old.swap(table);
        for (std::uint32_t slot : old)
            if (slot != nil) table[position(traces[slot].id, traces[slot].hash)] = slot;
    }

    /// Removes table entry `i`, moving later entries of its run back.
    void erase_entry(std::size_t i) noexcept {
        for (std::size_t j = (i + 1) & mask(); table[j] != nil; j = (j + 1) & mask()) {
            std::size_t home = traces[table[j]].hash & mask();
            // Entry j stays if its home lies in (i, j], cyclically.
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) continue;
            table[i] = table[j];
            i = j;
        }
        table[i] = nil;
    }

    void unlink(std::uint32_t slot) noexcept {
        open_trace& t = traces[slot];
        (t.older != nil ? traces[t.older].newer : oldest) = t.newer;
        (t.newer != nil ? traces[t.newer].older : newest) = t.older;
        t.older = t.newer = nil;
    }
    void link_newest(std::uint32_t slot) noexcept {
        open_trace& t = traces[slot];
        t.older = newest;
        t.newer = nil;
        (newest != nil ? traces[newest].newer : oldest) = slot;
        newest = slot;
    }

    std::uint32_t open_slot(const trace_id& id, std::uint64_t h, std::size_t pos) {
        std::uint32_t slot;
        if (!free.empty()) {
            slot = free.back();
            free.pop_back();
        } else {
            assert(traces.size() < nil);
            slot = static_cast<std::uint32_t>(traces.size());
            traces.emplace_back();
        }
        traces[slot].id = id;
        traces[slot].hash = h;
        table[pos] = slot;
        ++open;
        link_newest(slot);
        if (recently_closed(id, h)) ++result.reopened_traces;
        if (2 * open > table.size()) grow();
        return slot;
    }

    /// Checks trace `slot` and releases it.
    void close(std::uint32_t slot) {
        open_trace& t = traces[slot];
        std::sort(t.spans.begin(), t.spans.end(), [](const record& a, const record& b) {
            if (a.span != b.span) return a.span < b.span;
            return (a.where & ~parent_bit) < (b.where & ~parent_bit);
        });
        walker.walk(t.id, t.spans.data(), t.spans.data() + t.spans.size());
        held -= t.spans.size();
        if (options.window != 0) remember_closed(t.id, t.hash);
        erase_entry(position(t.id, t.hash));
        --open;
        unlink(slot);
        if (t.spans.capacity() > reused_capacity) std::vector<record>().swap(t.spans);
        else t.spans.clear();
        free.push_back(slot);
    }
};

trace_checker::trace_checker(trace_check_options options) : m_state(std::make_unique<state>(options)) {}
trace_checker::~trace_checker() = default;

std::uint64_t trace_checker::size() const noexcept { return m_state->taken; }
std::uint64_t trace_checker::open_spans() const noexcept { return m_state->held; }
std::uint64_t trace_checker::peak_open_spans() const noexcept { return m_state->peak; }
std::uint64_t trace_checker::open_traces() const noexcept { return m_state->open; }

bool trace_checker::add(const span_data& s, span_location where) {
    state& st = *m_state;
    if (st.taken >= st.options.max_spans) return false;
    // Exports group the spans of a trace: most spans belong to the trace of
    // the span before, which needs no lookup.
    std::uint32_t slot = st.newest;
    if (slot == nil || st.traces[slot].id != s.trace) {
        std::uint64_t h = hash_of(s.trace);
        std::size_t pos = st.position(s.trace, h);
        slot = st.table[pos];
        if (slot == nil) {
            slot = st.open_slot(s.trace, h, pos);
        } else {
            st.unlink(slot);
            st.link_newest(slot);
        }
    }
    record r;
    r.span = s.span;
    r.parent = s.has_parent ? s.parent : 0;
    r.start = s.start_unix_nano;
    r.where = (s.has_parent ? parent_bit : 0) | (std::uint64_t{where.file} << 48) | (where.index & index_mask);
    state::open_trace& t = st.traces[slot];
    t.spans.push_back(r);
    t.last = ++st.taken;
    st.peak = std::max(st.peak, ++st.held);
    // Traces whose last span is `window` spans old are complete by the rule.
    if (st.options.window != 0)
        while (st.oldest != nil && st.taken - st.traces[st.oldest].last >= st.options.window) st.close(st.oldest);
    return true;
}

trace_check_result trace_checker::finish() {
    state& st = *m_state;
    while (st.oldest != nil) st.close(st.oldest);
    st.walker.finish();
    trace_check_result result = std::move(st.result);
    result.spans = st.taken;
    result.peak_open_spans = st.peak;
    m_state = std::make_unique<state>(st.options);
    return result;
}

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
