package web

import (
	"testing"
	"time"
)

func TestLimiterSpendsABurstThenRefillsByTheMinute(t *testing.T) {
	now := time.Unix(0, 0)
	l := NewLimiter(6, 3) // one token every 10 s, 3 at once
	l.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 10*time.Second {
		t.Fatalf("4th request: allowed=%v wait=%s, want refused for 10s", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("another key shares the bucket")
	}
	now = now.Add(10 * time.Second)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("no token back after 10 s")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("two tokens back after 10 s")
	}
	now = now.Add(time.Hour)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatal("the bucket does not refill to its burst")
		}
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("the bucket refilled beyond its burst")
	}
}

func TestLimiterOffAllowsEverything(t *testing.T) {
	var nilLimiter *Limiter
	for _, l := range []*Limiter{NewLimiter(0, 0), nilLimiter} {
		for i := 0; i < 1000; i++ {
			if ok, _ := l.Allow("a"); !ok {
				t.Fatal("a limit of 0 refused a request")
			}
		}
	}
}

func TestRateRuleMatchesWholeSegments(t *testing.T) {
	r := RateRule{Method: "POST", Paths: []string{"/api/v1/orgs/*/votes/*/ballots", "/api/v1/orgs/*/proposals"}}
	for _, c := range []struct {
		method, path string
		want         bool
	}{
		{"POST", "/api/v1/orgs/abc/votes/v1/ballots", true},
		{"POST", "/api/v1/orgs/abc/votes/v1/ballots/", true},
		{"POST", "/api/v1/orgs/abc/proposals", true},
		{"GET", "/api/v1/orgs/abc/proposals", false},
		{"POST", "/api/v1/orgs/abc/proposals/p1/submit", false},
		{"POST", "/api/v1/orgs/abc/votes/v1/close", false},
		{"POST", "/api/v1/orgs/abc/votes/v1/ballotsx", false},
	} {
		if got := r.matches(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %v, want %v", c.method, c.path, got, c.want)
		}
	}
}
