#include "cspgate/base/large_stack.hpp"

#include <exception>

#include <pthread.h>

namespace cspgate::base {
namespace {

thread_local bool t_large = false;

struct job {
    const std::function<void()>* work;
    std::exception_ptr error;
};

extern "C" void* run_job(void* raw) {
    auto* j = static_cast<job*>(raw);
    t_large = true;
    try {
        (*j->work)();
    } catch (...) {
        j->error = std::current_exception();
    }
    return nullptr;
}

}  // namespace

bool on_large_stack() noexcept { return t_large; }

void with_large_stack(const std::function<void()>& work, std::size_t bytes) {
    if (t_large) {
        work();
        return;
    }
    job j{&work, nullptr};
    pthread_attr_t attr;
    bool started = false;
    if (pthread_attr_init(&attr) == 0) {
        pthread_t thread;
        if (pthread_attr_setstacksize(&attr, bytes) == 0 && pthread_create(&thread, &attr, run_job, &j) == 0) {
            pthread_join(thread, nullptr);
            started = true;
        }
        pthread_attr_destroy(&attr);
    }
    // Without a thread the work still runs, on the caller's stack.
    if (!started) {
        work();
        return;
    }
    if (j.error) std::rethrow_exception(j.error);
}

}  // namespace cspgate::base
