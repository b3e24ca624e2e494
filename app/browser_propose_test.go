package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserResidentProposesAndANeighbourCoSigns: by taps alone, from
// home, a resident writes a draft proposal, changes it, attaches a file and
// submits it, follows it and stops, and comments; a neighbour co-signs it,
// withdraws the co-signature, co-signs again, proposes an amendment, and
// supports the resident's topic in the hall and withdraws the support; the
// proposer accepts the amendment. The API only sets up the neighbour's
// account and the topic and checks the record afterwards.
func TestBrowserResidentProposesAndANeighbourCoSigns(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	b := newBrowserWithin(t, execPath, 3*time.Minute)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const neighbour = "13700000011"
	k.operator.mustJSON("POST", "/api/v1/accounts", map[string]any{
		"phone": neighbour, "name": "居民R010", "password": demoPassword,
		"roles":      []map[string]string{{"role": "resident", "scope": "/gz/hd/hs/dt"}},
		"village_id": k.dt, "resident_no": "R010",
	}, 201, nil)

	// Starting data: a topic the resident raised in the hall earlier.
	const topicTitle = "小区门口加装路灯"
	var topic propView
	ta.login(t, demoResidentPhone).mustJSON("POST", "/api/v1/orgs/"+k.dt+"/topics", map[string]string{"title": topicTitle}, 201, &topic)

	const draftTitle, title = "楼道灯改造", "楼道灯改造为声控灯"
	b.login(ta.URL, demoResidentPhone, demoPassword)
	b.do("write a draft from home",
		chromedp.WaitVisible(chromedp.ID("link-proposals")),
		chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.ID("new-proposal")),
		chromedp.Click(chromedp.ID("new-proposal")),
		chromedp.WaitVisible(chromedp.ID("proposal-title")),
		chromedp.SendKeys(chromedp.ID("proposal-title"), draftTitle),
		chromedp.SendKeys(chromedp.ID("proposal-text"), "三楼到六楼的灯晚上常亮，费电"),
		chromedp.Click(chromedp.ID("proposal-save")),
		chromedp.WaitVisible(chromedp.ID("submit-proposal")),
	)
	b.waitText("#view-title", draftTitle)
	loc := runIn(b, "location", chromedp.Location())
	pid := loc[strings.LastIndex(loc, "/")+1:]

	b.do("change the draft",
		chromedp.Click(chromedp.ID("edit-proposal")),
		chromedp.WaitVisible(chromedp.ID("proposal-title")),
	)
	b.waitJS("the draft's title in the form", fmt.Sprintf(`document.getElementById('proposal-title').value === %s`, jsString(draftTitle)))
	b.do("type the new title",
		// Select the old title, so the typing replaces it as a person's would.
		chromedp.Evaluate[chromedp.Void](`(() => { const el = document.getElementById('proposal-title'); el.focus(); el.select(); })()`),
		chromedp.SendKeys(chromedp.ID("proposal-title"), title),
		chromedp.Click(chromedp.ID("proposal-save")),
		chromedp.WaitVisible(chromedp.ID("submit-proposal")),
	)
	b.waitText("#view-title", title)
	// A small file goes with the draft: chosen, then uploaded.
	plan := filepath.Join(t.TempDir(), "plan.txt")
	if err := os.WriteFile(plan, []byte("三楼到六楼，共八盏灯"), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do("attach a file",
		chromedp.SetUploadFiles(chromedp.ID("attachment-file"), []string{plan}),
		chromedp.Click(chromedp.ID("attachment-upload")),
		chromedp.WaitVisible(chromedp.CSS(`#view a[download="plan.txt"]`)),
	)
	b.do("submit", chromedp.Click(chromedp.ID("submit-proposal")), chromedp.WaitVisible(chromedp.CSS("#follow, #unfollow")))
	// Following is one tap each way, whichever it starts on.
	first, then := "follow", "unfollow"
	if b.eval(`document.getElementById('unfollow') ? 'unfollow' : 'follow'`) == "unfollow" {
		first, then = then, first
	}
	b.do(first, chromedp.Click(chromedp.ID(first)), chromedp.WaitVisible(chromedp.ID(then)))
	b.do(then, chromedp.Click(chromedp.ID(then)), chromedp.WaitVisible(chromedp.ID(first)))
	const comment = "六楼的灯也坏了"
	b.do("comment",
		chromedp.WaitVisible(chromedp.ID("comment-form-text")),
		chromedp.SendKeys(chromedp.ID("comment-form-text"), comment),
		chromedp.Click(chromedp.ID("comment-form-submit")),
	)
	b.waitText("#comment-list .comment-body", comment)
	b.logout(ta.URL)

	// The neighbour finds it among the village's proposals.
	b.login(ta.URL, neighbour, demoPassword)
	card := fmt.Sprintf(`#proposal-list li[data-id="%s"] .card-title`, pid)
	b.do("open the proposal from home",
		chromedp.WaitVisible(chromedp.ID("link-proposals")),
		chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.CSS(card)),
		chromedp.Click(chromedp.CSS(card)),
		chromedp.WaitVisible(chromedp.ID("cosign")),
	)
	b.waitText("#view-title", title)
	b.do("co-sign", chromedp.Click(chromedp.ID("cosign")), chromedp.WaitVisible(chromedp.ID("withdraw-cosign")))
	b.do("withdraw", chromedp.Click(chromedp.ID("withdraw-cosign")), chromedp.WaitVisible(chromedp.ID("cosign")))
	b.do("co-sign again", chromedp.Click(chromedp.ID("cosign")), chromedp.WaitVisible(chromedp.ID("withdraw-cosign")))
	const amendment = "改为声控灯，并加装应急灯"
	b.do("write an amendment",
		chromedp.WaitVisible(chromedp.ID("amendment-text")),
		chromedp.SendKeys(chromedp.ID("amendment-text"), amendment),
	)
	b.pressAndHear("propose an amendment", "#amendment-submit", zh["said.amended"])
	b.waitText("#amendment-list .line-desc", amendment)
	// And supports the topic in the hall, then thinks better of it.
	topicCard := fmt.Sprintf(`#topic-list li[data-id="%s"] .card-title`, topic.ID)
	b.do("open the topic from home",
		chromedp.Navigate(ta.URL+"/#/home"),
		chromedp.WaitVisible(chromedp.ID("link-hall")),
		chromedp.Click(chromedp.ID("link-hall")),
		chromedp.WaitVisible(chromedp.CSS(topicCard)),
		chromedp.Click(chromedp.CSS(topicCard)),
		chromedp.WaitVisible(chromedp.ID("support")),
	)
	b.waitText("#view-title", topicTitle)
	b.pressAndHear("support", "#support", zh["said.supported"])
	b.pressAndHear("withdraw support", "#withdraw-support", zh["said.supportWithdrawn"])
	b.do("the support withdrawn", chromedp.WaitVisible(chromedp.ID("support")))
	b.logout(ta.URL)

	// The proposer accepts it from the proposal's page.
	b.login(ta.URL, demoResidentPhone, demoPassword)
	b.do("open the proposal from home",
		chromedp.WaitVisible(chromedp.ID("link-proposals")),
		chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.CSS(card)),
		chromedp.Click(chromedp.CSS(card)),
		chromedp.WaitVisible(chromedp.CSS(`#amendment-list button[id^="accept-"]`)),
		chromedp.Click(chromedp.CSS(`#amendment-list button[id^="accept-"]`)),
	)
	b.waitJS("the amendment accepted", `!document.querySelector('#amendment-list button[id^="accept-"]')`)

	// The record: the new title, the file, the neighbour's co-signature, the accepted amendment.
	var d struct {
		Proposal struct {
			Title  string         `json:"title"`
			Status string         `json:"status"`
			Counts map[string]int `json:"counts"`
		} `json:"proposal"`
		Amendments []struct {
			Text   string `json:"text"`
			Status string `json:"status"`
		} `json:"amendments"`
		Attachments []struct {
			Name string `json:"name"`
		} `json:"attachments"`
	}
	ta.login(t, demoResidentPhone).mustJSON("GET", "/api/v1/orgs/"+k.dt+"/proposals/"+pid, nil, 200, &d)
	if d.Proposal.Title != title || d.Proposal.Status == "draft" {
		t.Errorf("the proposal is %q, %s; want %q, submitted", d.Proposal.Title, d.Proposal.Status, title)
	}
	if len(d.Amendments) != 1 || d.Amendments[0].Text != amendment || d.Amendments[0].Status != "accepted" {
		t.Errorf("amendments %+v, want the neighbour's, accepted", d.Amendments)
	}
	if n := d.Proposal.Counts["signatures"]; n != 2 {
		t.Errorf("%d signatures, want the proposer's and the neighbour's second one", n)
	}
	if len(d.Attachments) != 1 || d.Attachments[0].Name != "plan.txt" {
		t.Errorf("attachments %+v, want plan.txt", d.Attachments)
	}
}

// logout taps the log-out button on home.
func (b *browser) logout(baseURL string) {
	b.t.Helper()
	b.do("log out",
		chromedp.Navigate(baseURL+"/#/home"),
		chromedp.WaitVisible(chromedp.ID("logout")),
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login-form")),
	)
}
