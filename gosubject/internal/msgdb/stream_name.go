// Package msgdb holds Message DB's stream-name rules, shared by every store
// and by the RPC layer, so all backends agree on categories and on
// consumer-group membership.
//
//	Category("account-123+retry")   == "account"
//	CardinalID("account-123+retry") == "123"
//	GroupMember("account-123", 4)   == |Hash64("123")| mod 4
package msgdb

import "strings"

// Category is the part of streamName before the first '-' (the whole name
// when there is none).
func Category(streamName string) string {
	if i := strings.IndexByte(streamName, '-'); i >= 0 {
		return streamName[:i]
	}
	return streamName
}

// StreamID is the part of streamName after the first '-'; "" when there is
// none.
func StreamID(streamName string) string {
	if i := strings.IndexByte(streamName, '-'); i >= 0 {
		return streamName[i+1:]
	}
	return ""
}

// CardinalID is the stream id up to its first '+' ("123" for
// "account-123+retry"); "" for a stream without id.
func CardinalID(streamName string) string {
	id := StreamID(streamName)
	if i := strings.IndexByte(id, '+'); i >= 0 {
		return id[:i]
	}
	return id
}

// IsCategory reports whether name has no id part (contains no '-').
func IsCategory(name string) bool {
	return strings.IndexByte(name, '-') < 0
}
