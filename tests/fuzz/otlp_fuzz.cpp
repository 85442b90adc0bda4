// libFuzzer target for the OTLP/JSON reader and the trace checks: every
// input, however malformed, must end in spans and a report or in a read
// error with an offset inside the input -- never in a crash, a hang or a
// leak.  Locating the error (line, column, excerpt) and rendering it are part
// of the target, since they read the same untrusted bytes.
//
// The input is also read by nlohmann-json alone (read_mode::reference): the
// hand-written scanner of the fast path must give the same spans, summary and
// error.  The checker runs with a small window, so that traces are checked
// and released while the input is read.
//
// Run it through tests/fuzz/run.sh with CSPGATE_FUZZ_TARGET=cspgate_otlp_fuzz.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/report/trace_check_report.hpp"
#include "cspgate/telemetry/otlp_reader.hpp"
#include "cspgate/telemetry/trace_check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cspgate::telemetry;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::istringstream in(text);
    // A small tolerance and a small cap on kept violations, so that the
    // skew and truncation paths are reached by small inputs too.
    trace_check_options options;
    options.skew_ns = 10;
    options.max_kept_violations = 8;
    options.max_spans = 100'000;
    options.window = 4;
    trace_checker checker(options);
    read_summary summary;
    std::uint64_t index = 0;
    std::vector<span_data> spans;
    auto error = read_otlp_json(
        in, [&](const span_data& s) { return spans.push_back(s), checker.add(s, {0, ++index}); }, summary);
    {
        std::istringstream again(text);
        read_summary ref_summary;
        std::size_t i = 0;
        bool same = true;
        auto ref_error = read_otlp_json(
            again,
            [&](const span_data& s) {
                const span_data* f = i < spans.size() ? &spans[i] : nullptr;
                same = same && f != nullptr && f->trace == s.trace && f->span == s.span &&
                       f->has_parent == s.has_parent && (!s.has_parent || f->parent == s.parent) &&
                       f->start_unix_nano == s.start_unix_nano && f->end_unix_nano == s.end_unix_nano;
                ++i;
                return true;
            },
            ref_summary, read_mode::reference);
        if (error.has_value() != ref_error.has_value()) std::abort();
        if (error && (error->offset != ref_error->offset || error->message != ref_error->message)) std::abort();
        if (!error && !summary.stopped && (!same || i != spans.size() || ref_summary.spans != summary.spans ||
                       ref_summary.documents != summary.documents || ref_summary.bytes != summary.bytes))
            std::abort();
    }
    if (error) {
        // The offset of an error is a byte of the input, or its end.
        if (error->offset > size) std::abort();
        std::istringstream again(text);
        std::ostringstream rendered;
        cspgate::base::render_excerpt(rendered, locate(again, "fuzz.json", error->offset), cspgate::base::severity::error,
                                      error->message);
        return 0;
    }
    if (summary.spans != index) std::abort();
    trace_check_result result = checker.finish();
    result.files.push_back({"fuzz.json", summary.spans, summary.documents, summary.bytes});
    // Each distinct span is a root, has a parent in its trace, or is an orphan.
    if (result.unique_spans + result.count(violation_kind::duplicate) != result.spans) std::abort();
    std::ostringstream text_report, json_report;
    cspgate::report::write_trace_check_text(text_report, result, 5);
    cspgate::report::write_trace_check_json(json_report, result);
    return 0;
}
