package api

import (
	"strconv"
	"time"
	"unicode/utf8"

	"mdbprof/gosubject/internal/store"
)

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string; bytes that are not UTF-8
// become U+FFFD so the output stays valid JSON.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
			i++
			start = i
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}

// timeLayout is the contract's time format: UTC, milliseconds.
const timeLayout = "2006-01-02T15:04:05.000Z"

func appendTime(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	return append(t.UTC().AppendFormat(dst, timeLayout), '"')
}

// appendRowTail appends type, position, globalPosition, data, metadata,
// time and the closing bracket: the fields both row shapes end with.
func appendRowTail(dst []byte, m *store.Message) []byte {
	dst = appendJSONString(dst, m.Type)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, m.Position, 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, m.GlobalPosition, 10)
	dst = append(dst, ',')
	dst = appendRawOrNull(dst, m.Data)
	dst = append(dst, ',')
	if m.Metadata == nil {
		dst = append(dst, "null"...)
	} else {
		dst = appendRawOrNull(dst, *m.Metadata)
	}
	dst = append(dst, ',')
	return append(appendTime(dst, m.Time), ']')
}

func appendRawOrNull(dst []byte, raw string) []byte {
	if raw == "" {
		return append(dst, "null"...)
	}
	return append(dst, raw...)
}

// appendStreamRow appends [id, type, position, globalPosition, data,
// metadata, time].
func appendStreamRow(dst []byte, m *store.Message) []byte {
	dst = appendJSONString(append(dst, '['), m.ID)
	return appendRowTail(append(dst, ','), m)
}

// appendCategoryRow appends [id, streamName, type, position,
// globalPosition, data, metadata, time].
func appendCategoryRow(dst []byte, m *store.Message) []byte {
	dst = appendJSONString(append(dst, '['), m.ID)
	dst = appendJSONString(append(dst, ','), m.StreamName)
	return appendRowTail(append(dst, ','), m)
}

func appendRows(dst []byte, rows []store.Message, row func([]byte, *store.Message) []byte) []byte {
	dst = append(dst, '[')
	for i := range rows {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = row(dst, &rows[i])
	}
	return append(dst, ']')
}
