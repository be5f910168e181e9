package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"mdbprof/gosubject/internal/store"
	"mdbprof/gosubject/internal/storetest"
)

// The contract every Go subject store honours (internal/storetest), on top
// of this package's own cases.

func TestPostgresSharedContract(t *testing.T) {
	b := postgresBackend(t)
	storetest.Run(t, func(t *testing.T) store.Store { return mustOpen(t, freshDatabase(t, b)) })
	t.Run("Reopen", func(t *testing.T) {
		fresh := freshDatabase(t, b)
		storetest.RunReopen(t, func(t *testing.T) store.Store { return mustOpen(t, fresh) })
	})
}

func TestPostgresTimescaleLayoutSharedContract(t *testing.T) {
	b := postgresBackend(t)
	b.layoutOnly = true
	storetest.Run(t, func(t *testing.T) store.Store { return mustOpen(t, freshDatabase(t, b)) })
}

func TestTimescaleSharedContract(t *testing.T) {
	b := timescaleBackend(t)
	// The fixture has one database: a fresh store is one without namespaces.
	storetest.Run(t, func(t *testing.T) store.Store { return emptied(t, mustOpen(t, b)) })
	t.Run("Reopen", func(t *testing.T) {
		t.Cleanup(func() { // RunReopen leaves its namespace
			st := mustOpen(t, b)
			emptied(t, st)
			st.Close()
		})
		var opened atomic.Int32
		storetest.RunReopen(t, func(t *testing.T) store.Store {
			st := mustOpen(t, b)
			if opened.Add(1) == 1 {
				emptied(t, st)
			}
			return st
		})
	})
}

var databaseSeq atomic.Int64

// freshDatabase creates an empty database on b's cluster, dropped when t
// ends, and returns b pointed at it.
func freshDatabase(t *testing.T, b backend) backend {
	t.Helper()
	u, err := url.Parse(b.url)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("pgstore_%d", databaseSeq.Add(1))
	admin, err := sql.Open("pgx", b.url)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+quoteIdent(name)); err != nil {
		admin.Close()
		t.Fatalf("CREATE DATABASE %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP DATABASE `+quoteIdent(name)+` WITH (FORCE)`); err != nil {
			t.Errorf("DROP DATABASE %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	b.url = u.String()
	return b
}

// emptied deletes every namespace of st and returns it.
func emptied(t *testing.T, st *pgStore) *pgStore {
	t.Helper()
	ctx := context.Background()
	list, err := st.ListNamespaces(ctx)
	if err != nil {
		t.Fatalf("ListNamespaces: %v", err)
	}
	for _, ns := range list {
		if _, err := st.DeleteNamespace(ctx, ns.Name); err != nil {
			t.Fatalf("DeleteNamespace(%q): %v", ns.Name, err)
		}
	}
	return st
}
