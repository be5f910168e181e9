// Package api is the Go subject's HTTP interface, EventoDB's: GET /health,
// GET /version, POST /rpc (a JSON array ["method", args...] with
// "Authorization: Bearer TOKEN") and /debug/pprof/* (net/http/pprof through
// fasthttp's pprofhandler).
//
//	h := api.NewHandler(api.Options{Store: st, Backend: "pebble", Version: "dev"})
//	srv := api.NewServer(h)
//	srv.Serve(listener)
package api

import (
	"context"
	"encoding/json"
	"errors"
	"sync"

	"github.com/valyala/fasthttp"

	"mdbprof/gosubject/internal/logging"
	"mdbprof/gosubject/internal/store"
)

// Options configure a Handler.
type Options struct {
	Store    store.Store
	Backend  string // reported by sys.health
	Version  string // reported by sys.version and /version
	TestMode bool   // authentication optional; unknown namespaces created
	Knobs    WriteKnobs
}

// Handler serves /rpc. Safe for concurrent use.
type Handler struct {
	store    store.Store
	backend  string
	version  string
	testMode bool
	knobs    WriteKnobs
	methods  map[string]method
	// ctx is what store calls get: a Background context, whose nil Done
	// channel spares database/sql a watcher per query.
	ctx context.Context
}

type method struct {
	run   func(*call, []byte) ([]byte, *rpcError)
	admin bool // only the default namespace's token may call it
}

func NewHandler(o Options) *Handler {
	h := &Handler{store: o.Store, backend: o.Backend, version: o.Version, testMode: o.TestMode, knobs: o.Knobs, ctx: context.Background()}
	h.methods = map[string]method{
		"stream.write":   {run: h.streamWrite},
		"stream.get":     {run: h.streamGet},
		"stream.last":    {run: h.streamLast},
		"stream.version": {run: h.streamVersion},
		"category.get":   {run: h.categoryGet},
		"ns.create":      {run: h.nsCreate, admin: true},
		"ns.delete":      {run: h.nsDelete, admin: true},
		"ns.list":        {run: h.nsList, admin: true},
		"ns.info":        {run: h.nsInfo},
		"sys.version":    {run: h.sysVersion},
		"sys.health":     {run: h.sysHealth},
	}
	return h
}

// buffers are reply scratch space, reused across requests.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// serveRPC answers POST /rpc.
func (h *Handler) serveRPC(ctx *fasthttp.RequestCtx) {
	bp := buffers.Get().(*[]byte)
	out, status := h.rpc(ctx, (*bp)[:0])
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json")
	ctx.SetBody(out) // copies
	if cap(out) <= 1<<20 {
		*bp = out[:0]
		buffers.Put(bp)
	}
}

func (h *Handler) rpc(ctx *fasthttp.RequestCtx, out []byte) ([]byte, int) {
	if !ctx.IsPost() {
		return appendErrorBody(out, invalid("/rpc takes POST, not %s", ctx.Method())), fasthttp.StatusMethodNotAllowed
	}
	c := call{}
	var e *rpcError
	c.ns, e = h.authenticate(ctx.Request.Header.Peek("Authorization"))
	if e == nil {
		e = parseRequest(ctx.PostBody(), &c)
	}
	var m method
	if e == nil {
		var ok bool
		if m, ok = h.methods[c.method]; !ok {
			e = newError(404, codeMethodNotFound, "unknown method %q", c.method)
		}
	}
	c.admin = c.ns == defaultNamespace
	if e == nil && m.admin && !c.admin {
		e = newError(403, codeAuthUnauthorized, "%s requires the default namespace's token", c.method)
	}
	if e == nil {
		var result []byte
		if result, e = m.run(&c, out); e == nil {
			return result, fasthttp.StatusOK
		}
	}
	if e.status >= 500 {
		logging.Error("rpc failed", "method", c.method, "code", e.code, "error", e.message)
	}
	return appendErrorBody(out[:0], e), e.status
}

// parseRequest reads ["method", args...] into c.
func parseRequest(body []byte, c *call) *rpcError {
	if len(body) == 0 {
		return invalid(`request body is empty; expected ["method", args...]`)
	}
	var request []json.RawMessage
	if err := json.Unmarshal(body, &request); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return invalid(`request body must be a JSON array ["method", args...], got %s`, typeErr.Value)
		}
		return invalid("request body is not valid JSON: %v", err)
	}
	if len(request) == 0 {
		return invalid(`request array is empty; expected ["method", args...]`)
	}
	method, err := decodeString(request[0])
	if err != nil {
		return invalid("request array must start with the method name (a string), got %s", jsonType(request[0]))
	}
	c.method = method
	c.args = request[1:]
	return nil
}
