package policies_test

import (
	"sync"
	"testing"

	"yishi/policies"
)

// TestRoleTakenAwayWhileAnswersAreCached: answers are remembered, so a role
// taken away while other requests are being decided must still be refused at
// once afterwards, by every later request, never answered from a decision
// computed before the change.
func TestRoleTakenAwayWhileAnswersAreCached(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	secretary := []policies.Assignment{{Role: "secretary", Scope: "/c/d/s1/v1"}}
	for round := 0; round < 50; round++ {
		if err := e.SetAssignments("u", secretary); err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.Allowed("u", "/c/d/s1/v1", "minutes", "publish"); !ok {
			t.Fatal("secretary cannot publish minutes")
		}
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for range 4 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
						_, _ = e.Allowed("u", "/c/d/s1/v1", "minutes", "publish")
					}
				}
			})
		}
		if err := e.SetAssignments("u", nil); err != nil {
			t.Fatal(err)
		}
		close(stop)
		wg.Wait()
		if ok, _ := e.Allowed("u", "/c/d/s1/v1", "minutes", "publish"); ok {
			t.Fatalf("round %d: a former secretary can still publish minutes", round)
		}
	}
}
