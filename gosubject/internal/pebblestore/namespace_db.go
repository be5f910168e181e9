package pebblestore

import (
	"fmt"
	"sync"

	"github.com/cockroachdb/pebble"

	"mdbprof/gosubject/internal/store"
)

// nsHandle is one namespace's open database.
type nsHandle struct {
	name string
	// life is held for reading by every operation and for writing by close,
	// which therefore waits for them: Pebble panics on a closed database.
	life   sync.RWMutex
	closed bool // guarded by life

	writeMu sync.Mutex // serialises writes: version check, GP counter
	scratch []byte     // guarded by writeMu; key and value buffer
	db      *pebble.DB
}

// enter starts an operation; the caller must call h.life.RUnlock when done.
func (h *nsHandle) enter() error {
	h.life.RLock()
	if h.closed {
		h.life.RUnlock()
		return fmt.Errorf("namespace %q: %w", h.name, store.ErrNamespaceNotFound)
	}
	return nil
}

func (h *nsHandle) close() error {
	h.life.Lock()
	defer h.life.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	return h.db.Close()
}

// getNumber reads a 20-digit value; found is false when key is absent.
func getNumber(r pebble.Reader, key []byte) (n int64, found bool, err error) {
	value, closer, err := r.Get(key)
	if err == pebble.ErrNotFound {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	defer closer.Close()
	n, ok := parseNumber(value)
	if !ok {
		return 0, false, fmt.Errorf("pebble: key %q holds %q, not a 20-digit number", key, value)
	}
	return n, true, nil
}
