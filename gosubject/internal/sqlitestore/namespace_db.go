package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"mdbprof/gosubject/internal/store"
)

// nsHandle is one namespace's open database: a single connection, so reads
// and writes take turns, as in EventoDB.
type nsHandle struct {
	// life is held for reading by every operation and for writing by close,
	// which therefore waits for operations in flight.
	life   sync.RWMutex
	closed bool // guarded by life

	writeMu sync.Mutex // serialises writes (the expected-version check)
	db      *sql.DB

	streamVersion, insert, streamGet, streamLast, streamLastOfType,
	categoryGet, categoryGetCorrelated, stats *sql.Stmt
}

func openNamespace(ctx context.Context, dsn string) (*nsHandle, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	keepOneConnection(db)
	if _, err := db.ExecContext(ctx, namespaceSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("creating the messages table: %w", err)
	}
	h := &nsHandle{db: db}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&h.streamVersion, sqlStreamVersion},
		{&h.insert, sqlInsert},
		{&h.streamGet, sqlStreamGet},
		{&h.streamLast, sqlStreamLast},
		{&h.streamLastOfType, sqlStreamLastOfType},
		{&h.categoryGet, sqlCategoryGet},
		{&h.categoryGetCorrelated, sqlCategoryGetCorrelated},
		{&h.stats, sqlStats},
	} {
		if *p.stmt, err = db.PrepareContext(ctx, p.sql); err != nil {
			db.Close()
			return nil, fmt.Errorf("preparing %q: %w", p.sql, err)
		}
	}
	return h, nil
}

// enter starts an operation; the caller must call h.life.RUnlock when done.
// It fails once the namespace was deleted.
func (h *nsHandle) enter(name string) error {
	h.life.RLock()
	if h.closed {
		h.life.RUnlock()
		return fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	return nil
}

// close waits for operations in flight, then closes the database.
func (h *nsHandle) close() error {
	h.life.Lock()
	defer h.life.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	return h.db.Close() // closes the prepared statements too
}
