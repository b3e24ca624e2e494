package audit

// Head is the sequence number of the last entry this Log appended to (or
// loaded from) the chain in the named database, without reading the store;
// known is false until this process has appended there. Readers that keep
// figures computed from a village's records compare it with the head they
// computed at: a different head means something was written since.
func (l *Log) Head(database string) (seq int64, known bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.heads[database]
	return h.seq, ok
}

// The heads are read by Head while Append, holding only its chain's lock,
// writes them: the map itself is guarded by mu.

func (l *Log) cachedHead(key string) (head, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ok := l.heads[key]
	return h, ok
}

func (l *Log) setHead(key string, h head) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.heads[key] = h
}

func (l *Log) dropHead(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.heads, key)
}
