package account

import (
	"sync"
	"time"
)

// throttle counts events per key in fixed windows; a key that reaches max
// events in a window is locked until lockFor after its last event, then
// starts afresh (unlock by time, no operator needed). It lives in memory:
// each instance throttles on its own, which bounds guessing per instance.
type throttle struct {
	mu      sync.Mutex
	max     int
	window  time.Duration
	lockFor time.Duration
	now     func() time.Time
	hits    map[string]*window
}

type window struct {
	count   int
	resetAt time.Time
}

// newThrottle allows max events per window; a key that used them waits
// until its window ends.
func newThrottle(max int, every time.Duration) *throttle {
	return newLockout(max, every, 0)
}

// newLockout allows max events per window; the event that reaches max
// locks the key for lockFor from then.
func newLockout(max int, every, lockFor time.Duration) *throttle {
	return &throttle{max: max, window: every, lockFor: lockFor, now: time.Now, hits: map[string]*window{}}
}

// blocked reports whether key has used up its window.
func (t *throttle) blocked(key string) bool {
	_, locked := t.lockedUntil(key)
	return locked
}

// lockedUntil reports whether key is locked, and until when.
func (t *throttle) lockedUntil(key string) (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w, ok := t.hits[key]
	if ok && t.now().Before(w.resetAt) && w.count >= t.max {
		return w.resetAt, true
	}
	return time.Time{}, false
}

// add counts one event for key.
func (t *throttle) add(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	w, ok := t.hits[key]
	if !ok || !now.Before(w.resetAt) {
		if len(t.hits) > 100000 {
			t.sweep(now)
		}
		w = &window{resetAt: now.Add(t.window)}
		t.hits[key] = w
	}
	w.count++
	if w.count >= t.max && t.lockFor > 0 {
		w.resetAt = now.Add(t.lockFor)
	}
}

func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.hits, key)
}

func (t *throttle) sweep(now time.Time) {
	for k, w := range t.hits {
		if !now.Before(w.resetAt) {
			delete(t.hits, k)
		}
	}
}
