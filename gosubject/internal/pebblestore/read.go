package pebblestore

import (
	"context"
	"fmt"

	"github.com/cockroachdb/pebble"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

// readMessage reads M:{gp}; buf is scratch for the key.
func readMessage(r pebble.Reader, buf []byte, gp int64) (store.Message, error) {
	key := messageKey(buf[:0], gp)
	value, closer, err := r.Get(key)
	if err != nil {
		return store.Message{}, fmt.Errorf("pebble: reading message %d: %w", gp, err)
	}
	defer closer.Close()
	m, err := decodeMessage(value)
	if err != nil {
		return m, fmt.Errorf("message %d: %w", gp, err)
	}
	return m, nil
}

// reader runs fn on a snapshot of the namespace's database.
func (s *Store) reader(ns string, fn func(snap *pebble.Snapshot) error) error {
	h, err := s.handle(ns)
	if err != nil {
		return err
	}
	if err := h.enter(); err != nil {
		return err
	}
	defer h.life.RUnlock()
	snap := h.db.NewSnapshot()
	defer snap.Close()
	return fn(snap)
}

// scanIndex walks index keys prefix+{20 digits} from prefix+{from}, in
// order, calling fn with the number and value until fn returns false. Keys
// of longer names sharing the prefix are skipped (keys.go).
func scanIndex(r pebble.Reader, prefix []byte, from int64, fn func(n int64, value []byte) (bool, error)) error {
	lower := appendNumber(append([]byte(nil), prefix...), from)
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: prefixEnd(prefix)})
	if err != nil {
		return err
	}
	for it.First(); it.Valid(); it.Next() {
		n, ok := parseNumber(it.Key()[len(prefix):])
		if !ok {
			continue
		}
		more, err := fn(n, it.Value())
		if err != nil {
			it.Close()
			return err
		}
		if !more {
			break
		}
	}
	return firstError(it.Error(), it.Close())
}

func (s *Store) GetStreamMessages(ctx context.Context, ns string, q store.StreamQuery) ([]store.Message, error) {
	var out []store.Message
	err := s.reader(ns, func(snap *pebble.Snapshot) error {
		var buf []byte
		return scanIndex(snap, streamPrefix(nil, q.StreamName), q.Position, func(_ int64, value []byte) (bool, error) {
			gp, ok := parseNumber(value)
			if !ok {
				return false, fmt.Errorf("pebble: stream %q: corrupt index value %q", q.StreamName, value)
			}
			if gp < q.GlobalPosition {
				return true, nil
			}
			m, err := readMessage(snap, buf, gp)
			if err != nil {
				return false, err
			}
			out = append(out, m)
			return q.BatchSize < 0 || int64(len(out)) < q.BatchSize, nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading stream %q: %w", q.StreamName, err)
	}
	return out, nil
}

func (s *Store) GetLastStreamMessage(ctx context.Context, ns, stream, msgType string) (*store.Message, error) {
	var last *store.Message
	err := s.reader(ns, func(snap *pebble.Snapshot) error {
		version, found, err := getNumber(snap, versionKey(nil, stream))
		if err != nil || !found {
			return err
		}
		for pos := version; pos >= 0; pos-- {
			gp, found, err := getNumber(snap, streamKey(nil, stream, pos))
			if err != nil {
				return err
			}
			if !found {
				return fmt.Errorf("pebble: stream %q has no index entry for position %d", stream, pos)
			}
			m, err := readMessage(snap, nil, gp)
			if err != nil {
				return err
			}
			if msgType == "" || m.Type == msgType {
				last = &m
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the last message of %q: %w", stream, err)
	}
	return last, nil
}

func (s *Store) GetStreamVersion(ctx context.Context, ns, stream string) (*int64, error) {
	var version *int64
	err := s.reader(ns, func(snap *pebble.Snapshot) error {
		v, found, err := getNumber(snap, versionKey(nil, stream))
		if found {
			version = &v
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the version of %q: %w", stream, err)
	}
	return version, nil
}

// GetCategoryMessages filters consumer groups and correlation while
// scanning CI:{category}:, so a batch is full of matching messages.
func (s *Store) GetCategoryMessages(ctx context.Context, ns string, q store.CategoryQuery) ([]store.Message, error) {
	var out []store.Message
	err := s.reader(ns, func(snap *pebble.Snapshot) error {
		var buf []byte
		return scanIndex(snap, categoryPrefix(nil, q.Category), q.GlobalPosition, func(gp int64, stream []byte) (bool, error) {
			if g := q.ConsumerGroup; g != nil && msgdb.GroupMember(string(stream), g.Size) != g.Member {
				return true, nil
			}
			m, err := readMessage(snap, buf, gp)
			if err != nil {
				return false, err
			}
			if q.Correlation != "" && !correlated(m.Metadata, q.Correlation) {
				return true, nil
			}
			out = append(out, m)
			return q.BatchSize < 0 || int64(len(out)) < q.BatchSize, nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading category %q: %w", q.Category, err)
	}
	return out, nil
}
