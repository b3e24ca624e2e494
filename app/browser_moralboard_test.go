package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserAccount creates an account for a resident of the register, with
// the given roles over the village (resident if none), and returns its
// phone, for logging in through the page.
func browserAccount(k *propKit, villagePath, residentNo string, roles ...string) string {
	k.t.Helper()
	if len(roles) == 0 {
		roles = []string{"resident"}
	}
	var assignments []map[string]string
	for _, r := range roles {
		assignments = append(assignments, map[string]string{"role": r, "scope": villagePath})
	}
	phone := fmt.Sprintf("136%08d", propPhones.Add(1))
	k.operator.mustJSON("POST", "/api/v1/accounts", map[string]any{
		"phone": phone, "name": "居民" + residentNo, "password": demoPassword, "roles": assignments,
		"village_id": k.ta.orgID(k.t, villagePath), "resident_no": residentNo,
	}, 201, nil)
	return phone
}

// browserLogout logs out through the home page's button.
func browserLogout(b *browser, baseURL string) {
	b.t.Helper()
	b.do("log out",
		chromedp.Navigate(baseURL+"/#/home"),
		chromedp.WaitVisible(chromedp.ID("logout")),
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login-form")),
	)
}

// browserLoginHome logs in through the form and waits for the home page.
func browserLoginHome(b *browser, baseURL, phone string) {
	b.t.Helper()
	b.login(baseURL, phone, demoPassword)
	// Home is settled when no part of it is still loading (the secretary's
	// today list fills in after the rest and moves the links below it).
	b.waitJS("home", `!!document.getElementById('logout') && !document.querySelector('[aria-busy="true"]')`)
}

// TestBrowserMoralCaseNominatedHeardListedExpired walks a case through the
// pages: a resident nominates R003 of 东田社区 (household H01, which holds
// board member R002); R003 finds the case among the cases about them and
// responds; board member R010 opens the hearing (R002 recused as a
// relative), votes 批评教育 on the vote page, and, after two more members
// vote, records the verdict. Within the appeal period the public warning
// list is empty; after it the entry shows the surname and the group only;
// after the expiry it is gone from the list but the case keeps its verdict.
func TestBrowserMoralCaseNominatedHeardListedExpired(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	nominator := browserAccount(k, dtPath, "R007")
	chair := browserAccount(k, dtPath, "R010", "resident", "board_member")
	others := []*client{k.account(dtPath, "R014", "resident", "board_member"), k.account(dtPath, "R018", "resident", "board_member")}
	caseBase := ta.URL + "/#/v/" + k.dt + "/moral"
	adoptPointsTable(k, []map[string]any{{"category": "environment", "kind": "criticism", "points": -5}},
		map[string]*client{"R010": ta.login(t, chair), "R014": others[0]})

	// The nominator fills the form from the home page's link.
	const description = "多次在巷口焚烧垃圾，邻居多次劝说无效"
	browserLoginHome(b, ta.URL, nominator)
	b.do("nominate",
		chromedp.Click(chromedp.ID("link-moral")),
		chromedp.WaitVisible(chromedp.ID("link-nominate")),
		chromedp.Click(chromedp.ID("link-nominate")),
		chromedp.WaitVisible(chromedp.ID("nominate-form")),
		chromedp.SetValue(chromedp.ID("nominate-kind"), "resident"),
		chromedp.SendKeys(chromedp.ID("nominate-subject"), "R003"),
		chromedp.SetValue(chromedp.ID("nominate-category"), "environment"),
		chromedp.SendKeys(chromedp.ID("nominate-description"), description),
		chromedp.SendKeys(chromedp.ID("nominate-evidence"), "https://example.org/photo/1.jpg"),
		chromedp.SendKeys(chromedp.ID("nominate-clause"), "村规民约第五条 环境卫生"),
		chromedp.Click(chromedp.ID("nominate-submit")),
	)
	b.waitJS("the case page", `location.hash.includes('/moral/c/') && !!document.getElementById('case-status')`)
	loc := runIn(b, "location", chromedp.Location())
	id := loc[strings.LastIndex(loc, "/")+1:]
	b.waitText("#case-status", zh["moral.status.nominated"])
	b.waitText("#case-description", description)
	b.waitText(`#case-timeline li[data-action="nominated"] .event-what`, zh["moral.event.nominated"])
	b.do("the nominator's list", chromedp.Click(chromedp.ID("nav-moral")),
		chromedp.WaitVisible(chromedp.CSS(`#nominated-by-me li[data-id="`+id+`"]`)))
	browserLogout(b, ta.URL)

	// The subject sees the case about them, without the nominator, and responds.
	const response = "我已经改正，以后不再焚烧"
	browserLoginHome(b, ta.URL, demoResidentPhone)
	b.do("open my case",
		chromedp.Click(chromedp.ID("link-moral")),
		chromedp.WaitVisible(chromedp.CSS(`#about-me li[data-id="`+id+`"] .card-title`)),
	)
	b.do("the notice of the nomination", chromedp.WaitVisible(chromedp.CSS(`#about-me-new li[data-kind="nominated"] a`)))
	b.do("open the case",
		chromedp.Click(chromedp.CSS(`#about-me li[data-id="`+id+`"] .card-title`)),
		chromedp.WaitVisible(chromedp.ID("response-form")),
	)
	b.waitText("#case-subject", zh["moral.subjectYou"]+" · 第1组")
	if body := b.eval(`document.getElementById('view').innerText`); strings.Contains(body, "R007") {
		t.Errorf("the subject's page names the nominator: %s", clip(body, 600))
	}
	b.do("respond",
		chromedp.SendKeys(chromedp.ID("response-text"), response),
		chromedp.Click(chromedp.ID("response-submit")),
	)
	b.waitText("#case-response", response)
	b.waitText(`#case-timeline li[data-action="responded"] .event-what`, zh["moral.event.responded"])
	b.waitText(`#case-timeline li[data-action="told"] .event-note`, zh["moral.how.app"])
	browserLogout(b, ta.URL)

	// A board member opens the hearing and votes on the vote page.
	browserLoginHome(b, ta.URL, chair)
	b.do("open the board's case",
		chromedp.Click(chromedp.ID("link-moral")),
		chromedp.WaitVisible(chromedp.CSS(`#board-cases li[data-id="`+id+`"] .card-title`)),
		chromedp.Click(chromedp.CSS(`#board-cases li[data-id="`+id+`"] .card-title`)),
		chromedp.WaitVisible(chromedp.ID("open-hearing")),
	)
	b.waitText("#case-response", response)
	b.do("open the hearing", chromedp.Click(chromedp.ID("open-hearing")), chromedp.WaitVisible(chromedp.ID("go-vote")))
	b.waitText("#case-status", zh["moral.status.hearing"])
	b.waitText(`#case-hearings .recusal[data-resident="R002"]`,
		strings.NewReplacer("{no}", "R002", "{reason}", zh["moral.reason.relative"]).Replace(zh["moral.recusal"]))
	if n := runIn(b, "recusals", chromedp.Evaluate[int](`document.querySelectorAll('#case-hearings .recusal').length`)); n != 1 {
		t.Errorf("%d recusals shown, want R002 only", n)
	}
	b.do("vote criticism",
		chromedp.Click(chromedp.ID("go-vote")),
		chromedp.WaitVisible(chromedp.CSS(`#ballot-options button[data-key="criticism"]`)),
		chromedp.Click(chromedp.CSS(`#ballot-options button[data-key="criticism"]`)),
		chromedp.WaitVisible(chromedp.ID("ballot-confirm")),
		chromedp.Click(chromedp.ID("ballot-confirm")),
		chromedp.WaitVisible(chromedp.ID("receipt-code")),
	)
	var c caseView
	others[0].mustJSON("GET", "/api/v1/orgs/"+k.dt+"/cases/"+id, nil, 200, &c)
	for _, m := range others {
		m.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/votes/"+c.Hearings[0].VoteID+"/ballots", map[string]any{"choices": []string{"criticism"}}, 201, nil)
	}
	b.do("record the verdict",
		chromedp.Navigate(caseBase+"/c/"+id),
		chromedp.WaitVisible(chromedp.ID("decide")),
		chromedp.Click(chromedp.ID("decide")),
		chromedp.WaitVisible(chromedp.ID("decide-confirm")),
		chromedp.Click(chromedp.ID("decide-confirm")),
	)
	b.waitText("#case-verdict", zh["moral.verdict.criticism"])
	b.waitText("#case-status", zh["moral.status.decided"])
	b.waitText(`#case-hearings .hearing-verdict`, strings.ReplaceAll(zh["moral.hearingVerdict"], "{verdict}", zh["moral.verdict.criticism"]))
	browserLogout(b, ta.URL)

	// The public warning list, without a login: empty within the appeal
	// period, then the surname and group only, then gone after the expiry.
	b.do("open the public lists", chromedp.Navigate(caseBase+"/lists"), chromedp.WaitVisible(chromedp.ID("warning-list-empty")))
	ta.clock.advance(15*24*time.Hour + time.Minute)
	b.do("reload after the appeal period", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#warning-list li")))
	if n := runIn(b, "entries", chromedp.Evaluate[int](`document.querySelectorAll('#warning-list li').length`)); n != 1 {
		t.Fatalf("%d entries on the warning list, want 1", n)
	}
	b.waitText("#warning-list li .warning-surname", strings.ReplaceAll(zh["moral.surname"], "{surname}", "陈"))
	b.waitText("#warning-list li .warning-group", "第1组")
	page := b.eval(`document.getElementById('view').innerText`)
	for _, secret := range []string{demoResidents(0)[2].Name, "R003", "H01", demoResidentPhone} {
		if strings.Contains(page, secret) {
			t.Errorf("the public warning list shows %q", secret)
		}
	}
	ta.clock.advance(6*31*24*time.Hour + time.Hour)
	b.do("reload after the expiry", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("warning-list-empty")))

	// The case keeps its verdict and the dates it was listed.
	browserLoginHome(b, ta.URL, demoResidentPhone)
	b.do("the case after the expiry", chromedp.Navigate(caseBase+"/c/"+id), chromedp.WaitVisible(chromedp.ID("case-listed-until")))
	b.waitText("#case-verdict", zh["moral.verdict.criticism"])
	b.waitText("#case-status", zh["moral.status.final"])
	b.waitText(`#case-timeline li[data-action="final"] .event-note`, zh["moral.finalNote"])

	// The verdict's points are in the household's ledger, naming the case.
	b.do("my points", chromedp.Navigate(caseBase+"/points"), chromedp.WaitVisible(chromedp.CSS(`#my-points li[data-case="`+id+`"]`)))
	b.waitText(`#my-points li[data-case="`+id+`"] .points-value`, "-5")
	b.waitText("#my-points .points-total-value", "-5")
	// "Case {no} · {at} · points table version {version}", the date aside.
	meta := b.eval(`document.querySelector('#my-points li[data-case="` + id + `"] .line-meta').textContent`)
	before, after, _ := strings.Cut(strings.NewReplacer("{no}", id[:8], "{version}", "1").Replace(zh["moral.ledgerCase"]), "{at}")
	if !strings.HasPrefix(meta, before) || !strings.HasSuffix(meta, after) {
		t.Errorf("the ledger line says %q, want the case %s and table version 1", meta, id[:8])
	}
}

// adoptPointsTable adopts a points table by a residents' meeting vote of
// 东田社区, as a village does before points are given; voters holds the
// accounts a test already made, which vote too.
func adoptPointsTable(k *propKit, rows []map[string]any, voters map[string]*client) {
	k.t.Helper()
	secretary := k.ta.login(k.t, "13800000002")
	proposer := k.account(dtPath, "R012")
	p := submitted(proposer, k.dt, map[string]any{"body_id": "council", "title": "通过本社区积分表", "category": "other"})
	var v struct{ ID string }
	votes := "/api/v1/orgs/" + k.dt + "/votes"
	secretary.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "residents_meeting"}, 201, &v)
	for _, no := range []string{"R001", "R002", "R006", "R009", "R010", "R011", "R013", "R014"} {
		voter, ok := voters[no]
		if !ok {
			voter = k.account(dtPath, no)
		}
		voter.mustJSON("POST", votes+"/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	}
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/points/tables", map[string]any{"rows": rows, "vote_id": v.ID}, 201, nil)
}
