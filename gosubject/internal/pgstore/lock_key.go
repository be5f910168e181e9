package pgstore

// lockKey is a stable 64-bit FNV-1a hash of a and b, separated by a zero
// byte, used as a PostgreSQL advisory lock key (a is the namespace schema,
// so equal stream names in two namespaces do not contend). It must not vary
// between processes (several servers may share one database), so it is not
// maphash; it allocates nothing.
func lockKey(a, b string) int64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * prime
	}
	h *= prime // the separator: h ^ 0 == h
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * prime
	}
	return int64(h)
}
