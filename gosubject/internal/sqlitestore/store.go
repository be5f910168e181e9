// Package sqlitestore is the Go subject's SQLite store (modernc.org/sqlite,
// driver "sqlite"), laid out as EventoDB's: a metadata database with the
// namespace registry, and one database file per namespace, NAME.db in the
// data dir, opened on first use with a single connection (writes serialised
// by a mutex, WAL journal, 5 s busy timeout).
//
//	st, err := sqlitestore.Open(ctx, "/data/metadata.db", "/data")
//	st, err := sqlitestore.OpenInMemory(ctx) // test mode
package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	_ "modernc.org/sqlite" // driver "sqlite"

	"mdbprof/gosubject/internal/store"
)

const filePragmas = "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)"

// inMemoryStores numbers in-memory stores so that two in one process do not
// share databases.
var inMemoryStores atomic.Int64

// Store implements store.Store over SQLite.
type Store struct {
	metadata *sql.DB
	dataDir  string // "" when in memory
	memoryID int64  // in-memory stores: the instance number

	mu      sync.RWMutex
	handles map[string]*nsHandle // guarded by mu; open namespace databases
	closed  bool                 // guarded by mu
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the metadata database at metadataPath;
// namespace databases live in dataDir, which must exist.
func Open(ctx context.Context, metadataPath, dataDir string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(metadataPath), 0o755); err != nil {
		return nil, fmt.Errorf("sqlite: creating the directory of %s: %w", metadataPath, err)
	}
	db, err := sql.Open("sqlite", metadataPath+filePragmas)
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening %s: %w", metadataPath, err)
	}
	return newStore(ctx, db, dataDir, 0, metadataPath)
}

// OpenInMemory opens a store whose databases live in memory and vanish with
// it.
func OpenInMemory(ctx context.Context) (*Store, error) {
	id := inMemoryStores.Add(1)
	db, err := sql.Open("sqlite", fmt.Sprintf("file:gosubject-%d-metadata?mode=memory&cache=shared", id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: opening the in-memory metadata database: %w", err)
	}
	keepOneConnection(db) // the database lives as long as a connection does
	return newStore(ctx, db, "", id, "the in-memory metadata database")
}

func newStore(ctx context.Context, db *sql.DB, dataDir string, memoryID int64, what string) (*Store, error) {
	if _, err := db.ExecContext(ctx, metadataSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: creating the namespace registry in %s: %w", what, err)
	}
	return &Store{metadata: db, dataDir: dataDir, memoryID: memoryID, handles: map[string]*nsHandle{}}, nil
}

func keepOneConnection(db *sql.DB) {
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
}

// dbPath is where namespace name's database lives (a DSN in memory).
func (s *Store) dbPath(name string) string {
	if s.dataDir == "" {
		return fmt.Sprintf("file:gosubject-%d-ns-%s?mode=memory&cache=shared", s.memoryID, name)
	}
	return filepath.Join(s.dataDir, name+".db")
}

// handle returns the open database of namespace name, opening it on first
// use; store.ErrNamespaceNotFound when the registry does not list it.
func (s *Store) handle(ctx context.Context, name string) (*nsHandle, error) {
	s.mu.RLock()
	h, ok := s.handles[name]
	closed := s.closed
	s.mu.RUnlock()
	if ok {
		return h, nil
	}
	if closed {
		return nil, fmt.Errorf("sqlite: the store is closed")
	}
	var path string
	err := s.metadata.QueryRowContext(ctx, `SELECT db_path FROM namespaces WHERE id = ?`, name).Scan(&path)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: looking up namespace %q: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.openHandleLocked(ctx, name, path)
}

// REQUIRES: s.mu held for writing.
func (s *Store) openHandleLocked(ctx context.Context, name, path string) (*nsHandle, error) {
	if h, ok := s.handles[name]; ok {
		return h, nil
	}
	if s.closed {
		return nil, fmt.Errorf("sqlite: the store is closed")
	}
	dsn := path
	if s.dataDir != "" {
		dsn = path + filePragmas
	}
	h, err := openNamespace(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: namespace %q (%s): %w", name, path, err)
	}
	s.handles[name] = h
	return h, nil
}

// Ping is a round trip to the metadata database.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.metadata.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	var one int
	if err := s.metadata.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// Close closes every database; later calls fail.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	var first error
	for name, h := range s.handles {
		if err := h.close(); err != nil && first == nil {
			first = fmt.Errorf("sqlite: closing namespace %q: %w", name, err)
		}
	}
	s.handles = nil
	if err := s.metadata.Close(); err != nil && first == nil {
		first = fmt.Errorf("sqlite: closing the metadata database: %w", err)
	}
	return first
}
