package app

import (
	"context"
	"fmt"
	"time"

	"mdbprof/gosubject/internal/auth"
	"mdbprof/gosubject/internal/namespace"
	"mdbprof/gosubject/internal/store"
)

// EnsureDefaultNamespace makes namespace "default" exist, as EventoDB does:
// token (the --token), when given, must be a token of "default"; without
// one a token is generated. A new namespace gets the token's hash; an
// existing one KEEPS its stored hash, so a reused database answers another
// token with 403. Returns the token and whether this call created the
// namespace.
func EnsureDefaultNamespace(ctx context.Context, st store.Store, token string) (string, bool, error) {
	if token != "" {
		owner, err := auth.ParseToken(token)
		if err != nil {
			return "", false, fmt.Errorf("--token: %w", err)
		}
		if owner != namespace.Default {
			return "", false, fmt.Errorf("--token is a token of namespace '%s'; it must be one of '%s'", owner, namespace.Default)
		}
	} else {
		generated, err := auth.GenerateToken(namespace.Default)
		if err != nil {
			return "", false, err
		}
		token = generated
	}
	existing, err := st.FindNamespace(ctx, namespace.Default)
	if err != nil {
		return "", false, fmt.Errorf("looking up namespace %q: %w", namespace.Default, err)
	}
	if existing != nil {
		return token, false, nil
	}
	err = st.CreateNamespace(ctx, store.Namespace{
		Name: namespace.Default, TokenHash: auth.HashToken(token), Description: "Default namespace", CreatedAt: time.Now().UTC(),
	})
	if err != nil {
		return "", false, fmt.Errorf("creating namespace %q: %w", namespace.Default, err)
	}
	return token, true, nil
}
