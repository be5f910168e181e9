// Package storetest is the contract every store.Store implementation must
// honour, as one test suite run against a real backend:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) store.Store { ... a fresh, empty store ... })
//	}
//
// open must return a store with no namespaces; Run closes it. A persistent
// backend also runs RunReopen with an opener that reopens one location.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

// Opener returns a fresh, empty store for one test.
type Opener func(t *testing.T) store.Store

var ctx = context.Background()

// Run runs every contract test, each on a store of its own.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"WriteThenReadReturnsEveryField", writeThenRead},
		{"PositionsPerStreamGlobalPositionsPerNamespace", positions},
		{"ExpectedVersion", expectedVersion},
		{"DuplicateIDIsInvalid", duplicateID},
		{"StreamQueries", streamQueries},
		{"LastAndVersion", lastAndVersion},
		{"OddStreamNamesStayApart", oddStreamNames},
		{"CategoryInGlobalOrder", categoryOrder},
		{"OddCategoryNamesMatchExactly", oddCategories},
		{"ConsumerGroupsFillBatches", consumerGroups},
		{"Correlation", correlation},
		{"Namespaces", namespaces},
		{"MissingNamespace", missingNamespace},
		{"NamespacesAreIsolated", isolation},
		{"RecreatedNamespaceStartsEmpty", recreate},
		{"ConcurrentWritersGetDistinctPositions", concurrentWriters},
		{"RacingExpectedVersionExactlyOneWins", racingWriters},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			}()
			tc.run(t, s)
		})
	}
}

// RunReopen checks that namespaces, messages, versions and global positions
// survive closing and reopening the store. Each open call opens the same
// location.
func RunReopen(t *testing.T, open Opener) {
	s := open(t)
	mustCreate(t, s, "keep")
	w1 := mustWrite(t, s, "keep", msg("acct-1", "A", `{"i":1}`))
	mustWrite(t, s, "keep", msg("acct-1", "B", `{"i":2}`))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s = open(t)
	defer s.Close()
	ns, err := s.FindNamespace(ctx, "keep")
	if err != nil || ns == nil || ns.TokenHash != hashOf("keep") {
		t.Fatalf("after reopening, FindNamespace = %+v, %v", ns, err)
	}
	rows := mustGet(t, s, "keep", "acct-1")
	if len(rows) != 2 || rows[0].GlobalPosition != w1.GlobalPosition || rows[1].Type != "B" {
		t.Fatalf("after reopening, messages = %+v", rows)
	}
	w3 := mustWrite(t, s, "keep", msg("acct-1", "C", `{}`).expect(1))
	if w3.Position != 2 || w3.GlobalPosition <= rows[1].GlobalPosition {
		t.Fatalf("after reopening, the next write landed at %+v", w3)
	}
}

// --- helpers ---

type newMsg store.NewMessage

func msg(stream, typ, data string) newMsg {
	return newMsg{ID: newID(), StreamName: stream, Type: typ, Data: data}
}

func (m newMsg) meta(json string) newMsg   { m.Metadata = &json; return m }
func (m newMsg) expect(v int64) newMsg     { m.ExpectedVersion = &v; return m }
func (m newMsg) withID(id string) newMsg   { m.ID = id; return m }
func (m newMsg) message() store.NewMessage { return store.NewMessage(m) }

var idCounter struct {
	sync.Mutex
	n int64
}

func newID() string {
	idCounter.Lock()
	defer idCounter.Unlock()
	idCounter.n++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", idCounter.n)
}

// hashOf is the token hash mustCreate gives namespace name (unique per name,
// as EventoDB's SQLite schema requires).
func hashOf(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])
}

func mustCreate(t *testing.T, s store.Store, name string) {
	t.Helper()
	err := s.CreateNamespace(ctx, store.Namespace{Name: name, TokenHash: hashOf(name), Description: "about " + name, CreatedAt: time.Now()})
	if err != nil {
		t.Fatalf("CreateNamespace(%q): %v", name, err)
	}
}

func mustWrite(t *testing.T, s store.Store, ns string, m newMsg) store.WriteResult {
	t.Helper()
	r, err := s.WriteMessage(ctx, ns, m.message())
	if err != nil {
		t.Fatalf("WriteMessage(%q, %q): %v", ns, m.StreamName, err)
	}
	return r
}

func mustGet(t *testing.T, s store.Store, ns, stream string) []store.Message {
	t.Helper()
	rows, err := s.GetStreamMessages(ctx, ns, store.StreamQuery{StreamName: stream, BatchSize: store.Unlimited})
	if err != nil {
		t.Fatalf("GetStreamMessages(%q, %q): %v", ns, stream, err)
	}
	return rows
}

func mustCategory(t *testing.T, s store.Store, ns string, q store.CategoryQuery) []store.Message {
	t.Helper()
	rows, err := s.GetCategoryMessages(ctx, ns, q)
	if err != nil {
		t.Fatalf("GetCategoryMessages(%q, %+v): %v", ns, q, err)
	}
	return rows
}

func globalPositions(rows []store.Message) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.GlobalPosition)
	}
	return out
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// --- messages ---

func writeThenRead(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	before := time.Now().Add(-2 * time.Second)
	data := `{"text":"grüße \"q\"\n","n":9007199254740993,"nested":{"a":[1,2]}}`
	w := mustWrite(t, s, "n", msg("acct-1", "Deposited", data).meta(`{"correlationStreamName":"x-1"}`).withID("6f1c7a3e-0000-4000-8000-000000000001"))
	if w.Position != 0 || w.GlobalPosition != 1 {
		t.Fatalf("first write = %+v, want position 0, global position 1", w)
	}
	mustWrite(t, s, "n", msg("acct-1", "Plain", `{}`))
	rows := mustGet(t, s, "n", "acct-1")
	if len(rows) != 2 {
		t.Fatalf("read %d messages, want 2: %+v", len(rows), rows)
	}
	r := rows[0]
	if r.ID != "6f1c7a3e-0000-4000-8000-000000000001" || r.StreamName != "acct-1" || r.Type != "Deposited" ||
		r.Position != 0 || r.GlobalPosition != 1 || r.Data != data {
		t.Errorf("read back %+v", r)
	}
	if r.Metadata == nil || *r.Metadata != `{"correlationStreamName":"x-1"}` {
		t.Errorf("metadata read back as %v", r.Metadata)
	}
	if rows[1].Metadata != nil {
		t.Errorf("absent metadata read back as %q, want nil", *rows[1].Metadata)
	}
	if r.Time.Before(before) || r.Time.After(time.Now().Add(2*time.Second)) {
		t.Errorf("time %v is not about now", r.Time)
	}
}

func positions(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	order := []string{"a-1", "b-1", "a-1", "a-1", "b-1"}
	wantPos := []int64{0, 0, 1, 2, 1}
	for i, stream := range order {
		w := mustWrite(t, s, "n", msg(stream, "T", fmt.Sprintf(`{"i":%d}`, i)))
		if w.Position != wantPos[i] || w.GlobalPosition != int64(i+1) {
			t.Errorf("write %d to %s = %+v, want position %d, global %d", i, stream, w, wantPos[i], i+1)
		}
	}
	if got := globalPositions(mustGet(t, s, "n", "a-1")); !equal(got, []int64{1, 3, 4}) {
		t.Errorf("a-1 global positions = %v, want [1 3 4]", got)
	}
}

func expectedVersion(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	_, err := s.WriteMessage(ctx, "n", msg("s-1", "T", `{}`).expect(0).message())
	if !errors.Is(err, store.ErrVersionConflict) {
		t.Fatalf("expected version 0 on an empty stream: %v, want ErrVersionConflict", err)
	}
	mustWrite(t, s, "n", msg("s-1", "T", `{}`).expect(-1))
	for _, stale := range []int64{-1, 1, 7} {
		_, err := s.WriteMessage(ctx, "n", msg("s-1", "T", `{}`).expect(stale).message())
		if !errors.Is(err, store.ErrVersionConflict) {
			t.Errorf("expected version %d at version 0: %v, want ErrVersionConflict", stale, err)
		}
	}
	if w := mustWrite(t, s, "n", msg("s-1", "T", `{}`).expect(0)); w.Position != 1 || w.GlobalPosition != 2 {
		t.Errorf("write after the conflicts = %+v; rejected writes must leave no trace", w)
	}
	if rows := mustGet(t, s, "n", "s-1"); len(rows) != 2 {
		t.Errorf("%d messages after conflicts, want 2", len(rows))
	}
}

func duplicateID(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	m := msg("s-1", "T", `{}`)
	mustWrite(t, s, "n", m)
	_, err := s.WriteMessage(ctx, "n", msg("other-2", "T", `{}`).withID(m.ID).message())
	if !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("duplicate id: %v, want ErrInvalid", err)
	}
	if rows := mustGet(t, s, "n", "other-2"); len(rows) != 0 {
		t.Errorf("the rejected write left %d messages", len(rows))
	}
	if w := mustWrite(t, s, "n", msg("other-2", "T", `{}`)); w.Position != 0 || w.GlobalPosition != 2 {
		t.Errorf("write after the duplicate = %+v, want position 0, global 2", w)
	}
}

func streamQueries(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	var gps []int64
	for i := 0; i < 7; i++ {
		mustWrite(t, s, "n", msg("other-1", "T", `{}`)) // interleave another stream
		gps = append(gps, mustWrite(t, s, "n", msg("p-1", "T", fmt.Sprintf(`{"i":%d}`, i))).GlobalPosition)
	}
	cases := []struct {
		q    store.StreamQuery
		want []int64
	}{
		{store.StreamQuery{Position: 2, BatchSize: 3}, gps[2:5]},
		{store.StreamQuery{Position: 5, BatchSize: 10}, gps[5:]},
		{store.StreamQuery{Position: 7, BatchSize: 10}, []int64{}},
		{store.StreamQuery{BatchSize: store.Unlimited}, gps},
		{store.StreamQuery{GlobalPosition: gps[4], BatchSize: store.Unlimited}, gps[4:]},
		{store.StreamQuery{GlobalPosition: gps[4] - 1, BatchSize: 2}, gps[4:6]},
		{store.StreamQuery{Position: 5, GlobalPosition: gps[2], BatchSize: store.Unlimited}, gps[5:]},
		{store.StreamQuery{Position: 1, GlobalPosition: gps[6], BatchSize: store.Unlimited}, gps[6:]},
	}
	for _, c := range cases {
		c.q.StreamName = "p-1"
		rows, err := s.GetStreamMessages(ctx, "n", c.q)
		if err != nil {
			t.Fatalf("GetStreamMessages(%+v): %v", c.q, err)
		}
		if got := globalPositions(rows); !equal(got, c.want) {
			t.Errorf("GetStreamMessages(%+v) = %v, want %v", c.q, got, c.want)
		}
		for i := 1; i < len(rows); i++ {
			if rows[i].Position != rows[i-1].Position+1 {
				t.Errorf("GetStreamMessages(%+v): positions not ascending", c.q)
			}
		}
	}
	rows, _ := s.GetStreamMessages(ctx, "n", store.StreamQuery{StreamName: "missing-1", BatchSize: 10})
	if len(rows) != 0 {
		t.Errorf("a missing stream read %d messages", len(rows))
	}
}

func lastAndVersion(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	if v, err := s.GetStreamVersion(ctx, "n", "l-1"); err != nil || v != nil {
		t.Errorf("version of a missing stream = %v, %v; want nil", v, err)
	}
	if m, err := s.GetLastStreamMessage(ctx, "n", "l-1", ""); err != nil || m != nil {
		t.Errorf("last of a missing stream = %+v, %v; want nil", m, err)
	}
	for i, typ := range []string{"Opened", "Deposited", "Opened", "Deposited", "Closed"} {
		mustWrite(t, s, "n", msg("l-1", typ, fmt.Sprintf(`{"i":%d}`, i)))
	}
	mustWrite(t, s, "n", msg("l-10", "Other", `{}`))
	if v, err := s.GetStreamVersion(ctx, "n", "l-1"); err != nil || v == nil || *v != 4 {
		t.Errorf("version = %v, %v; want 4", v, err)
	}
	for typ, want := range map[string]int64{"": 4, "Deposited": 3, "Opened": 2, "Closed": 4} {
		m, err := s.GetLastStreamMessage(ctx, "n", "l-1", typ)
		if err != nil || m == nil || m.Position != want || (typ != "" && m.Type != typ) {
			t.Errorf("last of type %q = %+v, %v; want position %d", typ, m, err, want)
		}
	}
	if m, err := s.GetLastStreamMessage(ctx, "n", "l-1", "Never"); err != nil || m != nil {
		t.Errorf("last of an unused type = %+v, %v; want nil", m, err)
	}
}

// Names holding characters special to some backend (key separators, LIKE
// wildcards, quotes, case, non-ASCII) are still just names.
func oddStreamNames(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	names := []string{"o-a", "o-a:b", "o-a%3Ab", "o-a:00000000000000000000", "o-a:00000000000000000001:x",
		"o-a_", "o-a%", "o-A", "o-with space", `o-quote'"`, "o-ü", "o-a+b", "o-a-b", "o", "o-"}
	for n, name := range names {
		for i := 0; i <= n%3; i++ {
			mustWrite(t, s, "n", msg(name, "T", fmt.Sprintf(`{"name":%q}`, name)))
		}
	}
	for n, name := range names {
		rows := mustGet(t, s, "n", name)
		if len(rows) != n%3+1 {
			t.Errorf("%q: %d messages, want %d", name, len(rows), n%3+1)
		}
		for _, r := range rows {
			if r.StreamName != name {
				t.Errorf("%q: read a message of %q", name, r.StreamName)
			}
		}
		if v, _ := s.GetStreamVersion(ctx, "n", name); v == nil || *v != int64(n%3) {
			t.Errorf("%q: version %v, want %d", name, v, n%3)
		}
		if m, _ := s.GetLastStreamMessage(ctx, "n", name, ""); m == nil || m.StreamName != name {
			t.Errorf("%q: last = %+v", name, m)
		}
	}
	for _, absent := range []string{"o-a:", "o-ab", "o-a:0000000000000000000"} {
		if v, _ := s.GetStreamVersion(ctx, "n", absent); v != nil {
			t.Errorf("%q was never written, version %d", absent, *v)
		}
		if rows := mustGet(t, s, "n", absent); len(rows) != 0 {
			t.Errorf("%q was never written, read %d messages", absent, len(rows))
		}
	}
}

func categoryOrder(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	mustWrite(t, s, "n", msg("catx-1", "T", `{"neighbour":true}`))
	mustWrite(t, s, "n", msg("catx", "T", `{"neighbour":true}`))
	var want []int64
	wantStreams := []string{}
	for i := 0; i < 3; i++ {
		for _, stream := range []string{"cat-1", "cat-2", "cat-3+retry", "cat"} {
			want = append(want, mustWrite(t, s, "n", msg(stream, "T", `{}`)).GlobalPosition)
			wantStreams = append(wantStreams, stream)
		}
	}
	mustWrite(t, s, "n", msg("ca-1", "T", `{"neighbour":true}`))
	rows := mustCategory(t, s, "n", store.CategoryQuery{Category: "cat", BatchSize: store.Unlimited})
	if got := globalPositions(rows); !equal(got, want) {
		t.Fatalf("category cat = %v, want %v", got, want)
	}
	next := map[string]int64{}
	for i, r := range rows {
		if r.StreamName != wantStreams[i] || r.Position != next[r.StreamName] {
			t.Errorf("row %d = %s@%d, want %s@%d", i, r.StreamName, r.Position, wantStreams[i], next[r.StreamName])
		}
		next[r.StreamName]++
	}
	// Paging by global position.
	var seen []int64
	from := int64(0)
	for round := 0; round < 20; round++ {
		batch := mustCategory(t, s, "n", store.CategoryQuery{Category: "cat", GlobalPosition: from, BatchSize: 5})
		if len(batch) == 0 {
			break
		}
		seen = append(seen, globalPositions(batch)...)
		from = batch[len(batch)-1].GlobalPosition + 1
	}
	if !equal(seen, want) {
		t.Errorf("paged category = %v, want %v", seen, want)
	}
	if rows := mustCategory(t, s, "n", store.CategoryQuery{Category: "nothing", BatchSize: 10}); len(rows) != 0 {
		t.Errorf("an unused category read %d messages", len(rows))
	}
}

func oddCategories(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	cats := []string{"ab", "a_", "a%", "AB", "ab:c", "ab%3Ac", "abc", "ü", "ab:00000000000000000001"}
	for n, c := range cats {
		for i := 0; i <= n%2; i++ {
			mustWrite(t, s, "n", msg(fmt.Sprintf("%s-%d", c, i), "T", fmt.Sprintf(`{"c":%q}`, c)))
		}
	}
	for n, c := range cats {
		rows := mustCategory(t, s, "n", store.CategoryQuery{Category: c, BatchSize: store.Unlimited})
		if len(rows) != n%2+1 {
			t.Errorf("category %q: %d messages, want %d", c, len(rows), n%2+1)
		}
		for _, r := range rows {
			if msgdb.Category(r.StreamName) != c {
				t.Errorf("category %q read a message of %q", c, r.StreamName)
			}
		}
	}
}

func consumerGroups(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	ids := []string{"1", "2", "3", "4", "5", "6", "7", "abc", "7+retry", ""}
	var all []int64
	streamOf := map[int64]string{}
	for i := 0; i < 3; i++ {
		for _, id := range ids {
			stream := "cg"
			if id != "" {
				stream += "-" + id
			}
			gp := mustWrite(t, s, "n", msg(stream, "T", `{}`)).GlobalPosition
			all = append(all, gp)
			streamOf[gp] = stream
		}
	}
	for _, size := range []int64{1, 2, 3} {
		var union []int64
		for member := int64(0); member < size; member++ {
			var want []int64
			for _, gp := range all {
				if msgdb.GroupMember(streamOf[gp], size) == member {
					want = append(want, gp)
				}
			}
			g := &store.ConsumerGroup{Member: member, Size: size}
			var got []int64
			from := int64(0)
			for round := 0; round < 40; round++ {
				batch := mustCategory(t, s, "n", store.CategoryQuery{Category: "cg", GlobalPosition: from, BatchSize: 2, ConsumerGroup: g})
				if len(batch) == 0 {
					break
				}
				if len(batch) < 2 && len(got)+2 <= len(want) {
					t.Errorf("member %d of %d: a batch of %d before the end (filtered after limiting?)", member, size, len(batch))
				}
				got = append(got, globalPositions(batch)...)
				from = batch[len(batch)-1].GlobalPosition + 1
			}
			if !equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("member %d of %d = %v, want %v", member, size, got, want)
			}
			union = append(union, got...)
		}
		sort.Slice(union, func(i, j int) bool { return union[i] < union[j] })
		if !equal(union, all) {
			t.Errorf("members of %d together read %v, want every message %v", size, union, all)
		}
	}
}

func correlation(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	var want []int64
	wantByMember := map[int64][]int64{}
	for i := 0; i < 8; i++ {
		stream := fmt.Sprintf("corr-%d", 1+i%2)
		m := msg(stream, "T", `{}`)
		switch i % 4 {
		case 0:
			m = m.meta(fmt.Sprintf(`{"correlationStreamName":"origin-%d"}`, i))
		case 1:
			m = m.meta(fmt.Sprintf(`{"correlationStreamName":"originx-%d"}`, i)) // prefix only
		case 2:
			m = m.meta(`{"other":"origin-1"}`)
		case 3:
			m = m.meta(`{"correlationStreamName":"origin"}`) // a bare category
		}
		gp := mustWrite(t, s, "n", m).GlobalPosition
		if i%4 == 0 || i%4 == 3 {
			want = append(want, gp)
			member := msgdb.GroupMember(stream, 2)
			wantByMember[member] = append(wantByMember[member], gp)
		}
	}
	mustWrite(t, s, "n", msg("corr-1", "T", `{}`)) // no metadata
	rows := mustCategory(t, s, "n", store.CategoryQuery{Category: "corr", Correlation: "origin", BatchSize: store.Unlimited})
	if got := globalPositions(rows); !equal(got, want) {
		t.Errorf("correlation origin = %v, want %v", got, want)
	}
	for member := int64(0); member < 2; member++ {
		rows := mustCategory(t, s, "n", store.CategoryQuery{Category: "corr", Correlation: "origin", BatchSize: store.Unlimited,
			ConsumerGroup: &store.ConsumerGroup{Member: member, Size: 2}})
		if got := globalPositions(rows); !equal(got, wantByMember[member]) && !(len(got) == 0 && len(wantByMember[member]) == 0) {
			t.Errorf("correlation with member %d of 2 = %v, want %v", member, got, wantByMember[member])
		}
	}
	if rows := mustCategory(t, s, "n", store.CategoryQuery{Category: "corr", Correlation: "none", BatchSize: 10}); len(rows) != 0 {
		t.Errorf("an unused correlation read %d messages", len(rows))
	}
}

// --- namespaces ---

func namespaces(t *testing.T, s store.Store) {
	if ns, err := s.FindNamespace(ctx, "a"); err != nil || ns != nil {
		t.Fatalf("FindNamespace of a missing namespace = %+v, %v; want nil, nil", ns, err)
	}
	created := time.Now().Add(-time.Hour).Truncate(time.Second)
	err := s.CreateNamespace(ctx, store.Namespace{Name: "b", TokenHash: strings.Repeat("b", 64), Description: "Bee", CreatedAt: created})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "a")
	mustCreate(t, s, "B")
	err = s.CreateNamespace(ctx, store.Namespace{Name: "b", TokenHash: strings.Repeat("c", 64), CreatedAt: time.Now()})
	if !errors.Is(err, store.ErrNamespaceExists) {
		t.Errorf("creating b twice: %v, want ErrNamespaceExists", err)
	}
	ns, err := s.FindNamespace(ctx, "b")
	if err != nil || ns == nil {
		t.Fatalf("FindNamespace(b) = %v, %v", ns, err)
	}
	if ns.Name != "b" || ns.TokenHash != strings.Repeat("b", 64) || ns.Description != "Bee" || !ns.CreatedAt.Equal(created) {
		t.Errorf("FindNamespace(b) = %+v (created %v)", ns, created)
	}
	list, err := s.ListNamespaces(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, n := range list {
		names = append(names, n.Name)
	}
	if strings.Join(names, ",") != "B,a,b" {
		t.Errorf("ListNamespaces = %v, want [B a b] (bytewise)", names)
	}

	if err := s.SetTokenHash(ctx, "b", strings.Repeat("d", 64)); err != nil {
		t.Fatal(err)
	}
	if ns, _ := s.FindNamespace(ctx, "b"); ns == nil || ns.TokenHash != strings.Repeat("d", 64) {
		t.Errorf("after SetTokenHash: %+v", ns)
	}

	stats, err := s.NamespaceStats(ctx, "b")
	if err != nil || stats.MessageCount != 0 || stats.StreamCount != 0 || stats.LastActivity != nil {
		t.Errorf("stats of an empty namespace = %+v, %v", stats, err)
	}
	for _, stream := range []string{"x-1", "x-1", "y-2"} {
		mustWrite(t, s, "b", msg(stream, "T", `{}`))
	}
	stats, err = s.NamespaceStats(ctx, "b")
	last, _ := s.GetLastStreamMessage(ctx, "b", "y-2", "")
	if err != nil || stats.MessageCount != 3 || stats.StreamCount != 2 || stats.LastActivity == nil || last == nil || !stats.LastActivity.Equal(last.Time) {
		t.Errorf("stats = %+v, %v; want 3 messages, 2 streams, last activity %v", stats, err, last)
	}
	n, err := s.DeleteNamespace(ctx, "b")
	if err != nil || n != 3 {
		t.Errorf("DeleteNamespace(b) = %d, %v; want 3", n, err)
	}
	if ns, err := s.FindNamespace(ctx, "b"); err != nil || ns != nil {
		t.Errorf("after deleting: FindNamespace(b) = %+v, %v", ns, err)
	}
	if _, err := s.DeleteNamespace(ctx, "b"); !errors.Is(err, store.ErrNamespaceNotFound) {
		t.Errorf("deleting b twice: %v, want ErrNamespaceNotFound", err)
	}
	if n, err := s.DeleteNamespace(ctx, "a"); err != nil || n != 0 {
		t.Errorf("DeleteNamespace(a) = %d, %v; want 0", n, err)
	}
}

func missingNamespace(t *testing.T, s store.Store) {
	mustCreate(t, s, "real")
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, store.ErrNamespaceNotFound) {
			t.Errorf("%s on a missing namespace: %v, want ErrNamespaceNotFound", what, err)
		}
	}
	_, err := s.WriteMessage(ctx, "ghost", msg("a-1", "T", `{}`).message())
	check("WriteMessage", err)
	_, err = s.GetStreamMessages(ctx, "ghost", store.StreamQuery{StreamName: "a-1", BatchSize: 1})
	check("GetStreamMessages", err)
	_, err = s.GetLastStreamMessage(ctx, "ghost", "a-1", "")
	check("GetLastStreamMessage", err)
	_, err = s.GetStreamVersion(ctx, "ghost", "a-1")
	check("GetStreamVersion", err)
	_, err = s.GetCategoryMessages(ctx, "ghost", store.CategoryQuery{Category: "a", BatchSize: 1})
	check("GetCategoryMessages", err)
	_, err = s.NamespaceStats(ctx, "ghost")
	check("NamespaceStats", err)
	_, err = s.DeleteNamespace(ctx, "ghost")
	check("DeleteNamespace", err)
	check("SetTokenHash", s.SetTokenHash(ctx, "ghost", strings.Repeat("e", 64)))
	if err := s.Ping(ctx); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

func isolation(t *testing.T, s store.Store) {
	names := []string{"iso-a", "iso_a", "Xiso", "xiso"}
	for _, n := range names {
		mustCreate(t, s, n)
	}
	for n, name := range names {
		for i := 0; i <= n; i++ {
			w := mustWrite(t, s, name, msg("shared-1", "T", fmt.Sprintf(`{"ns":%q}`, name)))
			if w.Position != int64(i) || w.GlobalPosition != int64(i+1) {
				t.Errorf("%s write %d = %+v; global positions count per namespace from 1", name, i, w)
			}
		}
	}
	for n, name := range names {
		rows := mustGet(t, s, name, "shared-1")
		if len(rows) != n+1 {
			t.Errorf("%s: %d messages, want %d", name, len(rows), n+1)
		}
		for _, r := range rows {
			if r.Data != fmt.Sprintf(`{"ns":%q}`, name) {
				t.Errorf("%s read %s", name, r.Data)
			}
		}
		if c := mustCategory(t, s, name, store.CategoryQuery{Category: "shared", BatchSize: store.Unlimited}); len(c) != n+1 {
			t.Errorf("%s: category read %d, want %d", name, len(c), n+1)
		}
	}
	if _, err := s.DeleteNamespace(ctx, names[0]); err != nil {
		t.Fatal(err)
	}
	for n, name := range names[1:] {
		if rows := mustGet(t, s, name, "shared-1"); len(rows) != n+2 {
			t.Errorf("after deleting %s, %s has %d messages, want %d", names[0], name, len(rows), n+2)
		}
	}
}

func recreate(t *testing.T, s store.Store) {
	mustCreate(t, s, "again")
	for i := 0; i < 3; i++ {
		mustWrite(t, s, "again", msg("acct-1", "T", `{}`))
	}
	if _, err := s.DeleteNamespace(ctx, "again"); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, "again")
	if v, err := s.GetStreamVersion(ctx, "again", "acct-1"); err != nil || v != nil {
		t.Errorf("recreated namespace: version %v, %v; want nil", v, err)
	}
	if c := mustCategory(t, s, "again", store.CategoryQuery{Category: "acct", BatchSize: 10}); len(c) != 0 {
		t.Errorf("recreated namespace: category has %d messages", len(c))
	}
	if w := mustWrite(t, s, "again", msg("acct-1", "T", `{}`)); w.Position != 0 || w.GlobalPosition != 1 {
		t.Errorf("recreated namespace: first write = %+v", w)
	}
}

// --- concurrency ---

func concurrentWriters(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	const writers, each = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	gps := make(chan int64, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				stream := "same-1"
				if i%2 == 1 {
					stream = fmt.Sprintf("own-%d", w)
				}
				r, err := s.WriteMessage(ctx, "n", msg(stream, "T", `{}`).message())
				if err != nil {
					errs <- err
					continue
				}
				gps <- r.GlobalPosition
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	close(gps)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	seen := map[int64]bool{}
	for gp := range gps {
		if seen[gp] {
			t.Errorf("global position %d given twice", gp)
		}
		seen[gp] = true
	}
	rows := mustGet(t, s, "n", "same-1")
	for i, r := range rows {
		if r.Position != int64(i) {
			t.Fatalf("same-1 positions are not 0..n-1: row %d has %d", i, r.Position)
		}
	}
	if want := writers * ((each + 1) / 2); len(rows) != want {
		t.Errorf("same-1 has %d messages, want %d", len(rows), want)
	}
}

func racingWriters(t *testing.T, s store.Store) {
	mustCreate(t, s, "n")
	const writers, rounds = 4, 10
	for round := int64(0); round < rounds; round++ {
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.WriteMessage(ctx, "n", msg("race-1", "T", `{}`).expect(round-1).message())
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case !errors.Is(err, store.ErrVersionConflict):
					t.Errorf("round %d: %v, want nil or ErrVersionConflict", round, err)
				}
			}()
		}
		wg.Wait()
		if won != 1 {
			t.Errorf("round %d: %d writers won, want exactly 1", round, won)
		}
	}
	if v, _ := s.GetStreamVersion(ctx, "n", "race-1"); v == nil || *v != rounds-1 {
		t.Errorf("version after the race = %v, want %d", v, rounds-1)
	}
}
