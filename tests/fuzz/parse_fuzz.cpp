// libFuzzer target for the CSPM parser: every input, however malformed, must
// end in a script or in diagnostics -- never in a crash, a hang, a leak or a
// stack overflow (issue 2, section 5).  Rendering the diagnostics is part of
// the target because it reads the same untrusted bytes (line table, UTF-8
// repair, caret columns).
//
// Run it through tests/fuzz/run.sh, which builds it with clang and passes the
// seed corpus and the dictionary.

#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/limits.hpp"
#include "cspgate/syntax/parser.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A fresh source manager and sink per input, so that no state leaks from
    // one input into the next and a reproducer always replays alone.
    cspgate::base::source_manager sources;
    cspgate::base::diagnostics sink;
    const cspgate::base::limits lim;
    std::string text(reinterpret_cast<const char*>(data), size);
    // The name has no directory, so an `include` in fuzzed text resolves
    // relative to the working directory; a missing file is just a diagnostic.
    auto script = cspgate::syntax::parse_text(sources, "fuzz.csp", std::move(text), sink, lim);
    (void)script;
    std::ostringstream rendered;
    cspgate::base::render_all(rendered, sources, sink);
    return 0;
}
