package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mdbprof/gosubject/internal/store"
)

// backend is a database the contract cases run against.
type backend struct {
	name      string
	url       string
	timescale bool
	maxOpen   int // the pool's open-connection limit (25 unless testing a hook)
	// layoutOnly makes tsdb_ namespaces with the TimescaleDB layout on a
	// server without the extension (no hypertable).
	layoutOnly bool
}

// harness is one contract case's view of a backend: an open store and
// namespaces that are deleted when the case ends.
type harness struct {
	t   *testing.T
	b   backend
	ctx context.Context
	st  *pgStore
}

func newHarness(t *testing.T, b backend) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	h := &harness{t: t, b: b, ctx: ctx, st: mustOpen(t, b)}
	// Registered before any namespace cleanup, so it runs after them; it
	// closes whichever store the case left in h.st.
	t.Cleanup(func() {
		if err := h.st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return h
}

// mustOpen opens a store on b; the caller closes it.
func mustOpen(t *testing.T, b backend) *pgStore {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := open(ctx, b.url, b.timescale, b.maxOpen)
	if err != nil {
		t.Fatalf("Open(%s, timescale=%v): %v", b.name, b.timescale, err)
	}
	if b.layoutOnly {
		st.timescale = true
	}
	return st
}

// openStore opens a store on b, closed when t ends.
func openStore(t *testing.T, b backend) *pgStore {
	t.Helper()
	st := mustOpen(t, b)
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return st
}

var namespaceSeq atomic.Int64

// uniqueName is a namespace name no other case uses.
func uniqueName(label string) string {
	return fmt.Sprintf("t%d_%s", namespaceSeq.Add(1), label)
}

// namespace creates a fresh namespace and deletes it when the case ends.
func (h *harness) namespace(label string) string {
	h.t.Helper()
	name := uniqueName(label)
	h.create(name)
	return name
}

func (h *harness) create(name string) store.Namespace {
	h.t.Helper()
	ns := store.Namespace{
		Name:        name,
		TokenHash:   fmt.Sprintf("%064x", namespaceSeq.Load()),
		Description: "namespace " + name,
		CreatedAt:   time.Now().UTC().Truncate(time.Millisecond),
	}
	if err := h.st.CreateNamespace(h.ctx, ns); err != nil {
		h.t.Fatalf("CreateNamespace(%q): %v", name, err)
	}
	h.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := h.st.DeleteNamespace(ctx, name); err != nil && !errors.Is(err, store.ErrNamespaceNotFound) {
			h.t.Errorf("cleanup: DeleteNamespace(%q): %v", name, err)
		}
	})
	return ns
}

var idSeq atomic.Uint64

// newID is a fresh UUID text (version 4 layout, unique within the run).
func newID() string {
	n := idSeq.Add(1)
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", uint32(time.Now().Unix()), n)
}

func ptr[T any](v T) *T { return &v }

// write appends a message and fails the case on error.
func (h *harness) write(ns, stream, typ, data string, metadata *string) store.WriteResult {
	h.t.Helper()
	r, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{
		ID: newID(), StreamName: stream, Type: typ, Data: data, Metadata: metadata,
	})
	if err != nil {
		h.t.Fatalf("WriteMessage(%q, %q): %v", ns, stream, err)
	}
	return r
}

func (h *harness) stream(ns, stream string) []store.Message {
	h.t.Helper()
	msgs, err := h.st.GetStreamMessages(h.ctx, ns, store.StreamQuery{
		StreamName: stream, BatchSize: store.Unlimited,
	})
	if err != nil {
		h.t.Fatalf("GetStreamMessages(%q, %q): %v", ns, stream, err)
	}
	return msgs
}

func (h *harness) category(ns string, q store.CategoryQuery) []store.Message {
	h.t.Helper()
	if q.BatchSize == 0 {
		q.BatchSize = store.Unlimited
	}
	msgs, err := h.st.GetCategoryMessages(h.ctx, ns, q)
	if err != nil {
		h.t.Fatalf("GetCategoryMessages(%q, %+v): %v", ns, q, err)
	}
	return msgs
}

// parallel runs fn(i) for i in [0, n) at once (released together) and
// returns their errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return errs
}

func streamPositions(msgs []store.Message) []int64 {
	out := make([]int64, len(msgs))
	for i, m := range msgs {
		out[i] = m.Position
	}
	return out
}

func streamNames(msgs []store.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.StreamName
	}
	return out
}

func storeMessage(stream string) store.NewMessage {
	return store.NewMessage{ID: newID(), StreamName: stream, Type: "T", Data: `{}`}
}

func categoryAll(category string) store.CategoryQuery {
	return store.CategoryQuery{Category: category, BatchSize: store.Unlimited}
}
