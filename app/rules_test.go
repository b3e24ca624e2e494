package main

import (
	"strings"
	"testing"

	"yishi/modules/law"
)

// Item 1 of issue 22: every rule in the rule tables cites a provision the
// 2026 texts have, and the rules page serves each rule with its article
// number and the article's words; the published lists carry theirs too.
func TestEveryRuleCitesTheTextsInForceThroughHTTP(t *testing.T) {
	for _, err := range law.CheckRules(ruleTables()) {
		t.Error(err)
	}
	ta := startTestApp(t)
	var page struct {
		Rules []law.QuotedRule `json:"rules"`
	}
	ta.client(t).mustJSON("GET", "/api/v1/rules", nil, 200, &page)
	if len(page.Rules) != len(ruleTables()) {
		t.Fatalf("%d rules served, %d in the tables", len(page.Rules), len(ruleTables()))
	}
	seen := map[string]bool{}
	for _, r := range page.Rules {
		if seen[r.Table+"/"+r.Key] {
			t.Errorf("rule %s/%s twice", r.Table, r.Key)
		}
		seen[r.Table+"/"+r.Key] = true
		if len(r.Provisions) == 0 || r.Zh == "" || r.En == "" {
			t.Errorf("rule %s/%s: %+v", r.Table, r.Key, r)
		}
		for _, p := range r.Provisions {
			if !strings.Contains(p.Citation, " Art. ") || p.Words == "" || !strings.HasPrefix(p.Zh, "《") {
				t.Errorf("rule %s/%s: provision %+v", r.Table, r.Key, p)
			}
		}
	}
	var meeting law.QuotedRule
	for _, r := range page.Rules {
		if r.Table == "meeting" && r.Key == "villagers_meeting" {
			meeting = r
		}
	}
	if meeting.Basis != "V2026 Art. 26 ¶1" || meeting.Denominator != "present" || !strings.Contains(meeting.Provisions[0].Words, "到会人员的过半数通过") {
		t.Errorf("villagers' meeting rule %+v", meeting)
	}
	var lists map[string][]struct {
		Basis      string       `json:"basis"`
		Provisions []law.Quoted `json:"provisions"`
	}
	ta.client(t).mustJSON("GET", "/api/v1/policies/lists", nil, 200, &lists)
	for _, l := range lists["negative"] {
		if len(l.Provisions) == 0 || strings.Contains(l.Basis, "第5条") {
			t.Errorf("negative line %+v", l)
		}
	}
}
