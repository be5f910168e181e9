// The allocation interposer: defines the C allocation functions in the
// executable that links this object (target refserver_malloc_hooks), so that
// every allocation in the process — operator new/delete, SQLite, RocksDB,
// libpq, glibc itself — reaches the allocation sampler (alloc_sampler.h)
// before being forwarded to glibc's allocator (__libc_malloc and friends).
// This is a superset of hooking operator new plus sqlite3_config().
//
// Cost when an allocation is not sampled: one thread-local countdown update
// on allocation; one load from a counting filter on free().
//
// Limitation: a realloc() that fails (returns null for a non-zero size)
// after its block was sampled drops the block from the in-use totals.
#include <errno.h>

#include <cstddef>

#include "server/profiler/alloc_sampler_internal.h"

extern "C" {
void* __libc_malloc(size_t size);
void __libc_free(void* p);
void* __libc_calloc(size_t n, size_t size);
void* __libc_realloc(void* p, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void* __libc_valloc(size_t size);
void* __libc_pvalloc(size_t size);
}

namespace {

namespace internal = refserver::profiler::internal;

inline void* MaybeSample(void* p, size_t size, const void* return_address) {
  if (p != nullptr && internal::ShouldSample(size)) {
    internal::RecordAllocation(p, size, return_address);
  }
  return p;
}

}  // namespace

extern "C" {

// Tells alloc_sampler.cc (through a weak reference) that the hooks are in.
__attribute__((visibility("default"))) int refserver_malloc_hooks_linked = 1;

__attribute__((visibility("default"))) void* malloc(size_t size) noexcept {
  return MaybeSample(__libc_malloc(size), size, __builtin_return_address(0));
}

__attribute__((visibility("default"))) void free(void* p) noexcept {
  if (p != nullptr) internal::OnFree(p);
  __libc_free(p);
}

__attribute__((visibility("default"))) void* calloc(size_t n,
                                                    size_t size) noexcept {
  // __libc_calloc fails on overflow, so n * size is exact when p != null.
  return MaybeSample(__libc_calloc(n, size), n * size,
                     __builtin_return_address(0));
}

__attribute__((visibility("default"))) void* realloc(void* p,
                                                     size_t size) noexcept {
  if (p != nullptr) internal::OnFree(p);
  return MaybeSample(__libc_realloc(p, size), size,
                     __builtin_return_address(0));
}

__attribute__((visibility("default"))) void* memalign(size_t alignment,
                                                      size_t size) noexcept {
  return MaybeSample(__libc_memalign(alignment, size), size,
                     __builtin_return_address(0));
}

__attribute__((visibility("default"))) void* aligned_alloc(
    size_t alignment, size_t size) noexcept {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    errno = EINVAL;
    return nullptr;
  }
  return MaybeSample(__libc_memalign(alignment, size), size,
                     __builtin_return_address(0));
}

__attribute__((visibility("default"))) int posix_memalign(
    void** out, size_t alignment, size_t size) noexcept {
  if (alignment == 0 || alignment % sizeof(void*) != 0 ||
      (alignment & (alignment - 1)) != 0) {
    return EINVAL;
  }
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  *out = MaybeSample(p, size, __builtin_return_address(0));
  return 0;
}

__attribute__((visibility("default"))) void* valloc(size_t size) noexcept {
  return MaybeSample(__libc_valloc(size), size, __builtin_return_address(0));
}

__attribute__((visibility("default"))) void* pvalloc(size_t size) noexcept {
  return MaybeSample(__libc_pvalloc(size), size, __builtin_return_address(0));
}

}  // extern "C"
