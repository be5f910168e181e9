package api

import "sync/atomic"

// WriteKnobs are test-only extra costs of every stream.write, set at link
// time (cmd/gosubject: -X main.extraWriteAllocBytes=N, -X
// main.extraWriteWork=N) to give the suite a regression of known size.
// Zero values cost nothing but a comparison.
type WriteKnobs struct {
	// ExtraAllocBytes: one heap allocation of this many bytes per write,
	// written and read back.
	ExtraAllocBytes int
	// ExtraWork: this many iterations of cheap integer work per write.
	ExtraWork int
}

// knobSink keeps the knobs' results observable so the compiler cannot drop
// the work.
var knobSink atomic.Uint64

func (k WriteKnobs) apply() {
	if k.ExtraAllocBytes > 0 {
		knobSink.Add(burnAllocation(k.ExtraAllocBytes))
	}
	if k.ExtraWork > 0 {
		knobSink.Add(burnWork(k.ExtraWork))
	}
}

// burnAllocation allocates n bytes (n is not a constant, so past 32 bytes the
// slice lives on the heap), fills them and sums them.
//
//go:noinline
func burnAllocation(n int) uint64 {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	var sum uint64
	for _, v := range b {
		sum += uint64(v)
	}
	return sum
}

// burnWork runs n steps of xorshift64, deterministic in n.
//
//go:noinline
func burnWork(n int) uint64 {
	x := uint64(88172645463325252)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}
