// libFuzzer target for the OTLP/JSON reader and the trace checks: every
// input, however malformed, must end in spans and a report or in a read
// error with an offset inside the input -- never in a crash, a hang or a
// leak.  Locating the error (line, column, excerpt) and rendering it are part
// of the target, since they read the same untrusted bytes.
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
    trace_checker checker(options);
    read_summary summary;
    std::uint64_t index = 0;
    auto error = read_otlp_json(in, [&](const span_data& s) { return checker.add(s, {0, ++index}); }, summary);
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
