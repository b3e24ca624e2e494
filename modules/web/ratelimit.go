package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Limiter is a token bucket per key: each key may spend Burst requests at
// once and gets PerMinute back a minute. It lives in memory, so each
// instance limits on its own.
type Limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens a second
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter makes a limiter of perMinute requests a minute with bursts of
// up to burst; perMinute <= 0 makes a limiter that allows everything.
func NewLimiter(perMinute, burst int) *Limiter {
	if burst < 1 {
		burst = max(perMinute, 1)
	}
	return &Limiter{rate: float64(perMinute) / 60, burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// Allow spends a token of key; when there is none it says how long until
// there will be.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 100000 {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep forgets full buckets; the caller holds l.mu.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// RateRule limits the requests of one method whose path matches one of
// Paths, patterns of segments where "*" matches any one segment, e.g.
// "/api/v1/orgs/*/votes/*/ballots".
type RateRule struct {
	Method string
	Paths  []string
}

func (r RateRule) matches(method, path string) bool {
	if method != r.Method {
		return false
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, p := range r.Paths {
		want := strings.Split(strings.Trim(p, "/"), "/")
		if len(want) != len(segs) {
			continue
		}
		ok := true
		for i := range want {
			if want[i] != "*" && want[i] != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// RateLimits is the middleware's configuration: the requests it limits, a
// limiter per account and one per client address. Account names the
// logged-in account of a request ("" when anonymous).
type RateLimits struct {
	Rules      []RateRule
	PerAccount *Limiter
	PerIP      *Limiter
	Account    func(c *fiber.Ctx) string
}

// RateLimit refuses a matching request with 429, in the one error shape and
// with Retry-After, once its account or its address has used its tokens.
// Both are charged, so neither many accounts on one address nor one account
// on many addresses gets round it.
func RateLimit(cfg RateLimits) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !matchesAny(cfg.Rules, c.Method(), c.Path()) {
			return c.Next()
		}
		if ok, wait := cfg.PerIP.Allow(c.IP()); !ok {
			return rateLimited(c, wait)
		}
		if cfg.Account != nil {
			if acc := cfg.Account(c); acc != "" {
				if ok, wait := cfg.PerAccount.Allow(acc); !ok {
					return rateLimited(c, wait)
				}
			}
		}
		return c.Next()
	}
}

func matchesAny(rules []RateRule, method, path string) bool {
	for _, r := range rules {
		if r.matches(method, path) {
			return true
		}
	}
	return false
}

func rateLimited(c *fiber.Ctx, wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	return New(fiber.StatusTooManyRequests, "rate_limited",
		fmt.Sprintf("操作太频繁，请%d秒后再试", secs),
		fmt.Sprintf("Too many requests; try again in %d seconds", secs))
}
