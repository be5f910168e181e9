package pgstore

import (
	"context"
	"fmt"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

// WriteMessage appends m with one statement (write_message, see schema.go):
// one round trip on a connection that already prepared it.
func (s *pgStore) WriteMessage(ctx context.Context, ns string, m store.NewMessage) (store.WriteResult, error) {
	n, err := s.namespace(ctx, ns)
	if err != nil {
		return store.WriteResult{}, err
	}
	var r store.WriteResult
	err = s.db.QueryRowContext(ctx, n.write,
		m.ID, m.StreamName, msgdb.Category(m.StreamName), msgdb.Hash64(msgdb.CardinalID(m.StreamName)),
		m.Type, m.Data, m.Metadata, m.ExpectedVersion,
		lockKey(n.schema, m.StreamName), lockKey(n.schema, m.ID),
	).Scan(&r.Position, &r.GlobalPosition)
	if err != nil {
		return store.WriteResult{}, s.writeError(ns, m, err)
	}
	return r, nil
}

func (s *pgStore) writeError(ns string, m store.NewMessage, err error) error {
	pe := pgError(err)
	switch {
	case pe == nil:
	case pe.Code == codeVersionConflict:
		want := "any"
		if m.ExpectedVersion != nil {
			want = fmt.Sprint(*m.ExpectedVersion)
		}
		return fmt.Errorf("stream %q in namespace %q: expected version %s, stream version %s: %w",
			m.StreamName, ns, want, pe.Detail, store.ErrVersionConflict)
	case pe.Code == codeDuplicateID,
		pe.Code == sqlstateUniqueViolation && pe.ConstraintName == "messages_id":
		return fmt.Errorf("message id %q already exists in namespace %q: %w", m.ID, ns, store.ErrInvalid)
	}
	return s.messageError(ns, fmt.Sprintf("writing to stream %q", m.StreamName), err)
}
