// paiam/authz — internal: an allocator for the snapshot's large lookup tables.
//
// A check probes the principal, workspace and membership tables at random places. With 4 KiB
// pages each probe of a multi-megabyte table is also a TLB miss, whose page walk the
// prefetches cannot hide. Tables of 2 MiB and more are therefore allocated 2 MiB-aligned and
// marked MADV_HUGEPAGE before they are touched, so that the kernel (transparent huge pages in
// "madvise" mode, the common default) backs them with huge pages when it can. Where it cannot,
// nothing changes but the alignment. Smaller tables take the ordinary path.
// Not a public interface. Depends on nothing.
#ifndef PAIAM_AUTHZ_HUGE_PAGES_H_
#define PAIAM_AUTHZ_HUGE_PAGES_H_

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace paiam::authz::internal {

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) {
      return static_cast<T*>(::operator new(bytes, std::align_val_t(alignof(T))));
    }
    const size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);  // advisory: failure only means small pages
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p, std::align_val_t(alignof(T)));
    } else {
      std::free(p);
    }
  }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace paiam::authz::internal

#endif  // PAIAM_AUTHZ_HUGE_PAGES_H_
