package pebblestore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble"

	"mdbprof/gosubject/internal/store"
)

// record is the JSON value of NS:{name}.
type record struct {
	ID          string    `json:"id"`
	TokenHash   string    `json:"token_hash"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

func (s *Store) readRecord(name string) (*record, error) {
	value, closer, err := s.metadata.Get(namespaceKey(name))
	if err == pebble.ErrNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pebble: looking up namespace %q: %w", name, err)
	}
	defer closer.Close()
	var r record
	if err := json.Unmarshal(value, &r); err != nil {
		return nil, fmt.Errorf("pebble: namespace %q: corrupt record: %w", name, err)
	}
	return &r, nil
}

func (s *Store) writeRecord(r record) error {
	value, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.metadata.Set(namespaceKey(r.ID), value, pebble.Sync)
}

// registered reports whether the registry lists name.
func (s *Store) registered(name string) (bool, error) {
	r, err := s.readRecord(name)
	return r != nil, err
}

// CreateNamespace creates the namespace's database, then registers it. A
// directory left at its path by an earlier crash is removed first.
func (s *Store) CreateNamespace(ctx context.Context, ns store.Namespace) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	found, err := s.registered(ns.Name)
	if err != nil {
		return err
	}
	if found {
		return fmt.Errorf("namespace %q: %w", ns.Name, store.ErrNamespaceExists)
	}
	dir := s.namespaceDir(ns.Name)
	if err := s.fs.RemoveAll(dir); err != nil {
		return fmt.Errorf("pebble: namespace %q: removing a stale database: %w", ns.Name, err)
	}
	if err := s.fs.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("pebble: namespace %q: %w", ns.Name, err)
	}
	if _, err := s.openHandleLocked(ns.Name); err != nil {
		return err
	}
	err = s.writeRecord(record{ID: ns.Name, TokenHash: ns.TokenHash, Description: ns.Description, CreatedAt: ns.CreatedAt.UTC()})
	if err != nil {
		s.handles[ns.Name].close()
		delete(s.handles, ns.Name)
		s.fs.RemoveAll(dir)
		return fmt.Errorf("pebble: registering namespace %q: %w", ns.Name, err)
	}
	return nil
}

// DeleteNamespace closes the database (after the operations in flight),
// unregisters the namespace and removes its directory.
func (s *Store) DeleteNamespace(ctx context.Context, name string) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errClosed
	}
	found, err := s.registered(name)
	if err != nil {
		return 0, err
	}
	if !found {
		return 0, fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	h, ok := s.handles[name]
	if !ok {
		if h, err = s.openHandleLocked(name); err != nil {
			return 0, err
		}
	}
	if err := h.enter(); err != nil {
		return 0, err
	}
	next, _, err := getNumber(h.db, keyGP)
	h.life.RUnlock()
	if err != nil {
		return 0, fmt.Errorf("pebble: counting the messages of %q: %w", name, err)
	}
	if err := h.close(); err != nil {
		return 0, fmt.Errorf("pebble: closing namespace %q: %w", name, err)
	}
	delete(s.handles, name)
	if err := s.metadata.Delete(namespaceKey(name), pebble.Sync); err != nil {
		return 0, fmt.Errorf("pebble: unregistering namespace %q: %w", name, err)
	}
	if err := s.fs.RemoveAll(s.namespaceDir(name)); err != nil {
		return 0, fmt.Errorf("pebble: removing namespace %q: %w", name, err)
	}
	return messageCount(next), nil
}

// messageCount is the number of messages given the GP counter (the next
// global position; 0 when never written). Messages are never removed.
func messageCount(next int64) int64 {
	if next <= 1 {
		return 0
	}
	return next - 1
}

func (s *Store) SetTokenHash(ctx context.Context, name, tokenHash string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.readRecord(name)
	if err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	r.TokenHash = tokenHash
	if err := s.writeRecord(*r); err != nil {
		return fmt.Errorf("pebble: setting the token of %q: %w", name, err)
	}
	return nil
}

func (s *Store) FindNamespace(ctx context.Context, name string) (*store.Namespace, error) {
	r, err := s.readRecord(name)
	if err != nil || r == nil {
		return nil, err
	}
	return &store.Namespace{Name: r.ID, TokenHash: r.TokenHash, Description: r.Description, CreatedAt: r.CreatedAt}, nil
}

// ListNamespaces scans NS: in key order, which is bytewise name order.
func (s *Store) ListNamespaces(ctx context.Context) ([]store.Namespace, error) {
	it, err := s.metadata.NewIter(&pebble.IterOptions{LowerBound: prefixNS, UpperBound: prefixEnd(prefixNS)})
	if err != nil {
		return nil, fmt.Errorf("pebble: listing namespaces: %w", err)
	}
	defer it.Close()
	var out []store.Namespace
	for it.First(); it.Valid(); it.Next() {
		var r record
		if err := json.Unmarshal(it.Value(), &r); err != nil {
			return nil, fmt.Errorf("pebble: corrupt record at %q: %w", it.Key(), err)
		}
		out = append(out, store.Namespace{Name: r.ID, TokenHash: r.TokenHash, Description: r.Description, CreatedAt: r.CreatedAt})
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("pebble: listing namespaces: %w", err)
	}
	return out, nil
}

// NamespaceStats: messages from the GP counter, streams by counting VI:
// keys, last activity from the newest message.
func (s *Store) NamespaceStats(ctx context.Context, name string) (store.NamespaceStats, error) {
	var stats store.NamespaceStats
	h, err := s.handle(name)
	if err != nil {
		return stats, err
	}
	if err := h.enter(); err != nil {
		return stats, err
	}
	defer h.life.RUnlock()
	snap := h.db.NewSnapshot()
	defer snap.Close()
	next, _, err := getNumber(snap, keyGP)
	if err != nil {
		return stats, err
	}
	stats.MessageCount = messageCount(next)
	if stats.MessageCount == 0 {
		return stats, nil
	}
	it, err := snap.NewIter(&pebble.IterOptions{LowerBound: prefixVersion, UpperBound: prefixEnd(prefixVersion)})
	if err != nil {
		return stats, fmt.Errorf("pebble: counting streams: %w", err)
	}
	for it.First(); it.Valid(); it.Next() {
		stats.StreamCount++
	}
	if err := firstError(it.Error(), it.Close()); err != nil {
		return stats, fmt.Errorf("pebble: counting streams: %w", err)
	}
	last, err := readMessage(snap, nil, next-1)
	if err != nil {
		return stats, err
	}
	stats.LastActivity = &last.Time
	return stats, nil
}

func firstError(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
