package pgstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mdbprof/gosubject/internal/store"
)

// go test -run '^$' -bench . -benchmem ./internal/pgstore/
// The write path's allocations per message are part of what the profiled
// server spends; keep an eye on allocs/op.

func benchStore(b *testing.B) (*pgStore, string) {
	url := postgresURL(b)
	ctx := context.Background()
	st, err := open(ctx, url, false, maxOpenConns)
	if err != nil {
		b.Fatal(err)
	}
	ns := uniqueName("bench")
	if err := st.CreateNamespace(ctx, store.Namespace{Name: ns, TokenHash: "00", CreatedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		st.DeleteNamespace(context.Background(), ns)
		st.Close()
	})
	return st, ns
}

func BenchmarkWriteMessage(b *testing.B) {
	st, ns := benchStore(b)
	ctx := context.Background()
	meta := `{"correlationStreamName":"order-1"}`
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := st.WriteMessage(ctx, ns, store.NewMessage{
			ID: newID(), StreamName: fmt.Sprintf("bench-%d", i%16), Type: "Bench",
			Data: `{"n":1}`, Metadata: &meta,
		}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetStreamMessages10(b *testing.B) {
	st, ns := benchStore(b)
	ctx := context.Background()
	for i := 0; i < 10; i++ {
		if _, err := st.WriteMessage(ctx, ns, storeMessage("read-1")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		msgs, err := st.GetStreamMessages(ctx, ns, store.StreamQuery{StreamName: "read-1", BatchSize: 1000})
		if err != nil || len(msgs) != 10 {
			b.Fatal(len(msgs), err)
		}
	}
}
