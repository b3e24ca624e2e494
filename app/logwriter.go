package main

import (
	"io"
	"sync"
)

// lockedWriter serialises writes from concurrent loggers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// String returns what was written, when the writer is a bytes.Buffer (tests).
func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, ok := l.w.(interface{ String() string }); ok {
		return s.String()
	}
	return ""
}
