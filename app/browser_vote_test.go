package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserResidentVotesAndChecksReceipt: a resident of 东田社区 opens a
// secret residents' meeting vote from its proposal's page, chooses 同意,
// confirms, and the answer to that cast is lost on the way (the server has
// the ballot, the page sees a network error); pressing Confirm again sends
// the same idempotency key, so the server answers with the same receipt and
// there is still one ballot. The receipt is shown in groups of four and kept
// in localStorage. The meeting board follows the count live (server-sent
// events) in the secretary's own browser, reached from home by taps, and sees
// the vote close (the secretary closes it through the API).
// After the close the resident checks the receipt through the page and sees
// it found, holding 同意; the result page draws the SVG chart.
func TestBrowserResidentVotesAndChecksReceipt(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	resident := ta.login(t, demoResidentPhone)
	secretary := ta.login(t, "13800000002")

	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "小区加装电梯", "category": "public_welfare"})
	var v struct {
		ID            string `json:"id"`
		EligibleCount int    `json:"eligible_count"`
	}
	votes := "/api/v1/orgs/" + k.dt + "/votes"
	secretary.mustJSON("POST", votes, map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "residents_meeting", "secret": true}, 201, &v)

	b.login(ta.URL, demoResidentPhone, demoPassword)
	b.do("wait for home", chromedp.WaitVisible(chromedp.ID("user-name")))
	resBrowser := b

	// From home to the proposal's page and its vote.
	openProposalVotes(b, p.ID)
	b.do("open its vote",
		chromedp.WaitVisible(chromedp.CSS(`#proposal-vote-list li[data-id="`+v.ID+`"] .card-title`)),
		chromedp.Click(chromedp.CSS(`#proposal-vote-list li[data-id="`+v.ID+`"] .card-title`)),
	)
	b.waitText("#view-title", p.Title)
	b.waitText("#ballot-question", zh["ballot.question"])
	// One question per screen: the options, nothing else competing.
	if n := runIn(b, "options", chromedp.Evaluate[int](`document.querySelectorAll('#ballot-options button').length`)); n != 3 {
		t.Fatalf("the ballot shows %d options, want yes, no, abstain", n)
	}
	b.waitText(`#ballot-options button[data-key="yes"]`, zh["vote.opt.yes"])
	b.do("choose yes", chromedp.Click(chromedp.CSS(`#ballot-options button[data-key="yes"]`)))
	b.waitText("#ballot-chosen", strings.ReplaceAll(zh["ballot.youChose"], "{choice}", zh["vote.opt.yes"]))
	if hidden := runIn(b, "rest hidden", chromedp.Evaluate[bool](`document.getElementById('vote-more').hidden`)); !hidden {
		t.Error("the confirm step shows more than the question")
	}
	// Go back, choose again: the confirm step is a real step.
	b.do("go back", chromedp.Click(chromedp.ID("ballot-back")), chromedp.WaitVisible(chromedp.CSS(`#ballot-options button[data-key="no"]`)))
	b.do("choose yes again", chromedp.Click(chromedp.CSS(`#ballot-options button[data-key="yes"]`)), chromedp.WaitVisible(chromedp.ID("ballot-confirm")))

	// The first cast reaches the server, but its answer is lost.
	runIn(b, "lose the first answer", chromedp.Evaluate[chromedp.Void](`(() => {
		const orig = window.fetch;
		window.__lost = null;
		window.__sent = [];
		window.fetch = async (url, init) => {
			if (String(url).endsWith('/ballots')) window.__sent.push(JSON.parse(init.body).idempotency_key);
			if (String(url).endsWith('/ballots') && !window.__lost) {
				const res = await orig(url, init);
				window.__lost = { status: res.status, body: await res.json() };
				throw new TypeError('Failed to fetch');
			}
			return orig(url, init);
		};
	})()`))
	b.do("confirm", chromedp.Click(chromedp.ID("ballot-confirm")))
	b.waitText("#ballot-error", zh["ballot.retry"])
	lost := runIn(b, "the lost answer", chromedp.Evaluate[struct {
		Status int
		Body   struct{ Receipt string }
	}](`window.__lost`))
	if lost.Status != 201 || lost.Body.Receipt == "" {
		t.Fatalf("the first cast got %+v, want 201 with a receipt", lost)
	}
	pendingKey := b.eval(`(Object.entries(localStorage).find(([k]) => k.startsWith('yishi.vote.pending.')) || ['', '{}'])[1]`)
	if !regexp.MustCompile(`"key":"[0-9a-f]{32}"`).MatchString(pendingKey) {
		t.Fatalf("pending idempotency key in localStorage: %s, want 128 bits in hex", pendingKey)
	}
	b.do("confirm again", chromedp.Click(chromedp.ID("ballot-confirm")), chromedp.WaitVisible(chromedp.ID("receipt-code")))
	sent := runIn(b, "keys sent", chromedp.Evaluate[[]string](`window.__sent`))
	if len(sent) != 2 || sent[0] != sent[1] || len(sent[0]) != 32 {
		t.Fatalf("idempotency keys sent %q, want the same 32 hex digits twice", sent)
	}
	code := b.eval(`document.getElementById('receipt-code').textContent`)
	if !regexp.MustCompile(`^[A-Z2-7]{4}( [A-Z2-7]{4}){4}$`).MatchString(code) {
		t.Fatalf("receipt shown as %q, want 20 characters in groups of four", code)
	}
	if plain := strings.ReplaceAll(code, " ", ""); plain != lost.Body.Receipt {
		t.Fatalf("the retry shows receipt %s, the lost answer had %s", plain, lost.Body.Receipt)
	}
	b.waitText("#receipt-title", zh["receipt.thanks"])
	if stored := b.eval(`Object.entries(localStorage).filter(([k]) => k.startsWith('yishi.vote.receipt.')).map(([, v]) => JSON.parse(v).code).join()`); stored != lost.Body.Receipt {
		t.Errorf("localStorage keeps receipt %q, want %s", stored, lost.Body.Receipt)
	}
	if left := b.eval(`String(Object.keys(localStorage).filter((k) => k.startsWith('yishi.vote.pending.')).length)`); left != "0" {
		t.Errorf("%s pending keys left after success", left)
	}
	var got struct {
		BallotsCast int `json:"ballots_cast"`
	}
	resident.mustJSON("GET", votes+"/"+v.ID, nil, 200, &got)
	if got.BallotsCast != 1 {
		t.Fatalf("%d ballots after a cast and its retry, want 1", got.BallotsCast)
	}

	// A reload shows the receipt again, not a second ballot.
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("receipt-code")))
	b.waitText("#receipt-title", zh["receipt.already"])

	// The meeting board follows the count and sees the close.
	// The secretary watches it in a browser of their own, reached from home.
	board := newActor(t, b, "secretary")
	board.login(ta.URL, "13800000002", demoPassword)
	board.do("wait for home", chromedp.WaitVisible(chromedp.ID("user-name")))
	openProposalVotes(board.browser, p.ID)
	board.do("open the vote and its board",
		chromedp.WaitVisible(chromedp.CSS(`#proposal-vote-list li[data-id="`+v.ID+`"] .card-title`)),
		chromedp.Click(chromedp.CSS(`#proposal-vote-list li[data-id="`+v.ID+`"] .card-title`)),
		chromedp.WaitVisible(chromedp.ID("link-live")), chromedp.Click(chromedp.ID("link-live")))
	b = board.browser
	b.waitText("#live-cast", "1")
	b.waitText("#live-eligible", fmt.Sprint(v.EligibleCount))
	b.waitText("#live-status", zh["vote.status.open"])
	b.waitJS("the live stream connected", `document.getElementById('live-board').dataset.stream === 'open'`)
	secretary.mustJSON("POST", votes+"/"+v.ID+"/close", nil, 200, nil)
	b.waitText("#live-status", zh["vote.status.closed"])
	b.do("result link on the board", chromedp.WaitVisible(chromedp.ID("live-result")))

	// After the close: the resident, still on the vote's page, looks again.
	b = resBrowser
	b.do("look at the vote again", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("vote-closed-note")))
	if in := b.eval(`document.getElementById('check-code').value`); in != code {
		t.Errorf("the check form holds %q, want the kept receipt %q", in, code)
	}
	b.do("check a wrong code",
		chromedp.SetValue(chromedp.ID("check-code"), "AAAA BBBB CCCC DDDD EEEE"),
		chromedp.Click(chromedp.ID("check-submit")),
	)
	b.waitText("#check-missing", zh["check.notFound"])
	b.do("check my code",
		chromedp.SetValue(chromedp.ID("check-code"), strings.ToLower(code)),
		chromedp.Click(chromedp.ID("check-submit")),
	)
	b.waitText("#check-found", zh["check.found"])
	// A secret ballot's choice is never told by its code: a buyer shown the
	// code would learn it (issue 21 (6), docs/threat-model.md).
	b.waitText("#check-secret", zh["check.secretKept"])

	// The result page: checks, chart, computation, the published ballot.
	b.do("open the result", chromedp.Click(chromedp.ID("link-result")), chromedp.WaitVisible(chromedp.ID("result-chart")))
	if n := runIn(b, "chart rows", chromedp.Evaluate[int](`document.querySelectorAll('#result-chart g.chart-row').length`)); n != 3 {
		t.Errorf("the chart has %d rows, want 3", n)
	}
	if ns := b.eval(`document.querySelector('#result-chart .chart-bar').namespaceURI`); ns != "http://www.w3.org/2000/svg" {
		t.Errorf("chart bars in namespace %q", ns)
	}
	widths := runIn(b, "bar widths", chromedp.Evaluate[map[string]float64](`Object.fromEntries([...document.querySelectorAll('#result-chart g.chart-row')].map((g) => [g.dataset.key, Number(g.querySelector('.chart-bar').getAttribute('width'))]))`))
	if widths["yes"] <= 0 || widths["no"] != 0 || widths["abstain"] != 0 {
		t.Errorf("bar widths %v, want only yes drawn", widths)
	}
	b.waitText(`#result-counts li[data-key="yes"] .count`, "1")
	b.do("checks shown", chromedp.WaitVisible(chromedp.ID("check-attendance")), chromedp.WaitVisible(chromedp.ID("check-decision")))
	if comp := b.eval(`document.getElementById('computation').textContent`); !strings.Contains(comp, "yes: 1") {
		t.Errorf("computation %q lacks the count of yes", comp)
	}
	if n := runIn(b, "published ballots", chromedp.Evaluate[int](`document.querySelectorAll('#published-ballots li').length`)); n != 1 {
		t.Errorf("%d published ballots, want 1", n)
	}
	b.waitText("#proxies-title", zh["result.proxies"])

	// The published box: the code kept on this phone is found in the list
	// of receipts, which is not beside the list of ballots.
	b.do("find my receipt in the box", chromedp.Click(chromedp.ID("box-find")))
	b.waitText("#box-mine-found", zh["box.mineFound"])
	if n := runIn(b, "my receipt marked", chromedp.Evaluate[int](`document.querySelectorAll('#box-receipts li.mine').length`)); n != 1 {
		t.Errorf("%d receipts marked as mine, want 1", n)
	}
}

// TestBrowserSecretaryOpensEntersCountsAndCloses: the secretary opens a vote
// from a proposal's page with the form, enters a paper count (shown with its
// entry number for the second person), closes the vote with the confirm
// step, and lands on the result; the village's list shows the closed vote.
func TestBrowserSecretaryOpensEntersCountsAndCloses(t *testing.T) {
	allowStatus(t, 409) // the first close is refused, naming the count nobody confirmed
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	resident := ta.login(t, demoResidentPhone)
	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "楼道堆物清理", "category": "public_welfare"})

	b.login(ta.URL, "13800000002", demoPassword)
	b.do("wait for home", chromedp.WaitVisible(chromedp.ID("user-name")))
	openProposalVotes(b, p.ID)
	b.do("the form", chromedp.WaitVisible(chromedp.ID("open-form")))
	b.waitText("#proposal-votes-empty", zh["votes.noneForProposal"])
	if kind := b.eval(`document.getElementById('open-meeting-kind').value`); kind != "residents_meeting" {
		t.Errorf("an urban community's form proposes %q, want residents_meeting", kind)
	}
	b.do("open the vote", chromedp.Click(chromedp.ID("open-submit")), chromedp.WaitVisible(chromedp.ID("vote-controls")))
	b.waitText("#view-title", p.Title)

	b.do("enter a paper count",
		chromedp.SetValue(chromedp.ID("count-yes"), "3"),
		chromedp.SetValue(chromedp.ID("count-no"), "1"),
		chromedp.SetValue(chromedp.ID("count-voters"), "4"),
		chromedp.Click(chromedp.ID("count-submit")),
		chromedp.WaitVisible(chromedp.ID("count-entered")),
	)
	if sup := b.eval(`document.getElementById('count-supersedes').value`); !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(sup) {
		t.Errorf("after entering, the recount field holds %q, want the entry's number", sup)
	}
	b.do("close, with the confirm step",
		chromedp.Click(chromedp.ID("close-vote")),
		chromedp.WaitVisible(chromedp.ID("close-confirm")),
		chromedp.Click(chromedp.ID("close-confirm")),
		// The count nobody confirmed is named before the close leaves it out.
		chromedp.WaitVisible(chromedp.ID("close-unconfirmed")),
		chromedp.Click(chromedp.ID("close-anyway")),
		chromedp.WaitVisible(chromedp.ID("result-chart")),
	)
	// The paper count was not confirmed by a second person: it does not count.
	b.waitText(`#result-counts li[data-key="yes"] .count`, "0")
	b.waitText("#result-adopted", zh["result.notAdopted"])
	b.do("the village's votes", chromedp.Click(chromedp.ID("nav-votes")), chromedp.WaitVisible(chromedp.CSS("#vote-list-closed li")))
	b.waitText("#vote-list-closed li .card-title", p.Title)
}

// openProposalVotes taps from home to a proposal's votes: the proposals
// link, the proposal's card, its votes.
func openProposalVotes(b *browser, proposalID string) {
	b.t.Helper()
	card := `li.proposal-card[data-id="` + proposalID + `"] .card-title`
	b.do("home → proposals → the proposal → its votes",
		chromedp.WaitVisible(chromedp.ID("link-proposals")), chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.CSS(card)), chromedp.Click(chromedp.CSS(card)),
		chromedp.WaitVisible(chromedp.ID("proposal-votes")), chromedp.Click(chromedp.ID("proposal-votes")))
}
