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

// glibc's allocator under its internal names. noexcept (C never throws) also
// lets the hooks tail-call them.
extern "C" {
void* __libc_malloc(size_t size) noexcept;
void __libc_free(void* p) noexcept;
void* __libc_calloc(size_t n, size_t size) noexcept;
void* __libc_realloc(void* p, size_t size) noexcept;
void* __libc_memalign(size_t alignment, size_t size) noexcept;
void* __libc_valloc(size_t size) noexcept;
void* __libc_pvalloc(size_t size) noexcept;
}

namespace internal = refserver::profiler::internal;

// Each hook decides first (from the size alone) whether to sample, so that
// the common path is a tail call into glibc; only the sampled path keeps a
// frame, records the block and needs the caller's return address.
#define REFSERVER_SAMPLED(size, allocate)                                   \
  do {                                                                      \
    if (__builtin_expect(!internal::ShouldSample(size), 1)) {               \
      return allocate;                                                      \
    }                                                                       \
    void* block = allocate;                                                 \
    if (block != nullptr) {                                                 \
      internal::RecordAllocation(block, size, __builtin_return_address(0)); \
    }                                                                       \
    return block;                                                           \
  } while (0)

extern "C" {

// Tells alloc_sampler.cc (through a weak reference) that the hooks are in.
__attribute__((visibility("default"))) int refserver_malloc_hooks_linked = 1;

__attribute__((visibility("default"))) void* malloc(size_t size) noexcept {
  REFSERVER_SAMPLED(size, __libc_malloc(size));
}

__attribute__((visibility("default"))) void free(void* p) noexcept {
  if (p != nullptr) internal::OnFree(p);
  __libc_free(p);
}

__attribute__((visibility("default"))) void* calloc(size_t n,
                                                    size_t size) noexcept {
  size_t bytes = 0;
  if (__builtin_mul_overflow(n, size, &bytes)) return __libc_calloc(n, size);
  REFSERVER_SAMPLED(bytes, __libc_calloc(n, size));
}

__attribute__((visibility("default"))) void* realloc(void* p,
                                                     size_t size) noexcept {
  if (p != nullptr) internal::OnFree(p);
  REFSERVER_SAMPLED(size, __libc_realloc(p, size));
}

__attribute__((visibility("default"))) void* memalign(size_t alignment,
                                                      size_t size) noexcept {
  REFSERVER_SAMPLED(size, __libc_memalign(alignment, size));
}

__attribute__((visibility("default"))) void* aligned_alloc(
    size_t alignment, size_t size) noexcept {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    errno = EINVAL;
    return nullptr;
  }
  REFSERVER_SAMPLED(size, __libc_memalign(alignment, size));
}

__attribute__((visibility("default"))) int posix_memalign(
    void** out, size_t alignment, size_t size) noexcept {
  if (alignment == 0 || alignment % sizeof(void*) != 0 ||
      (alignment & (alignment - 1)) != 0) {
    return EINVAL;
  }
  void* p = __libc_memalign(alignment, size);
  if (p == nullptr) return ENOMEM;
  if (internal::ShouldSample(size)) {
    internal::RecordAllocation(p, size, __builtin_return_address(0));
  }
  *out = p;
  return 0;
}

__attribute__((visibility("default"))) void* valloc(size_t size) noexcept {
  REFSERVER_SAMPLED(size, __libc_valloc(size));
}

__attribute__((visibility("default"))) void* pvalloc(size_t size) noexcept {
  REFSERVER_SAMPLED(size, __libc_pvalloc(size));
}

#undef REFSERVER_SAMPLED

}  // extern "C"
