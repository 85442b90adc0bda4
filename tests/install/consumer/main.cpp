// Uses the installed headers and libraries; exits 0 when they work together.
#include "cspgate/base/diagnostic.hpp"
#include "cspgate/base/exit_code.hpp"
#include "cspgate/version.hpp"

#include <cstring>
#include <sstream>

int main() {
    cspgate::base::source_manager sources;
    auto id = sources.add("m.csp", "P = STOP\n");
    cspgate::base::diagnostics sink;
    sink.error({id, 4, 8}, "oops");
    std::ostringstream out;
    cspgate::base::render_all(out, sources, sink);
    bool ok = out.str() == "m.csp:1:5: error: oops\nP = STOP\n    ^~~~\n" &&
              std::strcmp(CSPGATE_VERSION, "0.1.0") == 0;
    return ok ? cspgate::base::to_int(cspgate::base::exit_code::ok) : 1;
}
