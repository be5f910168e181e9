package pebblestore

import (
	"context"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

// WriteMessage appends m as one atomic batch of EventoDB's keys (plus
// ID:{id}) under the namespace's write mutex. The commit returns once the
// WAL record is written to the OS (see processCrashSafeFS).
func (s *Store) WriteMessage(ctx context.Context, ns string, m store.NewMessage) (store.WriteResult, error) {
	var res store.WriteResult
	h, err := s.handle(ns)
	if err != nil {
		return res, err
	}
	if err := h.enter(); err != nil {
		return res, err
	}
	defer h.life.RUnlock()
	h.writeMu.Lock()
	defer h.writeMu.Unlock()

	buf := h.scratch[:0]
	buf = versionKey(buf, m.StreamName)
	last, exists, err := getNumber(h.db, buf)
	if err != nil {
		return res, fmt.Errorf("pebble: reading the version of %q: %w", m.StreamName, err)
	}
	version := int64(-1)
	if exists {
		version = last
	}
	if m.ExpectedVersion != nil && *m.ExpectedVersion != version {
		return res, fmt.Errorf("stream %q is at version %d, not %d: %w", m.StreamName, version, *m.ExpectedVersion, store.ErrVersionConflict)
	}
	buf = idKey(buf[:0], m.ID)
	if _, used, err := getNumber(h.db, buf); err != nil {
		return res, fmt.Errorf("pebble: checking message id %s: %w", m.ID, err)
	} else if used {
		return res, fmt.Errorf("message id %s is already used in namespace %q: %w", m.ID, ns, store.ErrInvalid)
	}
	gp, found, err := getNumber(h.db, keyGP)
	if err != nil {
		return res, fmt.Errorf("pebble: reading the global position: %w", err)
	}
	if !found {
		gp = 1
	}
	pos := version + 1

	b := h.db.NewBatch()
	defer b.Close()
	// Each Set copies key and value into the batch, so buf is reused.
	var gp20 [numberWidth]byte
	appendNumber(gp20[:0], gp)
	buf = messageKey(buf[:0], gp)
	keyEnd := len(buf)
	buf = encodeMessage(buf, &m, pos, gp, time.Now())
	b.Set(buf[:keyEnd], buf[keyEnd:], nil)
	b.Set(streamKey(buf[:0], m.StreamName, pos), gp20[:], nil)
	b.Set(categoryKey(buf[:0], msgdb.Category(m.StreamName), gp), []byte(m.StreamName), nil)
	buf = versionKey(buf[:0], m.StreamName)
	keyEnd = len(buf)
	buf = appendNumber(buf, pos)
	b.Set(buf[:keyEnd], buf[keyEnd:], nil)
	b.Set(idKey(buf[:0], m.ID), gp20[:], nil)
	buf = appendNumber(buf[:0], gp+1)
	b.Set(keyGP, buf, nil)
	if err := b.Commit(pebble.Sync); err != nil {
		return res, fmt.Errorf("pebble: committing the write to %q: %w", m.StreamName, err)
	}
	if cap(buf) <= 64<<10 {
		h.scratch = buf[:0]
	}
	return store.WriteResult{Position: pos, GlobalPosition: gp}, nil
}
