package msgdb

import (
	"crypto/md5"
	"encoding/binary"
)

// Hash64 is Message DB's hash_64: the first 8 bytes of MD5(value) read as a
// big-endian signed 64-bit integer.
func Hash64(value string) int64 {
	sum := md5.Sum([]byte(value))
	return int64(binary.BigEndian.Uint64(sum[:8]))
}

// HashMember is |hash| mod size, exact also for math.MinInt64.
// REQUIRES: size >= 1.
func HashMember(hash, size int64) int64 {
	magnitude := uint64(hash)
	if hash < 0 {
		magnitude = -magnitude // two's complement: |MinInt64| = 2^63
	}
	return int64(magnitude % uint64(size))
}

// GroupMember is the consumer-group member, in a group of size, that owns
// streamName: |Hash64(CardinalID(streamName))| mod size.
// REQUIRES: size >= 1.
func GroupMember(streamName string, size int64) int64 {
	return HashMember(Hash64(CardinalID(streamName)), size)
}
