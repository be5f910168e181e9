package api

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"mdbprof/gosubject/internal/auth"
	"mdbprof/gosubject/internal/namespace"
	"mdbprof/gosubject/internal/store"
)

const defaultNamespace = namespace.Default

var bearer = []byte("Bearer ")

// authenticate returns the namespace the Authorization header's token
// opens, with EventoDB's rules and replies:
//
//	no header, not "Bearer ", or an empty token    401 AUTH_REQUIRED
//	not of the token form                          401 AUTH_INVALID_TOKEN
//	unknown namespace, or another token's secret   403 AUTH_UNAUTHORIZED
//
// In test mode every failure above lets the request through as namespace
// "default", except that a well-formed token of an unknown namespace creates
// that namespace, and a token's secret is not checked.
func (h *Handler) authenticate(header []byte) (string, *rpcError) {
	token, found := bytes.CutPrefix(header, bearer)
	if len(header) == 0 || !found || len(token) == 0 {
		if h.testMode {
			return defaultNamespace, nil
		}
		if len(header) == 0 {
			return "", newError(401, codeAuthRequired, "authorization required: send 'Authorization: Bearer <token>'")
		}
		if !found {
			return "", newError(401, codeAuthRequired, "the Authorization header must use the Bearer scheme")
		}
		return "", newError(401, codeAuthRequired, "the Bearer token is empty")
	}
	text := string(token)
	name, err := auth.ParseToken(text)
	if err != nil {
		if h.testMode {
			return defaultNamespace, nil
		}
		return "", newError(401, codeAuthInvalidToken, "invalid token: %v", err)
	}
	ns, err := h.store.FindNamespace(h.ctx, name)
	if err != nil {
		return "", newError(500, codeBackendError, "looking up the token's namespace: %v", err)
	}
	if h.testMode {
		if ns == nil {
			if e := h.createOnFirstUse(name, text); e != nil {
				return "", e
			}
		}
		return name, nil
	}
	if ns == nil || !auth.HashMatches(text, ns.TokenHash) {
		return "", newError(403, codeAuthUnauthorized, "token not authorized for namespace %q", name)
	}
	return name, nil
}

// createOnFirstUse creates namespace name for a test-mode token; losing a
// race to another request is fine.
func (h *Handler) createOnFirstUse(name, token string) *rpcError {
	if err := namespace.Validate(name); err != nil {
		return newError(401, codeAuthInvalidToken, "invalid token: %v", err)
	}
	err := h.store.CreateNamespace(h.ctx, store.Namespace{
		Name: name, TokenHash: auth.HashToken(token), Description: "Auto-created in test mode", CreatedAt: time.Now().UTC(),
	})
	if err != nil && !errors.Is(err, store.ErrNamespaceExists) {
		return newError(500, codeBackendError, "%s", fmt.Sprintf("creating namespace %q: %v", name, err))
	}
	return nil
}
