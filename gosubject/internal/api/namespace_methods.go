package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"mdbprof/gosubject/internal/auth"
	"mdbprof/gosubject/internal/namespace"
	"mdbprof/gosubject/internal/store"
)

// ns.create [ns, {token?, description?}] -> {namespace, token, createdAt}
// (admin only)
func (h *Handler) nsCreate(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(2); e != nil {
		return out, e
	}
	name, e := c.requiredString(0, "namespace")
	if e != nil {
		return out, e
	}
	if err := namespace.Validate(name); err != nil {
		return out, c.fail("%v", err)
	}
	var opts struct {
		Token       json.RawMessage `json:"token"`
		Description json.RawMessage `json:"description"`
	}
	if _, e := c.object(1, "options", false, &opts); e != nil {
		return out, e
	}
	token, e := c.fieldString(opts.Token, "options.token")
	if e != nil {
		return out, e
	}
	description, e := c.fieldString(opts.Description, "options.description")
	if e != nil {
		return out, e
	}
	if token != nil {
		owner, err := auth.ParseToken(*token)
		if err != nil {
			return out, c.fail("options.token: %v", err)
		}
		if owner != name {
			return out, c.fail("options.token belongs to namespace %q, not %q", owner, name)
		}
	} else {
		generated, err := auth.GenerateToken(name)
		if err != nil {
			return out, newError(500, codeInternalError, "%s: %v", c.method, err)
		}
		token = &generated
	}
	ns := store.Namespace{Name: name, TokenHash: auth.HashToken(*token), CreatedAt: time.Now().UTC()}
	if description != nil {
		ns.Description = *description
	}
	if err := h.store.CreateNamespace(h.ctx, ns); err != nil {
		return out, fromStore(c.method, err)
	}
	out = appendJSONString(append(out, `{"namespace":`...), name)
	out = appendJSONString(append(out, `,"token":`...), *token)
	out = appendTime(append(out, `,"createdAt":`...), ns.CreatedAt)
	return append(out, '}'), nil
}

// ns.delete [ns] -> {namespace, deletedAt, messagesDeleted} (admin only;
// never the default namespace)
func (h *Handler) nsDelete(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(1); e != nil {
		return out, e
	}
	name, e := c.requiredString(0, "namespace")
	if e != nil {
		return out, e
	}
	if name == namespace.Default {
		return out, c.fail("the default namespace cannot be deleted")
	}
	deleted, err := h.store.DeleteNamespace(h.ctx, name)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	out = appendJSONString(append(out, `{"namespace":`...), name)
	out = appendTime(append(out, `,"deletedAt":`...), time.Now())
	out = strconv.AppendInt(append(out, `,"messagesDeleted":`...), deleted, 10)
	return append(out, '}'), nil
}

// ns.list [options?] -> [{namespace, description, createdAt, messageCount}]
// (admin only; EventoDB takes an options object and ignores it)
func (h *Handler) nsList(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(1); e != nil {
		return out, e
	}
	var ignored struct{}
	if _, e := c.object(0, "options", false, &ignored); e != nil {
		return out, e
	}
	list, err := h.store.ListNamespaces(h.ctx)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	out = append(out, '[')
	for i, ns := range list {
		stats, err := h.store.NamespaceStats(h.ctx, ns.Name)
		if err != nil {
			return out, fromStore(c.method, err)
		}
		if i > 0 {
			out = append(out, ',')
		}
		out = appendNamespaceHead(out, &ns)
		out = strconv.AppendInt(append(out, `,"messageCount":`...), stats.MessageCount, 10)
		out = append(out, '}')
	}
	return append(out, ']'), nil
}

// ns.info [ns?] -> {namespace, description, createdAt, messageCount,
// streamCount, lastActivity}: the caller's own namespace, or any for the
// admin.
func (h *Handler) nsInfo(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(1); e != nil {
		return out, e
	}
	requested, e := c.optionalString(0, "namespace")
	if e != nil {
		return out, e
	}
	name := c.ns
	if requested != nil {
		name = *requested
	}
	if name != c.ns && !c.admin {
		return out, newError(403, codeAuthUnauthorized, "%s: a namespace token may only read its own namespace", c.method)
	}
	ns, err := h.store.FindNamespace(h.ctx, name)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	if ns == nil {
		return out, fromStore(c.method, fmt.Errorf("namespace %q: %w", name, store.ErrNamespaceNotFound))
	}
	stats, err := h.store.NamespaceStats(h.ctx, name)
	if err != nil {
		return out, fromStore(c.method, err)
	}
	out = appendNamespaceHead(out, ns)
	out = strconv.AppendInt(append(out, `,"messageCount":`...), stats.MessageCount, 10)
	out = strconv.AppendInt(append(out, `,"streamCount":`...), stats.StreamCount, 10)
	out = append(out, `,"lastActivity":`...)
	if stats.LastActivity == nil {
		out = append(out, "null"...)
	} else {
		out = appendTime(out, *stats.LastActivity)
	}
	return append(out, '}'), nil
}

// appendNamespaceHead appends {"namespace":...,"description":...,"createdAt":...
// (unclosed).
func appendNamespaceHead(out []byte, ns *store.Namespace) []byte {
	out = appendJSONString(append(out, `{"namespace":`...), ns.Name)
	out = appendJSONString(append(out, `,"description":`...), ns.Description)
	return appendTime(append(out, `,"createdAt":`...), ns.CreatedAt)
}
