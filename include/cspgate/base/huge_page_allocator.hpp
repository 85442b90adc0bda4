#pragma once
/// \file
/// An allocator for big arrays (the syntax tree's arenas, later the state
/// tables) that asks the kernel for transparent huge pages.
///
/// With 4 KiB pages, filling a few hundred MiB of nodes costs one page fault
/// and one TLB entry per 4 KiB; with 2 MiB pages it costs 512 times fewer.
/// Blocks under 2 MiB come from the ordinary allocator.

#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace cspgate::base {

template <typename T>
struct huge_page_allocator {
    using value_type = T;
    static constexpr std::size_t huge_page = std::size_t{2} << 20;

    huge_page_allocator() noexcept = default;
    template <typename U>
    huge_page_allocator(const huge_page_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        std::size_t bytes = n * sizeof(T);
        if (bytes < huge_page) return static_cast<T*>(::operator new(bytes));
        std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
        void* p = std::aligned_alloc(huge_page, rounded);
        if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        ::madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure is harmless
#endif
        return static_cast<T*>(p);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < huge_page)
            ::operator delete(p);
        else
            std::free(p);
    }

    template <typename U>
    bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }
};

}  // namespace cspgate::base
