// Command govectors does known work and writes pprof profiles of it, as test
// vectors for mdbprof's pprof decoder. See ../testdata/go/README.md for the
// expected shapes and regenerate.sh for how the vectors are made.
//
//	govectors -mode=full -out DIR        # MemProfileRate=1: cpu, labels, heap, allocs, ...
//	govectors -mode=memdefault -out DIR  # MemProfileRate=512 KiB: heap-default, allocs-default
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/* on http.DefaultServeMux
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"
)

// Work sizes, calibrated so that the CPU profile lasts about 2 s on a 2020s
// x86-64 core: spinA ~0.8 s, spinB ~0.4 s, fib ~0.4 s, ping/pong ~0.5 s.
const (
	spinRounds = 10
	spinN      = 16000000 // spinB iterations per round; spinA does 2x
	fibN       = 34
	fibReps    = 8
	pingDepth  = 40
	pingWork   = 20000
	pingReps   = 300
	labelUnit  = 80000000 // labeledSpin iterations for worker=alpha; beta does 3x
)

var (
	outDir = flag.String("out", ".", "directory the profiles are written to")
	mode   = flag.String("mode", "full", "full (MemProfileRate=1, all profiles) or memdefault (MemProfileRate=512 KiB, heap-default/allocs-default only)")
	result uint64 // keeps CPU work observable
)

func main() {
	flag.Parse()
	var err error
	switch *mode {
	case "full":
		// Every allocation from here on is recorded (mallocgc profiles every
		// allocation when the rate is exactly 1).
		runtime.MemProfileRate = 1
		err = runFull()
	case "memdefault":
		runtime.MemProfileRate = 512 * 1024
		err = runMemDefault()
	default:
		err = fmt.Errorf("unknown -mode %q", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "govectors:", err)
		os.Exit(1)
	}
}

func runFull() error {
	startBlockers()
	if err := writeCPUProfile("cpu.prof", runCPUWork); err != nil {
		return err
	}
	if err := writeCPUProfile("labels.prof", runLabeledWork); err != nil {
		return err
	}
	runAllocWork()
	runtime.GC()
	if err := writeLookup("allocs-before.prof", "allocs"); err != nil {
		return err
	}
	allocPhase2(phase2Size)
	releaseMedium()
	runtime.GC()
	if err := writeLookup("allocs-after.prof", "allocs"); err != nil {
		return err
	}
	runtime.GC()
	for _, p := range [][2]string{{"heap.prof", "heap"}, {"allocs.prof", "allocs"}, {"goroutine.prof", "goroutine"}} {
		if err := writeLookup(p[0], p[1]); err != nil {
			return err
		}
	}
	// Go 1.19 honours gc=1 only for /heap; /allocs ignores it.
	return fetchOverHTTP("allocs-http.prof", "/debug/pprof/allocs?gc=1")
}

func runMemDefault() error {
	runAllocWork()
	runtime.GC()
	if err := writeLookup("heap-default.prof", "heap"); err != nil {
		return err
	}
	return writeLookup("allocs-default.prof", "allocs")
}

// runCPUWork interleaves spinA and spinB so that both see the same machine
// conditions, then runs the recursive work.
//
//go:noinline
func runCPUWork() {
	for r := 0; r < spinRounds; r++ {
		result += spinA(spinN)
		result += spinB(spinN)
	}
	for r := 0; r < fibReps; r++ {
		result += uint64(fib(fibN))
	}
	for r := 0; r < pingReps; r++ {
		result += ping(pingDepth, pingWork)
	}
}

// runLabeledWork runs labeledSpin from one call site under two label sets,
// so the samples share their stack and differ only in labels: worker=alpha
// does 1 unit, {worker=beta, phase=two} does 3 units.
//
//go:noinline
func runLabeledWork() {
	work := []struct {
		labels pprof.LabelSet
		n      int
	}{
		{pprof.Labels("worker", "alpha"), labelUnit},
		{pprof.Labels("worker", "beta", "phase", "two"), 3 * labelUnit},
	}
	for _, w := range work {
		spinUnder(w.labels, w.n)
	}
}

//go:noinline
func spinUnder(labels pprof.LabelSet, n int) {
	pprof.Do(context.Background(), labels, func(context.Context) {
		result += labeledSpin(n)
	})
}

//go:noinline
func runAllocWork() {
	allocSmall(smallSize)
	allocMedium(mediumSize)
	allocLarge(largeSize)
}

func writeCPUProfile(name string, work func()) error {
	f, err := os.Create(filepath.Join(*outDir, name))
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return err
	}
	start := time.Now()
	work()
	pprof.StopCPUProfile()
	fmt.Fprintf(os.Stderr, "%s: work took %v\n", name, time.Since(start))
	return f.Close()
}

// writeLookup writes the named runtime/pprof profile as gzipped proto.
func writeLookup(name, profile string) error {
	p := pprof.Lookup(profile)
	if p == nil {
		return fmt.Errorf("no profile %q", profile)
	}
	return writeFile(name, func(w io.Writer) error { return p.WriteTo(w, 0) })
}

// fetchOverHTTP serves net/http/pprof on an ephemeral 127.0.0.1 port and
// saves the response body for path to file name; the server is closed before
// it returns.
func fetchOverHTTP(name, path string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.DefaultServeMux}
	go srv.Serve(ln)
	defer srv.Close()
	client := &http.Client{Timeout: 30 * time.Second}
	url := "http://" + ln.Addr().String() + path
	return writeFile(name, func(w io.Writer) error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", url, resp.Status)
		}
		_, err = io.Copy(w, resp.Body)
		return err
	})
}

func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(filepath.Join(*outDir, name))
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}
