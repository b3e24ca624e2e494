package main

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
)

// TestNetGuardReportsWhatTheTestDidNotAllow feeds the guard the events a
// tab sends and checks what would fail the test: a 500 always, a 404 not
// allowed, a load that failed; not a 409 the test allowed, a canceled load
// or a success. It needs no browser, so it runs everywhere.
func TestNetGuardReportsWhatTheTestDidNotAllow(t *testing.T) {
	allowStatus(t, 409)
	var g netGuard
	send := func(id, url string, status int64) {
		g.watchNet(&network.EventRequestWillBeSent{RequestID: network.RequestID(id), Request: &network.Request{Method: "GET", URL: url}})
		if status > 0 {
			g.watchNet(&network.EventResponseReceived{RequestID: network.RequestID(id), Response: &network.Response{Status: status, URL: url}})
		}
	}
	send("1", "/ok", 200)
	send("2", "/boom", 500)
	send("3", "/missing", 404)
	send("4", "/refused", 409)
	send("5", "/gone", 0)
	g.watchNet(&network.EventLoadingFailed{RequestID: "5", ErrorText: "net::ERR_CONNECTION_REFUSED"})
	send("6", "/left", 0)
	g.watchNet(&network.EventLoadingFailed{RequestID: "6", ErrorText: "net::ERR_ABORTED", Canceled: true})

	got := strings.Join(g.problems(t), "\n")
	for _, want := range []string{"500 GET /boom", "404 GET /missing", "load failed: GET /gone net::ERR_CONNECTION_REFUSED"} {
		if !strings.Contains(got, want) {
			t.Errorf("the guard misses %q; reports:\n%s", want, got)
		}
	}
	for _, not := range []string{"/ok", "/refused", "/left"} {
		if strings.Contains(got, not) {
			t.Errorf("the guard reports %s; reports:\n%s", not, got)
		}
	}
	if n := len(g.problems(t)); n != 3 {
		t.Errorf("%d problems, want 3:\n%s", n, got)
	}
}
