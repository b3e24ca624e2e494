package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"
)

// testApp is the whole application, wired as in production, on an embedded
// store in a temporary folder, listening on a random port.
type testApp struct {
	*app
	URL  string
	logs *lockedWriter
	// texts is what the console sender wrote: the login codes "sent".
	texts *lockedWriter
	stop  func()
}

// testLogLevel is Debug so tests see every request in the log (and can check
// it holds no secrets); benchmarks lower it to what production runs with.
var testLogLevel = slog.LevelDebug

// startTestApp starts the app with the demo township seeded, and stops it
// (gracefully) when the test ends.
func startTestApp(t testing.TB) *testApp {
	t.Helper()
	return startTestAppIn(t, t.TempDir())
}

// startTestAppIn is startTestApp on a given data folder, so a test can
// restart the app on the same data.
func startTestAppIn(t testing.TB, dir string) *testApp {
	t.Helper()
	return startTestAppFlags(t, dir)
}

// startTestAppFlags is startTestAppIn with extra flags (limits set low, for
// instance). Every answer the app gives is checked against the API document.
func startTestAppFlags(t testing.TB, dir string, args ...string) *testApp {
	t.Helper()
	cfg, err := parseConfig(append([]string{"-data", dir, "-mongodb-uri", ""}, args...))
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedWriter{w: &bytes.Buffer{}}
	texts := &lockedWriter{w: &bytes.Buffer{}}
	cfg.SMS.Out = texts
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: testLogLevel}))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.seedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	checkResponses(t, a)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.serveListener(ctx, ln) }()
	ta := &testApp{app: a, URL: "http://" + ln.Addr().String(), logs: logs, texts: texts}
	var once sync.Once
	ta.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("shutdown: %v", err)
				}
			case <-time.After(time.Minute):
				t.Error("shutdown took over a minute")
			}
		})
	}
	t.Cleanup(ta.stop)
	return ta
}

// client is a browser-like HTTP client: it keeps cookies and sends the CSRF
// token on writes, as the web shell does.
type client struct {
	t    testing.TB
	base string
	http *http.Client
	csrf string
}

func (ta *testApp) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: ta.URL, http: &http.Client{Jar: jar, Timeout: time.Minute}}
}

// login logs in a demo account and returns its client.
func (ta *testApp) login(t testing.TB, phone string) *client {
	t.Helper()
	c := ta.client(t)
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.mustJSON("POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": demoPassword}, 200, &out)
	c.csrf = out.CSRFToken
	return c
}

// do sends a request; body may be nil, a string/[]byte (sent as is) or a
// value encoded as JSON.
func (c *client) do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var r io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	// The property every HTTP test checks: no response shows a zero time
	// for one never set (modules/web/zerotime_test.go has the types' side).
	if bytes.Contains(data, []byte("0001-01-01T00:00:00")) {
		c.t.Errorf("%s %s: the response holds a zero time: %s", method, path, data)
	}
	return resp.StatusCode, data
}

// mustJSON sends a request, checks the status and decodes the answer into out.
func (c *client) mustJSON(method, path string, body any, want int, out any) {
	c.t.Helper()
	status, data := c.do(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// fieldError is one field's message in both languages.
type fieldError struct {
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// apiError is the one error shape.
type apiError struct {
	Error struct {
		Code      string                `json:"code"`
		Message   string                `json:"message"`
		MessageEn string                `json:"message_en"`
		Fields    map[string]fieldError `json:"fields"`
	} `json:"error"`
}

// mustError sends a request and checks it fails with the status and code.
func (c *client) mustError(method, path string, body any, wantStatus int, wantCode string) apiError {
	c.t.Helper()
	status, data := c.do(method, path, body)
	var e apiError
	if err := json.Unmarshal(data, &e); err != nil {
		c.t.Fatalf("%s %s: not the error shape: %s", method, path, data)
	}
	if status != wantStatus || (wantCode != "" && e.Error.Code != wantCode) {
		c.t.Fatalf("%s %s: %d %s, want %d %s: %s", method, path, status, e.Error.Code, wantStatus, wantCode, data)
	}
	if e.Error.Message == "" || e.Error.MessageEn == "" {
		c.t.Fatalf("%s %s: error lacks a message in both languages: %s", method, path, data)
	}
	return e
}

// orgID finds a demo org's ID by path.
func (ta *testApp) orgID(t testing.TB, path string) string {
	t.Helper()
	o, err := ta.orgs.ByPath(context.Background(), path)
	if err != nil {
		t.Fatalf("org %s: %v", path, err)
	}
	return o.ID
}
