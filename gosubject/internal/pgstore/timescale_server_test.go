package pgstore

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"time"
)

// tsFixture is the project's TimescaleDB: PGlite with the timescaledb
// extension served over TCP on 127.0.0.1 by fixtures/timescale/server.mjs.
type tsFixture struct {
	dir  string // holds the log
	proc *child
	url  string
}

var readyLine = regexp.MustCompile(`^READY host=(\S+) port=(\d+)`)

func startTimescale() (*tsFixture, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, errSkip{"node is not on PATH"}
	}
	script := os.Getenv("MDBPROF_TIMESCALE_SERVER")
	if script == "" {
		script = filepath.Join("..", "..", "..", "fixtures", "timescale", "server.mjs")
	}
	script, err = filepath.Abs(script)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(script); err != nil {
		return nil, errSkip{fmt.Sprintf("no fixture at %s (set MDBPROF_TIMESCALE_SERVER)", script)}
	}
	modules := filepath.Join(filepath.Dir(script), "node_modules", "@unni-craftsman", "pglite")
	if _, err := os.Stat(modules); err != nil {
		return nil, errSkip{fmt.Sprintf("%s is missing: run npm ci --prefix %s", modules, filepath.Dir(script))}
	}
	dir, err := scratchDir("pgstore-test-ts-")
	if err != nil {
		return nil, err
	}
	f := &tsFixture{dir: dir}
	fail := func(err error) (*tsFixture, error) {
		f.stop()
		return nil, err
	}
	cmd := exec.Command(node, script, "--host", "127.0.0.1", "--port", "0")
	// An os.Pipe rather than StdoutPipe: Wait (run as soon as the child
	// starts) must not close the read end under the reader.
	stdout, w, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	cmd.Stdout = w
	f.proc, err = startChild(cmd, filepath.Join(dir, "fixture.log"), nil, syscall.SIGTERM)
	w.Close()
	if err != nil {
		stdout.Close()
		return fail(err)
	}
	ready := make(chan []string, 1)
	go func() {
		defer stdout.Close()
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString('\n')
			if m := readyLine.FindStringSubmatch(line); m != nil {
				ready <- m
				io.Copy(io.Discard, r) // the pipe must never fill up
				return
			}
			if err != nil {
				return
			}
		}
	}()
	const timeout = 4 * time.Minute // ~40 s on a loaded 2-core machine
	select {
	case m := <-ready:
		f.url = fmt.Sprintf("postgres://postgres:postgres@%s:%s/postgres?sslmode=disable", m[1], m[2])
	case <-f.proc.done:
		return fail(fmt.Errorf("the fixture exited (%v) before READY:\n%s", f.proc.err, f.proc.logTail()))
	case <-time.After(timeout):
		return fail(fmt.Errorf("no READY line from the fixture after %v:\n%s", timeout, f.proc.logTail()))
	}
	return f, nil
}

func (f *tsFixture) stop() error {
	var err error
	if f.proc != nil {
		err = f.proc.stop(syscall.SIGTERM, 10*time.Second)
	}
	return errors.Join(err, os.RemoveAll(f.dir))
}
