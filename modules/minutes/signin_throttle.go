package minutes

import (
	"fmt"
	"sync"
	"time"

	"yishi/modules/web"
)

// Six digits can be guessed; the QR's 20 hex digits cannot. Wrong short
// codes are therefore counted per account and per address: after the
// limit of wrong ones within ShortCodeSpan, every try is refused until the
// oldest falls out of the span, even a right one, so guessing gains nothing.
// An address has a higher limit: a whole meeting may share the village
// hall's one connection. It lives in memory: each instance counts on its own.
const (
	ShortCodeTries   = 5  // per account
	ShortCodeTriesIP = 50 // per address
	ShortCodeSpan    = 10 * time.Minute
)

type guessCounter struct {
	mu    sync.Mutex
	now   func() time.Time
	tries int
	wrong map[string][]time.Time
}

func newGuessCounter(now func() time.Time, tries int) *guessCounter {
	return &guessCounter{now: now, tries: tries, wrong: map[string][]time.Time{}}
}

// blockedUntil says until when key may not try, if it may not now.
func (g *guessCounter) blockedUntil(key string) (time.Time, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	kept := g.wrong[key][:0]
	for _, t := range g.wrong[key] {
		if now.Sub(t) < ShortCodeSpan {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		delete(g.wrong, key)
		return time.Time{}, false
	}
	g.wrong[key] = kept
	if len(kept) < g.tries {
		return time.Time{}, false
	}
	return kept[0].Add(ShortCodeSpan), true
}

func (g *guessCounter) fail(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.wrong) > 100000 { // a flood of keys: start again rather than grow
		g.wrong = map[string][]time.Time{}
	}
	g.wrong[key] = append(g.wrong[key], g.now())
}

// tooManyGuesses is the 429 with the time a person may try again.
func tooManyGuesses(until time.Time) error {
	e := web.New(429, "too_many_sign_in_codes",
		fmt.Sprintf("输错太多次，请在 %s 以后再试，或扫描二维码，或请秘书补签", web.ClockTime(until)),
		fmt.Sprintf("Too many wrong codes; try again after %s, scan the QR code, or ask the secretary to mark you present", web.ClockTime(until)))
	return e.WithDetails(map[string]any{"retry_at": until.UTC()})
}
