package pebblestore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mdbprof/gosubject/internal/store"
	"mdbprof/gosubject/internal/storetest"
)

func TestContractOnDisk(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestContractInMemory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := OpenInMemory()
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopenKeepsEverything(t *testing.T) {
	dir := t.TempDir()
	storetest.RunReopen(t, func(t *testing.T) store.Store {
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// EventoDB's layout: DIR/_metadata and DIR/NAME per namespace.
func TestLayoutIsEventoDBs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateNamespace(ctx, store.Namespace{Name: "tenant-a", TokenHash: "h", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"_metadata/MANIFEST-000001", "tenant-a/MANIFEST-000001"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	if _, err := s.WriteMessage(ctx, "tenant-a", store.NewMessage{ID: "00000000-0000-4000-8000-000000000001", StreamName: "acct-1", Type: "T", Data: "{}"}); err != nil {
		t.Fatal(err)
	}
	h, _ := s.handle("tenant-a")
	for _, key := range []string{"M:00000000000000000001", "SI:acct-1:00000000000000000000", "CI:acct:00000000000000000001", "VI:acct-1", "GP", "ID:00000000-0000-4000-8000-000000000001"} {
		if _, closer, err := h.db.Get([]byte(key)); err != nil {
			t.Errorf("key %s: %v", key, err)
		} else {
			closer.Close()
		}
	}
	if _, err := s.DeleteNamespace(ctx, "tenant-a"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tenant-a")); !os.IsNotExist(err) {
		t.Errorf("namespace directory left after delete: %v", err)
	}
}

func TestOpenFailsClearlyOnAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(file); err == nil || !strings.Contains(err.Error(), "file") {
		t.Fatalf("Open(a file) = %v, want an error naming it", err)
	}
}

func TestClosedStoreFailsInsteadOfPanicking(t *testing.T) {
	s, err := OpenInMemory()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.CreateNamespace(ctx, store.Namespace{Name: "n", TokenHash: "h"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.GetStreamVersion(ctx, "n", "a-1"); err == nil {
		t.Error("a read after Close succeeded")
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping after Close succeeded")
	}
}

func TestCodecRoundTripAndCorruption(t *testing.T) {
	meta := `{"m":1}`
	in := store.NewMessage{ID: "id", StreamName: "s-1", Type: "T", Data: `{"d":"ü"}`, Metadata: &meta}
	now := time.Now()
	b := encodeMessage(nil, &in, 3, 9, now)
	m, err := decodeMessage(b)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != "id" || m.StreamName != "s-1" || m.Type != "T" || m.Data != in.Data || *m.Metadata != meta ||
		m.Position != 3 || m.GlobalPosition != 9 || !m.Time.Equal(now) {
		t.Fatalf("round trip = %+v", m)
	}
	for i := 0; i < len(b); i++ {
		if _, err := decodeMessage(b[:i]); !errors.Is(err, errCorruptMessage) {
			t.Fatalf("truncated to %d bytes: %v, want errCorruptMessage", i, err)
		}
	}
}
