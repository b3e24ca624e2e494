package main

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"yishi/modules/apidoc/apicheck"

	"github.com/getkin/kin-openapi/routers"

	"github.com/valyala/fasthttp"
)

// Every HTTP test checks every answer of the app against the API document:
// the request must be an operation the document describes, and the
// response (status, headers, body) must match that operation's schema. So
// the document cannot drift from the code.

// uncheckedRequests is the short list of requests the document does not
// describe, each with why. Every other request must be an operation of it.
var uncheckedRequests = []struct {
	why   string
	match func(method, path string) bool
}{
	{"Fiber answers HEAD for every GET and OPTIONS on its own; the document describes the GETs",
		func(method, _ string) bool { return method == http.MethodHead || method == http.MethodOptions }},
	{"the web shell's static files (index.html, scripts, styles, icons) are no API",
		func(_, path string) bool { return !isAPIRoute(path) }},
}

func unchecked(method, path string) bool {
	for _, u := range uncheckedRequests {
		if u.match(method, path) {
			return true
		}
	}
	return false
}

// apiDoc and openAPIRouter are the document and its router (apicheck).
var (
	apiDoc        = apicheck.Doc
	openAPIRouter = apicheck.Router
)

// checkResponses wraps the app's HTTP handler so each answer is checked
// against the document; a mismatch fails t. Benchmarks measure the app
// alone, so they are not wrapped.
func checkResponses(t testing.TB, a *app) {
	t.Helper()
	if _, bench := t.(*testing.B); bench {
		return
	}
	router, err := openAPIRouter()
	if err != nil {
		t.Fatal(err)
	}
	srv := a.http.Server()
	inner := srv.Handler
	srv.Handler = func(ctx *fasthttp.RequestCtx) {
		inner(ctx)
		notePageCall(t, router, ctx) // the UI coverage test's record (uicoverage_test.go)
		if err := checkResponse(router, ctx); err != nil {
			t.Errorf("%s %s → %d: %v", ctx.Method(), ctx.RequestURI(), ctx.Response.StatusCode(), err)
		}
	}
}

// answered are the operations ("GET /healthz") the tests' requests reached.
var answered sync.Map

// TestMain says, after the tests, how many of the document's operations
// their requests reached (with YISHI_OPENAPI_UNREACHED=1, which ones not).
func TestMain(m *testing.M) {
	code := m.Run()
	if router, err := openAPIRouter(); err == nil && router != nil {
		var ops, reached int
		var missed []string
		for _, o := range documentedOperations() {
			ops++
			if _, ok := answered.Load(o); ok {
				reached++
			} else {
				missed = append(missed, o)
			}
		}
		if reached > 0 {
			fmt.Printf("openapi: the tests reached %d of %d operations, each answer checked against the document\n", reached, ops)
			if os.Getenv("YISHI_OPENAPI_UNREACHED") != "" {
				sort.Strings(missed)
				fmt.Println("openapi: not reached:\n  " + strings.Join(missed, "\n  "))
			}
		}
	}
	os.Exit(code)
}

// documentedOperations are the document's operations as "METHOD /path".
func documentedOperations() []string {
	doc, err := apiDoc()
	if err != nil {
		return nil
	}
	var out []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	return out
}

// checkResponse checks one answer against its operation in the document
// (apicheck.Check) and records the operation the tests reached.
func checkResponse(router routers.Router, ctx *fasthttp.RequestCtx) error {
	if unchecked(string(ctx.Method()), string(ctx.Path())) {
		return nil
	}
	op, err := apicheck.Check(router, ctx)
	if op != "" {
		answered.Store(op, true)
	}
	return err
}

// The check itself: it passes a documented answer and fails a body that is
// not the schema, a status the operation does not list, and an operation
// the document does not describe.
func TestResponseCheckCatchesDrift(t *testing.T) {
	router, err := openAPIRouter()
	if err != nil {
		t.Fatal(err)
	}
	answer := func(method, uri string, status int, body string) error {
		var ctx fasthttp.RequestCtx
		ctx.Request.Header.SetMethod(method)
		ctx.Request.SetRequestURI(uri)
		ctx.Request.Header.SetHost("127.0.0.1")
		ctx.Response.SetStatusCode(status)
		ctx.Response.Header.SetContentType("application/json; charset=utf-8")
		ctx.Response.SetBodyString(body)
		return checkResponse(router, &ctx)
	}
	if err := answer("GET", "/healthz", 200, `{"status":"ok","store":"embedded"}`); err != nil {
		t.Errorf("a documented answer fails the check: %v", err)
	}
	for _, c := range []struct {
		method, uri string
		status      int
		body        string
	}{
		{"GET", "/healthz", 200, `{"status":5}`},
		{"GET", "/healthz", 418, `{"status":"ok","store":"embedded"}`},
		{"GET", "/api/v1/undocumented", 200, `{}`},
		{"DELETE", "/healthz", 200, `{}`},
	} {
		if err := answer(c.method, c.uri, c.status, c.body); err == nil {
			t.Errorf("%s %s → %d %s passes the check", c.method, c.uri, c.status, c.body)
		} else {
			t.Logf("%s %s → %d: %v", c.method, c.uri, c.status, err)
		}
	}
	if err := answer("GET", "/api/v1/undocumented", 404, `{"error":{}}`); err != nil {
		t.Errorf("the 404 of an unknown path fails the check: %v", err)
	}
	if err := answer("GET", "/index.html", 200, `<html>`); err != nil {
		t.Errorf("a static file fails the check: %v", err)
	}
}
