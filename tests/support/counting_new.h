// Test support: replaces the global operator new/delete of a test binary with versions that
// count the current thread's allocations while `g_counting` is set. Proves that a hot path does
// not allocate. It defines the replacement functions, so include it in exactly one .cc file of
// a test binary (a second definition would not link).
#ifndef PAIAM_TESTS_SUPPORT_COUNTING_NEW_H_
#define PAIAM_TESTS_SUPPORT_COUNTING_NEW_H_

#include <algorithm>
#include <cstdlib>
#include <new>

thread_local bool g_counting = false;
thread_local size_t g_allocations = 0;

namespace {

void* CountedAlloc(size_t size) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void* CountedAlignedAlloc(size_t size, std::align_val_t align) {
  if (g_counting) ++g_allocations;
  size_t alignment = static_cast<size_t>(align);
  size_t rounded = (std::max<size_t>(size, 1) + alignment - 1) / alignment * alignment;
  if (void* p = std::aligned_alloc(alignment, rounded)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(size_t size) { return CountedAlloc(size); }
void* operator new[](size_t size) { return CountedAlloc(size); }
void* operator new(size_t size, std::align_val_t align) { return CountedAlignedAlloc(size, align); }
void* operator new[](size_t size, std::align_val_t align) {
  return CountedAlignedAlloc(size, align);
}
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  if (g_counting) ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  if (g_counting) ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { std::free(p); }

#endif  // PAIAM_TESTS_SUPPORT_COUNTING_NEW_H_
