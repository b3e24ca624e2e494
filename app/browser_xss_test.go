package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Script and HTML payloads, each short enough for a 32-character name. Any
// of them that ran would set window.__xss or open a dialog.
var xssPayloads = []string{
	`<script>window.__xss=1</script>`,
	`<img src=x onerror=alert(1)>`,
	`<img src=x onerror=__xss=1>`,
	`"><svg onload=__xss=1>`,
	`<iframe srcdoc="<b>x">`,
}

// xssField is one text field a payload went into, and how to read it back.
type xssField struct {
	what, payload string
}

// xssVillage is a village whose every free-text field reachable through the
// API holds a payload: its name, its bodies' names, residents' names and
// groups (register import), an account's name, a proposal's title and text,
// a comment, a hall topic's title and text, and a vote's option labels.
type xssVillage struct {
	id, proposal, topic string
	phone               string
	fields              []xssField
}

func (x *xssVillage) payload(what string, parts ...int) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(xssPayloads[p%len(xssPayloads)])
	}
	x.fields = append(x.fields, xssField{what, b.String()})
	return b.String()
}

func injectXSS(t *testing.T, ta *testApp) *xssVillage {
	t.Helper()
	x := &xssVillage{phone: "13500000001"}
	operator := ta.login(t, "13800000004")
	var village struct{ ID, Path string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "xss", "name": x.payload("org name", 0, 1), "level": "village",
		"parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, &village)
	x.id = village.ID
	var csv strings.Builder
	csv.WriteString(header)
	for i := 0; i < 4; i++ {
		name := x.payload(fmt.Sprintf("resident name %d", i), i)
		group := ""
		if i == 0 {
			group = x.payload("resident group", 3)
		}
		fmt.Fprintf(&csv, "X%03d,XH%d,%q,男,1970-01-01,,%q,1\n", i, i, name, group)
	}
	operator.mustJSON("POST", "/api/v1/orgs/"+x.id+"/residents/import", strings.ReplaceAll(csv.String(), `\"`, `""`), 200, nil)
	operator.mustJSON("POST", "/api/v1/orgs/"+x.id+"/bodies", map[string]any{"id": "council", "kind": "council", "name": x.payload("council name", 2, 4),
		"members": []map[string]string{{"resident_no": "X000", "role": "secretary"}, {"resident_no": "X001", "role": "member"}}}, 201, nil)
	operator.mustJSON("POST", "/api/v1/orgs/"+x.id+"/bodies", map[string]any{"id": "hall", "kind": "hall", "name": x.payload("hall name", 3, 0),
		"members": []map[string]string{}}, 201, nil)
	operator.mustJSON("POST", "/api/v1/accounts", map[string]any{"phone": x.phone, "name": x.payload("account name", 1),
		"password": demoPassword, "village_id": x.id, "resident_no": "X000",
		"roles": []map[string]string{{"role": "resident", "scope": village.Path}, {"role": "secretary", "scope": village.Path}}}, 201, nil)

	author := ta.login(t, x.phone)
	var p struct{ ID string }
	author.mustJSON("POST", "/api/v1/orgs/"+x.id+"/proposals", map[string]any{"body_id": "council", "category": "environment", "flow": "minor",
		"title": x.payload("proposal title", 0, 2, 3), "body": x.payload("proposal text", 0, 1, 2, 3, 4)}, 201, &p)
	x.proposal = p.ID
	author.mustJSON("POST", "/api/v1/orgs/"+x.id+"/proposals/"+p.ID+"/submit", nil, 200, nil)
	author.mustJSON("POST", "/api/v1/orgs/"+x.id+"/proposals/"+p.ID+"/comments", map[string]any{"body": x.payload("comment", 4, 1, 0)}, 201, nil)
	var topic struct{ ID string }
	author.mustJSON("POST", "/api/v1/orgs/"+x.id+"/topics", map[string]any{"title": x.payload("topic title", 1, 3), "body": x.payload("topic text", 2, 0)}, 201, &topic)
	x.topic = topic.ID

	// A vote's option labels (its title comes from its subject).
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	author.mustJSON("POST", "/api/v1/orgs/"+x.id+"/votes", map[string]any{"subject_kind": "case", "subject_id": "c1", "meeting_kind": "villagers_meeting",
		"options": []map[string]string{{"key": "a", "label": x.payload("vote option 1", 0, 3)}, {"key": "b", "label": x.payload("vote option 2", 1, 2)}}}, 201, nil)
	return x
}

// TestXSSPayloadsComeBackLiterally: every payload is stored and served as
// the text it was, in JSON, never as HTML.
func TestXSSPayloadsComeBackLiterally(t *testing.T) {
	ta := startTestApp(t)
	x := injectXSS(t, ta)
	c := ta.login(t, x.phone)
	operator := ta.login(t, "13800000004")
	var answers strings.Builder
	for _, path := range []string{"/api/v1/orgs/" + x.id, "/api/v1/orgs/" + x.id + "/bodies", "/api/v1/me",
		"/api/v1/orgs/" + x.id + "/proposals/" + x.proposal, "/api/v1/orgs/" + x.id + "/proposals/" + x.proposal + "/comments",
		"/api/v1/orgs/" + x.id + "/topics", "/api/v1/orgs/" + x.id + "/proposals/" + x.topic, "/api/v1/orgs/" + x.id + "/votes"} {
		status, h, body := c.doHeader("GET", path, "")
		if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("GET %s: %d %s %q", path, status, h.Get("Content-Type"), body)
		}
		answers.WriteString(decodedStrings(t, body))
	}
	_, _, residents := operator.doHeader("GET", "/api/v1/orgs/"+x.id+"/residents", "")
	answers.WriteString(decodedStrings(t, residents))
	for _, f := range x.fields {
		if !strings.Contains(answers.String(), f.payload) {
			t.Errorf("%s does not come back as it was sent: %q", f.what, f.payload)
		}
	}
	t.Logf("%d text fields injected with script and HTML payloads, each served back literally as JSON", len(x.fields))
}

// decodedStrings is every string value of a JSON document, decoded, one a
// line.
func decodedStrings(t *testing.T, doc string) string {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not JSON: %s", doc)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v + "\n")
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// TestBrowserShowsXSSPayloadsAsText opens every page that shows the
// injected fields, logged in as the account whose name is a payload: no
// payload runs (window.__xss stays undefined, no dialog opens, no exception
// is thrown, no injected element exists), and each shows as literal text.
func TestBrowserShowsXSSPayloadsAsText(t *testing.T) {
	ta, b := startBrowserTest(t)
	x := injectXSS(t, ta)
	var mu sync.Mutex
	var dialogs []string
	// A dialog is recorded and dismissed (from another goroutine: a
	// listener may not send commands), so an alert cannot hang the test.
	if err := chromedp.Listen(b.ctx, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			mu.Lock()
			dialogs = append(dialogs, string(d.Type)+": "+d.Message)
			mu.Unlock()
			go func() {
				_, _ = chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	}); err != nil {
		t.Fatal(err)
	}
	field := func(what string) string {
		for _, f := range x.fields {
			if f.what == what {
				return f.payload
			}
		}
		t.Fatalf("no field %s", what)
		return ""
	}
	b.login(ta.URL, x.phone, demoPassword)
	pages := []struct {
		hash  string
		shows []string
	}{
		{"#/home", []string{"account name", "org name"}},
		{"#/lists", nil},
		{"#/proposals", []string{"org name"}},
		{"#/v/" + x.id + "/proposals", []string{"proposal title"}},
		{"#/v/" + x.id + "/p/" + x.proposal, []string{"proposal title", "proposal text", "comment", "account name"}},
		{"#/v/" + x.id + "/hall", []string{"topic title"}},
		{"#/v/" + x.id + "/p/" + x.topic, []string{"topic title", "topic text"}},
	}
	shown := map[string]bool{}
	for _, p := range pages {
		b.do("open "+p.hash, chromedp.Navigate(ta.URL+"/"+p.hash))
		b.waitJS(p.hash+" rendered", `document.body.innerText.length > 0`)
		for _, what := range p.shows {
			b.waitJS(what+" shown as text on "+p.hash, fmt.Sprintf(`document.body.innerText.includes(%s)`, jsString(field(what))))
			shown[what] = true
		}
		if got := b.eval(`String(typeof window.__xss)`); got != "undefined" {
			t.Fatalf("%s: a payload ran (window.__xss is %s)", p.hash, got)
		}
		// The shell's own import map (in the head, allowed by the CSP by its
		// hash) is the one inline script the page has.
		if n := b.eval(`String(document.querySelectorAll('img[src="x"], img[onerror], svg[onload], iframe, script:not([src]):not(head > script[type="importmap"])').length)`); n != "0" {
			t.Fatalf("%s: %s injected elements are in the page", p.hash, n)
		}
		if problems := b.takeProblems(); len(problems) > 0 {
			t.Fatalf("%s: %v", p.hash, problems)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Fatalf("dialogs opened: %v", dialogs)
	}
	t.Logf("%d fields injected; %d of them shown as literal text on %d pages; nothing ran", len(x.fields), len(shown), len(pages))
}
