package main

// The UI coverage test: every write operation of the API document is called
// by the page itself in some browser journey test, except the operations
// listed below: API-only by design (apiOnly, each with why), with no screen
// yet (notYetInPage) and with a screen that no journey test taps yet
// (notYetDriven), each with the issue that will. The last two only shrink.
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
	"regexp"
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
	"POST /api/v1/orgs/{id}/complaints/{complaint}/return": "superseded in the page by …/finding (a finding and an order, V2026 Art. 36); kept for API clients until retired",
	"PUT /api/v1/orgs/{id}/publication-settings":           "the page sets the notice period in the one village-rules form (PUT village-rules, with every bound); this per-module setting stays for the API",
	"PUT /api/v1/orgs/{id}/proxy-settings":                 "the page sets the proxy cap in the one village-rules form (PUT village-rules); this per-module setting stays for the API",
	"PUT /api/v1/orgs/{id}/proposal-settings":              "the page sets the thresholds in the one village-rules form (PUT village-rules); this per-module setting stays for the API",
	"POST /api/v1/orgs/{id}/residents/import":              "the page imports after its dry run in parts with progress (residents/check, residents/import-part); the whole-file import is for API clients",
	"PUT /api/v1/orgs/{id}/notices/{notice}": "always refused (negative list: a published notice never changes); " +
		"it exists so a government role's edit is answered with the rule, no screen offers it",
	"PUT /api/v1/orgs/{id}/filings/{filing}": "always refused (a filed outcome is corrected by the village and filed again); " +
		"it exists so an edit is answered with the rule, no screen offers it",
}

// notYetInPage are write operations with no screen yet, each with the issue
// that builds it ("no open issue: …" where none does yet, for the planners).
// The list only shrinks: TestUICoverage fails when the page calls one of
// them, so its line goes when its screen lands.
var notYetInPage = map[string]string{
	// Issue 22 item 2: who is a member of the collective is imported with the
	// register (its optional collective_member column) and shown in it.
	"PUT /api/v1/orgs/{id}/residents/{no}/collective-member": "issue 22 (2): the operator's register page has no per-resident edit yet; the register file's collective_member column sets it in the page",
	// The street official's and the operator's work (issue 15).
	"PUT /api/v1/orgs/{id}/moral-settings": "no open issue: left from issue 15 (5), the village's appeal and warning-list periods",
	"POST /api/v1/orgs/{id}/points/tables": "no open issue: recording the points table a villagers' meeting adopted has no screen",
	"POST /api/v1/orgs/{id}/points/awards": "no open issue: awarding a household points for a service has no screen",
}

// notYetDriven are write operations whose screen exists (the file named)
// but no journey test taps it yet, each with the issue whose tests will.
// Like notYetInPage the list only shrinks.
var notYetDriven = map[string]string{
	// A resident's hall and desk (issue 16: journeys.md Resident 5, 9).
	"POST /api/v1/orgs/{id}/topics/{pid}/escalate": "no open issue: left from issue 16, proposal-detail.js, a secretary puts a topic past its threshold to the council " +
		"(in TestBrowserHallTopicBecomesCouncilProposal the topic escalates on its own)",
	// The moral board.
	"POST /api/v1/orgs/{id}/cases/{case}/notice":   "no open issue: moral-board.js, record notice given to the subject",
	"POST /api/v1/orgs/{id}/cases/{case}/recusals": "no open issue: moral-board.js, a member's recusal",
	"POST /api/v1/orgs/{id}/cases/{case}/appeal":   "no open issue: moral-case.js, the subject's appeal",
	// The supervision committee (issue 22 item 15): the notice's remark is driven in TestBrowserSupervisionMember…;
	// the minutes' one shares its panel (record-remarks.js) and is held by TestV2026Art37SupervisorRemarksOnNoticesAndMinutes.
	"POST /api/v1/orgs/{id}/meetings/{meeting}/minutes/{version}/remarks": "issue 22: minutes-page.js, a supervision member remarks on published minutes (same panel as the notice's, which the journey taps)",
}

// callsNothing are the browser tests whose page makes no API call by
// design, each with why; every other browser test must show its calls, so
// a broken User-Agent mark cannot pass for a full run.
var callsNothing = map[string]string{
	"TestBrowserResidentLinksOpenTheirPages": "checks links.js against the route table before anyone logs in (no session: the page asks nothing)",
}

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

// laterLists are the lists of operations the page does not call yet.
func laterLists() map[string]map[string]string {
	return map[string]map[string]string{"notYetInPage": notYetInPage, "notYetDriven": notYetDriven}
}

// screenFile is the static/js file a notYetDriven line names.
var screenFile = regexp.MustCompile(`[a-z][a-z0-9-]*\.js`)

// TestUICoverageListsAreWriteOperations checks the lists on every run: each
// line names a write operation of the document, with its reason or its
// issue, a notYetDriven line names an existing screen, and no operation is
// on two lists.
func TestUICoverageListsAreWriteOperations(t *testing.T) {
	writes, _ := splitOperations()
	if len(writes) == 0 {
		t.Fatal("the document has no write operations: is it loaded?")
	}
	lists := laterLists()
	lists["apiOnly"] = apiOnly
	on := map[string]string{}
	for name, list := range lists {
		for op, why := range list {
			if !slices.Contains(writes, op) {
				t.Errorf("%s lists %q, which is no write operation of the document", name, op)
			}
			if strings.TrimSpace(why) == "" {
				t.Errorf("%s lists %q without its reason", name, op)
			}
			if other, dup := on[op]; dup {
				t.Errorf("%q is on both %s and %s: it is one or the other", op, name, other)
			}
			on[op] = name
		}
	}
	for name, list := range laterLists() {
		for op, issue := range list {
			if !strings.HasPrefix(issue, "issue ") && !strings.HasPrefix(issue, "no open issue: ") {
				t.Errorf("%s: %q names no issue (want \"issue N…\" or \"no open issue: …\"): %q", name, op, issue)
			}
		}
	}
	for op, why := range notYetDriven {
		f := screenFile.FindString(why)
		if f == "" {
			t.Errorf("notYetDriven: %q names no screen file: %q", op, why)
			continue
		}
		if _, err := os.Stat(filepath.Join("..", "static", "js", f)); err != nil {
			t.Errorf("notYetDriven: %q names %s: %v", op, f, err)
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
		if !ran[name] && callsNothing[name] == "" {
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
	byPage, problems := judgeCoverage(writes, called, coverageLists{apiOnly, notYetInPage, notYetDriven})
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("write operations: %d; called by the page: %d; API-only by design: %d; "+
		"no screen yet: %d; a screen no journey test drives yet: %d; problems: %d",
		len(writes), len(byPage), len(apiOnly), len(notYetInPage), len(notYetDriven), len(problems))
	t.Logf("called by the page:\n  %s", strings.Join(byPage, "\n  "))
	logByIssue(t, "no screen yet (notYetInPage)", notYetInPage)
	logByIssue(t, "a screen no journey test drives yet (notYetDriven)", notYetDriven)

	var unread []string
	for _, op := range reads {
		if !called[op] {
			unread = append(unread, op)
		}
	}
	t.Logf("read operations: %d; never called by the page (information, not a failure): %d\n  %s",
		len(reads), len(unread), strings.Join(unread, "\n  "))
}

// coverageLists are the three lists of write operations the page does not
// call, each operation with its reason or issue.
type coverageLists struct{ apiOnly, notYetInPage, notYetDriven map[string]string }

// judgeCoverage compares the page's calls with the write operations: it
// returns the operations the page calls and what is wrong, an operation on
// a list that the page calls (the list is stale) or one the page does not
// call that is on no list.
func judgeCoverage(writes []string, called map[string]bool, l coverageLists) (byPage, problems []string) {
	for _, op := range writes {
		why, only := l.apiOnly[op]
		issue, later := l.notYetInPage[op]
		driven, undriven := l.notYetDriven[op]
		switch {
		case called[op] && only:
			problems = append(problems, fmt.Sprintf("%s is listed as API-only (%s), but the page calls it: remove it from apiOnly", op, why))
		case called[op] && later:
			problems = append(problems, fmt.Sprintf("%s now has its screen (the page calls it): remove it from notYetInPage (%s)", op, issue))
		case called[op] && undriven:
			problems = append(problems, fmt.Sprintf("%s is now driven by a journey test: remove it from notYetDriven (%s)", op, driven))
		case called[op]:
			byPage = append(byPage, op)
		case !only && !later && !undriven:
			problems = append(problems, fmt.Sprintf("%s: no browser test's page calls it; build its screen and drive it in a journey test, "+
				"or list it in apiOnly (with why), notYetInPage or notYetDriven (with its issue)", op))
		}
	}
	return byPage, problems
}

// TestJudgeCoverageFindsStaleAndMissingLines: the comparison passes a
// called or listed operation and names each kind of mistake.
func TestJudgeCoverageFindsStaleAndMissingLines(t *testing.T) {
	writes := []string{"POST /a", "POST /b", "POST /c", "POST /d", "POST /e", "POST /f"}
	lists := coverageLists{
		apiOnly:      map[string]string{"POST /b": "refused always", "POST /e": "bench"},
		notYetInPage: map[string]string{"POST /c": "issue 1: later", "POST /f": "issue 1: later"},
		notYetDriven: map[string]string{"POST /d": "issue 2: x.js"},
	}
	// /a called and on no list, the others listed and uncalled: all fine.
	byPage, problems := judgeCoverage(writes, map[string]bool{"POST /a": true}, lists)
	if !slices.Equal(byPage, []string{"POST /a"}) || len(problems) != 0 {
		t.Errorf("a covered set: byPage %v, problems %q", byPage, problems)
	}
	// Each listed operation the page calls is a stale line; /a uncalled and unlisted is missing.
	_, problems = judgeCoverage(writes, map[string]bool{"POST /b": true, "POST /c": true, "POST /d": true}, lists)
	want := []string{"POST /a: no browser", "POST /b is listed as API-only", "POST /c now has its screen", "POST /d is now driven"}
	if len(problems) != len(want) {
		t.Fatalf("problems %q, want %d", problems, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d is %q, want it to start %q", i, problems[i], w)
		}
	}
}

// logByIssue shows a list's operations grouped by the issue named first
// in each line ("issue 14", "no open issue").
func logByIssue(t *testing.T, title string, list map[string]string) {
	byIssue := map[string][]string{}
	for op, why := range list {
		issue, _, _ := strings.Cut(why, ":")
		issue, _, _ = strings.Cut(issue, " (")
		byIssue[issue] = append(byIssue[issue], op+"  ("+why+")")
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
		fmt.Fprintf(&b, "\n  %s (%d):\n    %s", issue, len(ops), strings.Join(ops, "\n    "))
	}
	t.Logf("%s: %d%s", title, len(list), b.String())
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
