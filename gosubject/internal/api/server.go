package api

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/pprofhandler"

	"mdbprof/gosubject/internal/logging"
)

const pprofPrefix = "/debug/pprof/"

// maxBodyBytes is EventoDB's request body limit.
const maxBodyBytes = 4 << 20

// NewServer is a fasthttp server with EventoDB's settings routing to h.
func NewServer(h *Handler) *fasthttp.Server {
	return &fasthttp.Server{
		Handler:            h.route,
		Name:               "gosubject/" + h.version,
		ReadTimeout:        30 * time.Second,
		WriteTimeout:       30 * time.Second,
		IdleTimeout:        120 * time.Second,
		MaxRequestBodySize: maxBodyBytes,
		Concurrency:        256 * 1024,
		TCPKeepalive:       true,
		TCPKeepalivePeriod: 30 * time.Second,
		CloseOnShutdown:    true,
		ErrorHandler:       requestError,
		Logger:             fasthttpLogger{},
	}
}

func (h *Handler) route(ctx *fasthttp.RequestCtx) {
	switch path := string(ctx.Path()); {
	case path == "/rpc":
		h.serveRPC(ctx)
	case path == "/health":
		ctx.SetContentType("application/json")
		ctx.SetBodyString(`{"status":"ok"}`)
	case path == "/version":
		ctx.SetContentType("application/json")
		ctx.SetBody(append(appendJSONString([]byte(`{"version":`), h.version), '}'))
	case strings.HasPrefix(path, pprofPrefix):
		pprofhandler.PprofHandler(ctx)
	default:
		writeError(ctx, newError(404, codeNotFound, "no route for %s %s", ctx.Method(), path))
	}
}

func writeError(ctx *fasthttp.RequestCtx, e *rpcError) {
	ctx.SetStatusCode(e.status)
	ctx.SetContentType("application/json")
	ctx.SetBody(appendErrorBody(nil, e))
}

// requestError answers requests fasthttp could not read.
func requestError(ctx *fasthttp.RequestCtx, err error) {
	if errors.Is(err, fasthttp.ErrBodyTooLarge) {
		writeError(ctx, newError(413, codeInvalidRequest, "request body exceeds the %d-byte limit", maxBodyBytes))
		return
	}
	writeError(ctx, newError(400, codeInvalidRequest, "cannot read the request: %v", err))
}

// fasthttpLogger sends fasthttp's own messages to the debug log.
type fasthttpLogger struct{}

func (fasthttpLogger) Printf(format string, args ...any) {
	logging.Debug("fasthttp: " + strings.TrimSpace(fmt.Sprintf(format, args...)))
}
