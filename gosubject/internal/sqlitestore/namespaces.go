package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"time"

	"mdbprof/gosubject/internal/store"
)

// CreateNamespace registers ns and creates its database. A database file
// left at its path by an earlier crash is removed first: no one owns it.
func (s *Store) CreateNamespace(ctx context.Context, ns store.Namespace) error {
	path := s.dbPath(ns.Name)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("sqlite: the store is closed")
	}
	_, err := s.metadata.ExecContext(ctx,
		`INSERT INTO namespaces (id, token_hash, db_path, description, created_at, metadata) VALUES (?, ?, ?, ?, ?, '{}')`,
		ns.Name, ns.TokenHash, path, ns.Description, ns.CreatedAt.Unix())
	switch {
	case uniqueViolation(err, "namespaces.id"), uniqueViolation(err, "namespaces.db_path"):
		return fmt.Errorf("namespace %q: %w", ns.Name, store.ErrNamespaceExists)
	case uniqueViolation(err, "namespaces.token_hash"):
		return fmt.Errorf("namespace %q: the token is another namespace's: %w", ns.Name, store.ErrInvalid)
	case err != nil:
		return fmt.Errorf("sqlite: registering namespace %q: %w", ns.Name, err)
	}
	if s.dataDir != "" {
		if err := removeDatabaseFiles(path); err != nil {
			s.unregisterLocked(ctx, ns.Name)
			return fmt.Errorf("sqlite: namespace %q: removing a stale database: %w", ns.Name, err)
		}
	}
	if _, err := s.openHandleLocked(ctx, ns.Name, path); err != nil {
		s.unregisterLocked(ctx, ns.Name)
		return err
	}
	return nil
}

// unregisterLocked undoes a half-done CreateNamespace (best effort).
// REQUIRES: s.mu held for writing.
func (s *Store) unregisterLocked(ctx context.Context, name string) {
	s.metadata.ExecContext(ctx, `DELETE FROM namespaces WHERE id = ?`, name)
}

// DeleteNamespace closes the namespace's database (after the operations in
// flight), unregisters it and removes its files.
func (s *Store) DeleteNamespace(ctx context.Context, name string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, fmt.Errorf("sqlite: the store is closed")
	}
	var path string
	err := s.metadata.QueryRowContext(ctx, `SELECT db_path FROM namespaces WHERE id = ?`, name).Scan(&path)
	if err == sql.ErrNoRows {
		return 0, fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: looking up namespace %q: %w", name, err)
	}
	h, err := s.openHandleLocked(ctx, name, path)
	if err != nil {
		return 0, err
	}
	var count int64
	if err := h.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM messages`).Scan(&count); err != nil {
		return 0, fmt.Errorf("sqlite: counting the messages of %q: %w", name, err)
	}
	if err := h.close(); err != nil {
		return 0, fmt.Errorf("sqlite: closing namespace %q: %w", name, err)
	}
	delete(s.handles, name)
	if _, err := s.metadata.ExecContext(ctx, `DELETE FROM namespaces WHERE id = ?`, name); err != nil {
		return 0, fmt.Errorf("sqlite: unregistering namespace %q: %w", name, err)
	}
	if s.dataDir != "" {
		if err := removeDatabaseFiles(path); err != nil {
			return 0, fmt.Errorf("sqlite: namespace %q: %w", name, err)
		}
	}
	return count, nil
}

// removeDatabaseFiles removes a database and its WAL and shared-memory files.
func removeDatabaseFiles(path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

func (s *Store) SetTokenHash(ctx context.Context, name, tokenHash string) error {
	res, err := s.metadata.ExecContext(ctx, `UPDATE namespaces SET token_hash = ? WHERE id = ?`, tokenHash, name)
	if uniqueViolation(err, "namespaces.token_hash") {
		return fmt.Errorf("namespace %q: the token is another namespace's: %w", name, store.ErrInvalid)
	}
	if err != nil {
		return fmt.Errorf("sqlite: setting the token of %q: %w", name, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	return nil
}

func (s *Store) FindNamespace(ctx context.Context, name string) (*store.Namespace, error) {
	var ns store.Namespace
	var description sql.NullString
	var created int64
	err := s.metadata.QueryRowContext(ctx,
		`SELECT id, token_hash, description, created_at FROM namespaces WHERE id = ?`, name).
		Scan(&ns.Name, &ns.TokenHash, &description, &created)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: looking up namespace %q: %w", name, err)
	}
	ns.Description = description.String
	ns.CreatedAt = time.Unix(created, 0).UTC()
	return &ns, nil
}

func (s *Store) ListNamespaces(ctx context.Context) ([]store.Namespace, error) {
	rows, err := s.metadata.QueryContext(ctx,
		`SELECT id, token_hash, description, created_at FROM namespaces ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: listing namespaces: %w", err)
	}
	defer rows.Close()
	var out []store.Namespace
	for rows.Next() {
		var ns store.Namespace
		var description sql.NullString
		var created int64
		if err := rows.Scan(&ns.Name, &ns.TokenHash, &description, &created); err != nil {
			return nil, fmt.Errorf("sqlite: listing namespaces: %w", err)
		}
		ns.Description = description.String
		ns.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, ns)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: listing namespaces: %w", err)
	}
	return out, nil
}

func (s *Store) NamespaceStats(ctx context.Context, name string) (store.NamespaceStats, error) {
	var stats store.NamespaceStats
	h, err := s.handle(ctx, name)
	if err != nil {
		return stats, err
	}
	if err := h.enter(name); err != nil {
		return stats, err
	}
	defer h.life.RUnlock()
	var last sql.NullInt64
	if err := h.stats.QueryRowContext(ctx).Scan(&stats.MessageCount, &stats.StreamCount, &last); err != nil {
		return stats, fmt.Errorf("sqlite: summarising namespace %q: %w", name, err)
	}
	if last.Valid {
		t := time.Unix(last.Int64, 0).UTC()
		stats.LastActivity = &t
	}
	return stats, nil
}
