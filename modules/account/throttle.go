package account

import (
	"sync"
	"time"
)

// throttle counts events per key in fixed windows. It lives in memory: each
// instance throttles on its own, which bounds guessing per instance.
type throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	hits   map[string]*window
}

type window struct {
	count   int
	resetAt time.Time
}

func newThrottle(max int, every time.Duration) *throttle {
	return &throttle{max: max, window: every, now: time.Now, hits: map[string]*window{}}
}

// blocked reports whether key has used up its window.
func (t *throttle) blocked(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	w, ok := t.hits[key]
	return ok && t.now().Before(w.resetAt) && w.count >= t.max
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
