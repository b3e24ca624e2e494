package main

// The network half of the browser tests' guard: every journey fails at its
// end on a request that failed to load, a response of 500 or more, or a 4xx
// the test did not ask for. (The console half, console.error and uncaught
// exceptions, is in browser.watch.) A journey that provokes a refusal on
// purpose, to show the error in view, allows that status itself with
// allowStatus, so a 4xx no test expected cannot pass unseen.

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
)

// allowedStatuses holds, per test, the 4xx statuses it provokes on purpose.
var allowedStatuses sync.Map // *testing.T → []int64

// allowStatus lets the page of this test receive these 4xx statuses without
// failing the test: only for a refusal the journey provokes on purpose (a
// wrong password, a second signature), to show the error in view.
func allowStatus(t *testing.T, statuses ...int64) {
	t.Helper()
	for _, s := range statuses {
		if s < 400 || s > 499 {
			t.Fatalf("allowStatus(%d): only a 4xx can be expected; a 5xx is always a bug", s)
		}
	}
	prev, loaded := allowedStatuses.Load(t)
	var list []int64
	if loaded {
		list = prev.([]int64)
	}
	// Kept after the test: the guard reads it in the browser's own cleanup,
	// which runs after any cleanup registered here when the test allows a
	// status after starting its browser (cleanups run last-in, first-out).
	allowedStatuses.Store(t, append(slices.Clone(list), statuses...))
}

// statusAllowed reports whether the test (or the test it is a subtest of,
// by the browser's t) allowed this status.
func statusAllowed(t *testing.T, status int64) bool {
	v, ok := allowedStatuses.Load(t)
	return ok && slices.Contains(v.([]int64), status)
}

// netFailure is one bad response or failed load the page saw.
type netFailure struct {
	status int64 // 0 for a load that failed without a response
	text   string
}

// netGuard tracks the page's requests; it runs in the tab's read loop, so
// it only records.
type netGuard struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	failures []netFailure
}

// watchNet records a network event: the URL of each request (a failed load
// names only its request id), every response of 400 or more and every load
// that failed. A load the browser canceled (the test navigated away, or the
// page aborted a fetch it no longer needs) is not a failure.
func (g *netGuard) watchNet(ev any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if g.urls == nil {
			g.urls = map[network.RequestID]string{}
		}
		g.urls[ev.RequestID] = ev.Request.Method + " " + ev.Request.URL
	case *network.EventResponseReceived:
		if r := ev.Response; r != nil && r.Status >= 400 {
			g.failures = append(g.failures, netFailure{r.Status, fmt.Sprintf("%d %s %s", r.Status, g.urls[ev.RequestID], r.StatusText)})
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			g.failures = append(g.failures, netFailure{0, fmt.Sprintf("load failed: %s %s (%s)", g.urls[ev.RequestID], ev.ErrorText, ev.Type)})
		}
	}
}

// problems returns the failures the test did not allow, for browser.finish.
func (g *netGuard) problems(t *testing.T) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for _, f := range g.failures {
		if f.status >= 400 && f.status < 500 && statusAllowed(t, f.status) {
			continue
		}
		what := "network: "
		if f.status >= 400 && f.status < 500 {
			what = "network (unexpected 4xx; allowStatus if the journey provokes it): "
		}
		out = append(out, what+f.text)
	}
	return out
}
