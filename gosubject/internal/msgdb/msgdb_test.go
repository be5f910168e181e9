package msgdb

import (
	"math"
	"testing"
)

func TestStreamNameParts(t *testing.T) {
	cases := []struct {
		stream, category, id, cardinal string
		isCategory                     bool
	}{
		{"account-123", "account", "123", "123", false},
		{"account-123+retry", "account", "123+retry", "123", false},
		{"account-1-2", "account", "1-2", "1-2", false}, // only the first '-' splits
		{"account", "account", "", "", true},
		{"account-", "account", "", "", false},
		{"-1", "", "1", "1", false},
	}
	for _, c := range cases {
		if got := Category(c.stream); got != c.category {
			t.Errorf("Category(%q) = %q, want %q", c.stream, got, c.category)
		}
		if got := StreamID(c.stream); got != c.id {
			t.Errorf("StreamID(%q) = %q, want %q", c.stream, got, c.id)
		}
		if got := CardinalID(c.stream); got != c.cardinal {
			t.Errorf("CardinalID(%q) = %q, want %q", c.stream, got, c.cardinal)
		}
		if got := IsCategory(c.stream); got != c.isCategory {
			t.Errorf("IsCategory(%q) = %v, want %v", c.stream, got, c.isCategory)
		}
	}
}

// Vectors computed with the reference server's C++ Hash64
// (server/store/stream_name.cc, OpenSSL MD5) and RFC 1321's MD5("abc").
func TestHash64MatchesMessageDB(t *testing.T) {
	vectors := []struct {
		value string
		hash  int64
	}{
		{"", -3162216497309240828},
		{"1", -4266524885998034046},
		{"abc", -8070080442485551184}, // 0x900150983cd24fb0 - 2^64
		{"123", 2318431741638412123},  // 0x202cb962ac59075b
		{"7+retry", 3651767748327137113},
		{"ü", -4597031018240990771},
		{"a1b2", -944459633692107244},
		{"00000000-0000-4000-8000-000000000000", 7966928187469560520},
		{"x", -7073778008782503884},
	}
	for _, v := range vectors {
		if got := Hash64(v.value); got != v.hash {
			t.Errorf("Hash64(%q) = %d, want %d", v.value, got, v.hash)
		}
	}
}

func TestHashMemberUsesTheAbsoluteValue(t *testing.T) {
	cases := []struct{ hash, size, want int64 }{
		{7, 4, 3},
		{-7, 4, 3},
		{0, 5, 0},
		{math.MinInt64, 3, 2}, // 2^63 mod 3 = 2
		{math.MinInt64, 1, 0},
		{math.MaxInt64, 10, 7},
	}
	for _, c := range cases {
		if got := HashMember(c.hash, c.size); got != c.want {
			t.Errorf("HashMember(%d, %d) = %d, want %d", c.hash, c.size, got, c.want)
		}
	}
}

// Members from the reference server's ConsumerGroupMember and from the
// conformance suite's table (tests/conformance/categories_test.cc, computed
// with Python's hashlib).
func TestGroupMemberFollowsTheCardinalID(t *testing.T) {
	cases := []struct {
		stream       string
		size, member int64
	}{
		{"account-123", 3, 1},
		{"account-123", 7, 3},
		{"account-123+retry", 7, 3},
		{"account-abc+x", 3, 2},
		{"account-abc+x", 7, 2},
		{"bare", 3, 2}, // no id: the hash of ""
		{"bare", 2, 0},
		{"a-1-2", 3, 0},
		{"a-1-2", 7, 2},
		{"cat-ü", 3, 2},
		{"cat-ü", 7, 1},
		{"c-1", 2, 0}, {"c-1", 3, 0},
		{"c-2", 2, 1}, {"c-2", 3, 1},
		{"c-3", 2, 0}, {"c-3", 3, 2},
		{"c-12", 2, 1}, {"c-12", 3, 0},
		{"c-xyz", 2, 0}, {"c-xyz", 3, 2},
		{"c-7+retry", 2, 0}, {"c-7+retry", 3, 2},
		{"c-a1b2", 2, 0}, {"c-a1b2", 3, 1},
		{"anything-5", 1, 0},
	}
	for _, c := range cases {
		if got := GroupMember(c.stream, c.size); got != c.member {
			t.Errorf("GroupMember(%q, %d) = %d, want %d", c.stream, c.size, got, c.member)
		}
	}
}
