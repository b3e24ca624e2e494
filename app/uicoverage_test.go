package main

// The UI coverage test: every write operation of the API document is called
// by the page itself in some browser journey test, except the operations
// listed below as API-only by design (each with why) and those whose screen
// is not built yet (each with the issue that builds it).
//
// How the page's calls are known: checkResponses wraps every test app's
// handler, and notePageCall records each API request that came from the
// test browser (its User-Agent says HeadlessChrome; the Go test clients say
// Go-http-client), under the operation of the document it matched, per
// top-level test. TestUICoverage compares after the browser tests ran: only
// in the full run (YISHI_UI_COVERAGE=1, as .ci/run sets it), so that
// `go test ./app -run TestX` stays a targeted run. It then also checks that
// every TestBrowser… test of the package ran before it and its page reached
// the API, so a partial run or a broken mark fails instead of passing on
// too few calls.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/routers"
	"github.com/valyala/fasthttp"
)

// pageUserAgentMark is in the User-Agent of the headless Chromium that the
// browser tests drive (chromeOptions), and of nothing else the tests send.
const pageUserAgentMark = "HeadlessChrome"

// apiOnly are write operations no screen calls, by design, each with why.
var apiOnly = map[string]string{
	"PUT /api/v1/orgs/{id}/notices/{notice}": "always refused (negative list: a published notice never changes); " +
		"it exists so a government role's edit is answered with the rule, no screen offers it",
	"PUT /api/v1/orgs/{id}/filings/{filing}": "always refused (a filed outcome is corrected by the village and filed again); " +
		"it exists so an edit is answered with the rule, no screen offers it",
	"POST /api/v1/orgs/{id}/flows": "a county's adjusted deliberation flow is set up by its operator through the API " +
		"(a versioned JSON of steps), as the bench and the demo seed do; no villager or secretary adjusts a flow",
}

// notYetInPage are write operations whose screen is not built yet, each with
// the issue that builds it. The list only shrinks: TestUICoverage fails when
// the page calls one of them, so its line is removed as its screen lands.
var notYetInPage = map[string]string{}

// pageCalls holds, per top-level test, the set of operations ("POST
// /api/v1/orgs/{id}/votes") its browser called.
var pageCalls sync.Map // test name → *sync.Map of operation → true

// notePageCall records req as a call of the page when the test browser sent
// it. It runs after the app answered, in the test server's handler.
func notePageCall(t testing.TB, router routers.Router, ctx *fasthttp.RequestCtx) {
	if !bytes.Contains(ctx.Request.Header.UserAgent(), []byte(pageUserAgentMark)) {
		return
	}
	method, path := string(ctx.Method()), string(ctx.Path())
	if unchecked(method, path) {
		return
	}
	req, err := http.NewRequest(method, "http://"+string(ctx.Host())+string(ctx.RequestURI()), nil)
	if err != nil {
		return // checkResponse reports what is wrong with it
	}
	route, _, err := router.FindRoute(req)
	if err != nil {
		return // no operation of the document: checkResponse judges the 404
	}
	name, _, _ := strings.Cut(t.Name(), "/")
	set, _ := pageCalls.LoadOrStore(name, &sync.Map{})
	set.(*sync.Map).Store(strings.ToUpper(route.Method)+" "+route.Path, true)
}

// calledByPage is the union of the page's calls over the tests, and the
// tests whose page called anything.
func calledByPage() (ops map[string]bool, tests map[string]bool) {
	ops, tests = map[string]bool{}, map[string]bool{}
	pageCalls.Range(func(name, set any) bool {
		tests[name.(string)] = true
		set.(*sync.Map).Range(func(op, _ any) bool {
			ops[op.(string)] = true
			return true
		})
		return true
	})
	return ops, tests
}

// writeOperations and readOperations split the document's operations.
func splitOperations() (writes, reads []string) {
	for _, op := range documentedOperations() {
		if strings.HasPrefix(op, http.MethodGet+" ") {
			reads = append(reads, op)
		} else {
			writes = append(writes, op)
		}
	}
	sort.Strings(writes)
	sort.Strings(reads)
	return writes, reads
}

// TestUICoverageListsAreWriteOperations checks the two lists on every run:
// each line names a write operation of the document, with its reason or its
// issue, and no operation is on both.
func TestUICoverageListsAreWriteOperations(t *testing.T) {
	writes, _ := splitOperations()
	if len(writes) == 0 {
		t.Fatal("the document has no write operations: is it loaded?")
	}
	for name, list := range map[string]map[string]string{"apiOnly": apiOnly, "notYetInPage": notYetInPage} {
		for op, why := range list {
			if !slices.Contains(writes, op) {
				t.Errorf("%s lists %q, which is no write operation of the document", name, op)
			}
			if strings.TrimSpace(why) == "" {
				t.Errorf("%s lists %q without its reason", name, op)
			}
		}
	}
	for op := range apiOnly {
		if _, both := notYetInPage[op]; both {
			t.Errorf("%q is both API-only and not yet in the page: it is one or the other", op)
		}
	}
	for op, issue := range notYetInPage {
		if !strings.HasPrefix(issue, "issue ") {
			t.Errorf("notYetInPage: %q names no issue (want \"issue N: …\"): %q", op, issue)
		}
	}
}

// TestUICoverage compares the page's calls in the browser tests with the
// document's write operations. It runs in the full run only, after them.
func TestUICoverage(t *testing.T) {
	if os.Getenv("YISHI_UI_COVERAGE") != "1" {
		t.Skip("compares only in the full run, after every browser test: YISHI_UI_COVERAGE=1 go test ./app (as .ci/run does)")
	}
	called, ran := calledByPage()
	journeys, err := browserTestNames(".")
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, name := range journeys {
		if !ran[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("YISHI_UI_COVERAGE=1, but these browser tests did not run before TestUICoverage, or their page "+
			"made no API call (marked by %q in its User-Agent):\n  %s\nrun them all: "+
			"YISHI_BROWSER_TESTS=required YISHI_UI_COVERAGE=1 go test ./app -run 'TestBrowser|TestUICoverage'",
			pageUserAgentMark, strings.Join(missing, "\n  "))
	}

	writes, reads := splitOperations()
	var byPage, uncovered []string
	for _, op := range writes {
		_, only := apiOnly[op]
		issue, later := notYetInPage[op]
		switch {
		case called[op] && only:
			t.Errorf("%s is listed as API-only (%s), but the page calls it: remove it from apiOnly", op, apiOnly[op])
		case called[op] && later:
			t.Errorf("%s now has its screen (the page calls it): remove it from notYetInPage (%s)", op, issue)
		case called[op]:
			byPage = append(byPage, op)
		case !only && !later:
			uncovered = append(uncovered, op)
		}
	}
	for _, op := range uncovered {
		t.Errorf("%s: no browser test's page calls it; build its screen and drive it in a journey test, "+
			"or list it in apiOnly (with why) or notYetInPage (with its issue)", op)
	}
	t.Logf("write operations: %d; called by the page: %d; API-only by design: %d; not yet in the page: %d; uncovered: %d",
		len(writes), len(byPage), len(apiOnly), len(notYetInPage), len(uncovered))
	t.Logf("called by the page:\n  %s", strings.Join(byPage, "\n  "))
	logNotYetInPage(t)

	var unread []string
	for _, op := range reads {
		if !called[op] {
			unread = append(unread, op)
		}
	}
	t.Logf("read operations: %d; never called by the page (information, not a failure): %d\n  %s",
		len(reads), len(unread), strings.Join(unread, "\n  "))
}

// logNotYetInPage shows what is missing from the page, grouped by issue.
func logNotYetInPage(t *testing.T) {
	byIssue := map[string][]string{}
	for op, issue := range notYetInPage {
		byIssue[issue] = append(byIssue[issue], op)
	}
	issues := make([]string, 0, len(byIssue))
	for issue := range byIssue {
		issues = append(issues, issue)
	}
	sort.Strings(issues)
	var b strings.Builder
	for _, issue := range issues {
		ops := byIssue[issue]
		sort.Strings(ops)
		fmt.Fprintf(&b, "\n  %s:\n    %s", issue, strings.Join(ops, "\n    "))
	}
	if b.Len() > 0 {
		t.Logf("not yet in the page:%s", b.String())
	}
}

// browserTestNames are the TestBrowser… functions declared in the package's
// test files in dir: the journeys the full run must have driven.
func browserTestNames(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return nil, err
	}
	var names []string
	fset := token.NewFileSet()
	for _, f := range files {
		parsed, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		for _, d := range parsed.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "TestBrowser") {
				names = append(names, fn.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names, nil
}
