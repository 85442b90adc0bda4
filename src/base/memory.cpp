// Resident memory from /proc/self/statm (Linux); elsewhere 0, which
// disables the limits that use it.

#include "cspgate/base/memory.hpp"

#include <cstdio>
#include <unistd.h>

namespace cspgate::base {

std::uint64_t resident_bytes() noexcept {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long size = 0, resident = 0;
    int n = std::fscanf(f, "%llu %llu", &size, &resident);
    std::fclose(f);
    if (n != 2) return 0;
    long page = sysconf(_SC_PAGESIZE);
    return resident * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

}  // namespace cspgate::base
