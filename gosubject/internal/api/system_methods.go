package api

// sys.version [] -> "version"
func (h *Handler) sysVersion(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(0); e != nil {
		return out, e
	}
	return appendJSONString(out, h.version), nil
}

// sys.health [] -> {"status":"ok","backend":name,"connections":0}, after a
// round trip to the store.
func (h *Handler) sysHealth(c *call, out []byte) ([]byte, *rpcError) {
	if e := c.atMost(0); e != nil {
		return out, e
	}
	if err := h.store.Ping(h.ctx); err != nil {
		return out, newError(500, codeBackendError, "%s: the store does not answer: %v", c.method, err)
	}
	out = append(out, `{"status":"ok","backend":`...)
	out = appendJSONString(out, h.backend)
	return append(out, `,"connections":0}`...), nil
}
