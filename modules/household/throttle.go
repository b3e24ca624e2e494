package household

import (
	"fmt"
	"sync"
	"time"

	"yishi/modules/web"
)

// A short code has 32^8 values and only a secretary's session may try one,
// yet wrong codes are still counted per account: after CodeTries wrong ones
// within CodeSpan every try is refused, even a right one, until the oldest
// falls out of the span. It lives in memory: each instance counts on its own.
const (
	CodeTries = 10
	CodeSpan  = 10 * time.Minute
)

type wrongCodes struct {
	mu    sync.Mutex
	now   func() time.Time
	wrong map[string][]time.Time
}

func newWrongCodes(now func() time.Time) *wrongCodes {
	return &wrongCodes{now: now, wrong: map[string][]time.Time{}}
}

// blocked is the 429 to answer when key has tried too many wrong codes.
func (w *wrongCodes) blocked(key string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	kept := w.wrong[key][:0]
	for _, t := range w.wrong[key] {
		if now.Sub(t) < CodeSpan {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(w.wrong, key)
		return nil
	}
	w.wrong[key] = kept
	if len(kept) < CodeTries {
		return nil
	}
	until := kept[0].Add(CodeSpan)
	return web.New(429, "too_many_card_codes",
		fmt.Sprintf("户卡码输错太多次，请在 %s 以后再试，或扫描户卡上的二维码，或为到会的人补签", web.ClockTime(until)),
		fmt.Sprintf("Too many wrong card codes; try again after %s, scan the card's QR code, or mark the person present", web.ClockTime(until))).
		WithDetails(map[string]any{"retry_at": until.UTC()})
}

func (w *wrongCodes) fail(key string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.wrong) > 10000 {
		w.wrong = map[string][]time.Time{}
	}
	w.wrong[key] = append(w.wrong[key], w.now())
}
