package api

import (
	"errors"
	"fmt"

	"mdbprof/gosubject/internal/store"
)

// Error codes of the contract (EventoDB's, as tests/conformance checks them), with their HTTP statuses.
const (
	codeInvalidRequest   = "INVALID_REQUEST"         // 400
	codeAuthRequired     = "AUTH_REQUIRED"           // 401
	codeAuthInvalidToken = "AUTH_INVALID_TOKEN"      // 401
	codeAuthUnauthorized = "AUTH_UNAUTHORIZED"       // 403
	codeMethodNotFound   = "METHOD_NOT_FOUND"        // 404
	codeNamespaceMissing = "NAMESPACE_NOT_FOUND"     // 404
	codeNotFound         = "NOT_FOUND"               // 404, no such route
	codeVersionConflict  = "STREAM_VERSION_CONFLICT" // 409
	codeNamespaceExists  = "NAMESPACE_EXISTS"        // 409
	codeBackendError     = "BACKEND_ERROR"           // 500
	codeInternalError    = "INTERNAL_ERROR"          // 500
)

// rpcError is a failed request: its HTTP status and the error object.
type rpcError struct {
	status  int
	code    string
	message string
}

func newError(status int, code, format string, args ...any) *rpcError {
	return &rpcError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func invalid(format string, args ...any) *rpcError {
	return newError(400, codeInvalidRequest, format, args...)
}

// fromStore maps a store error (store.go's contract) to the reply.
func fromStore(method string, err error) *rpcError {
	switch {
	case errors.Is(err, store.ErrInvalid):
		return newError(400, codeInvalidRequest, "%s: %v", method, err)
	case errors.Is(err, store.ErrNamespaceNotFound):
		return newError(404, codeNamespaceMissing, "%s: %v", method, err)
	case errors.Is(err, store.ErrVersionConflict):
		return newError(409, codeVersionConflict, "%s: %v", method, err)
	case errors.Is(err, store.ErrNamespaceExists):
		return newError(409, codeNamespaceExists, "%s: %v", method, err)
	default:
		return newError(500, codeBackendError, "%s: %v", method, err)
	}
}

// appendErrorBody appends {"error":{"code":...,"message":...}}.
func appendErrorBody(dst []byte, e *rpcError) []byte {
	dst = append(dst, `{"error":{"code":`...)
	dst = appendJSONString(dst, e.code)
	dst = append(dst, `,"message":`...)
	dst = appendJSONString(dst, e.message)
	return append(dst, "}}"...)
}
