// Internal: int64 arithmetic that wraps like Go's instead of being undefined
// behaviour on overflow (profiles are untrusted input).
#ifndef MDBPROF_PPROF_INT_MATH_H_
#define MDBPROF_PPROF_INT_MATH_H_

#include <cstdint>

namespace mdbprof::pprof {

inline int64_t WrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) +
                              static_cast<uint64_t>(b));
}
inline int64_t WrappingNeg(int64_t a) {
  return static_cast<int64_t>(-static_cast<uint64_t>(a));
}
// |a|; INT64_MIN stays INT64_MIN (as Go's abs64).
inline int64_t WrappingAbs(int64_t a) { return a < 0 ? WrappingNeg(a) : a; }

}  // namespace mdbprof::pprof

#endif  // MDBPROF_PPROF_INT_MATH_H_
