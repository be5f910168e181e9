#include "server/profiler/signal_unwind.h"

#define UNW_LOCAL_ONLY
#include <libunwind.h>

namespace refserver::profiler {

int UnwindSignalContext(void* ucontext, uint64_t* raw, int max) {
  if (ucontext == nullptr || max <= 0) return 0;
  unw_cursor_t cursor;
  // On x86-64 unw_context_t is ucontext_t, the type the kernel passes.
  if (unw_init_local2(&cursor, static_cast<unw_context_t*>(ucontext),
                      UNW_INIT_SIGNAL_FRAME) < 0) {
    return 0;
  }
  int n = 0;
  bool exact = true;  // The first frame is the interrupted instruction.
  while (n < max) {
    unw_word_t ip = 0;
    if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0 || ip == 0) break;
    raw[n++] = exact ? (ip | kExactPcBit) : ip;
    // A frame above a signal trampoline was interrupted, not called.
    exact = unw_is_signal_frame(&cursor) > 0;
    if (unw_step(&cursor) <= 0) break;
  }
  return n;
}

int UnwindCurrentThread(uint64_t* raw, int max) {
  if (max <= 0) return 0;
  // unw_backtrace records its own frame first; capture one more and drop it.
  void* buf[kMaxStackDepth + 1];
  int want = max < kMaxStackDepth ? max : kMaxStackDepth;
  int got = unw_backtrace(buf, want + 1);
  int n = 0;
  for (int i = 1; i < got; ++i) {
    raw[n++] = reinterpret_cast<uint64_t>(buf[i]);
  }
  return n;
}

void ToCallSites(const uint64_t* raw, int n, std::vector<uint64_t>* out) {
  out->reserve(out->size() + n);
  for (int i = 0; i < n; ++i) {
    uint64_t a = raw[i];
    if (a & kExactPcBit) {
      out->push_back(a & ~kExactPcBit);
    } else if (a != 0) {
      out->push_back(a - 1);
    }
  }
}

}  // namespace refserver::profiler
