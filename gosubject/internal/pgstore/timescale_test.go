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
	once sync.Once
	err  error
}

// timescaleBackend starts the fixture and creates the timescaledb extension
// (test set-up, as the suite does; the store never creates it). The fixture
// multiplexes client connections onto its one PGlite session, so the store
// runs on EventoDB's full pool; a fixture that cannot serve a second
// connection while one is held fails the set-up.
func timescaleBackend(t *testing.T) backend {
	t.Helper()
	url := timescaleURL(t)
	tsProbe.once.Do(func() { tsProbe.err = prepareTimescale(url) })
	if tsProbe.err != nil {
		t.Fatalf("preparing the TimescaleDB fixture: %v", tsProbe.err)
	}
	return backend{name: "timescale", url: url, timescale: true, maxOpen: maxOpenConns}
}

func prepareTimescale(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	defer db.Close()
	held, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer held.Close()
	if _, err := held.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS timescaledb`); err != nil {
		return fmt.Errorf("CREATE EXTENSION timescaledb: %w", err)
	}
	// A second connection while the first is held: it would wait forever on
	// a fixture that serves one connection at a time.
	probeCtx, probeCancel := context.WithTimeout(ctx, 5*time.Second)
	defer probeCancel()
	var one int
	if err := db.QueryRowContext(probeCtx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("a second connection while one is held (does fixtures/timescale multiplex?): %w", err)
	}
	return nil
}

func TestTimescaleContract(t *testing.T) {
	b := timescaleBackend(t)
	runContract(t, b)
	t.Run("NothingLeftBehind", func(t *testing.T) { checkNoNamespaceSchemas(t, b) })
}

// The fixture must take EventoDB's pool: 25 connections used at once.
func TestTimescaleFullPool(t *testing.T) {
	b := timescaleBackend(t)
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
