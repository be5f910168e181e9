// Package pgstore is the Go subject's PostgreSQL and TimescaleDB store: a
// database/sql pool over pgx with EventoDB's pool settings and schema names.
//
//	st, err := pgstore.Open(ctx, "postgres://u:p@127.0.0.1:5432/db", false)
//	if err != nil { ... }
//	defer st.Close()
//
// Every namespace lives in its own schema (see schema.go). Writes to one
// stream are serialised by a transaction-scoped advisory lock on the stream
// inside write_message, which also makes the expected-version check.
package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"mdbprof/gosubject/internal/store"
)

// EventoDB's pool settings.
const (
	maxOpenConns    = 25
	maxIdleConns    = 5
	connMaxLifetime = 5 * time.Minute
)

// timescaleExtension is the extension a timescale store requires.
const timescaleExtension = "timescaledb"

// pgStore implements store.Store.
type pgStore struct {
	db *sql.DB
	// timescale picks the schema prefix and table layout of namespaces this
	// store creates; existing ones are used through the schema the registry
	// names, whatever created them.
	timescale bool
	tsSchema  string // quoted schema of the timescaledb extension, or ""

	mu         sync.RWMutex
	namespaces map[string]*namespaceSQL // guarded by mu; never holds misses
}

// Open connects to the database at url (parsed by pgx unchanged: query keys
// pgx does not know become run-time parameters), creates the namespace
// registry when it is missing, and returns the store. With timescale the
// timescaledb extension must already be installed in the database; Open does
// not create it.
func Open(ctx context.Context, url string, timescale bool) (store.Store, error) {
	return open(ctx, url, timescale, maxOpenConns)
}

// open is Open with the pool's open-connection limit as a parameter, for
// tests against a server that accepts fewer connections.
func open(ctx context.Context, url string, timescale bool, maxOpen int) (*pgStore, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("pgstore: bad database URL: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(min(maxIdleConns, maxOpen))
	db.SetConnMaxLifetime(connMaxLifetime)
	s := &pgStore{db: db, timescale: timescale, namespaces: make(map[string]*namespaceSQL)}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *pgStore) init(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("pgstore: connecting to the database: %w", err)
	}
	if s.timescale {
		var extSchema string
		err := s.db.QueryRowContext(ctx,
			`SELECT n.nspname FROM pg_catalog.pg_extension e
			 JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
			 WHERE e.extname = $1::text`, timescaleExtension).Scan(&extSchema)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("pgstore: the %s extension is not installed in this database; "+
				"--db-type timescale needs it (an administrator runs CREATE EXTENSION %s)",
				timescaleExtension, timescaleExtension)
		}
		if err != nil {
			return fmt.Errorf("pgstore: looking up the %s extension: %w", timescaleExtension, err)
		}
		s.tsSchema = quoteIdent(extSchema)
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_catalog.pg_advisory_xact_lock($1::bigint)`,
			int64(registryLockKey)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, registryDDL)
		return err
	})
	if err != nil {
		return fmt.Errorf("pgstore: creating the %s registry: %w", registrySchema, err)
	}
	return nil
}

func (s *pgStore) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("pgstore: ping: %w", err)
	}
	return nil
}

func (s *pgStore) Close() error { return s.db.Close() }

// inTx runs fn in a transaction and commits when fn returns nil.
func (s *pgStore) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// namespace returns the statements of namespace ns, from the cache or the
// registry; store.ErrNamespaceNotFound when it is not registered.
func (s *pgStore) namespace(ctx context.Context, ns string) (*namespaceSQL, error) {
	s.mu.RLock()
	n := s.namespaces[ns]
	s.mu.RUnlock()
	if n != nil {
		return n, nil
	}
	var schema string
	err := s.db.QueryRowContext(ctx,
		`SELECT schema_name FROM eventodb_store.namespaces WHERE name = $1::text`, ns).Scan(&schema)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("namespace %q: %w", ns, store.ErrNamespaceNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("looking up namespace %q: %w", ns, err)
	}
	n = newNamespaceSQL(schema)
	s.mu.Lock()
	if cached := s.namespaces[ns]; cached != nil && cached.schema == schema {
		n = cached
	} else {
		s.namespaces[ns] = n
	}
	s.mu.Unlock()
	return n, nil
}

// forget drops ns from the cache, e.g. after it was deleted, maybe by
// another process sharing the database.
func (s *pgStore) forget(ns string) {
	s.mu.Lock()
	delete(s.namespaces, ns)
	s.mu.Unlock()
}
