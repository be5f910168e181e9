package pebblestore

import (
	"encoding/binary"
	"errors"
	"time"

	"mdbprof/gosubject/internal/store"
)

// The value of M:{gp20}: a version byte, then id, stream name, type (each
// length-prefixed), position, global position, time (Unix nanoseconds;
// varints), data, and metadata behind a presence byte.
const codecVersion = 1

var errCorruptMessage = errors.New("pebble: corrupt message record")

func appendString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

func encodeMessage(dst []byte, m *store.NewMessage, pos, gp int64, t time.Time) []byte {
	dst = append(dst, codecVersion)
	dst = appendString(dst, m.ID)
	dst = appendString(dst, m.StreamName)
	dst = appendString(dst, m.Type)
	dst = binary.AppendVarint(dst, pos)
	dst = binary.AppendVarint(dst, gp)
	dst = binary.AppendVarint(dst, t.UnixNano())
	dst = appendString(dst, m.Data)
	if m.Metadata == nil {
		return append(dst, 0)
	}
	return appendString(append(dst, 1), *m.Metadata)
}

// decoder reads a record; the first error sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCorruptMessage
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	l, n := binary.Uvarint(d.b)
	if n <= 0 || uint64(len(d.b)-n) < l {
		d.err = errCorruptMessage
		return ""
	}
	s := string(d.b[n : n+int(l)])
	d.b = d.b[n+int(l):]
	return s
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.err = errCorruptMessage
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// decodeMessage copies what it needs: value may be reused after it returns.
func decodeMessage(value []byte) (store.Message, error) {
	d := decoder{b: value}
	var m store.Message
	if d.byte() != codecVersion {
		return m, errCorruptMessage
	}
	m.ID = d.string()
	m.StreamName = d.string()
	m.Type = d.string()
	m.Position = d.varint()
	m.GlobalPosition = d.varint()
	m.Time = time.Unix(0, d.varint()).UTC()
	m.Data = d.string()
	if d.byte() == 1 {
		meta := d.string()
		m.Metadata = &meta
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorruptMessage
	}
	return m, d.err
}
