// Stack capture for the profiler: async-signal-safe unwinding of an
// interrupted context (SIGPROF, the thread-stack signal) and ordinary
// unwinding of the calling thread, both with libunwind (local-only).
//
// Raw stacks are arrays of uint64_t: a return address, or an exact program
// counter tagged with kExactPcBit (the interrupted instruction of a signal
// frame). ToCallSites() turns a raw stack into the addresses a profile
// stores: exact pcs unchanged, return addresses minus one (inside the call
// instruction, where symbolization finds the caller's line — as pprof does).
//
//   void Handler(int, siginfo_t*, void* uc) {
//     uint64_t raw[kMaxStackDepth];
//     int n = UnwindSignalContext(uc, raw, kMaxStackDepth);
//     ...copy raw[0..n) somewhere pre-allocated...
//   }
#ifndef REFSERVER_PROFILER_SIGNAL_UNWIND_H_
#define REFSERVER_PROFILER_SIGNAL_UNWIND_H_

#include <cstdint>
#include <vector>

namespace refserver::profiler {

// Deepest stack any profile records; deeper stacks are truncated at the root.
inline constexpr int kMaxStackDepth = 64;

// Marks a raw address that is an exact pc rather than a return address.
inline constexpr uint64_t kExactPcBit = uint64_t{1} << 63;

// Unwinds the context a SA_SIGINFO handler received as its third argument
// into raw[0..max): raw[0] is the interrupted instruction (tagged exact).
// Returns the number of frames written (0 when the context cannot be read).
// Async-signal-safe: no allocation and no locks that a signal can interrupt.
int UnwindSignalContext(void* ucontext, uint64_t* raw, int max);

// Unwinds the calling thread from the point of call into raw[0..max); all
// entries are return addresses, raw[0] is the return address into the
// caller of UnwindCurrentThread. Not for signal handlers (no guarantees).
int UnwindCurrentThread(uint64_t* raw, int max);

// Appends the call-site addresses of raw[0..n) to `out` (see file comment).
void ToCallSites(const uint64_t* raw, int n, std::vector<uint64_t>* out);

}  // namespace refserver::profiler

#endif  // REFSERVER_PROFILER_SIGNAL_UNWIND_H_
