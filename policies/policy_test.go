package policies_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"yishi/policies"
)

// The test's own statement of who may do what, written independently of
// policy.csv. The test fails if the two disagree in either direction, so a
// policy line without a case here, or a case without a line, is caught.
var (
	allowed = map[string][]string{
		"resident": {"org.read", "proposal.read", "proposal.create", "proposal.edit", "proposal.cosign", "comment.create", "vote.cast",
			"minutes.read", "outcome.read", "objection.create", "complaint.create", "service_request.create",
			"proposal.follow", "amendment.create", "amendment.decide", "topic.create", "topic.support", "vote.read",
			"attendance.sign", "minutes.confirm", "implementation.read",
			"case.create", "case.read", "case.respond", "case.appeal", "points.read", "home.read", "notification.read", "assist.read",
			"recall.respond", "evaluation.read", "audit_demand.read"},
		"council_member": {"proposal.deliberate", "vote.cast", "vote.count", "attendance.confirm", "worklist.read", "home.read", "notification.read",
			"assist.record", "assist.confirm"},
		"board_member": {"case.hear", "case.decide", "vote.cast", "home.read", "notification.read"},
		// V2026 Art. 37; U2026 Art. 36: the supervision committee's members read all and remark and report.
		"supervisor": {"org.read", "proposal.read", "vote.read", "minutes.read", "outcome.read", "implementation.read", "implementation.remark",
			"outcome.remark", "minutes.remark", "complaint.read", "audit.read", "alert.read", "supervision.read", "supervision_report.create", "supervision_report.read",
			"home.read", "notification.read",
			// It hosts the evaluation (V2026 Art. 38 ¶1) and supervises finances, audits included.
			"evaluation.open", "evaluation.close", "evaluation.read", "audit_demand.read", "worklist.read"},
		"secretary": {"org.read", "register.read", "meeting.schedule", "attendance.record", "attendance.confirm", "worklist.read", "minutes.record", "minutes.publish",
			"vote.open", "vote.close", "proposal.advance", "objection.answer", "outcome.file", "audit.read",
			"vote.count", "proxy.record", "flow.manage", "complaint.read", "complaint.comply", "implementation.manage", "alert.read",
			"points.manage", "moral_list.manage", "service_request.handle", "home.read", "notification.read",
			"household_card.issue", "household_card.revoke", "household_card.use", "assist.record", "assist.confirm",
			"evaluation.read", "audit_demand.read"},
		"street_official": {"outcome.read", "filing.review", "filing.return", "guidance.publish", "complaint.return", "complaint.answer",
			"audit.read", "dashboard.read", "service_request.answer", "training.provide", "proposal.read", "vote.read", "complaint.read", "alert.read",
			"task.assign", "home.read", "notification.read", "supervision_report.read", "supervision_report.answer",
			"audit_demand.read", "audit_demand.record", "evaluation.read"},
		"district_official": {"outcome.read", "dashboard.read", "alert.read", "guidance.publish", "service_request.answer", "home.read", "notification.read",
			"supervision_report.read", "supervision_report.answer"},
		"city_official": {"outcome.read", "dashboard.read", "alert.read", "guidance.publish", "home.read", "notification.read"},
		"operator":      {"org.read", "org.manage", "body.manage", "register.read", "register.import", "relatives.record", "account.manage", "village_rules.set", "certificate_catalogue.set", "audit.read", "home.read", "notification.read"},
	}
	// The negative list (V2026 Art. 6 ¶1, V2026 Art. 31 ¶3): government roles never propose,
	// co-sign, vote, record or edit minutes, change a proposal or a result, or
	// decide; the operator never writes ballots, minutes or decisions.
	governmentDenied = []string{"proposal.create", "proposal.cosign", "proposal.edit", "vote.cast", "minutes.record",
		"minutes.edit", "outcome.edit", "outcome.decide", "vote.open", "vote.close", "vote.count", "implementation.manage",
		"case.create", "case.hear", "case.decide", "moral_list.manage", "points.manage",
		// 代办 (modules/assist): no government role acts for a resident or confirms it.
		"assist.record", "assist.confirm", "household_card.use"}
	denied = map[string][]string{
		// A street official never signs (proposal.cosign), votes (vote.cast)
		// or evaluates: the evaluation is the village's, hosted by its
		// supervision committee (V2026 Art. 38 ¶1).
		"street_official":   append([]string{"topic.create", "comment.create", "implementation.remark", "outcome.remark", "minutes.remark", "supervision_report.create", "evaluation.open", "evaluation.close"}, governmentDenied...),
		"district_official": append([]string{"implementation.remark", "outcome.remark", "minutes.remark", "supervision_report.create"}, governmentDenied...),
		"city_official":     append([]string{"implementation.remark", "outcome.remark", "minutes.remark", "supervision_report.create"}, governmentDenied...),
		"operator":          {"vote.cast", "minutes.record", "minutes.edit", "outcome.edit", "outcome.decide", "vote.count", "vote.close", "case.decide"},
	}
	// Where each role is assigned in the test tree.
	assignedAt = map[string]string{
		"resident": "/c/d/s1/v1", "council_member": "/c/d/s1/v1", "board_member": "/c/d/s1/v1", "secretary": "/c/d/s1/v1", "supervisor": "/c/d/s1/v1",
		"street_official": "/c/d/s1", "district_official": "/c/d", "city_official": "/c", "operator": "/",
	}
)

// reaches says, by hand, which of the four places each role's assignment
// covers (not computed with IsUnder, so a broken IsUnder fails the matrix).
var reaches = map[string][]string{
	"resident": {"own village"}, "council_member": {"own village"}, "board_member": {"own village"}, "secretary": {"own village"}, "supervisor": {"own village"},
	"street_official":   {"own village", "another village", "the street above"},
	"district_official": {"own village", "another village", "the street above", "another street"},
	"city_official":     {"own village", "another village", "the street above", "another street"},
	"operator":          {"own village", "another village", "the street above", "another street"},
}

// The four places a request can act on, relative to the village roles' home.
// s10 is there because keyMatch would let /c/d/s1 reach /c/d/s10.
var places = []struct{ name, path string }{
	{"own village", "/c/d/s1/v1"},
	{"another village", "/c/d/s1/v2"},
	{"the street above", "/c/d/s1"},
	{"another street", "/c/d/s10/v3"},
}

func actions() []string {
	var all []string
	for _, as := range allowed {
		all = append(all, as...)
	}
	for _, as := range denied {
		all = append(all, as...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

func split(action string) (string, string) {
	for i := range action {
		if action[i] == '.' {
			return action[:i], action[i+1:]
		}
	}
	panic("bad action " + action)
}

func TestEveryPolicyLineHasACaseAndEveryCaseALine(t *testing.T) {
	lines := fileLines(t)
	inFile := map[string]bool{}
	for _, l := range lines {
		key := fmt.Sprintf("%s %s.%s %s", l.Role, l.Obj, l.Act, l.Effect)
		if inFile[key] {
			t.Errorf("policy line repeated: %s", key)
		}
		inFile[key] = true
		want := allowed[l.Role]
		if l.Effect == "deny" {
			want = denied[l.Role]
		}
		if !slices.Contains(want, l.Obj+"."+l.Act) {
			t.Errorf("policy line %q has no case in the matrix test", key)
		}
	}
	for role, as := range allowed {
		for _, a := range as {
			if !inFile[role+" "+a+" allow"] {
				t.Errorf("matrix expects %s may %s, but no policy line allows it", role, a)
			}
		}
	}
	for role, as := range denied {
		for _, a := range as {
			if !inFile[role+" "+a+" deny"] {
				t.Errorf("matrix expects the negative list to forbid %s to %s, but no deny line does", role, a)
			}
		}
	}
}

// TestRoleActionPlaceMatrix walks every role x every action x every place
// through the real enforcer.
func TestRoleActionPlaceMatrix(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	for role, scope := range assignedAt {
		if err := e.SetAssignments("user-"+role, []policies.Assignment{{Role: role, Scope: scope}}); err != nil {
			t.Fatal(err)
		}
	}
	cells := 0
	for _, r := range policies.Roles {
		for _, action := range actions() {
			obj, act := split(action)
			for _, p := range places {
				want := slices.Contains(allowed[r.Name], action) && slices.Contains(reaches[r.Name], p.name)
				got, err := e.Allowed("user-"+r.Name, p.path, obj, act)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s %s in %s (%s): allowed=%v, want %v", r.Name, action, p.name, p.path, got, want)
				}
				cells++
			}
		}
	}
	t.Logf("%d cells checked", cells)
}

// TestV2026Art6NegativeListBeatsAnyAllow: a government role (or the operator) who
// also holds every village role in the same village is still refused every
// negative-list action there. No allow line can override a deny line.
func TestV2026Art6NegativeListBeatsAnyAllow(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	for role, actions := range denied {
		subject := "both-" + role
		err := e.SetAssignments(subject, []policies.Assignment{
			{Role: role, Scope: assignedAt[role]},
			{Role: "resident", Scope: "/c/d/s1/v1"}, {Role: "council_member", Scope: "/c/d/s1/v1"},
			{Role: "board_member", Scope: "/c/d/s1/v1"}, {Role: "secretary", Scope: "/c/d/s1/v1"},
			{Role: "supervisor", Scope: "/c/d/s1/v1"},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, action := range actions {
			obj, act := split(action)
			got, err := e.Allowed(subject, "/c/d/s1/v1", obj, act)
			if err != nil {
				t.Fatal(err)
			}
			if got {
				t.Errorf("negative list: %s who is also a resident may %s in the village", role, action)
			}
		}
	}
}

func TestIsUnder(t *testing.T) {
	cases := []struct {
		path, scope string
		want        bool
	}{
		{"/gz/hd/hs/dt", "/gz/hd/hs", true},
		{"/gz/hd/hs", "/gz/hd/hs", true},
		{"/gz/hd/hs10/dt", "/gz/hd/hs", false}, // the keyMatch leak
		{"/gz/hd", "/gz/hd/hs", false},
		{"/gz/hd/hs", "/", true},
		{"/gz/hdx", "/gz/hd", false},
	}
	for _, c := range cases {
		if got := policies.IsUnder(c.path, c.scope); got != c.want {
			t.Errorf("IsUnder(%q, %q) = %v, want %v", c.path, c.scope, got, c.want)
		}
	}
}

func TestRemovingAnAssignmentTakesEffectAtOnce(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.SetAssignments("u", []policies.Assignment{{Role: "secretary", Scope: "/c/d/s1/v1"}}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.Allowed("u", "/c/d/s1/v1", "minutes", "publish"); !ok {
		t.Fatal("secretary cannot publish minutes")
	}
	if err := e.SetAssignments("u", []policies.Assignment{{Role: "resident", Scope: "/c/d/s1/v1"}}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.Allowed("u", "/c/d/s1/v1", "minutes", "publish"); ok {
		t.Fatal("a former secretary can still publish minutes")
	}
}

func TestPublishedListsAreTheEnforcedLines(t *testing.T) {
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	pub := e.Published()
	total := 0
	for list, lines := range pub {
		for _, l := range lines {
			if l.List != list || l.Zh == "" || l.En == "" || l.RoleZh == "" {
				t.Errorf("published line %+v is incomplete", l)
			}
		}
		total += len(lines)
	}
	if total != len(e.Lines()) {
		t.Fatalf("published %d lines, enforced %d", total, len(e.Lines()))
	}
	if len(pub[policies.ListNegative]) == 0 || len(pub[policies.ListPowers]) == 0 || len(pub[policies.ListServices]) == 0 {
		t.Fatal("a list is empty")
	}
}

// Every line of the three government lists cites the texts in force (V2026,
// U2026, or a document by number), and each citation carries its words; a
// 2018 number, a bare article or one the 2026 text lacks stops the file.
func TestPolicyBasisColumnCitesTextsInForce(t *testing.T) {
	lines := fileLines(t)
	for _, l := range lines {
		if l.List != policies.ListRoles && len(l.Provisions) == 0 {
			t.Errorf("%s %s %s.%s: no provision", l.List, l.Role, l.Obj, l.Act)
		}
		for _, p := range l.Provisions {
			if !strings.Contains(p.Citation, "〔") && p.Words == "" {
				t.Errorf("%s %s.%s: %s has no words", l.Role, l.Obj, l.Act, p.Citation)
			}
		}
	}
	for _, basis := range []string{"村委会组织法第5条", "V2026 Art. 51", "V2018 Art. 22", "Art. 26", ""} {
		line := "negative,street_official,vote,cast,deny," + basis + ",不得参与村民表决,Must not vote\n"
		if _, err := policies.ParseLines(strings.NewReader(line)); err == nil {
			t.Errorf("basis %q accepted", basis)
		}
	}
}

// fileLines reads the shipped policy.csv.
func fileLines(t *testing.T) []policies.Line {
	t.Helper()
	f, err := os.Open("policy.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := policies.ParseLines(f)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}
