package pgstore

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"mdbprof/gosubject/internal/store"
)

// SQLSTATEs this store tells apart.
const (
	sqlstateUniqueViolation   = "23505"
	sqlstateUndefinedTable    = "42P01"
	sqlstateUndefinedFunction = "42883"
	sqlstateInvalidSchemaName = "3F000"
	sqlstateDuplicateSchema   = "42P06"
)

// pgError returns err's PostgreSQL error, or nil.
func pgError(err error) *pgconn.PgError {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}

// isDataException reports a class-22 error: a value PostgreSQL refused
// (malformed UUID or JSON, a NUL byte in text, an out-of-range number).
func isDataException(pe *pgconn.PgError) bool {
	return pe != nil && len(pe.Code) == 5 && pe.Code[:2] == "22"
}

// isNamespaceGone reports an error that means the namespace's schema no
// longer exists (dropped, maybe by another process, after it was cached).
func isNamespaceGone(pe *pgconn.PgError) bool {
	if pe == nil {
		return false
	}
	switch pe.Code {
	case sqlstateUndefinedTable, sqlstateUndefinedFunction, sqlstateInvalidSchemaName:
		return true
	}
	return false
}

// messageError maps an error of a message method on namespace ns to the
// store's error contract; what names the operation and the stream.
func (s *pgStore) messageError(ns, what string, err error) error {
	pe := pgError(err)
	switch {
	case isNamespaceGone(pe):
		s.forget(ns)
		return fmt.Errorf("%s: namespace %q: %w", what, ns, store.ErrNamespaceNotFound)
	case isDataException(pe):
		return fmt.Errorf("%s: %s: %w", what, pe.Message, store.ErrInvalid)
	}
	return fmt.Errorf("%s in namespace %q: %w", what, ns, err)
}
