package account

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/audit"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
	"yishi/policies"
)

func codesOn(t testing.TB) (*codes, *time.Time) {
	ctx := context.Background()
	st := storetest.Open(t)
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(st, e, audit.New(), 0)
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, web.Actor{}, NewAccount{Phone: "13900000001", Name: "村民", Password: "password-1",
		Roles: []policies.Assignment{{Role: "resident", Scope: "/c/d/s/v"}}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	return &codes{svc: s, ttl: 5 * time.Minute, maxTries: 3, now: func() time.Time { return now }}, &now
}

// The store holds the code's hash only, never the six digits; a new code
// replaces the last one.
func TestLoginCodeIsStoredHashed(t *testing.T) {
	ctx := context.Background()
	k, _ := codesOn(t)
	first, ok, err := k.issue(ctx, "13900000001")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	code, _, _ := k.issue(ctx, "13900000001")
	raw, err := k.coll().FindOne(ctx, bson.M{"_id": "13900000001"}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw.String(), code) || !strings.Contains(raw.String(), "$argon2id$") {
		t.Fatalf("the stored code: %s", raw)
	}
	if n, _ := k.coll().CountDocuments(ctx, bson.M{}); n != 1 {
		t.Fatalf("%d codes stored for one phone", n)
	}
	if first != code {
		if _, err := k.use(ctx, "13900000001", first); !errors.Is(err, ErrInvalidCode) {
			t.Fatalf("the replaced code: %v", err)
		}
	}
	if _, ok, _ := k.issue(ctx, "13900000009"); ok {
		t.Fatal("a code issued to a phone without an account")
	}
}

// BenchmarkLoginCode is the server's cost of one login by code: issue
// (hash and store) and use (check and delete), argon2id twice.
func BenchmarkLoginCode(b *testing.B) {
	ctx := context.Background()
	k, _ := codesOn(b)
	b.ResetTimer()
	for range b.N {
		code, _, err := k.issue(ctx, "13900000001")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := k.use(ctx, "13900000001", code); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGuessesSentAtOnceAreCountedBeforeTheyAreChecked: twenty wrong codes
// sent at the same moment spend the code's tries, so the right code, after
// them, no longer works; no more guesses are checked than the code allows.
func TestGuessesSentAtOnceAreCountedBeforeTheyAreChecked(t *testing.T) {
	ctx := context.Background()
	k, _ := codesOn(t)
	code, ok, err := k.issue(ctx, "13900000001")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	wrong := "000000"
	if wrong == code {
		wrong = "111111"
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := k.use(ctx, "13900000001", wrong); !errors.Is(err, ErrInvalidCode) {
				t.Errorf("a wrong code: %v", err)
			}
		}()
	}
	wg.Wait()
	if _, err := k.use(ctx, "13900000001", code); !errors.Is(err, ErrInvalidCode) {
		t.Fatalf("the right code after 20 guesses at once: %v, want it spent", err)
	}
}
