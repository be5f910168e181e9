package sqlitestore

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"mdbprof/gosubject/internal/store"
	"mdbprof/gosubject/internal/storetest"
)

func TestContractOnFiles(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		dir := t.TempDir()
		s, err := Open(context.Background(), filepath.Join(dir, "metadata.db"), dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestContractInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := OpenInMemory(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	storetest.RunReopen(t, func(t *testing.T) store.Store {
		s, err := Open(context.Background(), filepath.Join(dir, "metadata.db"), dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// EventoDB's layout: the metadata file where asked, NAME.db per namespace in
// the data dir, gone after the namespace is deleted.
func TestFilesAreWhereEventoDBPutsThem(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, filepath.Join(dir, "sub", "messages.db"), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateNamespace(ctx, store.Namespace{Name: "tenant-a", TokenHash: "h"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"sub/messages.db", "tenant-a.db"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if _, err := s.DeleteNamespace(ctx, "tenant-a"); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "tenant-a.db*"))
	if len(matches) != 0 {
		t.Errorf("files left after deleting the namespace: %v", matches)
	}
}

func TestOpenFailsClearlyOnAnUnusablePath(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), filepath.Join(blocker, "metadata.db"), dir)
	if err == nil {
		t.Fatal("Open under a regular file succeeded")
	}
}
