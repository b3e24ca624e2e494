package minutes

import (
	"testing"

	"yishi/modules/law"
)

// Every rule of this module cites a provision the 2026 texts have.
func TestMinutesRulesCiteTheTextsInForce(t *testing.T) {
	for _, err := range law.CheckRules(RuleTable()) {
		t.Error(err)
	}
}
