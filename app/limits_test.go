package main

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startTestAppWith is startTestApp with extra flags (limits set low, for
// instance).
func startTestAppWith(t testing.TB, args ...string) *testApp {
	t.Helper()
	return startTestAppFlags(t, t.TempDir(), args...)
}

// doHeader is do, returning the response's headers too.
func (c *client) doHeader(method, path string, body string) (int, http.Header, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, resp.Header, b.String()
}

// A resident may create 3 proposals a minute here: the 4th is refused with a
// 429 in the error shape and a Retry-After; comments draw on the same
// allowance; another resident is not held back by it.
func TestWritesAreRateLimitedPerAccount(t *testing.T) {
	ta := startTestAppWith(t, "-rate-per-account", "3", "-rate-per-ip", "0")
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	resident := ta.login(t, demoResidentPhone)
	secretary := ta.login(t, "13800000002")
	create := `{"body_id":"council","title":"修路","category":"environment"}`
	var ids []string
	for i := 0; i < 3; i++ {
		var p struct{ ID string }
		resident.mustJSON("POST", "/api/v1/orgs/"+dt+"/proposals", create, 201, &p)
		ids = append(ids, p.ID)
	}
	status, h, body := resident.doHeader("POST", "/api/v1/orgs/"+dt+"/proposals", create)
	if status != 429 || !strings.Contains(body, `"rate_limited"`) || !strings.Contains(body, `"message_en"`) {
		t.Fatalf("4th proposal in a minute: %d %s", status, body)
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err != nil || s < 1 || s > 20 {
		t.Fatalf("Retry-After %q, want about 20 s (a token every 20 s)", h.Get("Retry-After"))
	}
	resident.mustError("POST", "/api/v1/orgs/"+dt+"/proposals/"+ids[0]+"/comments", map[string]string{"body": "同意"}, 429, "rate_limited")
	// Reading is not limited; another account is not limited by this one.
	resident.mustJSON("GET", "/api/v1/orgs/"+dt+"/proposals", nil, 200, nil)
	secretary.mustJSON("POST", "/api/v1/orgs/"+dt+"/proposals", create, 201, nil)
}

// Two accounts on one address share its allowance.
func TestWritesAreRateLimitedPerIP(t *testing.T) {
	ta := startTestAppWith(t, "-rate-per-account", "0", "-rate-per-ip", "4")
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	a, b := ta.login(t, demoResidentPhone), ta.login(t, "13800000002")
	create := `{"body_id":"council","title":"修路","category":"environment"}`
	created, limited := 0, 0
	for i := 0; i < 6; i++ {
		c := []*client{a, b}[i%2]
		switch s, _, body := c.doHeader("POST", "/api/v1/orgs/"+dt+"/proposals", create); s {
		case 201:
			created++
		case 429:
			limited++
		default:
			t.Fatalf("%d %s", s, body)
		}
	}
	if created != 4 || limited != 2 {
		t.Fatalf("6 proposals from one address with 4 allowed: %d created, %d refused", created, limited)
	}
}

// Casting is limited too: a voter's client that loops on the ballot route
// is stopped before the vote engine sees the requests.
func TestCastingIsRateLimited(t *testing.T) {
	ta := startTestAppWith(t, "-rate-per-account", "2")
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	resident := ta.login(t, demoResidentPhone)
	path := "/api/v1/orgs/" + dt + "/votes/no-such-vote/ballots"
	for i := 0; i < 2; i++ {
		if s, _, _ := resident.doHeader("POST", path, `{"choices":["yes"]}`); s == 429 {
			t.Fatalf("cast %d refused by the limit", i+1)
		}
	}
	resident.mustError("POST", path, map[string]any{"choices": []string{"yes"}}, 429, "rate_limited")
}

// After 3 wrong passwords the phone is locked: even the right password gets
// a 429 that says, in both languages, when it unlocks, with Retry-After;
// an unknown phone locks the same way, so the lock does not reveal which
// phones have accounts.
func TestLoginLockoutSaysWhenItUnlocks(t *testing.T) {
	ta := startTestAppWith(t, "-login-failures", "3", "-lockout", "10m")
	c := ta.client(t)
	for _, phone := range []string{demoResidentPhone, "13999999999"} {
		for i := 0; i < 3; i++ {
			c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": "wrong-guess"}, 401, "invalid_credentials")
		}
		status, h, body := c.doHeader("POST", "/api/v1/auth/login", `{"phone":"`+phone+`","password":"`+demoPassword+`"}`)
		if status != 429 {
			t.Fatalf("%s after 3 failures: %d %s", phone, status, body)
		}
		until := time.Now().Add(10 * time.Minute).In(time.FixedZone("CST", 8*3600)).Format("15:04")
		next := time.Now().Add(10*time.Minute + time.Minute).In(time.FixedZone("CST", 8*3600)).Format("15:04")
		if !(strings.Contains(body, until) || strings.Contains(body, next)) || !strings.Contains(body, "locked until") || !strings.Contains(body, "锁定") {
			t.Fatalf("the lock-out does not say when it ends (%s): %s", until, body)
		}
		if s, _ := strconv.Atoi(h.Get("Retry-After")); s < 590 || s > 600 {
			t.Fatalf("Retry-After %q, want about 600", h.Get("Retry-After"))
		}
	}
	// Other phones log in as usual.
	ta.login(t, "13800000002")
}
