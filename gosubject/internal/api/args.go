package api

import (
	"encoding/json"
	"math"
	"strconv"
)

// call is one RPC request being served: the method, its arguments (the
// request array after the method name) and the caller's namespace.
type call struct {
	method string
	args   []json.RawMessage
	ns     string // the namespace the token opened
	admin  bool   // ns is the default namespace
}

// jsonType names the JSON type of a raw value, for error messages.
func jsonType(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || raw[0] == 'n' }

func (c *call) fail(format string, args ...any) *rpcError {
	return invalid(c.method+": "+format, args...)
}

// atMost rejects a call with more than n arguments.
func (c *call) atMost(n int) *rpcError {
	if len(c.args) <= n {
		return nil
	}
	plural := "s"
	if n == 1 {
		plural = ""
	}
	return c.fail("takes at most %d argument%s, got %d", n, plural, len(c.args))
}

// arg is argument i (0-based), nil when absent or null.
func (c *call) arg(i int) json.RawMessage {
	if i >= len(c.args) || isNull(c.args[i]) {
		return nil
	}
	return c.args[i]
}

func argName(i int, what string) string {
	return "argument " + strconv.Itoa(i+1) + " (" + what + ")"
}

// requiredString is argument i, a non-empty string.
func (c *call) requiredString(i int, what string) (string, *rpcError) {
	raw := c.arg(i)
	if raw == nil {
		return "", c.fail("%s is required", argName(i, what))
	}
	s, err := decodeString(raw)
	if err != nil {
		return "", c.fail("%s must be a string, got %s", argName(i, what), jsonType(raw))
	}
	if s == "" {
		return "", c.fail("%s must not be empty", argName(i, what))
	}
	return s, nil
}

// optionalString is argument i, a string; nil when absent or null.
func (c *call) optionalString(i int, what string) (*string, *rpcError) {
	raw := c.arg(i)
	if raw == nil {
		return nil, nil
	}
	s, err := decodeString(raw)
	if err != nil {
		return nil, c.fail("%s must be a string, got %s", argName(i, what), jsonType(raw))
	}
	return &s, nil
}

// object decodes argument i, which must be an object, into dst; present
// is false when the argument is absent or null (dst untouched).
func (c *call) object(i int, what string, required bool, dst any) (present bool, e *rpcError) {
	raw := c.arg(i)
	if raw == nil {
		if required {
			return false, c.fail("%s is required", argName(i, what))
		}
		return false, nil
	}
	if raw[0] != '{' {
		return false, c.fail("%s must be an object, got %s", argName(i, what), jsonType(raw))
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return false, c.fail("%s: %v", argName(i, what), err)
	}
	return true, nil
}

func decodeString(raw json.RawMessage) (string, error) {
	var s string
	if len(raw) == 0 || raw[0] != '"' {
		return "", strconv.ErrSyntax
	}
	err := json.Unmarshal(raw, &s)
	return s, err
}

// Field readers: the value of field name of an object argument, raw as
// decoded into a json.RawMessage struct field; nil/absent for missing or
// null.

func (c *call) fieldString(raw json.RawMessage, name string) (*string, *rpcError) {
	if isNull(raw) {
		return nil, nil
	}
	s, err := decodeString(raw)
	if err != nil {
		return nil, c.fail("%s must be a string, got %s", name, jsonType(raw))
	}
	return &s, nil
}

// fieldInt accepts JSON integers, and numbers with an integral value (5.0,
// 1e3) as JavaScript clients send them.
func (c *call) fieldInt(raw json.RawMessage, name string) (*int64, *rpcError) {
	if isNull(raw) {
		return nil, nil
	}
	if jsonType(raw) != "number" {
		return nil, c.fail("%s must be an integer, got %s", name, jsonType(raw))
	}
	text := string(raw)
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return &n, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || f != math.Trunc(f) || f < -9.2e18 || f > 9.2e18 {
		return nil, c.fail("%s must be an integer, got %s", name, text)
	}
	n := int64(f)
	return &n, nil
}

// fieldObject checks that the field, when present, is an object.
func (c *call) fieldObject(raw json.RawMessage, name string) (json.RawMessage, *rpcError) {
	if isNull(raw) {
		return nil, nil
	}
	if raw[0] != '{' {
		return nil, c.fail("%s must be an object, got %s", name, jsonType(raw))
	}
	return raw, nil
}
