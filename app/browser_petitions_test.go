package main

import (
	"testing"
	"time"
)

// committeeName is the register name of a committee member, for picking
// them by name as the page lists them.
func committeeName(t *testing.T, c *client, village, no string) string {
	t.Helper()
	var ms struct {
		Members []struct {
			ResidentNo string `json:"resident_no"`
			Name       string `json:"name"`
		} `json:"members"`
	}
	c.mustJSON("GET", "/api/v1/orgs/"+village+"/committee-members", nil, 200, &ms)
	for _, m := range ms.Members {
		if m.ResidentNo == no {
			return m.Name
		}
	}
	t.Fatalf("%s is not a committee member: %+v", no, ms)
	return ""
}

// TestBrowserRecallPetitionReachesItsThreshold: in 小罗村 (15 villagers aged
// 18+, so 3 signatures are 1/5, V2026 Art. 19 ¶1) R001 starts a recall of
// committee member R007 from home, picking the member by name and giving
// the reasons; R002 signs from home and sees one more is needed; R003 signs
// and the page says the threshold is reached. R007 responds on the same
// page; the secretary's home then names the villagers' meeting to convene.
func TestBrowserRecallPetitionReachesItsThreshold(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 4*time.Minute)
	k := propKitOn(t, ta)
	const xlPath = "/gz/hd/hs/xl"
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "committee", "kind": "council", "name": "村民委员会",
		"members": seats([]string{"R007"})}, 201, nil)
	reader := k.account(xlPath, "R010")
	name := committeeName(t, reader, k.xl, "R007")
	zh := dictionary(t, ta, "zh")
	const title = "要求罢免村委会委员"

	P := newActor(t, root, "R001")
	P.logIn(ta.URL, browserAccount(k, xlPath, "R001"))
	P.tap("#link-petitions")
	P.tap("#petition-new")
	P.tap("#petition-kind-recall")
	P.choose("#petition-member", name)
	P.typeIn("#petition-title", title)
	P.typeIn("#petition-body", "长期不履行职责，村务不公开")
	P.tap("#petition-submit")
	P.see("#petition-msg", "已发起")
	var list struct {
		Petitions []struct{ ID string } `json:"petitions"`
	}
	reader.mustJSON("GET", "/api/v1/orgs/"+k.xl+"/petitions", nil, 200, &list)
	if len(list.Petitions) != 1 {
		t.Fatalf("petitions after the page started one: %+v", list)
	}
	card := `#petition-list li[data-id="` + list.Petitions[0].ID + `"]`

	for i, no := range []string{"R002", "R003"} {
		S := newActor(t, root, no)
		S.logIn(ta.URL, browserAccount(k, xlPath, no))
		S.tap("#link-petitions")
		S.see(card+" .petition-member", name)
		S.see(card+" .petition-needed", []string{"还需 2 人联名", "还需 1 人联名"}[i])
		S.tap(card + " button")
		S.see("#action-said", []string{zh["petition.signed"], zh["petition.signedReached"]}[i])
	}

	M := newActor(t, root, "R007")
	M.logIn(ta.URL, browserAccount(k, xlPath, "R007"))
	M.tap("#link-petitions")
	M.see(card+" .petition-needed", zh["petition.reached"])
	M.typeIn(card+" textarea", "我已按时公开村务，理由不实")
	M.tap(card + " .petition-respond button")
	M.see("#action-said", zh["petition.responded"])
	M.see(card+" .petition-response", "我已按时公开村务，理由不实")

	S := newActor(t, root, "secretary")
	S.logIn(ta.URL, browserAccount(k, xlPath, "R005", "resident", "council_member", "secretary"))
	line := `#sec-today-list li[data-kind="convene_owed"] a`
	S.see(line, title)
	S.see(line, "第十九条")
	t.Logf("taps: proposer %d, member %d, secretary %d", P.taps, M.taps, S.taps)
}

// TestBrowserEvaluationResultInWords: in 小罗村 the supervision committee's
// member opens the evaluation of the committee (R007, R011) at the
// representatives' meeting from home; two representatives rate each member
// on the ballot page from home (one question per screen); the supervisor
// closes it and the page says each result in words.
func TestBrowserEvaluationResultInWords(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 4*time.Minute)
	k := propKitOn(t, ta)
	const xlPath = "/gz/hd/hs/xl"
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "committee", "kind": "council", "name": "村民委员会",
		"members": seats([]string{"R007", "R011"})}, 201, nil)
	reps := seedRoster(t, k, k.xl, "E", "F", 3)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "村民代表",
		"members": seats(reps)}, 201, nil)
	reader := k.account(xlPath, "R010")
	n007, n011 := committeeName(t, reader, k.xl, "R007"), committeeName(t, reader, k.xl, "R011")
	zh := dictionary(t, ta, "zh")

	H := newActor(t, root, "supervisor")
	H.logIn(ta.URL, browserAccount(k, xlPath, "R015", "resident", "supervisor"))
	H.tap("#link-evaluations")
	H.choose("#eval-meeting", "代表会议")
	H.tap("#eval-open")
	H.see("#action-said", "已开始评议，共 2 位成员")

	rate := func(a *actor, who string, choice string) {
		t.Helper()
		a.home(ta.URL)
		a.tap("#link-evaluations")
		a.tapText(".eval-member a", "评议 "+who)
		a.see("#ballot-question", zh["ballot.question"])
		a.tap(`#ballot-options button[data-key="` + choice + `"]`)
		a.tap("#ballot-confirm")
		a.see("#receipt-title", zh["receipt.thanks"])
	}
	for _, no := range reps[:2] {
		R := newActor(t, root, no)
		R.logIn(ta.URL, browserAccount(k, xlPath, no))
		R.waitJS(no+" home", `!!document.getElementById('logout')`)
		rate(R, n007, "unfit")
		rate(R, n011, "fit")
	}

	H.home(ta.URL)
	H.tap("#link-evaluations")
	H.tap(".evaluation button")
	H.see("#action-said", zh["eval.closed"])
	H.see(".eval-result[data-no=\"R007\"]", n007+"：2人参加评议，称职0票，基本称职0票，不称职2票，过半数评为不称职")
	H.see(".eval-result[data-no=\"R011\"]", n011+"：2人参加评议，称职2票")
	t.Logf("taps: supervisor %d", H.taps)
}

// TestBrowserStreetRecordsTheAuditAVillageDemanded: an audit petition in 小罗村
// has reached 1/5 of its villagers (V2026 Art. 40 ¶1(6)). The street
// official finds it among the alerts from home, opens its evidence, records
// the start of the audit and publishes its result (V2026 Art. 40 ¶2); the
// villager who started it reads the result from home.
func TestBrowserStreetRecordsTheAuditAVillageDemanded(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 3*time.Minute)
	k := propKitOn(t, ta)
	const xlPath = "/gz/hd/hs/xl"
	phone := browserAccount(k, xlPath, "R001")
	proposer := k.ta.login(t, phone)
	var p struct{ ID string }
	proposer.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/petitions", map[string]any{"kind": "audit", "title": "要求审计村道工程款"}, 201, &p)
	for _, no := range []string{"R002", "R003"} {
		k.account(xlPath, no).mustJSON("POST", proposalsPath(k.xl, "/", p.ID, "/cosign"), nil, 200, nil)
	}
	zh := dictionary(t, ta, "zh")

	O := newActor(t, root, "street")
	O.logIn(ta.URL, "13800000003")
	O.tap("#link-dashboard")
	O.tap("#nav-alerts")
	O.tap(`#alerts-list a.dash-evidence-link[data-kind="audit_demand"]`)
	O.see("#audit-"+p.ID+" .audit-status", "待街道（乡镇）组织审计")
	O.typeIn("#audit-note-"+p.ID, "镇经管站进场审计")
	O.tap("#audit-start-" + p.ID)
	O.see("#action-said", zh["audit.started"])
	O.typeIn("#audit-text-"+p.ID, "收支相符，一笔12000元未公示，已责令公布")
	O.tap("#audit-result-" + p.ID)
	O.see("#action-said", zh["audit.published"])

	R := newActor(t, root, "R001")
	R.logIn(ta.URL, phone)
	R.tap("#link-petitions")
	R.see("#audit-"+p.ID+" .audit-result", "12000元未公示")
	t.Logf("taps: street %d, villager %d", O.taps, R.taps)
}
