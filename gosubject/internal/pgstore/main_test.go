package pgstore

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

// The test servers are started on first use and stopped here, after every
// test ran, whether the tests passed or not.

var servers struct {
	mu        sync.Mutex
	postgres  *pgCluster
	pgErr     error
	pgDone    bool
	timescale *tsFixture
	tsErr     error
	tsDone    bool
}

func TestMain(m *testing.M) {
	code := m.Run()
	servers.mu.Lock()
	if servers.postgres != nil {
		if err := servers.postgres.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgstore test: stopping PostgreSQL:", err)
			code = 1
		}
	}
	if servers.timescale != nil {
		if err := servers.timescale.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgstore test: stopping the TimescaleDB fixture:", err)
			code = 1
		}
	}
	servers.mu.Unlock()
	os.Exit(code)
}

// errSkip marks a missing prerequisite: the test is skipped, not failed.
type errSkip struct{ reason string }

func (e errSkip) Error() string { return e.reason }

// postgresURL returns the URL of the shared throwaway PostgreSQL cluster,
// starting it on first use; it skips t when PostgreSQL is not installed.
func postgresURL(t testing.TB) string {
	t.Helper()
	servers.mu.Lock()
	if !servers.pgDone {
		servers.pgDone = true
		servers.postgres, servers.pgErr = startPostgres()
	}
	c, err := servers.postgres, servers.pgErr
	servers.mu.Unlock()
	return urlOrSkip(t, "PostgreSQL", err, func() string { return c.url })
}

// timescaleURL returns the URL of the shared TimescaleDB fixture (PGlite in
// Node), starting it on first use; it skips t when Node or the fixture's
// packages are missing.
func timescaleURL(t testing.TB) string {
	t.Helper()
	servers.mu.Lock()
	if !servers.tsDone {
		servers.tsDone = true
		servers.timescale, servers.tsErr = startTimescale()
	}
	f, err := servers.timescale, servers.tsErr
	servers.mu.Unlock()
	return urlOrSkip(t, "TimescaleDB fixture", err, func() string { return f.url })
}

func urlOrSkip(t testing.TB, what string, err error, url func() string) string {
	t.Helper()
	if skip, ok := err.(errSkip); ok {
		t.Skipf("%s unavailable: %s", what, skip.reason)
	}
	if err != nil {
		t.Fatalf("starting %s: %v", what, err)
	}
	return url()
}
