package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"yishi/policies"
)

// canCase is one question put to both the page's can() (static/js/auth.js)
// and the server's Casbin enforcer: may an account holding these role
// assignments do act on obj in the org at dom? An empty dom asks can()
// without one (every held role counts); the enforcer is asked at the
// assignments' own scope then.
type canCase struct {
	Roles []policies.Assignment `json:"roles"`
	Obj   string                `json:"obj"`
	Act   string                `json:"act"`
	Dom   string                `json:"dom,omitempty"`
}

// canCases is the whole matrix: every role alone and every pair of roles,
// over one scope, times every (object, action) of policy.csv and one that
// no line names, asked at the scope, under it, outside it and without a
// domain. Pairs are where a negative-list line meets another role's allow
// line, so every deny line is put against every allow of the same action.
func canCases(lines []policies.Line) []canCase {
	type objAct struct{ obj, act string }
	var acts []objAct
	for _, l := range lines {
		if !slices.Contains(acts, objAct{l.Obj, l.Act}) {
			acts = append(acts, objAct{l.Obj, l.Act})
		}
	}
	acts = append(acts, objAct{"nothing", "ever"})
	const scope = "/gz/hd"
	var holders [][]policies.Assignment
	for i, a := range policies.Roles {
		holders = append(holders, []policies.Assignment{{Role: a.Name, Scope: scope}})
		for _, b := range policies.Roles[i+1:] {
			holders = append(holders, []policies.Assignment{{Role: a.Name, Scope: scope}, {Role: b.Name, Scope: scope}})
		}
	}
	var out []canCase
	for _, h := range holders {
		for _, oa := range acts {
			for _, dom := range []string{"", scope, scope + "/v1", "/gz/hx", "/gz/hd1"} {
				out = append(out, canCase{Roles: h, Obj: oa.obj, Act: oa.act, Dom: dom})
			}
		}
	}
	return out
}

// TestBrowserCanAgreesWithEnforcer loads the page and asks its one
// permission check, can() of auth.js with the policy lines the page fetches
// (/api/v1/policies/lists), the whole role × action matrix; each answer must
// be the server enforcer's (policies.New, the same model and policy.csv).
func TestBrowserCanAgreesWithEnforcer(t *testing.T) {
	findBrowser(t) // skip before the slow part on a machine without one
	enf, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := canCases(enf.Lines())
	want := enforcerAnswers(t, enf, cases)
	input, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	ta, b := startBrowserTest(t)
	b.do("open the page and its lists", chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("link-lists")),
		chromedp.Click(chromedp.ID("link-lists")), chromedp.WaitVisible(chromedp.CSS("#list-negative li")))
	// The page's own module instance: the same auth.js the views import.
	expr := fmt.Sprintf(`(async () => {
		const auth = await import('/js/auth.js');
		auth.state.lists = null;
		await auth.loadPolicy();
		if (!auth.state.lists || !auth.state.lists.negative) throw new Error('policy lines not loaded');
		const saved = auth.state.me;
		try {
			return %s.map((c) => {
				auth.state.me = { roles: c.roles, powers: [] };
				return c.dom ? auth.can(c.obj, c.act, c.dom) : auth.can(c.obj, c.act);
			});
		} finally {
			auth.state.me = saved;
		}
	})()`, input)
	got := runIn(b, "can() over the matrix", chromedp.Evaluate[[]bool](expr, chromedp.EvalAwaitPromise))
	if len(got) != len(cases) {
		t.Fatalf("can() answered %d cases, want %d", len(got), len(cases))
	}
	denied := 0 // cases where an allow line matched but a deny line won
	for i, c := range cases {
		if got[i] != want[i] {
			t.Errorf("can(%s, %s, %q) for %v = %v, the enforcer says %v", c.Obj, c.Act, c.Dom, c.Roles, got[i], want[i])
		}
		if !want[i] && holdsAllow(enf.Lines(), c) && (c.Dom == "" || policies.IsUnder(c.Dom, c.Roles[0].Scope)) {
			denied++
		}
	}
	if denied == 0 {
		t.Error("no case puts a negative-list line against an allow line: the matrix does not test deny")
	}
	t.Logf("%d cases, %d of them an allow overridden by a deny line", len(cases), denied)
}

// enforcerAnswers asks the enforcer each case, one subject per set of
// assignments; a case without a domain is asked at the assignments' scope.
func enforcerAnswers(t *testing.T, enf *policies.Enforcer, cases []canCase) []bool {
	t.Helper()
	subjects := map[string]string{} // assignments (as JSON) -> subject
	out := make([]bool, len(cases))
	for i, c := range cases {
		key, _ := json.Marshal(c.Roles)
		sub, ok := subjects[string(key)]
		if !ok {
			sub = fmt.Sprintf("holder-%d", len(subjects))
			subjects[string(key)] = sub
			if err := enf.SetAssignments(sub, c.Roles); err != nil {
				t.Fatal(err)
			}
		}
		dom := c.Dom
		if dom == "" {
			dom = c.Roles[0].Scope
		}
		ok, err := enf.Allowed(sub, dom, c.Obj, c.Act)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = ok
	}
	return out
}

// holdsAllow reports whether some role of the case has an allow line for
// its object and action.
func holdsAllow(lines []policies.Line, c canCase) bool {
	for _, l := range lines {
		if l.Effect == "allow" && l.Obj == c.Obj && l.Act == c.Act && slices.ContainsFunc(c.Roles, func(a policies.Assignment) bool { return a.Role == l.Role }) {
			return true
		}
	}
	return false
}
