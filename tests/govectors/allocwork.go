// Allocation work with exact, known counts. Every allocation goes through
// mallocgc with a size that is exactly a size class (64 B, 256 B, 4 KiB) or a
// whole number of pages (1 MiB), so at MemProfileRate=1 the profile shows
// exactly the numbers listed in README.md.

package main

const (
	smallCount  = 1000000 // allocSmall: 1e6 x 64 B, none kept
	smallSize   = 64
	mediumCount = 2000 // allocMedium: 2000 x 4 KiB, every 4th kept
	mediumSize  = 4096
	mediumKeep  = 4
	largeCount  = 8 // allocLarge: 8 x 1 MiB, first 2 kept
	largeSize   = 1 << 20
	largeKeep   = 2
	phase2Count = 10000 // allocPhase2: 1e4 x 256 B, none kept
	phase2Size  = 256
)

// Globals keep objects reachable (or make them escape); fixed-size arrays so
// that keeping an object costs no extra allocation.
var (
	sink       []byte
	keptMedium [mediumCount / mediumKeep][]byte
	keptLarge  [largeKeep][]byte
)

// allocSmall allocates smallCount objects of smallSize bytes; none survive.
//
//go:noinline
func allocSmall(size int) {
	for i := 0; i < smallCount; i++ {
		sink = make([]byte, size)
	}
	sink = nil
}

// allocMedium allocates mediumCount objects of mediumSize bytes and keeps
// every mediumKeep-th one in keptMedium.
//
//go:noinline
func allocMedium(size int) {
	for i := 0; i < mediumCount; i++ {
		b := make([]byte, size)
		if i%mediumKeep == 0 {
			keptMedium[i/mediumKeep] = b
		} else {
			sink = b
		}
	}
	sink = nil
}

// allocLarge allocates largeCount objects of largeSize bytes and keeps the
// first largeKeep of them in keptLarge.
//
//go:noinline
func allocLarge(size int) {
	for i := 0; i < largeCount; i++ {
		b := make([]byte, size)
		if i < largeKeep {
			keptLarge[i] = b
		} else {
			sink = b
		}
	}
	sink = nil
}

// allocPhase2 runs between allocs-before.prof and allocs-after.prof.
//
//go:noinline
func allocPhase2(size int) {
	for i := 0; i < phase2Count; i++ {
		sink = make([]byte, size)
	}
	sink = nil
}

// releaseMedium drops every object allocMedium kept, so allocMedium's inuse
// values fall to zero while its alloc values stay.
func releaseMedium() {
	for i := range keptMedium {
		keptMedium[i] = nil
	}
}
