package sqlitestore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

// WriteMessage appends m under the namespace's write mutex: the version
// check and the insert cannot interleave with another write.
func (s *Store) WriteMessage(ctx context.Context, ns string, m store.NewMessage) (store.WriteResult, error) {
	var res store.WriteResult
	h, err := s.handle(ctx, ns)
	if err != nil {
		return res, err
	}
	if err := h.enter(ns); err != nil {
		return res, err
	}
	defer h.life.RUnlock()
	h.writeMu.Lock()
	defer h.writeMu.Unlock()

	var last sql.NullInt64
	if err := h.streamVersion.QueryRowContext(ctx, m.StreamName).Scan(&last); err != nil {
		return res, fmt.Errorf("sqlite: reading the version of %q: %w", m.StreamName, err)
	}
	version := int64(-1)
	if last.Valid {
		version = last.Int64
	}
	if m.ExpectedVersion != nil && *m.ExpectedVersion != version {
		return res, fmt.Errorf("stream %q is at version %d, not %d: %w", m.StreamName, version, *m.ExpectedVersion, store.ErrVersionConflict)
	}
	var metadata any // NULL unless given
	if m.Metadata != nil {
		metadata = *m.Metadata
	}
	result, err := h.insert.ExecContext(ctx, m.ID, m.StreamName, m.Type, version+1, m.Data, metadata, time.Now().Unix())
	if uniqueViolation(err, "messages.id") {
		return res, fmt.Errorf("message id %s is already used in namespace %q: %w", m.ID, ns, store.ErrInvalid)
	}
	if err != nil {
		return res, fmt.Errorf("sqlite: writing to %q: %w", m.StreamName, err)
	}
	gp, err := result.LastInsertId()
	if err != nil {
		return res, fmt.Errorf("sqlite: reading the global position: %w", err)
	}
	return store.WriteResult{Position: version + 1, GlobalPosition: gp}, nil
}

func (s *Store) GetStreamMessages(ctx context.Context, ns string, q store.StreamQuery) ([]store.Message, error) {
	h, err := s.handle(ctx, ns)
	if err != nil {
		return nil, err
	}
	if err := h.enter(ns); err != nil {
		return nil, err
	}
	defer h.life.RUnlock()
	rows, err := h.streamGet.QueryContext(ctx, q.StreamName, q.Position, q.GlobalPosition, q.BatchSize)
	if err != nil {
		return nil, fmt.Errorf("sqlite: reading %q: %w", q.StreamName, err)
	}
	return scanMessages(rows, q.BatchSize, nil)
}

func (s *Store) GetLastStreamMessage(ctx context.Context, ns, stream, msgType string) (*store.Message, error) {
	h, err := s.handle(ctx, ns)
	if err != nil {
		return nil, err
	}
	if err := h.enter(ns); err != nil {
		return nil, err
	}
	defer h.life.RUnlock()
	var rows *sql.Rows
	if msgType == "" {
		rows, err = h.streamLast.QueryContext(ctx, stream)
	} else {
		rows, err = h.streamLastOfType.QueryContext(ctx, stream, msgType)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: reading the last message of %q: %w", stream, err)
	}
	messages, err := scanMessages(rows, 1, nil)
	if err != nil || len(messages) == 0 {
		return nil, err
	}
	return &messages[0], nil
}

func (s *Store) GetStreamVersion(ctx context.Context, ns, stream string) (*int64, error) {
	h, err := s.handle(ctx, ns)
	if err != nil {
		return nil, err
	}
	if err := h.enter(ns); err != nil {
		return nil, err
	}
	defer h.life.RUnlock()
	var last sql.NullInt64
	if err := h.streamVersion.QueryRowContext(ctx, stream).Scan(&last); err != nil {
		return nil, fmt.Errorf("sqlite: reading the version of %q: %w", stream, err)
	}
	if !last.Valid {
		return nil, nil
	}
	return &last.Int64, nil
}

// GetCategoryMessages filters consumer groups while reading, so a batch is
// full of the member's messages.
func (s *Store) GetCategoryMessages(ctx context.Context, ns string, q store.CategoryQuery) ([]store.Message, error) {
	h, err := s.handle(ctx, ns)
	if err != nil {
		return nil, err
	}
	if err := h.enter(ns); err != nil {
		return nil, err
	}
	defer h.life.RUnlock()
	var rows *sql.Rows
	if q.Correlation == "" {
		rows, err = h.categoryGet.QueryContext(ctx, q.Category, q.GlobalPosition)
	} else {
		rows, err = h.categoryGetCorrelated.QueryContext(ctx, q.Category, q.GlobalPosition, q.Correlation)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: reading category %q: %w", q.Category, err)
	}
	var keep func(stream string) bool
	if g := q.ConsumerGroup; g != nil {
		keep = func(stream string) bool { return msgdb.GroupMember(stream, g.Size) == g.Member }
	}
	return scanMessages(rows, q.BatchSize, keep)
}

// scanMessages reads up to limit rows (store.Unlimited: all) of
// messageColumns that keep accepts (nil: all), and closes rows.
func scanMessages(rows *sql.Rows, limit int64, keep func(stream string) bool) ([]store.Message, error) {
	defer rows.Close()
	var out []store.Message
	if limit > 0 && limit <= 100 {
		out = make([]store.Message, 0, limit)
	}
	for (limit < 0 || int64(len(out)) < limit) && rows.Next() {
		var m store.Message
		var data, metadata sql.NullString
		var unix int64
		if err := rows.Scan(&m.ID, &m.StreamName, &m.Type, &m.Position, &m.GlobalPosition, &data, &metadata, &unix); err != nil {
			return nil, fmt.Errorf("sqlite: reading a message: %w", err)
		}
		if keep != nil && !keep(m.StreamName) {
			continue
		}
		m.Data = data.String
		if metadata.Valid {
			m.Metadata = &metadata.String
		}
		m.Time = time.Unix(unix, 0).UTC()
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: reading messages: %w", err)
	}
	return out, nil
}
