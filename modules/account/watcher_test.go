package account

import (
	"context"
	"testing"

	"yishi/modules/audit"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
	"yishi/policies"
)

// Two instances (two enforcers) on one store: a role given or taken away on
// one applies on the other after its watcher polls.
func TestPolicyWatcherKeepsTwoInstancesInStep(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	newInstance := func() (*Service, *policies.Enforcer) {
		e, err := policies.New()
		if err != nil {
			t.Fatal(err)
		}
		s := NewService(st, e, audit.New(), 0)
		if err := s.Init(ctx); err != nil {
			t.Fatal(err)
		}
		return s, e
	}
	a, _ := newInstance()
	b, enfB := newInstance()
	watchB := b.NewWatcher()

	acc, err := a.Create(ctx, web.Actor{}, NewAccount{Phone: "13900000001", Name: "秘书", Password: "password-1",
		Roles: []policies.Assignment{{Role: "secretary", Scope: "/c/d/s/v"}}})
	if err != nil {
		t.Fatal(err)
	}
	allowed := func() bool {
		ok, err := enfB.Allowed(acc.ID, "/c/d/s/v", "minutes", "publish")
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if allowed() {
		t.Fatal("instance B knew the new role before polling")
	}
	if n, err := watchB.Poll(ctx); err != nil || n != 1 {
		t.Fatalf("poll: %d %v", n, err)
	}
	if !allowed() {
		t.Fatal("instance B does not apply the role after polling")
	}
	// Taking the role away on A reaches B the same way.
	if _, err := a.Ensure(ctx, NewAccount{Phone: "13900000001", Name: "秘书", Password: "password-1",
		Roles: []policies.Assignment{{Role: "resident", Scope: "/c/d/s/v"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := watchB.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	if allowed() {
		t.Fatal("instance B still lets a former secretary publish minutes")
	}
	// Polling again finds nothing new.
	if n, _ := watchB.Poll(ctx); n != 0 {
		t.Fatalf("second poll reloaded %d", n)
	}
}
