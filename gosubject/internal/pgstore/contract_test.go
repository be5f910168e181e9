package pgstore

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

// contractCases hold for every backend: runContract runs each as a subtest
// with a fresh store.
var contractCases = []struct {
	name string
	run  func(h *harness)
}{
	{"WriteThenReadKeepsEveryField", caseWriteThenRead},
	{"StreamQueryHonoursPositionGlobalPositionAndBatch", caseStreamQuery},
	{"LastMessageAndVersion", caseLastAndVersion},
	{"ExpectedVersionChecked", caseExpectedVersion},
	{"ConcurrentExpectedVersionHasOneWinner", caseConcurrentExpectedVersion},
	{"DuplicateIDIsInvalid", caseDuplicateID},
	{"ConcurrentDuplicateIDHasOneWinner", caseConcurrentDuplicateID},
	{"ConcurrentWritersGetUniqueGaplessPositions", caseConcurrentPositions},
	{"CategorySelectsByPrefixBeforeDash", caseCategory},
	{"ConsumerGroupsPartitionByCardinalID", caseConsumerGroups},
	{"CorrelationFiltersByCategory", caseCorrelation},
	{"NamespaceLifecycle", caseNamespaceLifecycle},
	{"ListNamespacesOrderedBytewise", caseListOrder},
	{"NamespaceStats", caseStats},
	{"NamespacesAreIsolated", caseIsolation},
	{"MissingNamespaceIsNotFound", caseMissingNamespace},
	{"BadInputIsInvalid", caseBadInput},
	{"ReopenedStoreKeepsData", caseReopen},
	{"NamespaceDeletedElsewhereIsNotFound", caseDeletedElsewhere},
}

func runContract(t *testing.T, b backend) {
	for _, c := range contractCases {
		t.Run(c.name, func(t *testing.T) { c.run(newHarness(t, b)) })
	}
}

func caseWriteThenRead(h *harness) {
	ns := h.namespace("rw")
	before := time.Now().Add(-2 * time.Second)
	// Data is kept verbatim, spacing and key order included.
	data := `{"b": 1,  "a": [true, null], "s": "é\u00e9"}`
	meta := `{"correlationStreamName":"order-9", "x" : 1}`
	id := newID()
	r, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{
		ID: id, StreamName: "account-1", Type: "Opened", Data: data, Metadata: &meta,
	})
	if err != nil {
		h.t.Fatalf("WriteMessage: %v", err)
	}
	r2 := h.write(ns, "account-1", "Deposited", `{}`, nil)
	after := time.Now().Add(2 * time.Second)
	if r.Position != 0 || r2.Position != 1 {
		h.t.Errorf("positions = %d, %d; want 0, 1", r.Position, r2.Position)
	}
	if r.GlobalPosition < 1 || r2.GlobalPosition <= r.GlobalPosition {
		h.t.Errorf("global positions = %d, %d; want 1-based and growing", r.GlobalPosition, r2.GlobalPosition)
	}
	msgs := h.stream(ns, "account-1")
	if len(msgs) != 2 {
		h.t.Fatalf("read %d messages, want 2", len(msgs))
	}
	m := msgs[0]
	if m.ID != id || m.StreamName != "account-1" || m.Type != "Opened" || m.Position != 0 ||
		m.GlobalPosition != r.GlobalPosition || m.Data != data {
		h.t.Errorf("read back %+v; want id %s, Opened, position 0, global %d, data %s", m, id, r.GlobalPosition, data)
	}
	if m.Metadata == nil || *m.Metadata != meta {
		h.t.Errorf("metadata = %v, want %s", m.Metadata, meta)
	}
	if msgs[1].Metadata != nil {
		h.t.Errorf("null metadata read back as %q", *msgs[1].Metadata)
	}
	for _, m := range msgs {
		if m.Time.Location() != time.UTC || m.Time.Before(before) || m.Time.After(after) {
			h.t.Errorf("time %v: want UTC within [%v, %v]", m.Time, before, after)
		}
	}
	if msgs[1].Time.Before(msgs[0].Time) {
		h.t.Errorf("second message's time %v is before the first's %v", msgs[1].Time, msgs[0].Time)
	}
}

func caseStreamQuery(h *harness) {
	ns := h.namespace("sq")
	var globals []int64
	for i := 0; i < 5; i++ {
		globals = append(globals, h.write(ns, "s-1", "T", fmt.Sprintf(`{"i":%d}`, i), nil).GlobalPosition)
		h.write(ns, "s-2", "T", `{}`, nil)
	}
	get := func(q store.StreamQuery) []int64 {
		q.StreamName = "s-1"
		msgs, err := h.st.GetStreamMessages(h.ctx, ns, q)
		if err != nil {
			h.t.Fatalf("GetStreamMessages(%+v): %v", q, err)
		}
		return streamPositions(msgs)
	}
	for _, c := range []struct {
		q    store.StreamQuery
		want []int64
	}{
		{store.StreamQuery{BatchSize: store.Unlimited}, []int64{0, 1, 2, 3, 4}},
		{store.StreamQuery{Position: 2, BatchSize: store.Unlimited}, []int64{2, 3, 4}},
		{store.StreamQuery{Position: 1, BatchSize: 2}, []int64{1, 2}},
		{store.StreamQuery{GlobalPosition: globals[3], BatchSize: 10}, []int64{3, 4}},
		{store.StreamQuery{Position: 9, BatchSize: 10}, []int64{}},
	} {
		if got := get(c.q); !slices.Equal(got, c.want) {
			h.t.Errorf("GetStreamMessages(%+v) positions = %v, want %v", c.q, got, c.want)
		}
	}
	empty, err := h.st.GetStreamMessages(h.ctx, ns, store.StreamQuery{StreamName: "s-none", BatchSize: 10})
	if err != nil || empty == nil || len(empty) != 0 {
		h.t.Errorf("empty stream: %v, %v; want an empty non-nil slice", empty, err)
	}
}

func caseLastAndVersion(h *harness) {
	ns := h.namespace("last")
	if v, err := h.st.GetStreamVersion(h.ctx, ns, "a-1"); err != nil || v != nil {
		h.t.Errorf("version of an empty stream = %v, %v; want nil", v, err)
	}
	if m, err := h.st.GetLastStreamMessage(h.ctx, ns, "a-1", ""); err != nil || m != nil {
		h.t.Errorf("last of an empty stream = %v, %v; want nil", m, err)
	}
	h.write(ns, "a-1", "A", `{"n":0}`, nil)
	h.write(ns, "a-1", "B", `{"n":1}`, nil)
	h.write(ns, "a-1", "A", `{"n":2}`, nil)
	h.write(ns, "a-1", "C", `{"n":3}`, nil)
	h.write(ns, "a-2", "A", `{"n":9}`, nil)
	if v, err := h.st.GetStreamVersion(h.ctx, ns, "a-1"); err != nil || v == nil || *v != 3 {
		h.t.Errorf("version = %v, %v; want 3", v, err)
	}
	if m, err := h.st.GetLastStreamMessage(h.ctx, ns, "a-1", ""); err != nil || m == nil || m.Position != 3 || m.Type != "C" {
		h.t.Errorf("last = %+v, %v; want position 3 of type C", m, err)
	}
	if m, err := h.st.GetLastStreamMessage(h.ctx, ns, "a-1", "A"); err != nil || m == nil || m.Position != 2 || m.Data != `{"n":2}` {
		h.t.Errorf("last of type A = %+v, %v; want position 2", m, err)
	}
	if m, err := h.st.GetLastStreamMessage(h.ctx, ns, "a-1", "Z"); err != nil || m != nil {
		h.t.Errorf("last of an absent type = %+v, %v; want nil", m, err)
	}
}

func caseExpectedVersion(h *harness) {
	ns := h.namespace("ev")
	write := func(expected *int64) error {
		_, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{
			ID: newID(), StreamName: "acct-1", Type: "T", Data: `{}`, ExpectedVersion: expected,
		})
		return err
	}
	if err := write(ptr[int64](-1)); err != nil {
		h.t.Fatalf("expected -1 on an empty stream: %v", err)
	}
	for _, bad := range []int64{-1, 1, 7} {
		err := write(&bad)
		if !errors.Is(err, store.ErrVersionConflict) {
			h.t.Errorf("expected %d on version 0: err = %v, want ErrVersionConflict", bad, err)
		} else if !strings.Contains(err.Error(), "acct-1") {
			h.t.Errorf("conflict error %q does not name the stream", err)
		}
	}
	if err := write(ptr[int64](0)); err != nil {
		h.t.Errorf("expected 0 on version 0: %v", err)
	}
	if err := write(nil); err != nil {
		h.t.Errorf("no expected version: %v", err)
	}
	if got := streamPositions(h.stream(ns, "acct-1")); !slices.Equal(got, []int64{0, 1, 2}) {
		h.t.Errorf("positions after the conflicts = %v, want [0 1 2] (a conflict writes nothing)", got)
	}
}

func caseConcurrentExpectedVersion(h *harness) {
	ns := h.namespace("cev")
	const writers, rounds = 8, 8
	for round := int64(0); round < rounds; round++ {
		expected := round - 1
		errs := parallel(writers, func(int) error {
			_, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{
				ID: newID(), StreamName: "race-1", Type: "T", Data: `{}`, ExpectedVersion: &expected,
			})
			return err
		})
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, store.ErrVersionConflict):
				h.t.Errorf("round %d: unexpected error %v", round, err)
			}
		}
		if wins != 1 {
			h.t.Fatalf("round %d: %d of %d writers with expected version %d won; want exactly 1", round, wins, writers, expected)
		}
	}
	if got := streamPositions(h.stream(ns, "race-1")); !slices.Equal(got, []int64{0, 1, 2, 3, 4, 5, 6, 7}) {
		h.t.Errorf("positions = %v, want 0..7", got)
	}
}

func caseDuplicateID(h *harness) {
	ns := h.namespace("dup")
	id := newID()
	if _, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{ID: id, StreamName: "d-1", Type: "T", Data: `{}`}); err != nil {
		h.t.Fatalf("first write: %v", err)
	}
	for _, stream := range []string{"d-1", "d-2"} {
		_, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{ID: id, StreamName: stream, Type: "T", Data: `{}`})
		if !errors.Is(err, store.ErrInvalid) {
			h.t.Errorf("duplicate id on %s: err = %v, want ErrInvalid", stream, err)
		} else if !strings.Contains(err.Error(), id) {
			h.t.Errorf("duplicate id error %q does not name the id", err)
		}
	}
	if v, _ := h.st.GetStreamVersion(h.ctx, ns, "d-2"); v != nil {
		h.t.Errorf("the refused write left stream d-2 at version %d", *v)
	}
	if got := len(h.stream(ns, "d-1")); got != 1 {
		h.t.Errorf("stream d-1 has %d messages, want 1", got)
	}
}

func caseConcurrentDuplicateID(h *harness) {
	ns := h.namespace("cdup")
	const writers = 16
	for round := 0; round < 10; round++ {
		id := newID()
		errs := parallel(writers, func(i int) error {
			_, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{
				ID: id, StreamName: fmt.Sprintf("dup%d-%d", round, i), Type: "T", Data: `{}`,
			})
			return err
		})
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, store.ErrInvalid):
				h.t.Errorf("round %d: unexpected error %v", round, err)
			}
		}
		if wins != 1 {
			h.t.Fatalf("round %d: %d of %d writers of one id on different streams won; want exactly 1", round, wins, writers)
		}
		if got := h.category(ns, store.CategoryQuery{Category: fmt.Sprintf("dup%d", round)}); len(got) != 1 {
			h.t.Errorf("round %d: %d messages stored, want 1", round, len(got))
		}
	}
}

func caseConcurrentPositions(h *harness) {
	ns := h.namespace("cpos")
	const writers, each, streams = 8, 20, 3
	errs := parallel(writers, func(i int) error {
		for j := 0; j < each; j++ {
			stream := fmt.Sprintf("pos-%d", (i+j)%streams)
			if _, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{
				ID: newID(), StreamName: stream, Type: "T", Data: fmt.Sprintf(`{"w":%d,"j":%d}`, i, j),
			}); err != nil {
				return err
			}
		}
		return nil
	})
	for i, err := range errs {
		if err != nil {
			h.t.Fatalf("writer %d: %v", i, err)
		}
	}
	all := h.category(ns, store.CategoryQuery{Category: "pos"})
	if len(all) != writers*each {
		h.t.Fatalf("category has %d messages, want %d", len(all), writers*each)
	}
	seen := map[int64]bool{}
	for i, m := range all {
		if seen[m.GlobalPosition] {
			h.t.Fatalf("global position %d assigned twice", m.GlobalPosition)
		}
		seen[m.GlobalPosition] = true
		if i > 0 && m.GlobalPosition <= all[i-1].GlobalPosition {
			h.t.Fatalf("category read not ascending by global position at %d", i)
		}
	}
	total := 0
	for s := 0; s < streams; s++ {
		msgs := h.stream(ns, fmt.Sprintf("pos-%d", s))
		total += len(msgs)
		for i, m := range msgs {
			if m.Position != int64(i) {
				h.t.Fatalf("stream pos-%d: message %d has position %d (want gapless 0..n-1)", s, i, m.Position)
			}
		}
	}
	if total != writers*each {
		h.t.Errorf("streams hold %d messages, want %d", total, writers*each)
	}
}

func caseCategory(h *harness) {
	ns := h.namespace("cat")
	var globals []int64
	for _, s := range []string{"cat-1", "catx-1", "cat-2+retry", "other-1", "cat", "cat-1-2", "cat-1"} {
		globals = append(globals, h.write(ns, s, "T", `{}`, nil).GlobalPosition)
	}
	want := []string{"cat-1", "cat-2+retry", "cat", "cat-1-2", "cat-1"}
	if got := streamNames(h.category(ns, store.CategoryQuery{Category: "cat"})); !slices.Equal(got, want) {
		h.t.Errorf("category cat = %v, want %v", got, want)
	}
	if got := streamNames(h.category(ns, store.CategoryQuery{Category: "cat", GlobalPosition: globals[3]})); !slices.Equal(got, want[2:]) {
		h.t.Errorf("category cat from global %d = %v, want %v", globals[3], got, want[2:])
	}
	if got := streamNames(h.category(ns, store.CategoryQuery{Category: "cat", BatchSize: 2})); !slices.Equal(got, want[:2]) {
		h.t.Errorf("category cat batch 2 = %v, want %v", got, want[:2])
	}
	if got := h.category(ns, store.CategoryQuery{Category: "none"}); got == nil || len(got) != 0 {
		h.t.Errorf("empty category = %v, want an empty non-nil slice", got)
	}
}

func caseConsumerGroups(h *harness) {
	ns := h.namespace("cg")
	var streams []string
	for i := 0; i < 24; i++ {
		streams = append(streams, fmt.Sprintf("grp-%d", i))
	}
	streams = append(streams, "grp-3+a", "grp-3+b", "grp-7+x", "grp")
	for _, s := range streams {
		h.write(ns, s, "T", `{}`, nil)
	}
	const size = 3
	owner := map[string]int64{}
	count := 0
	for member := int64(0); member < size; member++ {
		msgs := h.category(ns, store.CategoryQuery{Category: "grp", ConsumerGroup: &store.ConsumerGroup{Member: member, Size: size}})
		count += len(msgs)
		for _, m := range msgs {
			if prev, ok := owner[m.StreamName]; ok {
				h.t.Errorf("stream %s read by members %d and %d", m.StreamName, prev, member)
			}
			owner[m.StreamName] = member
			if want := msgdb.GroupMember(m.StreamName, size); want != member {
				h.t.Errorf("stream %s read by member %d; Message DB assigns it to %d", m.StreamName, member, want)
			}
		}
	}
	if count != len(streams) {
		h.t.Errorf("members read %d messages together, want %d", count, len(streams))
	}
	if owner["grp-3+a"] != owner["grp-3"] || owner["grp-3+b"] != owner["grp-3"] || owner["grp-7+x"] != owner["grp-7"] {
		h.t.Errorf("compound ids not with their cardinal id: %v", owner)
	}
	members := map[int64]bool{}
	for _, m := range owner {
		members[m] = true
	}
	if len(members) != size {
		h.t.Errorf("only members %v got streams (24 streams should reach all %d)", members, size)
	}
	one := h.category(ns, store.CategoryQuery{Category: "grp", ConsumerGroup: &store.ConsumerGroup{Member: 0, Size: 1}})
	if len(one) != len(streams) {
		h.t.Errorf("a group of one read %d messages, want %d", len(one), len(streams))
	}
}

func caseCorrelation(h *harness) {
	ns := h.namespace("corr")
	metas := []*string{
		ptr(`{"correlationStreamName":"order-1"}`),
		ptr(`{"correlationStreamName":"order-2+x","other":1}`),
		ptr(`{"correlationStreamName":"payment-3"}`),
		ptr(`{"correlationStreamName":"orders-4"}`),
		ptr(`{"correlationStreamName":"order"}`),
		ptr(`{"other":"order-1"}`),
		nil,
	}
	for i, m := range metas {
		h.write(ns, fmt.Sprintf("corr-%d", i), "T", `{}`, m)
	}
	got := streamNames(h.category(ns, store.CategoryQuery{Category: "corr", Correlation: "order"}))
	if want := []string{"corr-0", "corr-1", "corr-4"}; !slices.Equal(got, want) {
		h.t.Errorf("correlation order = %v, want %v", got, want)
	}
	got = streamNames(h.category(ns, store.CategoryQuery{Category: "corr", Correlation: "payment"}))
	if want := []string{"corr-2"}; !slices.Equal(got, want) {
		h.t.Errorf("correlation payment = %v, want %v", got, want)
	}
	// Both filters at once: the union over members is the correlation set.
	var union []string
	for member := int64(0); member < 2; member++ {
		union = append(union, streamNames(h.category(ns, store.CategoryQuery{
			Category: "corr", Correlation: "order", ConsumerGroup: &store.ConsumerGroup{Member: member, Size: 2},
		}))...)
	}
	sort.Strings(union)
	if want := []string{"corr-0", "corr-1", "corr-4"}; !slices.Equal(union, want) {
		h.t.Errorf("correlation + consumer group union = %v, want %v", union, want)
	}
}

func caseNamespaceLifecycle(h *harness) {
	name := uniqueName("life")
	created := h.create(name)
	got, err := h.st.FindNamespace(h.ctx, name)
	if err != nil || got == nil {
		h.t.Fatalf("FindNamespace = %v, %v", got, err)
	}
	if got.Name != created.Name || got.TokenHash != created.TokenHash || got.Description != created.Description ||
		!got.CreatedAt.Equal(created.CreatedAt) || got.CreatedAt.Location() != time.UTC {
		h.t.Errorf("FindNamespace = %+v, want %+v (UTC)", *got, created)
	}
	err = h.st.CreateNamespace(h.ctx, created)
	if !errors.Is(err, store.ErrNamespaceExists) || !strings.Contains(err.Error(), name) {
		h.t.Errorf("second CreateNamespace: %v, want ErrNamespaceExists naming %q", err, name)
	}
	newHash := strings.Repeat("ab", 32)
	if err := h.st.SetTokenHash(h.ctx, name, newHash); err != nil {
		h.t.Fatalf("SetTokenHash: %v", err)
	}
	if got, _ := h.st.FindNamespace(h.ctx, name); got == nil || got.TokenHash != newHash {
		h.t.Errorf("token hash after SetTokenHash = %+v, want %s", got, newHash)
	}
	if err := h.st.SetTokenHash(h.ctx, name+"_missing", newHash); !errors.Is(err, store.ErrNamespaceNotFound) {
		h.t.Errorf("SetTokenHash of a missing namespace: %v, want ErrNamespaceNotFound", err)
	}
	if got, err := h.st.FindNamespace(h.ctx, name+"_missing"); got != nil || err != nil {
		h.t.Errorf("FindNamespace of a missing namespace = %v, %v; want nil, nil", got, err)
	}

	for i := 0; i < 3; i++ {
		h.write(name, fmt.Sprintf("x-%d", i%2), "T", `{}`, nil)
	}
	n, err := h.st.DeleteNamespace(h.ctx, name)
	if err != nil || n != 3 {
		h.t.Fatalf("DeleteNamespace = %d, %v; want 3 deleted", n, err)
	}
	if got, err := h.st.FindNamespace(h.ctx, name); got != nil || err != nil {
		h.t.Errorf("FindNamespace after delete = %v, %v; want nil, nil", got, err)
	}
	if _, err := h.st.DeleteNamespace(h.ctx, name); !errors.Is(err, store.ErrNamespaceNotFound) {
		h.t.Errorf("second DeleteNamespace: %v, want ErrNamespaceNotFound", err)
	}
	if _, err := h.st.WriteMessage(h.ctx, name, store.NewMessage{ID: newID(), StreamName: "x-1", Type: "T", Data: `{}`}); !errors.Is(err, store.ErrNamespaceNotFound) {
		h.t.Errorf("write after delete: %v, want ErrNamespaceNotFound", err)
	}
	schema, _ := schemaName(name, h.st.timescale)
	if left := h.schemasLike(schema); len(left) != 0 {
		h.t.Errorf("schemas left after delete: %v", left)
	}
	// The name can be used again, starting empty.
	h.create(name)
	if v, err := h.st.GetStreamVersion(h.ctx, name, "x-1"); err != nil || v != nil {
		h.t.Errorf("recreated namespace: version %v, %v; want an empty stream", v, err)
	}
	if r := h.write(name, "x-1", "T", `{}`, nil); r.Position != 0 || r.GlobalPosition != 1 {
		h.t.Errorf("first write to the recreated namespace = %+v, want position 0, global 1", r)
	}
}

// schemasLike lists schemas named exactly name.
func (h *harness) schemasLike(name string) []string {
	h.t.Helper()
	rows, err := h.st.db.QueryContext(h.ctx, `SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = $1::text`, name)
	if err != nil {
		h.t.Fatalf("listing schemas: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func caseListOrder(h *harness) {
	prefix := uniqueName("ls")
	names := []string{prefix + "_b", prefix + "_B", prefix + "_a1", prefix + "_a", prefix + "_Z", prefix + "_9"}
	for _, n := range names {
		h.create(n)
	}
	list, err := h.st.ListNamespaces(h.ctx)
	if err != nil {
		h.t.Fatalf("ListNamespaces: %v", err)
	}
	var all, mine []string
	for _, ns := range list {
		all = append(all, ns.Name)
		if strings.HasPrefix(ns.Name, prefix+"_") {
			mine = append(mine, ns.Name)
			if ns.TokenHash == "" || ns.Description == "" || ns.CreatedAt.IsZero() {
				h.t.Errorf("listed namespace %+v lacks fields", ns)
			}
		}
	}
	want := slices.Clone(names)
	sort.Strings(want) // bytewise
	if !slices.Equal(mine, want) {
		h.t.Errorf("listed %v, want bytewise %v", mine, want)
	}
	if !sort.StringsAreSorted(all) {
		h.t.Errorf("the whole list is not in bytewise order: %v", all)
	}
}

func caseStats(h *harness) {
	ns := h.namespace("stats")
	st, err := h.st.NamespaceStats(h.ctx, ns)
	if err != nil || st.MessageCount != 0 || st.StreamCount != 0 || st.LastActivity != nil {
		h.t.Errorf("stats of an empty namespace = %+v, %v", st, err)
	}
	for i := 0; i < 5; i++ {
		h.write(ns, fmt.Sprintf("st-%d", i%3), "T", `{}`, nil)
	}
	last, _ := h.st.GetLastStreamMessage(h.ctx, ns, "st-1", "")
	st, err = h.st.NamespaceStats(h.ctx, ns)
	if err != nil || st.MessageCount != 5 || st.StreamCount != 3 || st.LastActivity == nil {
		h.t.Fatalf("stats = %+v, %v; want 5 messages in 3 streams", st, err)
	}
	if last == nil || st.LastActivity.Before(last.Time) || st.LastActivity.Location() != time.UTC {
		h.t.Errorf("last activity %v is before the last message's time %v or not UTC", st.LastActivity, last)
	}
}

func caseIsolation(h *harness) {
	a, b := h.namespace("isoa"), h.namespace("isob")
	id := newID()
	for _, ns := range []string{a, b} {
		// The same id may appear in two namespaces.
		r, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{ID: id, StreamName: "iso-1", Type: "T", Data: `{"ns":"` + ns + `"}`})
		if err != nil {
			h.t.Fatalf("write to %s: %v", ns, err)
		}
		if r.Position != 0 || r.GlobalPosition != 1 {
			h.t.Errorf("first write to %s = %+v, want position 0, global 1 (positions are per namespace)", ns, r)
		}
	}
	h.write(a, "iso-1", "T", `{}`, nil)
	if got := len(h.stream(a, "iso-1")); got != 2 {
		h.t.Errorf("stream in %s has %d messages, want 2", a, got)
	}
	msgs := h.stream(b, "iso-1")
	if len(msgs) != 1 || msgs[0].Data != `{"ns":"`+b+`"}` {
		h.t.Errorf("stream in %s = %+v, want its own single message", b, msgs)
	}
	if got := len(h.category(b, store.CategoryQuery{Category: "iso"})); got != 1 {
		h.t.Errorf("category in %s has %d messages, want 1", b, got)
	}
}

func caseMissingNamespace(h *harness) {
	ns := uniqueName("absent")
	checks := map[string]error{}
	_, checks["WriteMessage"] = h.st.WriteMessage(h.ctx, ns, store.NewMessage{ID: newID(), StreamName: "a-1", Type: "T", Data: `{}`})
	_, checks["GetStreamMessages"] = h.st.GetStreamMessages(h.ctx, ns, store.StreamQuery{StreamName: "a-1", BatchSize: 1})
	_, checks["GetLastStreamMessage"] = h.st.GetLastStreamMessage(h.ctx, ns, "a-1", "")
	_, checks["GetStreamVersion"] = h.st.GetStreamVersion(h.ctx, ns, "a-1")
	_, checks["GetCategoryMessages"] = h.st.GetCategoryMessages(h.ctx, ns, store.CategoryQuery{Category: "a", BatchSize: 1})
	_, checks["NamespaceStats"] = h.st.NamespaceStats(h.ctx, ns)
	_, checks["DeleteNamespace"] = h.st.DeleteNamespace(h.ctx, ns)
	checks["SetTokenHash"] = h.st.SetTokenHash(h.ctx, ns, "00")
	for method, err := range checks {
		if !errors.Is(err, store.ErrNamespaceNotFound) || !strings.Contains(err.Error(), ns) {
			h.t.Errorf("%s on a missing namespace: %v; want ErrNamespaceNotFound naming %q", method, err, ns)
		}
	}
}

func caseBadInput(h *harness) {
	ns := h.namespace("bad")
	for label, m := range map[string]store.NewMessage{
		"malformed id":   {ID: "not-a-uuid", StreamName: "b-1", Type: "T", Data: `{}`},
		"malformed data": {ID: newID(), StreamName: "b-1", Type: "T", Data: `{"a":`},
		"malformed meta": {ID: newID(), StreamName: "b-1", Type: "T", Data: `{}`, Metadata: ptr("nope")},
		"NUL in type":    {ID: newID(), StreamName: "b-1", Type: "T\x00", Data: `{}`},
	} {
		if _, err := h.st.WriteMessage(h.ctx, ns, m); !errors.Is(err, store.ErrInvalid) {
			h.t.Errorf("%s: err = %v, want ErrInvalid", label, err)
		}
	}
	if v, _ := h.st.GetStreamVersion(h.ctx, ns, "b-1"); v != nil {
		h.t.Errorf("refused writes left stream b-1 at version %d", *v)
	}
	if _, err := h.st.GetStreamMessages(h.ctx, ns, store.StreamQuery{StreamName: "b-1", BatchSize: 0}); !errors.Is(err, store.ErrInvalid) {
		h.t.Errorf("batch size 0: %v, want ErrInvalid", err)
	}
	for _, g := range []store.ConsumerGroup{{Member: 0, Size: 0}, {Member: 2, Size: 2}, {Member: -1, Size: 2}} {
		if _, err := h.st.GetCategoryMessages(h.ctx, ns, store.CategoryQuery{Category: "b", BatchSize: 1, ConsumerGroup: &g}); !errors.Is(err, store.ErrInvalid) {
			h.t.Errorf("consumer group %+v: %v, want ErrInvalid", g, err)
		}
	}
	long := strings.Repeat("n", 60)
	if err := h.st.CreateNamespace(h.ctx, store.Namespace{Name: long, TokenHash: "00", CreatedAt: time.Now()}); !errors.Is(err, store.ErrInvalid) {
		h.t.Errorf("a 60-byte namespace name: %v, want ErrInvalid (the schema name would be truncated)", err)
	}
}

func caseReopen(h *harness) {
	ns := h.namespace("reopen")
	created, _ := h.st.FindNamespace(h.ctx, ns)
	r := h.write(ns, "keep-1", "T", `{"k":1}`, ptr(`{"m":1}`))
	before := h.stream(ns, "keep-1")

	// The harness's store is closed first: a one-connection server cannot
	// hold two pools.
	if err := h.st.Close(); err != nil {
		h.t.Fatalf("Close: %v", err)
	}
	h.st = mustOpen(h.t, h.b)
	after := h.stream(ns, "keep-1")
	if !slices.EqualFunc(before, after, func(a, b store.Message) bool {
		return a.ID == b.ID && a.Data == b.Data && *a.Metadata == *b.Metadata && a.Time.Equal(b.Time) &&
			a.GlobalPosition == b.GlobalPosition
	}) {
		h.t.Errorf("after reopening: %+v, want %+v", after, before)
	}
	if got, err := h.st.FindNamespace(h.ctx, ns); err != nil || got == nil || *got != *created {
		h.t.Errorf("namespace after reopening = %+v, %v; want %+v", got, err, created)
	}
	if r2 := h.write(ns, "keep-1", "T", `{}`, nil); r2.Position != 1 || r2.GlobalPosition <= r.GlobalPosition {
		h.t.Errorf("write after reopening = %+v; want position 1 and a global position after %d", r2, r.GlobalPosition)
	}
}

func caseDeletedElsewhere(h *harness) {
	ns := h.namespace("elsewhere")
	h.write(ns, "e-1", "T", `{}`, nil) // caches the namespace
	other := openStore(h.t, h.b)
	if n, err := other.DeleteNamespace(h.ctx, ns); err != nil || n != 1 {
		h.t.Fatalf("DeleteNamespace from a second store = %d, %v", n, err)
	}
	_, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{ID: newID(), StreamName: "e-1", Type: "T", Data: `{}`})
	if !errors.Is(err, store.ErrNamespaceNotFound) {
		h.t.Errorf("write to a namespace another store deleted: %v, want ErrNamespaceNotFound", err)
	}
	if _, err := h.st.GetStreamVersion(h.ctx, ns, "e-1"); !errors.Is(err, store.ErrNamespaceNotFound) {
		h.t.Errorf("read of a namespace another store deleted: %v, want ErrNamespaceNotFound", err)
	}
	// Recreated elsewhere, it is usable here again.
	if err := other.CreateNamespace(h.ctx, store.Namespace{Name: ns, TokenHash: "00", CreatedAt: time.Now()}); err != nil {
		h.t.Fatalf("recreating from the second store: %v", err)
	}
	if r, err := h.st.WriteMessage(h.ctx, ns, store.NewMessage{ID: newID(), StreamName: "e-1", Type: "T", Data: `{}`}); err != nil || r.Position != 0 {
		h.t.Errorf("write to the recreated namespace = %+v, %v; want position 0", r, err)
	}
}
