package vote

import (
	"testing"

	"yishi/modules/law"
)

// Every meeting, supermajority and proxy rule cites a provision the texts
// in force have, and each threshold names its denominator.
func TestMeetingRulesCiteTheTextsInForce(t *testing.T) {
	rules := RuleTable()
	if len(rules) != len(Rules)+len(urbanBases)+len(Supermajorities)+len(proxyTable())+len(ceoTable()) {
		t.Fatalf("%d lines for %d rules and %d supermajorities", len(rules), len(Rules), len(Supermajorities))
	}
	for _, err := range law.CheckRules(rules) {
		t.Error(err)
	}
	for _, r := range rules {
		if r.Denominator == "" && r.Table != "proxy" && r.Table != "collective" && r.Table != "attendance" {
			t.Errorf("%s names no denominator", r.Key)
		}
	}
}

func TestThresholdWords(t *testing.T) {
	if got := moreThanHalf(Present).ZhWords(); got != "到会人员的过半数" {
		t.Errorf("zh %q", got)
	}
	if got := twoThirds(Members).ZhWords(); got != "全体组成人员的三分之二以上" {
		t.Errorf("zh %q", got)
	}
	if got := twoThirds(Adults).EnWords(); got != "at least 2/3 of all members aged 18 and over" {
		t.Errorf("en %q", got)
	}
}
