// Package storetest starts a real embedded store for tests: no mocks, the same
// FerretDB the app runs on by default, in a temporary directory.
package storetest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/store"
)

var counter atomic.Int64

// run names this test process: test binaries of several packages (and several
// runs) share one server store, so each one's databases carry its own prefix.
var run = fmt.Sprintf("t%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)

// Open starts an embedded store in a fresh temporary directory and stops it
// when the test ends. With YISHI_TEST_MONGODB_URI set (a MongoDB, or FerretDB
// on PostgreSQL from .ci/pg-up), tests use that store instead, each test under
// its own database prefix, and its databases are dropped when it ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg := store.Config{DataDir: t.TempDir()}
	if uri := os.Getenv("YISHI_TEST_MONGODB_URI"); uri != "" {
		cfg.URI = uri
		cfg.Prefix = fmt.Sprintf("%s_%d", run, counter.Add(1))
	}
	s, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() {
		if !s.Embedded {
			drop(t, s, cfg.Prefix)
		}
		if err := s.Close(context.Background()); err != nil {
			t.Logf("close test store: %v", err)
		}
	})
	return s
}

// drop removes the databases of one test from a shared server store.
func drop(t testing.TB, s *store.Store, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	names, err := s.Client.ListDatabaseNames(ctx, bson.M{})
	if err != nil {
		t.Logf("list test databases: %v", err)
		return
	}
	for _, n := range names {
		if n == prefix || strings.HasPrefix(n, prefix+"_") {
			if err := s.Client.Database(n).Drop(ctx); err != nil {
				t.Logf("drop test database %s: %v", n, err)
			}
		}
	}
}
