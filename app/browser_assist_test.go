package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAssistedCosignConfirmedShowsInResidentsHistory: the secretary
// of 东田社区, with resident R003 beside them, opens 代办 from home, picks
// "co-sign", finds R003 by typing part of the name, picks the proposal and
// records it (after recording a certificate by mistake and cancelling
// it): nothing is signed yet. A council member finds it on their
// home and confirms it with one tap; the page says it is done. R003 opens
// "done for me" from their home and sees the co-signature with the
// helper's and the confirmer's names, and the bell told them. The API only
// sets up the proposal and the council member and checks the signature;
// then the desk queue shows a request filed with help as assisted.
func TestBrowserAssistedCosignConfirmedShowsInResidentsHistory(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"
	secretary := ta.login(t, "13800000002") // R005
	member := k.account(dtPath, "R009", "resident", "council_member")
	var memberMe struct{ Phone, Name string }
	member.mustJSON("GET", "/api/v1/me", nil, 200, &memberMe)
	proposer := k.account(dtPath, "R001")
	const title = "修缮村口的老祠堂"
	p := submitted(proposer, k.dt, map[string]any{"body_id": "council", "title": title, "category": "other"})
	sigs := func() []struct {
		Name     string        `json:"name"`
		Assisted *assistedMark `json:"assisted"`
	} {
		var out struct {
			Signatures []struct {
				Name     string        `json:"name"`
				Assisted *assistedMark `json:"assisted"`
			} `json:"signatures"`
		}
		secretary.mustJSON("GET", proposalsPath(k.dt, "/", p.ID, "/signatures"), nil, 200, &out)
		return out.Signatures
	}
	resident := demoResidents(0)[2] // R003, the demo resident
	var secretaryMe struct{ Name string }
	secretary.mustJSON("GET", "/api/v1/me", nil, 200, &secretaryMe)

	browserLoginHome(b, ta.URL, "13800000002")
	b.do("open 代办 from home", chromedp.Click(chromedp.ID("link-assist")), chromedp.WaitVisible(chromedp.ID("assist-form")))
	// A mistake first: a certificate recorded instead of the co-signature,
	// cancelled from the list of what waits for the second person.
	b.do("record a certificate by mistake",
		chromedp.Click(chromedp.ID("assist-kind-certificate")),
		chromedp.SendKeys(chromedp.ID("assist-resident-q"), resident.Name),
		chromedp.Click(chromedp.ID("assist-resident-find")),
		chromedp.WaitVisible(chromedp.ID("assist-resident-R003")),
		chromedp.Click(chromedp.ID("assist-resident-R003")),
		chromedp.SendKeys(chromedp.ID("assist-purpose"), "办理社保"),
		chromedp.Click(chromedp.ID("assist-present")),
		chromedp.Click(chromedp.ID("assist-submit")),
		chromedp.WaitVisible(chromedp.CSS("#assist-mine li button")),
		chromedp.Click(chromedp.CSS("#assist-mine li button")),
		chromedp.WaitVisible(chromedp.ID("assist-mine-empty")),
	)
	assistWaitHas(b, "#action-said", zh["assist.saidCancelled"])
	b.do("record the co-signature for R003",
		chromedp.Click(chromedp.ID("assist-kind-cosign")),
		chromedp.SendKeys(chromedp.ID("assist-resident-q"), string([]rune(resident.Name)[1:])), // the given name only
		chromedp.Click(chromedp.ID("assist-resident-find")),
		chromedp.WaitVisible(chromedp.ID("assist-resident-R003")),
		chromedp.Click(chromedp.ID("assist-resident-R003")),
		chromedp.SetValue(chromedp.ID("assist-target"), p.ID),
		chromedp.Click(chromedp.ID("assist-present")),
		chromedp.Click(chromedp.ID("assist-submit")),
		chromedp.WaitVisible(chromedp.ID("action-said")),
	)
	assistWaitHas(b, "#action-said", strings.Split(zh["assist.saidRecorded"], "{")[0]+resident.Name)
	assistWaitHas(b, "#assist-mine li", title)
	if n := len(sigs()); n != 1 {
		t.Fatalf("recording signed already: %d signatures", n)
	}
	browserLogout(b, ta.URL)

	browserLoginHome(b, ta.URL, memberMe.Phone)
	assistWaitHas(b, "#assist-pending li", resident.Name)
	assistWaitHas(b, "#assist-pending li", title)
	b.do("confirm with one tap",
		chromedp.Click(chromedp.CSS("#assist-pending li button")),
		chromedp.WaitVisible(chromedp.ID("action-said")),
		chromedp.WaitVisible(chromedp.ID("assist-pending-empty")),
	)
	assistWaitHas(b, "#action-said", strings.Split(zh["assist.saidConfirmed"], "{")[0]+resident.Name)
	browserLogout(b, ta.URL)
	got := sigs()
	if len(got) != 2 || got[1].Assisted == nil || got[1].Assisted.ConfirmerName != memberMe.Name || got[1].Assisted.HelperName != secretaryMe.Name {
		t.Fatalf("signatures after the confirmation: %+v", got)
	}

	browserLoginHome(b, ta.URL, demoResidentPhone)
	b.do("the resident's history from home",
		chromedp.Click(chromedp.ID("link-assisted")),
		chromedp.WaitVisible(chromedp.CSS("#assisted-mine li")),
	)
	assistWaitHas(b, `#assisted-mine li[data-status="done"]`, title)
	assistWaitHas(b, `#assisted-mine li[data-status="done"]`, secretaryMe.Name)
	assistWaitHas(b, `#assisted-mine li[data-status="done"]`, memberMe.Name)
	assistWaitHas(b, `#assisted-mine li[data-status="cancelled"]`, zh["assist.status.cancelled"])
	// The bell told them, and its line opens the same history.
	b.do("back home", chromedp.Click(chromedp.ID("assisted-home")), chromedp.WaitVisible(chromedp.ID("logout")))
	b.waitJS("the bell counts", `!document.getElementById('bell').hidden && Number(document.getElementById('bell-count').textContent) >= 1`)
	note := `#notification-list li[data-kind="assisted"] .card-title`
	b.do("open the bell", chromedp.Click(chromedp.ID("bell")), chromedp.WaitVisible(chromedp.CSS(note)))
	assistWaitHas(b, note, title)
	b.do("the notification opens the history", chromedp.Click(chromedp.CSS(note)), chromedp.WaitVisible(chromedp.CSS("#assisted-mine li")))
	b.waitJS("the history page", `location.hash.endsWith('/v/`+k.dt+`/assisted')`)
	browserLogout(b, ta.URL)

	// The village desk sees a certificate request filed for a resident as
	// assisted, with both names (set up through the API).
	var cert assistView
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/assist", map[string]any{"kind": "certificate", "resident_no": "R003",
		"target": "household_hardship", "purpose": "申请低保", "resident_present": true}, 201, &cert)
	member.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/assist/"+cert.ID+"/confirm", nil, 200, nil)
	browserLoginHome(b, ta.URL, "13800000002")
	b.do("the desk queue", chromedp.Click(chromedp.ID("link-desk")), chromedp.WaitVisible(chromedp.ID("link-desk-queue")),
		chromedp.Click(chromedp.ID("link-desk-queue")), chromedp.WaitVisible(chromedp.CSS("#desk-queue .request-assisted")))
	assistWaitHas(b, "#desk-queue .request-assisted", secretaryMe.Name)
	assistWaitHas(b, "#desk-queue .request-assisted", memberMe.Name)
}

// assistWaitHas waits until the element's text holds part.
func assistWaitHas(b *browser, sel, part string) {
	b.t.Helper()
	b.waitJS(sel+" holding "+part, fmt.Sprintf(`(() => { const el = document.querySelector(%s); return !!el && el.textContent.includes(%s); })()`, jsString(sel), jsString(part)))
}
