// Goroutines parked forever in known functions, for goroutine.prof:
// 3 in blockOnChannel (labelled blocker=chan), 2 in blockOnMutex,
// 1 in blockInSelect, 1 in sleepLong.

package main

import (
	"context"
	"runtime/pprof"
	"sync"
	"time"
)

const (
	chanBlockers  = 3
	mutexBlockers = 2
)

var (
	neverClosed = make(chan struct{})
	neverSent   = make(chan int)
	heldMutex   sync.Mutex
)

//go:noinline
func blockOnChannel(started *sync.WaitGroup) {
	started.Done()
	<-neverClosed
}

//go:noinline
func blockOnMutex(started *sync.WaitGroup) {
	started.Done()
	heldMutex.Lock()
	heldMutex.Unlock()
}

//go:noinline
func blockInSelect(started *sync.WaitGroup) {
	started.Done()
	select {
	case <-neverClosed:
	case <-neverSent:
	}
}

//go:noinline
func sleepLong(started *sync.WaitGroup) {
	started.Done()
	time.Sleep(24 * time.Hour)
}

// startBlockers starts all blocked goroutines and waits until they have
// parked. heldMutex stays locked for the life of the process.
func startBlockers() {
	heldMutex.Lock()
	var started sync.WaitGroup
	started.Add(chanBlockers + mutexBlockers + 2)
	// Goroutines inherit the labels of the goroutine that starts them.
	pprof.Do(context.Background(), pprof.Labels("blocker", "chan"), func(context.Context) {
		for i := 0; i < chanBlockers; i++ {
			go blockOnChannel(&started)
		}
	})
	for i := 0; i < mutexBlockers; i++ {
		go blockOnMutex(&started)
	}
	go blockInSelect(&started)
	go sleepLong(&started)
	started.Wait()
	// Done() runs just before each goroutine parks; give them time to park.
	time.Sleep(200 * time.Millisecond)
}
