package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// accountPhone is propKit.account that also returns the phone, for a
// browser to log in with.
func (k *propKit) accountPhone(villagePath, residentNo string, roles ...string) (*client, string) {
	k.t.Helper()
	var assignments []map[string]string
	for _, r := range roles {
		assignments = append(assignments, map[string]string{"role": r, "scope": villagePath})
	}
	phone := fmt.Sprintf("136%08d", propPhones.Add(1))
	k.operator.mustJSON("POST", "/api/v1/accounts", map[string]any{
		"phone": phone, "name": "居民" + residentNo, "password": demoPassword, "roles": assignments,
		"village_id": k.ta.orgID(k.t, villagePath), "resident_no": residentNo,
	}, 201, nil)
	return k.ta.login(k.t, phone), phone
}

// filedCouncilDecision runs a council meeting of 小罗村 to a filed outcome
// through the API (starting data): the proposal through its steps, voted
// 3–0 in the meeting (chair R001, secretary R005, member R009), the minutes
// confirmed and published, which opens its notice; the notice period over,
// the outcome filed with the street. It returns the proposal and notice ids.
func filedCouncilDecision(t *testing.T, r *revokeKit, title string) (string, string) {
	t.Helper()
	k, ta, secretary := r.k, r.k.ta, r.secretary
	chair, member := r.voters.of("R001"), r.voters.of("R009")
	base := "/api/v1/orgs/" + k.xl
	p := submitted(r.voters.of("R003"), k.xl, map[string]any{"body_id": "council", "title": title, "category": "other", "flow": "minor"})
	advance(secretary, k.xl, p.ID, "proposal", nil)
	advance(secretary, k.xl, p.ID, "deliberation", nil)
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "议事会会议",
		"place": "村委会", "agenda": []string{p.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var code struct{ Code string }
	secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &code)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code.Code}, 201, nil)
	}
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "council", "body_id": "council"}, 201, &v)
	for _, c := range []*client{chair, secretary, member} {
		c.mustJSON("POST", base+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+v.ID+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "vote_ids": []string{v.ID}}, 201, nil)
	for _, c := range []*client{chair, member, secretary} {
		c.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)
	}
	secretary.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, nil)
	var board struct {
		Notices []struct {
			ID         string `json:"id"`
			ProposalID string `json:"proposal_id"`
		}
	}
	secretary.mustJSON("GET", base+"/board", nil, 200, &board)
	nid := ""
	for _, n := range board.Notices {
		if n.ProposalID == p.ID {
			nid = n.ID
		}
	}
	if nid == "" {
		t.Fatalf("no notice of %s on the board: %+v", p.ID, board)
	}
	ta.clock.advance(15*24*time.Hour + time.Minute)
	secretary.mustJSON("POST", base+"/filings", map[string]string{"kind": "outcome", "notice_id": nid}, 201, nil)
	return p.ID, nid
}

// TestBrowserSecretaryRecordsAuthorisationAndRepresentativesRevoke: in 小罗村
// the council decided a monthly parking fee; it is on the board and filed
// with the street (starting data), and the villagers' meeting has adopted
// an authorisation of the representatives' meeting. The secretary records
// it from home, picking the resolution by its title (V2026 Art. 27 ¶2).
// The representatives' meeting then revokes the fee (its vote is the
// meeting journey's, set up through the API), and the revocation shows,
// with a link to the revoking decision, on the proposals list, on the
// board and its notice, and on the street official's queue and review page.
func TestBrowserSecretaryRecordsAuthorisationAndRepresentativesRevoke(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 4*time.Minute)
	k := propKitOn(t, ta)
	secretary, phone := k.accountPhone(xlPath, "R005", "resident", "council_member", "secretary")
	r := &revokeKit{k: k, voters: &villageVoters{k: k, path: xlPath}, secretary: secretary}
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "representatives", "kind": "association",
		"name": "村民代表", "members": seats([]string{"R002", "R003", "R006"})}, 201, nil)
	decision, nid := filedCouncilDecision(t, r, xlDecided)
	r.adoptAuthorisation()
	r.revoking = submitted(r.voters.of("R003"), k.xl, map[string]any{"body_id": "council", "title": xlRevoking, "category": "other", "flow": "minor",
		"revokes": map[string]any{"proposal_id": decision, "mode": "revoke"}})
	advance(secretary, k.xl, r.revoking.ID, "proposal", nil)
	advance(secretary, k.xl, r.revoking.ID, "deliberation", nil)

	S := newActor(t, root, "secretary")
	S.logIn(ta.URL, phone)
	S.tap("#link-authorisation")
	S.see("#auth-current", "没有授权")
	S.choose("#auth-resolution", xlAuthorig)
	S.tap("#auth-revocations")
	S.tap("#auth-save")
	S.see("#action-said", "已记录")
	S.see("#auth-current", xlAuthorig)
	S.see("#auth-current", "撤销或者变更村民委员会不适当的决定")
	var set struct {
		Authorisation struct{ Revocations bool } `json:"authorisation"`
	}
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.xl+"/proposal-settings", nil, 200, &set)
	if !set.Authorisation.Revocations {
		t.Fatalf("the authorisation recorded %+v", set.Authorisation)
	}

	id := r.openRepresentativesVote(201, "")
	base := "/api/v1/orgs/" + k.xl
	for _, no := range []string{"R002", "R003"} {
		r.voters.of(no).mustJSON("POST", base+"/votes/"+id+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", base+"/votes/"+id+"/close", nil, 200, nil)

	S.home(ta.URL)
	S.tap("#link-proposals")
	card := `.proposal-card[data-id="` + decision + `"] .revoked-line`
	S.see(card, "村民代表会议")
	S.see(card, xlRevoking)
	S.home(ta.URL)
	S.tap("#link-board")
	S.see(`.notice[data-id="`+nid+`"] .revoked-line`, xlRevoking)
	S.tap(`.notice[data-id="` + nid + `"] a.notice-open`)
	S.see("#notice-revoked", "撤销")
	S.tap("#notice-revoked a")
	S.see("#view-title", xlRevoking)

	O := newActor(t, root, "street official")
	O.logIn(ta.URL, "13800000003")
	O.tap("#link-review")
	O.see(`#review-list li[data-id^="`+nid+`"] .revoked-line`, xlRevoking)
	O.tap(`#review-list li[data-id^="` + nid + `"] a.card-title`)
	O.see("#review-revoked", "村民代表会议")
	O.tap("#review-revoked a")
	O.see("#view-title", xlRevoking)
	if !strings.Contains(O.eval(`location.hash`), r.revoking.ID) {
		t.Errorf("the link leads to %s", O.eval(`location.hash`))
	}
	t.Logf("taps: secretary %d, official %d", S.taps, O.taps)
}

// TestBrowserSecretaryAdjustsAFlow: the secretary of 东田社区 opens the
// flows from home and adjusts the 4+2 flow: the first step is now to be
// proposed by the council and the Party members' review goes. Saving is
// refused under the steps, quoting V2026 Art. 28 ¶3 (an important matter
// is studied by the Party organisation before the vote). Giving the first
// step back to the Party organisation, the same removal is saved as
// version 2, and the page says so.
func TestBrowserSecretaryAdjustsAFlow(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 3*time.Minute)
	k := propKitOn(t, ta)
	allowStatus(t, 422)
	const f = "#flow-four_plus_two"
	S := newActor(t, root, "secretary")
	S.logIn(ta.URL, "13800000002")
	S.tap("#link-flows")
	S.see(f+"-steps", "党员大会审议")
	S.choose(f+"-party_branch_proposal-performer", "议事会")
	S.tap(f + "-party_members_review-remove")
	S.waitJS("the step is gone", `!document.getElementById('flow-four_plus_two-party_members_review-remove')`)
	S.tap(f + "-save")
	S.see(f+"-error", "第二十八条第三款")
	S.see(f+"-error", "党组织")
	var listed struct {
		Flows []struct {
			Key     string
			Version int
			Steps   []struct{ Key, Performer string }
		}
	}
	secretary := ta.login(t, "13800000002")
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/flows", nil, 200, &listed)
	if listed.Flows[0].Key != "four_plus_two" || listed.Flows[0].Version != 1 {
		t.Fatalf("a refused flow was saved: %+v", listed.Flows[0])
	}

	S.choose(f+"-party_branch_proposal-performer", "村党组织")
	S.tap(f + "-save")
	S.see("#action-said", "第2版")
	S.see(f+"-title", "第2版")
	secretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/flows", nil, 200, &listed)
	got := listed.Flows[0]
	if got.Version != 2 || len(got.Steps) != 5 || got.Steps[0].Performer != "party_branch" {
		t.Fatalf("the saved flow %+v", got)
	}
	for _, s := range got.Steps {
		if s.Key == "party_members_review" {
			t.Errorf("the removed step is still there: %+v", got.Steps)
		}
	}
	t.Logf("taps: %d", S.taps)
}
