package main

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// assistView is an assisted action as the API returns it.
type assistView struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	ResidentNo    string `json:"resident_no"`
	Status        string `json:"status"`
	HelperName    string `json:"helper_name"`
	ConfirmerName string `json:"confirmer_name"`
	Record        string `json:"record"`
	Mine          bool   `json:"mine"`
}

type assistedMark struct {
	HelperName    string `json:"helper_name"`
	ConfirmerName string `json:"confirmer_name"`
	At            string `json:"at"`
}

func (c *cycleKit) assist(by *client, kind, resident, target, purpose string) assistView {
	c.t.Helper()
	var a assistView
	by.mustJSON("POST", c.base+"/assist", map[string]any{"kind": kind, "resident_no": resident, "target": target,
		"purpose": purpose, "resident_present": true}, 201, &a)
	return a
}

func (c *cycleKit) signaturesOf(pid string) []struct {
	Name     string        `json:"name"`
	Assisted *assistedMark `json:"assisted"`
} {
	c.t.Helper()
	var out struct {
		Signatures []struct {
			Name     string        `json:"name"`
			Assisted *assistedMark `json:"assisted"`
		} `json:"signatures"`
	}
	c.chair.mustJSON("GET", proposalsPath(c.xl, "/", c.p.ID, "/signatures"), nil, 200, &out)
	return out.Signatures
}

// An assisted co-signature: recorded pending by the helper, nothing signed
// until the second person confirms; the helper cannot confirm their own;
// the confirmation signs once with the mark on the signature, in the audit
// log and in the resident's own history, and the resident is told; a
// retried (or racing) confirmation signs no second time.
func TestAssistedCosignNeedsTheSecondPersonThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	const xlPath = "/gz/hd/hs/xl"
	resident := c.account(xlPath, "R003")

	var choices struct {
		Choices map[string][]struct{ ID, Title string } `json:"choices"`
	}
	c.sec.mustJSON("GET", c.base+"/assist/choices", nil, 200, &choices)
	if !strings.Contains(c.p.ID, choices.Choices["cosign"][0].ID) || len(choices.Choices["certificate"]) == 0 {
		t.Fatalf("choices lack the proposal or the certificates: %+v", choices)
	}
	var found struct {
		Residents []struct {
			ResidentNo string `json:"resident_no"`
			Name       string `json:"name"`
		} `json:"residents"`
	}
	name := demoResidents(1)[2].Name
	c.sec.mustJSON("GET", c.base+"/assist/residents?q="+name[len("陈"):], nil, 200, &found)
	if len(found.Residents) == 0 || found.Residents[0].ResidentNo != "R003" {
		t.Fatalf("searching %q found %+v", name, found)
	}

	e := c.sec.mustError("POST", c.base+"/assist", map[string]any{"kind": "cosign", "resident_no": "R003", "target": c.p.ID}, 422, "invalid_fields")
	if e.Error.Fields["resident_present"].Message == "" {
		t.Fatalf("a helper without the resident present is refused without naming the field: %+v", e)
	}
	c.sec.mustError("POST", c.base+"/assist", map[string]any{"kind": "vote", "resident_no": "R003", "target": c.p.ID, "resident_present": true}, 422, "invalid_fields")

	a := c.assist(c.sec, "cosign", "R003", c.p.ID, "")
	if a.Status != "pending" || !a.Mine || len(c.signaturesOf(c.p.ID)) != 1 {
		t.Fatalf("recorded %+v; signatures %d (only the proposer's until confirmed)", a, len(c.signaturesOf(c.p.ID)))
	}
	confirm := c.base + "/assist/" + a.ID + "/confirm"
	c.sec.mustError("POST", confirm, nil, 403, "same_person")
	if n := len(c.signaturesOf(c.p.ID)); n != 1 {
		t.Fatalf("the helper's own confirmation signed: %d signatures", n)
	}

	var pending struct{ Actions []assistView }
	c.second.mustJSON("GET", c.base+"/assist/pending", nil, 200, &pending)
	if len(pending.Actions) != 1 || pending.Actions[0].ID != a.ID || pending.Actions[0].Mine {
		t.Fatalf("the second person's pending list: %+v", pending.Actions)
	}
	// The second person taps confirm twice at once, then once more.
	var wg sync.WaitGroup
	statuses := make([]int, 4)
	for i := range statuses {
		wg.Add(1)
		go func() { defer wg.Done(); statuses[i], _ = c.second.do("POST", confirm, nil) }()
	}
	wg.Wait()
	for _, st := range statuses {
		if st != 200 && st != 409 { // done (now or already), or another is doing it
			t.Fatalf("racing confirmations answered %v", statuses)
		}
	}
	var done struct {
		Action  assistView `json:"action"`
		Already bool       `json:"already"`
	}
	c.second.mustJSON("POST", confirm, nil, 200, &done)
	if !done.Already || done.Action.Status != "done" || done.Action.ConfirmerName != "居民R009" {
		t.Fatalf("a retried confirmation: %+v (racing ones answered %v)", done, statuses)
	}
	sigs := c.signaturesOf(c.p.ID)
	if len(sigs) != 2 || sigs[1].Assisted == nil || sigs[1].Assisted.HelperName != "居民R005" || sigs[1].Assisted.ConfirmerName != "居民R009" {
		t.Fatalf("signatures after confirmations %v: %+v", statuses, sigs)
	}
	if d := detail(c.chair, c.xl, c.p.ID); d.Proposal.Counts.Signatures != 2 {
		t.Fatalf("counted %d signatures", d.Proposal.Counts.Signatures)
	}

	var mine struct{ Actions []assistView }
	resident.mustJSON("GET", c.base+"/assisted-for-me", nil, 200, &mine)
	if len(mine.Actions) != 1 || mine.Actions[0].Status != "done" || mine.Actions[0].HelperName != "居民R005" {
		t.Fatalf("the resident's history: %+v", mine.Actions)
	}
	var notes struct {
		Items []struct{ Kind, Title string } `json:"notifications"`
	}
	resident.mustJSON("GET", "/api/v1/notifications", nil, 200, &notes)
	if !hasNote(notes.Items, "assisted", c.p.Title) {
		t.Fatalf("the resident was not told: %+v", notes.Items)
	}
	var audit struct {
		Entries []struct{ Action, Object, Detail string } `json:"entries"`
	}
	c.sec.mustJSON("GET", c.base+"/audit?limit=500", nil, 200, &audit)
	recorded, confirmed := 0, 0
	for _, en := range audit.Entries {
		if en.Object == a.ID && en.Action == "assist.record" {
			recorded++
		}
		if en.Object == a.ID && en.Action == "assist.confirm" && strings.Contains(en.Detail, "helper 居民R005") && strings.Contains(en.Detail, "confirmer 居民R009") {
			confirmed++
		}
	}
	if recorded != 1 || confirmed != 1 {
		t.Fatalf("audit: %d record and %d confirm entries for the action, want 1 and 1", recorded, confirmed)
	}
	// Done is done: the helper can no longer cancel it.
	c.sec.mustError("POST", c.base+"/assist/"+a.ID+"/cancel", nil, 409, "assist_not_pending")
}

func hasNote(items []struct{ Kind, Title string }, kind, title string) bool {
	for _, n := range items {
		if n.Kind == kind && n.Title == title {
			return true
		}
	}
	return false
}

// An assisted sign-in and certificate request: each is marked on the
// record the owning module keeps; a cancelled action cannot be confirmed;
// the owning module's rule refuses a second sign-in, and the action stays
// pending.
func TestAssistedSignInAndCertificateThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	mid := c.openMeeting("十二月议事会", c.p.ID)

	a := c.assist(c.sec, "sign_in", "R013", mid, "")
	c.second.mustJSON("POST", c.base+"/assist/"+a.ID+"/confirm", nil, 200, nil)
	var att struct {
		Attendance []struct {
			ResidentNo string        `json:"resident_no"`
			Counts     bool          `json:"counts"`
			Assisted   *assistedMark `json:"assisted"`
		} `json:"attendance"`
	}
	c.sec.mustJSON("GET", c.base+"/meetings/"+mid+"/attendance", nil, 200, &att)
	marked := false
	for _, x := range att.Attendance {
		marked = marked || x.ResidentNo == "R013" && x.Counts && x.Assisted != nil && x.Assisted.ConfirmerName == "居民R009"
	}
	if !marked {
		t.Fatalf("the assisted sign-in is not in the attendance with its mark: %+v", att)
	}
	again := c.assist(c.sec, "sign_in", "R013", mid, "")
	c.second.mustError("POST", c.base+"/assist/"+again.ID+"/confirm", nil, 409, "")
	var pending struct{ Actions []assistView }
	c.second.mustJSON("GET", c.base+"/assist/pending", nil, 200, &pending)
	if len(pending.Actions) != 1 || pending.Actions[0].ID != again.ID {
		t.Fatalf("a refused confirmation left %+v pending", pending.Actions)
	}
	c.second.mustError("POST", c.base+"/assist/"+again.ID+"/cancel", nil, 403, "not_helper")
	c.sec.mustJSON("POST", c.base+"/assist/"+again.ID+"/cancel", nil, 200, nil)
	c.second.mustError("POST", c.base+"/assist/"+again.ID+"/confirm", nil, 409, "assist_cancelled")

	// A resident with no account at all is helped the same way.
	noAccount := c.assist(c.sec, "cosign", "R014", c.p.ID, "")
	c.second.mustJSON("POST", c.base+"/assist/"+noAccount.ID+"/confirm", nil, 200, nil)
	if sigs := c.signaturesOf(c.p.ID); len(sigs) != 2 || sigs[1].Assisted == nil || sigs[1].Name != demoResidents(1)[13].Name {
		t.Fatalf("signatures after helping a resident without an account: %+v", sigs)
	}

	c.sec.mustError("POST", c.base+"/assist", map[string]any{"kind": "certificate", "resident_no": "R003", "target": "household_hardship", "resident_present": true}, 422, "invalid_fields")
	c.sec.mustError("POST", c.base+"/assist", map[string]any{"kind": "certificate", "resident_no": "R003", "target": "marriage", "purpose": "x", "resident_present": true}, 422, "invalid_fields")
	cert := c.assist(c.sec, "certificate", "R003", "household_hardship", "申请低保")
	var done struct {
		Action assistView `json:"action"`
	}
	c.second.mustJSON("POST", c.base+"/assist/"+cert.ID+"/confirm", nil, 200, &done)
	var desk struct {
		Requests []struct {
			ID         string        `json:"id"`
			ResidentNo string        `json:"resident_no"`
			Assisted   *assistedMark `json:"assisted"`
		} `json:"requests"`
	}
	c.sec.mustJSON("GET", c.base+"/service-requests", nil, 200, &desk)
	if len(desk.Requests) != 1 || desk.Requests[0].ID != done.Action.Record || desk.Requests[0].Assisted == nil || desk.Requests[0].ResidentNo != "R003" {
		t.Fatalf("the desk's requests: %+v (action %+v)", desk.Requests, done.Action)
	}
}

// Who may assist and confirm: a secretary or council member of the
// village; never a street official (the negative list, V2026 Art. 6 ¶1),
// nor a resident, nor a secretary of another village.
func TestAssistIsRefusedToOthersThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	a := c.assist(c.second, "cosign", "R003", c.p.ID, "") // a council member may help too
	official := c.ta.login(t, "13800000003")
	resident := c.account("/gz/hd/hs/xl", "R003")
	otherSec := c.ta.login(t, "13800000002") // secretary of 东田社区
	body := map[string]any{"kind": "cosign", "resident_no": "R004", "target": c.p.ID, "resident_present": true}
	for _, who := range []struct {
		name string
		c    *client
	}{{"street official", official}, {"resident", resident}, {"another village's secretary", otherSec}} {
		for _, req := range []struct{ method, path string }{
			{http.MethodPost, c.base + "/assist"}, {http.MethodPost, c.base + "/assist/" + a.ID + "/confirm"},
			{http.MethodGet, c.base + "/assist/pending"}, {http.MethodGet, c.base + "/assist/choices"},
		} {
			var b any
			if req.path == c.base+"/assist" {
				b = body
			}
			if s, data := who.c.do(req.method, req.path, b); s != 403 {
				t.Errorf("%s %s %s: %d %s", who.name, req.method, req.path, s, data)
			}
		}
	}
	if len(c.signaturesOf(c.p.ID)) != 1 {
		t.Fatal("a refused confirmation signed")
	}
	c.sec.mustJSON("POST", c.base+"/assist/"+a.ID+"/confirm", nil, 200, nil)
}
