package api

import (
	"encoding/json"
	"strconv"

	"mdbprof/gosubject/internal/store"
)

// Batch sizes of stream.get and category.get.
const (
	defaultBatchSize = 1000
	maxBatchSize     = 10000
)

type writeMessage struct {
	Type     json.RawMessage `json:"type"`
	Data     json.RawMessage `json:"data"`
	Metadata json.RawMessage `json:"metadata"`
}

type writeOptions struct {
	ID              json.RawMessage `json:"id"`
	ExpectedVersion json.RawMessage `json:"expectedVersion"`
}

// stream.write [stream, {type, data, metadata?}, {id?, expectedVersion?}]
// -> {"position":p,"globalPosition":g}
func (h *Handler) streamWrite(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(3); e != nil {
		return out, e
	}
	stream, e := c.requiredString(0, "stream name")
	if e != nil {
		return out, e
	}
	var msg writeMessage
	if _, e := c.object(1, "message", true, &msg); e != nil {
		return out, e
	}
	typ, e := c.fieldString(msg.Type, "message.type")
	if e != nil {
		return out, e
	}
	if typ == nil || *typ == "" {
		return out, c.fail("message.type is required (a non-empty string)")
	}
	data, e := c.fieldObject(msg.Data, "message.data")
	if e != nil {
		return out, e
	}
	if data == nil {
		return out, c.fail("message.data is required (an object)")
	}
	metadata, e := c.fieldObject(msg.Metadata, "message.metadata")
	if e != nil {
		return out, e
	}
	var opts writeOptions
	if _, e := c.object(2, "options", false, &opts); e != nil {
		return out, e
	}
	m := store.NewMessage{StreamName: stream, Type: *typ, Data: string(data)}
	if metadata != nil {
		text := string(metadata)
		m.Metadata = &text
	}
	id, e := c.fieldString(opts.ID, "options.id")
	if e != nil {
		return out, e
	}
	if id != nil {
		normalized, err := normalizeMessageID(*id)
		if err != nil {
			return out, c.fail("options.id: %v", err)
		}
		m.ID = normalized
	} else {
		generated, err := newMessageID()
		if err != nil {
			return out, newError(500, codeInternalError, "%s: %v", c.method, err)
		}
		m.ID = generated
	}
	if m.ExpectedVersion, e = c.fieldInt(opts.ExpectedVersion, "options.expectedVersion"); e != nil {
		return out, e
	}
	if v := m.ExpectedVersion; v != nil && *v < -1 {
		return out, c.fail("options.expectedVersion must be >= -1 (-1 = empty stream), got %d", *v)
	}
	h.knobs.apply()
	written, err := h.store.WriteMessage(h.ctx, c.ns, m)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	out = append(out, `{"position":`...)
	out = strconv.AppendInt(out, written.Position, 10)
	out = append(out, `,"globalPosition":`...)
	out = strconv.AppendInt(out, written.GlobalPosition, 10)
	return append(out, '}'), nil
}

type readOptions struct {
	Position       json.RawMessage `json:"position"`
	GlobalPosition json.RawMessage `json:"globalPosition"`
	BatchSize      json.RawMessage `json:"batchSize"`
}

func (c *call) nonNegative(raw json.RawMessage, name string) (int64, *rpcError) {
	v, e := c.fieldInt(raw, name)
	if e != nil || v == nil {
		return 0, e
	}
	if *v < 0 {
		return 0, c.fail("%s must be >= 0, got %d", name, *v)
	}
	return *v, nil
}

// batchSize: absent -> defaultBatchSize; -1 = no limit; else 1..max.
func (c *call) batchSize(raw json.RawMessage) (int64, *rpcError) {
	v, e := c.fieldInt(raw, "options.batchSize")
	if e != nil {
		return 0, e
	}
	if v == nil {
		return defaultBatchSize, nil
	}
	if *v == store.Unlimited || *v >= 1 && *v <= maxBatchSize {
		return *v, nil
	}
	return 0, c.fail("options.batchSize must be -1 (no limit) or between 1 and %d, got %d", maxBatchSize, *v)
}

// stream.get [stream, {position?, globalPosition?, batchSize?}] -> rows
func (h *Handler) streamGet(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(2); e != nil {
		return out, e
	}
	var q store.StreamQuery
	var e *rpcError
	if q.StreamName, e = c.requiredString(0, "stream name"); e != nil {
		return out, e
	}
	var opts readOptions
	if _, e := c.object(1, "options", false, &opts); e != nil {
		return out, e
	}
	if q.Position, e = c.nonNegative(opts.Position, "options.position"); e != nil {
		return out, e
	}
	if q.GlobalPosition, e = c.nonNegative(opts.GlobalPosition, "options.globalPosition"); e != nil {
		return out, e
	}
	if q.BatchSize, e = c.batchSize(opts.BatchSize); e != nil {
		return out, e
	}
	rows, err := h.store.GetStreamMessages(h.ctx, c.ns, q)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	return appendRows(out, rows, appendStreamRow), nil
}

// stream.last [stream, {type?}] -> row or null
func (h *Handler) streamLast(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(2); e != nil {
		return out, e
	}
	stream, e := c.requiredString(0, "stream name")
	if e != nil {
		return out, e
	}
	var opts struct {
		Type json.RawMessage `json:"type"`
	}
	if _, e := c.object(1, "options", false, &opts); e != nil {
		return out, e
	}
	typ, e := c.fieldString(opts.Type, "options.type")
	if e != nil {
		return out, e
	}
	msgType := ""
	if typ != nil {
		msgType = *typ
	}
	last, err := h.store.GetLastStreamMessage(h.ctx, c.ns, stream, msgType)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	if last == nil {
		return append(out, "null"...), nil
	}
	return appendStreamRow(out, last), nil
}

// stream.version [stream] -> number or null
func (h *Handler) streamVersion(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(1); e != nil {
		return out, e
	}
	stream, e := c.requiredString(0, "stream name")
	if e != nil {
		return out, e
	}
	version, err := h.store.GetStreamVersion(h.ctx, c.ns, stream)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	if version == nil {
		return append(out, "null"...), nil
	}
	return strconv.AppendInt(out, *version, 10), nil
}
