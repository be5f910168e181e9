// CPU work with a known shape: spinA does exactly twice the iterations of
// spinB, fib is plainly recursive, ping/pong recurse through each other, and
// mix/rotl are small enough that the compiler inlines them (check with
// `go build -gcflags=-m`), so the leaf locations of spinA/spinB/labeledSpin
// samples carry several lines (inlined frames). README.md in
// tests/testdata/go has the expected shares.

package main

import "math/bits"

// rotl is inlined into mix.
func rotl(h uint64) uint64 { return bits.RotateLeft64(h, 13) }

// mix is inlined into its callers; rotl is inlined into it, so a pc inside
// rotl's code yields a location with lines [rotl, mix, caller].
func mix(h, x uint64) uint64 {
	h ^= x
	h *= 0x100000001b3
	return rotl(h)
}

// spinA does 2*n iterations: twice the work of spinB(n).
//
//go:noinline
func spinA(n int) uint64 {
	h := uint64(1)
	for i := 0; i < 2*n; i++ {
		h = mix(h, uint64(i))
		h += h >> 7
	}
	return h
}

// spinB does n iterations of the same loop body as spinA.
//
//go:noinline
func spinB(n int) uint64 {
	h := uint64(1)
	for i := 0; i < n; i++ {
		h = mix(h, uint64(i))
		h += h >> 7
	}
	return h
}

// fib is the naive doubly recursive Fibonacci: deep self-recursion, so cum
// must count fib once per sample although it appears many times per stack.
// Its base case calls fibBase, so fib's cum exceeds its flat.
func fib(n int) int {
	if n < 2 {
		return fibBase(n)
	}
	return fib(n-1) + fib(n-2)
}

//go:noinline
func fibBase(n int) int { return n }

// ping and pong recurse through each other (A -> B -> A -> ...) down to
// depth 0 and spin a little at every level.
func ping(depth int, work int) uint64 {
	h := spinLevel(work)
	if depth == 0 {
		return h
	}
	return h + pong(depth-1, work)
}

func pong(depth int, work int) uint64 {
	h := spinLevel(work)
	if depth == 0 {
		return h
	}
	return h ^ ping(depth-1, work)
}

// mixFn calls mix through a variable, which the compiler cannot inline: mix
// then has inlined callers (spinA, spinB) and a real caller (spinLevel), so
// pprof labels it "(partial-inline)".
var mixFn = mix

// spinLevel is the per-level work of ping/pong.
//
//go:noinline
func spinLevel(n int) uint64 {
	h := uint64(7)
	for i := 0; i < n; i++ {
		h = mixFn(h, uint64(i))
	}
	return h
}

// labeledSpin is called under different pprof labels with the same stack.
//
//go:noinline
func labeledSpin(n int) uint64 {
	h := uint64(3)
	for i := 0; i < n; i++ {
		h = mix(h, uint64(i))
	}
	return h
}
