package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"mdbprof/gosubject/internal/store"
)

// limit is a batch size as the LIMIT parameter: nil (no limit) for
// store.Unlimited; store.ErrInvalid for other sizes below 1.
func limit(batchSize int64) (*int64, error) {
	if batchSize == store.Unlimited {
		return nil, nil
	}
	if batchSize < 1 {
		return nil, fmt.Errorf("batch size %d: want >= 1 or %d (unlimited): %w",
			batchSize, store.Unlimited, store.ErrInvalid)
	}
	return &batchSize, nil
}

func (s *pgStore) GetStreamMessages(ctx context.Context, ns string, q store.StreamQuery) ([]store.Message, error) {
	lim, err := limit(q.BatchSize)
	if err != nil {
		return nil, err
	}
	n, err := s.namespace(ctx, ns)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, n.stream, q.StreamName, q.Position, q.GlobalPosition, lim)
	msgs, err := collectMessages(rows, err, q.BatchSize)
	if err != nil {
		return nil, s.messageError(ns, fmt.Sprintf("reading stream %q", q.StreamName), err)
	}
	return msgs, nil
}

func (s *pgStore) GetLastStreamMessage(ctx context.Context, ns, stream, msgType string) (*store.Message, error) {
	n, err := s.namespace(ctx, ns)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if msgType == "" {
		rows, err = s.db.QueryContext(ctx, n.last, stream)
	} else {
		rows, err = s.db.QueryContext(ctx, n.lastOfType, stream, msgType)
	}
	msgs, err := collectMessages(rows, err, 1)
	if err != nil {
		return nil, s.messageError(ns, fmt.Sprintf("reading the last message of stream %q", stream), err)
	}
	if len(msgs) == 0 {
		return nil, nil
	}
	return &msgs[0], nil
}

func (s *pgStore) GetStreamVersion(ctx context.Context, ns, stream string) (*int64, error) {
	n, err := s.namespace(ctx, ns)
	if err != nil {
		return nil, err
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, n.version, stream).Scan(&v); err != nil {
		return nil, s.messageError(ns, fmt.Sprintf("reading the version of stream %q", stream), err)
	}
	if !v.Valid {
		return nil, nil
	}
	return &v.Int64, nil
}

func (s *pgStore) GetCategoryMessages(ctx context.Context, ns string, q store.CategoryQuery) ([]store.Message, error) {
	lim, err := limit(q.BatchSize)
	if err != nil {
		return nil, err
	}
	var correlation, size, member any
	if q.Correlation != "" {
		correlation = q.Correlation
	}
	if g := q.ConsumerGroup; g != nil {
		if g.Size < 1 || g.Member < 0 || g.Member >= g.Size {
			return nil, fmt.Errorf("consumer group member %d of size %d: want size >= 1 and 0 <= member < size: %w",
				g.Member, g.Size, store.ErrInvalid)
		}
		size, member = g.Size, g.Member
	}
	n, err := s.namespace(ctx, ns)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, n.category, q.Category, q.GlobalPosition, correlation, size, member, lim)
	msgs, err := collectMessages(rows, err, q.BatchSize)
	if err != nil {
		return nil, s.messageError(ns, fmt.Sprintf("reading category %q", q.Category), err)
	}
	return msgs, nil
}

// collectMessages reads every row of a messageColumns query and closes rows.
// queryErr is the error of the query that made rows. The result is never nil
// (an empty batch is an empty slice); sizeHint (the batch size) presizes it,
// up to a small bound so a large batch size costs nothing when few match.
func collectMessages(rows *sql.Rows, queryErr error, sizeHint int64) ([]store.Message, error) {
	if queryErr != nil {
		return nil, queryErr
	}
	defer rows.Close()
	const maxPresize = 16
	capacity := sizeHint
	if capacity < 0 || capacity > maxPresize {
		capacity = maxPresize
	}
	msgs := make([]store.Message, 0, capacity)
	for rows.Next() {
		var m store.Message
		var metadata sql.NullString
		var t time.Time
		if err := rows.Scan(&m.ID, &m.StreamName, &m.Type, &m.Position, &m.GlobalPosition,
			&m.Data, &metadata, &t); err != nil {
			return nil, err
		}
		if metadata.Valid {
			m.Metadata = &metadata.String
		}
		m.Time = t.UTC()
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return msgs, nil
}
