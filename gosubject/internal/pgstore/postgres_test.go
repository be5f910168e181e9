package pgstore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

func postgresBackend(t *testing.T) backend {
	return backend{name: "postgres", url: postgresURL(t), maxOpen: maxOpenConns}
}

func TestPostgresContract(t *testing.T) {
	b := postgresBackend(t)
	runContract(t, b)
	t.Run("NothingLeftBehind", func(t *testing.T) { checkNoNamespaceSchemas(t, b) })
}

// The TimescaleDB layout (no unique indexes; id and position uniqueness from
// write_message's advisory locks) under PostgreSQL's real concurrency, which
// the one-session TimescaleDB fixture cannot give.
func TestPostgresTimescaleLayoutContract(t *testing.T) {
	b := postgresBackend(t)
	b.name, b.layoutOnly = "postgres with the timescale layout", true
	runContract(t, b)
	t.Run("NothingLeftBehind", func(t *testing.T) { checkNoNamespaceSchemas(t, b) })
}

// checkNoNamespaceSchemas fails when a namespace schema outlived the cases.
func checkNoNamespaceSchemas(t *testing.T, b backend) {
	st := openStore(t, b)
	ctx := context.Background()
	rows, err := st.db.QueryContext(ctx, `SELECT nspname FROM pg_catalog.pg_namespace
		WHERE nspname LIKE 'eventodb\_%' OR nspname LIKE 'tsdb\_%'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		rows.Scan(&s)
		if s != registrySchema {
			t.Errorf("schema %s left behind", s)
		}
	}
	var n int
	if err := st.db.QueryRowContext(ctx, `SELECT count(*) FROM eventodb_store.namespaces`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d registry rows left behind (%v)", n, err)
	}
}

// msgdb.Hash64, which the writer stores per message for consumer groups,
// must be Message DB's SQL hash_64 as PostgreSQL computes it.
func TestHash64MatchesMessageDBSQL(t *testing.T) {
	st := openStore(t, postgresBackend(t))
	for _, v := range []string{"", "1", "123", "abc", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "é-ü+x", strings.Repeat("z", 300)} {
		var want int64
		err := st.db.QueryRowContext(context.Background(),
			`SELECT ('x' || left(md5($1::text), 16))::bit(64)::bigint`, v).Scan(&want)
		if err != nil {
			t.Fatal(err)
		}
		if got := msgdb.Hash64(v); got != want {
			t.Errorf("hash64(%q) = %d, Message DB's SQL gives %d", v, got, want)
		}
	}
}

func TestOpenUsesEventoDBPoolSettings(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, postgresURL(t), false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.(*pgStore).db.Stats().MaxOpenConnections; got != 25 {
		t.Errorf("MaxOpenConnections = %d, want 25", got)
	}
}

func TestOpenTimescaleNeedsTheExtension(t *testing.T) {
	_, err := Open(context.Background(), postgresURL(t), true)
	if err == nil {
		t.Fatal("Open(timescale=true) on a database without timescaledb succeeded")
	}
	if !strings.Contains(err.Error(), "timescaledb") || !strings.Contains(err.Error(), "not installed") {
		t.Errorf("error %q does not say that the timescaledb extension is missing", err)
	}
}

func TestOpenPassesURLParametersToTheServer(t *testing.T) {
	url := postgresURL(t)
	ctx := context.Background()
	// A known run-time parameter reaches the session ...
	s, err := open(ctx, url+"&application_name=pgstore_probe", false, 1)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	err = s.db.QueryRowContext(ctx, `SELECT current_setting('application_name')`).Scan(&name)
	s.Close()
	if err != nil || name != "pgstore_probe" {
		t.Errorf("application_name = %q, %v; want pgstore_probe", name, err)
	}
	// ... and PostgreSQL rejects an unknown one.
	if _, err := Open(ctx, url+"&no_such_parameter=1", false); err == nil ||
		!strings.Contains(err.Error(), "no_such_parameter") {
		t.Errorf("Open with an unknown URL parameter: %v; want the server's rejection naming it", err)
	}
}

func TestOpenFailsClearly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for url, want := range map[string]string{
		"postgres://u:secret@127.0.0.1:notaport/db": "bad database URL",
		"postgres://u:secret@127.0.0.1:1/db":        "connecting to the database",
	} {
		_, err := Open(ctx, url, false)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Open(%q) = %v; want an error containing %q", url, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error shows the password: %v", url, err)
		}
	}
}

// Two stores creating one namespace at once: one wins, one gets
// ErrNamespaceExists.
func TestConcurrentCreateNamespace(t *testing.T) {
	b := postgresBackend(t)
	a, c := openStore(t, b), openStore(t, b)
	name := uniqueName("race")
	ctx := context.Background()
	stores := []*pgStore{a, c}
	errs := parallel(2, func(i int) error {
		return stores[i].CreateNamespace(ctx, store.Namespace{Name: name, TokenHash: "00", CreatedAt: time.Now()})
	})
	defer a.DeleteNamespace(ctx, name)
	ok, exists := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrNamespaceExists):
			exists++
		default:
			t.Errorf("CreateNamespace: %v", err)
		}
	}
	if ok != 1 || exists != 1 {
		t.Errorf("%d created, %d ErrNamespaceExists; want 1 and 1", ok, exists)
	}
}
