package api

import (
	"encoding/json"

	"mdbprof/gosubject/internal/msgdb"
	"mdbprof/gosubject/internal/store"
)

type categoryOptions struct {
	Position       json.RawMessage `json:"position"`
	GlobalPosition json.RawMessage `json:"globalPosition"`
	BatchSize      json.RawMessage `json:"batchSize"`
	Correlation    json.RawMessage `json:"correlation"`
	ConsumerGroup  json.RawMessage `json:"consumerGroup"`
}

// category.get [category, {position?|globalPosition?, batchSize?,
// correlation?, consumerGroup?: {member, size}}] -> category rows.
// position and globalPosition are synonyms here (global positions).
func (h *Handler) categoryGet(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(2); e != nil {
		return out, e
	}
	var q store.CategoryQuery
	var e *rpcError
	if q.Category, e = c.requiredString(0, "category"); e != nil {
		return out, e
	}
	if !msgdb.IsCategory(q.Category) {
		return out, c.fail("%q is a stream name; a category has no '-'", q.Category)
	}
	var opts categoryOptions
	if _, e := c.object(1, "options", false, &opts); e != nil {
		return out, e
	}
	position, e := c.fieldInt(opts.Position, "options.position")
	if e != nil {
		return out, e
	}
	global, e := c.fieldInt(opts.GlobalPosition, "options.globalPosition")
	if e != nil {
		return out, e
	}
	switch {
	case position != nil && global != nil && *position != *global:
		return out, c.fail("give options.position or options.globalPosition, not both")
	case position != nil:
		q.GlobalPosition = *position
	case global != nil:
		q.GlobalPosition = *global
	}
	if q.GlobalPosition < 0 {
		return out, c.fail("options.position must be >= 0, got %d", q.GlobalPosition)
	}
	if q.BatchSize, e = c.batchSize(opts.BatchSize); e != nil {
		return out, e
	}
	correlation, e := c.fieldString(opts.Correlation, "options.correlation")
	if e != nil {
		return out, e
	}
	if correlation != nil {
		if *correlation == "" || !msgdb.IsCategory(*correlation) {
			return out, c.fail("options.correlation must be a category (non-empty, no '-'), got %q", *correlation)
		}
		q.Correlation = *correlation
	}
	if q.ConsumerGroup, e = c.consumerGroup(opts.ConsumerGroup); e != nil {
		return out, e
	}
	rows, err := h.store.GetCategoryMessages(h.ctx, c.ns, q)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	return appendRows(out, rows, appendCategoryRow), nil
}

func (c *call) consumerGroup(raw json.RawMessage) (*store.ConsumerGroup, *rpcError) {
	raw, e := c.fieldObject(raw, "options.consumerGroup")
	if e != nil || raw == nil {
		return nil, e
	}
	var g struct {
		Member json.RawMessage `json:"member"`
		Size   json.RawMessage `json:"size"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, c.fail("options.consumerGroup: %v", err)
	}
	member, e := c.fieldInt(g.Member, "options.consumerGroup.member")
	if e != nil {
		return nil, e
	}
	size, e := c.fieldInt(g.Size, "options.consumerGroup.size")
	if e != nil {
		return nil, e
	}
	if member == nil || size == nil {
		return nil, c.fail("options.consumerGroup needs both member and size")
	}
	if *size < 1 {
		return nil, c.fail("options.consumerGroup.size must be >= 1, got %d", *size)
	}
	if *member < 0 || *member >= *size {
		return nil, c.fail("options.consumerGroup.member must be in [0, %d], got %d", *size-1, *member)
	}
	return &store.ConsumerGroup{Member: *member, Size: *size}, nil
}
