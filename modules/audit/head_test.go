package audit_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"yishi/modules/audit"
	"yishi/modules/store/storetest"
)

// Head follows each chain without reading the store, while appends to
// several villages' chains run at once (run with -race: the heads are shared).
func TestHeadFollowsEachChain(t *testing.T) {
	s := storetest.Open(t)
	ctx := context.Background()
	log := audit.New()
	if _, known := log.Head(s.Village("v1").Name()); known {
		t.Fatal("a head is known before any append")
	}
	var wg sync.WaitGroup
	for v := 1; v <= 3; v++ {
		db := s.Village(fmt.Sprintf("v%d", v))
		for range v * 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := log.Append(ctx, db, audit.Entry{Actor: "u1", Action: "x"}); err != nil {
					t.Error(err)
				}
				log.Head(db.Name())
			}()
		}
	}
	wg.Wait()
	for v := 1; v <= 3; v++ {
		seq, known := log.Head(s.Village(fmt.Sprintf("v%d", v)).Name())
		if !known || seq != int64(v*2) {
			t.Errorf("v%d head %d (known %v), want %d", v, seq, known, v*2)
		}
	}
}
