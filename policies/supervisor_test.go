package policies_test

import (
	"testing"

	"yishi/policies"
)

// TestV2026Art37SupervisorReadsAllNeverProposesVotesOrEdits: the supervisor
// role, held alone, reads the village's records and remarks and reports, but
// proposes, votes, records or edits nothing; a council member as such no
// longer remarks (the remark is the supervision committee's, V2026 Art. 37).
func TestV2026Art37SupervisorReadsAllNeverProposesVotesOrEdits(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	v := "/c/d/s1/v1"
	if err := e.SetAssignments("sup", []policies.Assignment{{Role: "supervisor", Scope: v}}); err != nil {
		t.Fatal(err)
	}
	if err := e.SetAssignments("cm", []policies.Assignment{{Role: "council_member", Scope: v}}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"proposal.read", "vote.read", "minutes.read", "outcome.read", "implementation.read",
		"implementation.remark", "outcome.remark", "minutes.remark", "supervision_report.create", "audit.read"} {
		obj, act := split(a)
		if ok, _ := e.Allowed("sup", v, obj, act); !ok {
			t.Errorf("a supervisor may not %s", a)
		}
		if ok, _ := e.Allowed("sup", "/c/d/s1/v2", obj, act); ok {
			t.Errorf("a supervisor may %s in another village", a)
		}
	}
	for _, a := range []string{"proposal.create", "proposal.cosign", "proposal.edit", "vote.cast", "vote.open", "vote.count",
		"minutes.record", "minutes.edit", "outcome.edit", "implementation.manage", "register.read"} {
		obj, act := split(a)
		if ok, _ := e.Allowed("sup", v, obj, act); ok {
			t.Errorf("a supervisor as such may %s", a)
		}
	}
	if ok, _ := e.Allowed("cm", v, "implementation", "remark"); ok {
		t.Error("a council member as such still remarks")
	}
}
