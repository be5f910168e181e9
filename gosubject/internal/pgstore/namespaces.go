package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"mdbprof/gosubject/internal/store"
)

// CreateNamespace registers ns and creates its schema in one transaction: a
// concurrent CreateNamespace of the same name waits on the registry row and
// then fails with store.ErrNamespaceExists.
func (s *pgStore) CreateNamespace(ctx context.Context, ns store.Namespace) error {
	schema, err := schemaName(ns.Name, s.timescale)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO eventodb_store.namespaces (name, schema_name, token_hash, description, created_at)
			 VALUES ($1::text, $2::text, $3::text, $4::text, $5::timestamptz)`,
			ns.Name, schema, ns.TokenHash, ns.Description, ns.CreatedAt.UTC()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, namespaceDDL(quoteIdent(schema), s.timescale, s.tsSchema))
		return err
	})
	if err == nil {
		s.forget(ns.Name) // a stale entry of an earlier namespace of this name
		return nil
	}
	pe := pgError(err)
	switch {
	case pe != nil && pe.Code == sqlstateUniqueViolation && pe.ConstraintName == "namespaces_pkey":
		return fmt.Errorf("namespace %q: %w", ns.Name, store.ErrNamespaceExists)
	case pe != nil && (pe.Code == sqlstateUniqueViolation || pe.Code == sqlstateDuplicateSchema):
		return fmt.Errorf("namespace %q: schema %s already exists: %w", ns.Name, schema, store.ErrNamespaceExists)
	case isDataException(pe):
		return fmt.Errorf("creating namespace %q: %s: %w", ns.Name, pe.Message, store.ErrInvalid)
	}
	return fmt.Errorf("creating namespace %q: %w", ns.Name, err)
}

// DeleteNamespace locks the namespace's messages (waiting for writes in
// flight), counts them, drops the schema and the registry row.
func (s *pgStore) DeleteNamespace(ctx context.Context, name string) (int64, error) {
	var deleted int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var schema string
		err := tx.QueryRowContext(ctx,
			`SELECT schema_name FROM eventodb_store.namespaces WHERE name = $1::text FOR UPDATE`,
			name).Scan(&schema)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
		}
		if err != nil {
			return err
		}
		n := newNamespaceSQL(schema)
		if _, err := tx.ExecContext(ctx, n.lockMessages); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, n.count).Scan(&deleted); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DROP SCHEMA `+quoteIdent(schema)+` CASCADE`); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM eventodb_store.namespaces WHERE name = $1::text`, name)
		return err
	})
	s.forget(name)
	if errors.Is(err, store.ErrNamespaceNotFound) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("deleting namespace %q: %w", name, err)
	}
	return deleted, nil
}

func (s *pgStore) SetTokenHash(ctx context.Context, name, tokenHash string) error {
	res, err := s.db.ExecContext(ctx,
		`UPDATE eventodb_store.namespaces SET token_hash = $2::text WHERE name = $1::text`, name, tokenHash)
	if err != nil {
		return fmt.Errorf("setting the token of namespace %q: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("setting the token of namespace %q: %w", name, err)
	} else if n == 0 {
		return fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound)
	}
	return nil
}

func (s *pgStore) FindNamespace(ctx context.Context, name string) (*store.Namespace, error) {
	var ns store.Namespace
	err := s.db.QueryRowContext(ctx,
		`SELECT name, token_hash, description, created_at FROM eventodb_store.namespaces
		 WHERE name = $1::text`, name).Scan(&ns.Name, &ns.TokenHash, &ns.Description, &ns.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("looking up namespace %q: %w", name, err)
	}
	ns.CreatedAt = ns.CreatedAt.UTC()
	return &ns, nil
}

func (s *pgStore) ListNamespaces(ctx context.Context) ([]store.Namespace, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT name, token_hash, description, created_at FROM eventodb_store.namespaces
		 ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	defer rows.Close()
	list := []store.Namespace{}
	for rows.Next() {
		var ns store.Namespace
		if err := rows.Scan(&ns.Name, &ns.TokenHash, &ns.Description, &ns.CreatedAt); err != nil {
			return nil, fmt.Errorf("listing namespaces: %w", err)
		}
		ns.CreatedAt = ns.CreatedAt.UTC()
		list = append(list, ns)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	return list, nil
}

func (s *pgStore) NamespaceStats(ctx context.Context, name string) (store.NamespaceStats, error) {
	n, err := s.namespace(ctx, name)
	if err != nil {
		return store.NamespaceStats{}, err
	}
	var st store.NamespaceStats
	var last sql.NullTime
	if err := s.db.QueryRowContext(ctx, n.stats).Scan(&st.MessageCount, &st.StreamCount, &last); err != nil {
		return store.NamespaceStats{}, s.messageError(name, "reading statistics", err)
	}
	if last.Valid {
		t := last.Time.UTC()
		st.LastActivity = &t
	}
	return st, nil
}

var _ store.Store = (*pgStore)(nil)
