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

#include <pthread.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

struct fuzz_input {
    const std::uint8_t* data;
    std::size_t size;
};

void* parse_and_render(void* arg) {
    const auto* in = static_cast<const fuzz_input*>(arg);
    // A fresh source manager and sink per input, so that no state leaks from
    // one input into the next and a reproducer always replays alone.
    cspgate::base::source_manager sources;
    cspgate::base::diagnostics sink;
    const cspgate::base::limits lim;
    std::string text(reinterpret_cast<const char*>(in->data), in->size);
    // The name has no directory, so an `include` in fuzzed text resolves
    // relative to the working directory (run.sh runs in an empty one).
    auto script = cspgate::syntax::parse_text(sources, "fuzz.csp", std::move(text), sink, lim);
    (void)script;
    std::ostringstream rendered;
    cspgate::base::render_all(rendered, sources, sink);
    return nullptr;
}

// The parser bounds its recursion by limits::max_nesting, and the command line
// runs it on a thread with 512 MiB of stack (src/cli/main.cpp) so that the
// bound, not the stack, stops deep input.  The target does the same, so that
// it fuzzes the configuration cspgate ships.  With CSPGATE_FUZZ_MAIN_STACK=1
// it parses on libFuzzer's own (8 MiB) stack instead: under ASan that stack
// overflows at about 1,500 nested brackets, below max_nesting (2000).
constexpr std::size_t parse_stack_bytes = std::size_t{512} << 20;

bool use_main_stack() {
    static const bool main_stack = [] {
        const char* v = std::getenv("CSPGATE_FUZZ_MAIN_STACK");
        return v != nullptr && v[0] == '1';
    }();
    return main_stack;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz_input in{data, size};
    if (use_main_stack()) {
        parse_and_render(&in);
        return 0;
    }
    pthread_attr_t attr;
    pthread_t thread;
    if (pthread_attr_init(&attr) != 0) std::abort();
    if (pthread_attr_setstacksize(&attr, parse_stack_bytes) != 0) std::abort();
    if (pthread_create(&thread, &attr, parse_and_render, &in) != 0) std::abort();
    pthread_attr_destroy(&attr);
    pthread_join(thread, nullptr);
    return 0;
}
