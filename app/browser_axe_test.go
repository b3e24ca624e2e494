package main

// The accessibility check of the browser tests: axe-core (vendored in
// testdata/axe, no CDN) injected into the page as it is, run on the whole
// document, failing the test on any violation of impact serious or
// critical.

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		return "", fmt.Errorf("read the vendored axe-core: %w", err)
	}
	return string(b), nil
})

// axeViolation is one rule axe found broken, with where.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	Targets []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// axeRun is axe.run on the document; the result keeps only what a failure
// shows, so the value that crosses the protocol stays small.
const axeRun = `(async () => {
	const r = await axe.run(document, { resultTypes: ['violations'] });
	return r.violations.map((v) => ({ id: v.id, impact: v.impact || '', help: v.help,
		nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: (n.failureSummary || '').slice(0, 300) })) }));
})()`

// axeTally counts, across the pages one test checked, the violations of
// each rule (all impacts), to report before/after numbers.
type axeTally struct {
	pages  int
	byRule map[string]int // "rule (impact)" → nodes
}

// checkAxe injects axe-core into the current page (once per document) and
// runs it; a serious or critical violation fails the test, listed by rule,
// impact, target and help. Lesser ones are only counted in tally (if any).
func (b *browser) checkAxe(page string, tally *axeTally) {
	b.t.Helper()
	src, err := axeSource()
	if err != nil {
		b.t.Fatal(err)
	}
	if !runIn(b, "is axe in the page", chromedp.Evaluate[bool](`typeof window.axe === 'object'`)) {
		runIn(b, "inject axe-core", chromedp.Evaluate[chromedp.Void](src+"\n;undefined"))
	}
	vs := runIn(b, "run axe on "+page, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if tally != nil {
		tally.pages++
		if tally.byRule == nil {
			tally.byRule = map[string]int{}
		}
		for _, v := range vs {
			tally.byRule[v.ID+" ("+v.Impact+")"] += len(v.Targets)
		}
	}
	var bad []string
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		for _, n := range v.Targets {
			bad = append(bad, fmt.Sprintf("  %s [%s] at %s: %s\n    %s", v.ID, v.Impact, strings.Join(n.Target, " "), v.Help,
				strings.ReplaceAll(n.Summary, "\n", "\n    ")))
		}
	}
	if len(bad) > 0 {
		b.t.Errorf("axe on %s: %d serious or critical violations:\n%s", page, len(bad), strings.Join(bad, "\n"))
	}
}

// String is the tally as "N pages; rule (impact) ×n, …", rules sorted.
func (a *axeTally) String() string {
	rules := make([]string, 0, len(a.byRule))
	for r, n := range a.byRule {
		rules = append(rules, fmt.Sprintf("%s ×%d", r, n))
	}
	sort.Strings(rules)
	if len(rules) == 0 {
		rules = []string{"no violations"}
	}
	return fmt.Sprintf("%d pages checked; %s", a.pages, strings.Join(rules, ", "))
}

// TestBrowserAxeFindsViolations proves the check the page tour relies on
// works: on the public lists, a button with no name and grey-on-white text
// added to the page must come back as serious or critical violations.
func TestBrowserAxeFindsViolations(t *testing.T) {
	ta, b := startBrowserTest(t)
	b.do("open the lists from the login page",
		chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("link-lists")), chromedp.Click(chromedp.ID("link-lists")),
		chromedp.WaitVisible(chromedp.ID("list-negative")))
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	runIn(b, "inject axe-core", chromedp.Evaluate[chromedp.Void](src+"\n;undefined"))
	if vs := runIn(b, "axe on the lists", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise)); len(vs) != 0 {
		t.Logf("the lists page has violations before the bad markup: %+v", vs)
	}
	runIn(b, "add bad markup", chromedp.Evaluate[chromedp.Void](`(() => {
		const v = document.getElementById('view');
		v.append(Object.assign(document.createElement('button'), { id: 'nameless' }));
		const p = Object.assign(document.createElement('p'), { id: 'faint', textContent: '看不清的字' });
		p.style.color = '#ccc';
		v.append(p);
	})()`))
	vs := runIn(b, "axe after", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	found := map[string]string{}
	for _, v := range vs {
		for _, n := range v.Targets {
			found[strings.Join(n.Target, " ")] = v.ID + " " + v.Impact
		}
	}
	for target, want := range map[string]string{"#nameless": "button-name critical", "#faint": "color-contrast serious"} {
		if found[target] != want {
			t.Errorf("axe on %s: %q, want %q (all: %v)", target, found[target], want, found)
		}
	}
}
