// Package storetest starts a real embedded store for tests: no mocks, the same
// FerretDB the app runs on by default, in a temporary directory.
package storetest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"yishi/modules/store"
)

var counter atomic.Int64

// Open starts an embedded store in a fresh temporary directory and stops it
// when the test ends. With YISHI_TEST_MONGODB_URI set, tests use that MongoDB
// instead, each under its own database prefix.
func Open(t testing.TB) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := store.Config{DataDir: t.TempDir()}
	if uri := os.Getenv("YISHI_TEST_MONGODB_URI"); uri != "" {
		cfg.URI = uri
		cfg.Prefix = fmt.Sprintf("t%d_%d", time.Now().UnixNano()%1e9, counter.Add(1))
	}
	s, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(context.Background()); err != nil {
			t.Logf("close test store: %v", err)
		}
	})
	return s
}
