// Package pebblestore is the Go subject's Pebble store
// (github.com/cockroachdb/pebble), laid out as EventoDB's: a directory with
// _metadata/ (the namespace registry) and one Pebble database per namespace,
// DIR/NAME/, opened on first use, with EventoDB's key schema (keys.go).
// Writes to a namespace are serialised by a mutex, as in EventoDB; reads do
// not take it.
//
//	st, err := pebblestore.Open("/data/pebble")
//	st, err := pebblestore.OpenInMemory() // test mode
package pebblestore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"

	"mdbprof/gosubject/internal/logging"
	"mdbprof/gosubject/internal/store"
)

const metadataDir = "_metadata"

// cacheBytes is the block cache all the store's databases share.
const cacheBytes = 64 << 20

// Store implements store.Store over Pebble.
type Store struct {
	dir      string
	fs       vfs.FS
	cache    *pebble.Cache
	metadata *pebble.DB

	mu      sync.RWMutex
	handles map[string]*nsHandle // guarded by mu; open namespace databases
	closed  bool                 // guarded by mu
}

var _ store.Store = (*Store)(nil)

// Open opens (creating) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("pebble: creating %s: %w", dir, err)
	}
	return open(dir, processCrashSafeFS{vfs.Default})
}

// OpenInMemory opens a store whose databases live in memory.
func OpenInMemory() (*Store, error) {
	return open("/pebble", vfs.NewMem())
}

func open(dir string, fs vfs.FS) (*Store, error) {
	s := &Store{dir: dir, fs: fs, cache: pebble.NewCache(cacheBytes), handles: map[string]*nsHandle{}}
	db, err := pebble.Open(filepath.Join(dir, metadataDir), s.options(4<<20))
	if err != nil {
		s.cache.Unref()
		return nil, fmt.Errorf("pebble: opening %s: %w", filepath.Join(dir, metadataDir), err)
	}
	s.metadata = db
	return s, nil
}

// options are EventoDB's tuning, with one cache for every database.
func (s *Store) options(memTableSize uint64) *pebble.Options {
	return &pebble.Options{
		FS:                          s.fs,
		Cache:                       s.cache,
		MemTableSize:                memTableSize,
		MemTableStopWritesThreshold: 4,
		L0CompactionThreshold:       4,
		L0StopWritesThreshold:       12,
		MaxConcurrentCompactions:    func() int { return 2 },
		BytesPerSync:                1 << 20,
		MaxOpenFiles:                1000,
		Logger:                      pebbleLogger{},
	}
}

// pebbleLogger sends Pebble's messages to the server log.
type pebbleLogger struct{}

func (pebbleLogger) Infof(format string, args ...interface{}) {
	logging.Debug("pebble: " + fmt.Sprintf(format, args...))
}

func (pebbleLogger) Fatalf(format string, args ...interface{}) {
	logging.Error("pebble: fatal: " + fmt.Sprintf(format, args...))
	os.Exit(1) // Pebble's contract: Fatalf does not return
}

func (s *Store) namespaceDir(name string) string { return filepath.Join(s.dir, name) }

// handle returns the open database of namespace name, opening it on first
// use; store.ErrNamespaceNotFound when the registry does not list it.
func (s *Store) handle(name string) (*nsHandle, error) {
	s.mu.RLock()
	h, ok := s.handles[name]
	closed := s.closed
	s.mu.RUnlock()
	if ok {
		return h, nil
	}
	if closed {
		return nil, errClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.handles[name]; ok {
		return h, nil
	}
	found, err := s.registered(name)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	return s.openHandleLocked(name)
}

// REQUIRES: s.mu held for writing; the namespace registered.
func (s *Store) openHandleLocked(name string) (*nsHandle, error) {
	if s.closed {
		return nil, errClosed
	}
	db, err := pebble.Open(s.namespaceDir(name), s.options(64<<20))
	if err != nil {
		return nil, fmt.Errorf("pebble: opening namespace %q: %w", name, err)
	}
	h := &nsHandle{name: name, db: db}
	s.handles[name] = h
	return h, nil
}

var errClosed = fmt.Errorf("pebble: the store is closed")

// Ping reads the metadata database.
func (s *Store) Ping(ctx context.Context) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errClosed
	}
	_, closer, err := s.metadata.Get(keyGP) // any key: a real read
	if err == nil {
		closer.Close()
	} else if err != pebble.ErrNotFound {
		return fmt.Errorf("pebble: reading the metadata database: %w", err)
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
			first = fmt.Errorf("pebble: closing namespace %q: %w", name, err)
		}
	}
	s.handles = nil
	if err := s.metadata.Close(); err != nil && first == nil {
		first = fmt.Errorf("pebble: closing the metadata database: %w", err)
	}
	s.cache.Unref()
	return first
}
