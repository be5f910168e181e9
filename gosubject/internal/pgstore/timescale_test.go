package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"
)

var tsProbe struct {
	once    sync.Once
	err     error
	oneConn bool
}

// timescaleBackend starts the fixture, creates the timescaledb extension
// (test set-up, as the suite does; the store never creates it) and finds
// out whether the fixture serves several connections at once. Until it
// does, the contract runs on a pool of one and the cases that need more
// connections are skipped (saying so).
func timescaleBackend(t *testing.T) backend {
	t.Helper()
	url := timescaleURL(t)
	tsProbe.once.Do(func() { tsProbe.oneConn, tsProbe.err = prepareTimescale(url) })
	if tsProbe.err != nil {
		t.Fatalf("preparing the TimescaleDB fixture: %v", tsProbe.err)
	}
	b := backend{name: "timescale", url: url, timescale: true, maxOpen: maxOpenConns}
	if tsProbe.oneConn {
		b.maxOpen, b.oneConn = 1, true
	}
	return b
}

func prepareTimescale(url string) (oneConn bool, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sql.Open("pgx", url)
	if err != nil {
		return false, err
	}
	defer db.Close()
	held, err := db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer held.Close()
	if _, err := held.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS timescaledb`); err != nil {
		return false, fmt.Errorf("CREATE EXTENSION timescaledb: %w", err)
	}
	// A second connection while the first is held: it waits on a
	// one-at-a-time fixture.
	probeCtx, probeCancel := context.WithTimeout(ctx, 5*time.Second)
	defer probeCancel()
	var one int
	if err := db.QueryRowContext(probeCtx, `SELECT 1`).Scan(&one); err != nil {
		if probeCtx.Err() != nil {
			return true, nil
		}
		return false, fmt.Errorf("second connection: %w", err)
	}
	return false, nil
}

func TestTimescaleContract(t *testing.T) {
	b := timescaleBackend(t)
	if b.oneConn {
		t.Log("the fixture serves one connection at a time: running on a pool of 1, not EventoDB's 25")
	}
	runContract(t, b)
	t.Run("NothingLeftBehind", func(t *testing.T) { checkNoNamespaceSchemas(t, b) })
}

// The fixture must take EventoDB's pool: 25 connections used at once.
func TestTimescaleFullPool(t *testing.T) {
	b := timescaleBackend(t)
	if b.oneConn {
		t.Skip("the fixture serves one connection at a time (no multiplexer in fixtures/timescale yet)")
	}
	h := newHarness(t, b)
	ns := h.namespace("pool")
	errs := parallel(maxOpenConns, func(i int) error {
		for j := 0; j < 4; j++ {
			if _, err := h.st.WriteMessage(h.ctx, ns, storeMessage(fmt.Sprintf("pool-%d", i%5))); err != nil {
				return err
			}
		}
		return nil
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	if got := h.st.db.Stats().MaxOpenConnections; got != maxOpenConns {
		t.Errorf("pool limit %d, want %d", got, maxOpenConns)
	}
	if got := len(h.category(ns, categoryAll("pool"))); got != maxOpenConns*4 {
		t.Errorf("%d messages stored, want %d", got, maxOpenConns*4)
	}
}

// A namespace's messages table is a hypertable on time, 7-day chunks,
// compressed per stream after 7 days (EventoDB's layout); deleting the
// namespace removes the hypertable and its policy job.
func TestTimescaleHypertableAndCompressionPolicy(t *testing.T) {
	h := newHarness(t, timescaleBackend(t))
	ns := h.namespace("hyper")
	schema, _ := schemaName(ns, true)
	h.write(ns, "h-1", "T", `{}`, nil)

	var dim string
	var interval time.Duration
	var compression bool
	err := h.st.db.QueryRowContext(h.ctx, `
		SELECT d.column_name, extract(epoch FROM d.time_interval)::bigint * 1000000000, h.compression_enabled
		FROM timescaledb_information.hypertables h
		JOIN timescaledb_information.dimensions d USING (hypertable_schema, hypertable_name)
		WHERE h.hypertable_schema = $1::text AND h.hypertable_name = 'messages'`, schema).
		Scan(&dim, &interval, &compression)
	if err != nil {
		t.Fatalf("%s.messages is not a hypertable: %v", schema, err)
	}
	if dim != "time" || interval != 7*24*time.Hour || !compression {
		t.Errorf("hypertable on %q, chunks %v, compression %v; want time, 168h, true", dim, interval, compression)
	}
	var segmentBy string
	err = h.st.db.QueryRowContext(h.ctx, `
		SELECT string_agg(attname, ',' ORDER BY segmentby_column_index)
		FROM timescaledb_information.compression_settings
		WHERE hypertable_schema = $1::text AND hypertable_name = 'messages'
		  AND segmentby_column_index IS NOT NULL`, schema).Scan(&segmentBy)
	if err != nil || segmentBy != "stream_name" {
		t.Errorf("compression segments by %q (%v), want stream_name", segmentBy, err)
	}
	var after string
	err = h.st.db.QueryRowContext(h.ctx, `
		SELECT config ->> 'compress_after' FROM timescaledb_information.jobs
		WHERE proc_name = 'policy_compression' AND hypertable_schema = $1::text`, schema).Scan(&after)
	if err != nil || after != "7 days" {
		t.Errorf("compression policy compress_after = %q (%v), want 7 days", after, err)
	}
	var chunks int
	if err := h.st.db.QueryRowContext(h.ctx, `SELECT count(*) FROM timescaledb_information.chunks
		WHERE hypertable_schema = $1::text`, schema).Scan(&chunks); err != nil || chunks != 1 {
		t.Errorf("%d chunks (%v) after one write, want 1", chunks, err)
	}

	if _, err := h.st.DeleteNamespace(h.ctx, ns); err != nil {
		t.Fatalf("DeleteNamespace: %v", err)
	}
	var left int
	err = h.st.db.QueryRowContext(h.ctx, `
		SELECT (SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_schema = $1::text)
		     + (SELECT count(*) FROM timescaledb_information.jobs WHERE hypertable_schema = $1::text)
		     + (SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = $1::text)`,
		schema).Scan(&left)
	if err != nil || left != 0 {
		t.Errorf("%d hypertables, jobs or chunks of %s left after delete (%v)", left, schema, err)
	}
}
