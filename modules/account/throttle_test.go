package account

import (
	"testing"
	"time"
)

// A phone locks on its 5th failure within the window and unlocks by itself
// when the lock-out time has passed.
func TestLockoutUnlocksByTime(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLockout(5, 15*time.Minute, 15*time.Minute)
	l.now = func() time.Time { return now }
	for i := 0; i < 4; i++ {
		l.add("13800000001")
		now = now.Add(time.Minute)
	}
	if l.blocked("13800000001") {
		t.Fatal("locked after 4 failures")
	}
	l.add("13800000001")
	until, locked := l.lockedUntil("13800000001")
	if !locked || !until.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("after 5 failures: locked=%v until %s, want until %s", locked, until, now.Add(15*time.Minute))
	}
	if l.blocked("13800000002") {
		t.Fatal("another phone is locked too")
	}
	now = now.Add(15*time.Minute - time.Second)
	if !l.blocked("13800000001") {
		t.Fatal("unlocked before the time")
	}
	now = now.Add(time.Second)
	if l.blocked("13800000001") {
		t.Fatal("still locked when the time is up")
	}
	// It starts afresh: one more failure does not lock it again.
	l.add("13800000001")
	if l.blocked("13800000001") {
		t.Fatal("one failure after the lock locked it again")
	}
}

// Failures spread wider than the window never lock.
func TestLockoutCountsFailuresWithinTheWindow(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newLockout(3, 10*time.Minute, 10*time.Minute)
	l.now = func() time.Time { return now }
	for i := 0; i < 10; i++ {
		l.add("k")
		l.add("k")
		now = now.Add(11 * time.Minute)
		if l.blocked("k") {
			t.Fatalf("locked by failures in different windows (round %d)", i)
		}
	}
}
