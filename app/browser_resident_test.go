package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserResidentHomeVoteAndAnswer: a resident of 东田社区 logs in and
// finds on home, first, the vote opened for them and the answer to their
// objection; casts the vote from home; then the bell counts the answer,
// the list opens the notice it concerns and marks it read, and home no
// longer asks for the cast vote. Setup (the proposal, the vote, the notice,
// the objection and its answer) goes through the API; the page is driven
// from the root address by taps only.
func TestBrowserResidentHomeVoteAndAnswer(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	resident := ta.login(t, demoResidentPhone)
	secretary := ta.login(t, "13800000002")
	base := "/api/v1/orgs/" + k.dt

	p := submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "小区加装电梯", "category": "public_welfare"})
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID,
		"meeting_kind": "residents_meeting", "secret": true}, 201, &v)
	var n, obj struct{ ID string }
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "affairs", "title": "第三季度村务公开", "text": "本季度村务"}, 201, &n)
	resident.mustJSON("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "道路维修费用没有写明"}, 201, &obj)
	secretary.mustJSON("POST", base+"/notices/"+n.ID+"/objections/"+obj.ID+"/answer", map[string]string{"answer": "已补充费用明细"}, 200, nil)

	b.do("open the root address", chromedp.Navigate(ta.URL+"/"))
	b.do("log in",
		chromedp.WaitVisible(chromedp.ID("login-form")),
		chromedp.SendKeys(chromedp.ID("phone"), demoResidentPhone),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("home-waiting")))

	// What waits for me comes first, before what is open in the village.
	order := b.eval(`[...document.querySelectorAll('#view h2')].map((e) => e.id).join()`)
	if !strings.HasPrefix(order, "home-waiting-title,home-village-title") {
		t.Errorf("home's sections in order %q, want what waits for me, then the village", order)
	}
	voteLine := `#home-waiting li[data-kind="vote_to_cast"] .card-title`
	b.waitText(voteLine, strings.ReplaceAll(zh["home.line.vote_to_cast"], "{title}", p.Title))
	b.waitText(`#home-waiting li[data-kind="objection_answered"] .card-title`, strings.ReplaceAll(zh["home.line.objection_answered"], "{title}", "第三季度村务公开"))

	// Cast it from home.
	b.do("open the vote from home", chromedp.Click(chromedp.CSS(voteLine)))
	b.waitText("#view-title", p.Title)
	b.do("choose yes", chromedp.WaitVisible(chromedp.CSS(`#ballot-options button[data-key="yes"]`)), chromedp.Click(chromedp.CSS(`#ballot-options button[data-key="yes"]`)))
	// Confirm: disabled while the ballot is on its way; the receipt takes
	// the confirm step's place in the ballot's polite live region, in view,
	// with the focus on its heading.
	b.do("the confirm step", chromedp.WaitVisible(chromedp.ID("ballot-confirm")))
	b.eval(slowWrites)
	if busy := b.eval(`(() => { const e = document.getElementById('ballot-confirm'); e.click(); return String(e.disabled); })()`); busy != "true" {
		t.Error("the confirm button is not disabled while the ballot is in flight")
	}
	b.do("the receipt", chromedp.WaitVisible(chromedp.ID("receipt-code")))
	if got := b.eval(`(() => { const s = document.getElementById('ballot'); const r = document.getElementById('receipt-code').getBoundingClientRect();
		return [s.getAttribute('aria-live'), document.activeElement && document.activeElement.id, r.top >= 0 && r.bottom <= innerHeight].join(); })()`); got != "polite,receipt-title,true" {
		t.Errorf("after the ballot: live region, focus and receipt in view %q, want polite,receipt-title,true", got)
	}

	// The bell counts the unread notifications; the list opens the answer.
	b.waitJS("the bell counts", `!document.getElementById('bell').hidden && Number(document.getElementById('bell-count').textContent) >= 1`)
	b.do("open the bell", chromedp.Click(chromedp.ID("bell")), chromedp.WaitVisible(chromedp.ID("notification-list")))
	b.waitText("#view-title", zh["notifications.title"])
	answer := `#notification-list li.unread[data-kind="objection_answered"] .card-title`
	b.waitText(answer, strings.ReplaceAll(zh["notify.objection_answered"], "{title}", "第三季度村务公开"))
	b.do("open the answer", chromedp.Click(chromedp.CSS(answer)))
	b.do("the notice it concerns, with the answer", chromedp.WaitVisible(chromedp.ID("notice-text")), chromedp.WaitVisible(chromedp.CSS(`#objection-list .answer`)))
	b.waitJS("the notice page of this notice", `location.hash.endsWith('/n/`+n.ID+`')`)
	var list struct {
		Notifications []struct {
			Kind string `json:"kind"`
			Read bool   `json:"read"`
		} `json:"notifications"`
	}
	resident.mustJSON("GET", "/api/v1/notifications", nil, 200, &list)
	for _, x := range list.Notifications {
		if x.Kind == "objection_answered" && !x.Read {
			t.Error("the opened answer is still unread")
		}
	}

	// Mark the rest read: the bell goes to 0 and says so.
	b.do("back to the bell", chromedp.Click(chromedp.ID("bell")), chromedp.WaitVisible(chromedp.ID("notification-list")))
	b.do("mark all read", chromedp.WaitVisible(chromedp.ID("notifications-read-all")), chromedp.Click(chromedp.ID("notifications-read-all")))
	b.waitText("#notifications-status", zh["bell.allRead"])
	b.waitText("#bell-count", "0")
	if left := b.eval(`String(document.querySelectorAll('#notification-list li.unread').length)`); left != "0" {
		t.Errorf("%s notifications still drawn unread", left)
	}

	// Home no longer asks for the vote that was cast.
	b.do("home", chromedp.Click(chromedp.CSS(".brand")), chromedp.WaitVisible(chromedp.ID("home-waiting-title")))
	b.waitJS("the cast vote gone", `!document.querySelector('#home-waiting li[data-kind="vote_to_cast"]')`)
}

// smallTargets lists the visible tappable targets and inputs of the page
// that are under 44 px in height or width, as "tag#id 'text' w×h". A
// check box or radio button is tapped through its label, which is measured.
const smallTargets = `[...document.querySelectorAll('#view a, #view button, #view input, #view select, #view textarea, header a, header button')]
	.filter((e) => e.offsetParent !== null)
	.map((e) => [e, ((e.type === 'checkbox' || e.type === 'radio') && (e.closest('label') || (e.id && document.querySelector('label[for="' + e.id + '"]'))) || e).getBoundingClientRect()])
	.filter(([, r]) => r.height < 44 || r.width < 44)
	.map(([e, r]) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + " '" + (e.textContent || '').trim().slice(0, 20) + "' " + Math.round(r.width) + 'x' + Math.round(r.height))`

// TestBrowserResidentPagesFitAPhone: on a 390-px-wide phone, a resident's
// home, 我的权利, the notifications and the new-proposal form have every
// target and input at least 44 × 44 px, and nothing scrolls sideways; the
// new proposal's category starts on an ordinary matter, not a statutory one.
func TestBrowserResidentPagesFitAPhone(t *testing.T) {
	ta, b := startBrowserTest(t)
	k := propKitOn(t, ta)
	resident := ta.login(t, demoResidentPhone)
	submitted(resident, k.dt, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "environment"})

	b.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.do("open the root address", chromedp.Navigate(ta.URL+"/"))
	b.do("log in",
		chromedp.WaitVisible(chromedp.ID("login-form")),
		chromedp.SendKeys(chromedp.ID("phone"), demoResidentPhone),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("home-waiting-title")))
	measure := func(page string) {
		t.Helper()
		b.waitJS(page+" drawn", `!document.querySelector('#view .loading')`)
		if small := runIn(b, "targets on "+page, chromedp.Evaluate[[]string](smallTargets)); len(small) > 0 {
			t.Errorf("%s at 390 px has targets under 44 px: %v", page, small)
		}
		if w := runIn(b, "width of "+page, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s at 390 px scrolls sideways: %d px wide", page, w)
		}
	}
	measure("home")
	// For the closing note: how long home is on a phone, and what is above the fold.
	height := runIn(b, "home's height", chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
	fold := b.eval(`[...document.querySelectorAll('#view h1, #view h2, #view .card-title, #view .empty, #view nav a')].filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).map((e) => e.textContent.trim()).join(' | ')`)
	t.Logf("home at 390 × 844: %d px high; above the fold: %s", height, fold)
	b.do("what I may do", chromedp.Click(chromedp.ID("link-powers")), chromedp.WaitVisible(chromedp.ID("powers-title")))
	measure("what I may do")
	b.do("the bell", chromedp.WaitVisible(chromedp.ID("bell")), chromedp.Click(chromedp.ID("bell")), chromedp.WaitVisible(chromedp.CSS("#notification-list, #notifications-empty")))
	measure("notifications")
	b.do("home", chromedp.Click(chromedp.CSS(".brand")), chromedp.WaitVisible(chromedp.ID("link-proposals")))
	b.do("the new-proposal form",
		chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.ID("new-proposal")),
		chromedp.Click(chromedp.ID("new-proposal")),
		chromedp.WaitVisible(chromedp.ID("proposal-category")))
	measure("the new-proposal form")
	if got := b.eval(`document.getElementById('proposal-category').value`); got != "other" {
		t.Errorf("a new proposal's category starts on %q, want an ordinary matter (other)", got)
	}
	b.waitText("#proposal-category-note", "")
	// Choosing a statutory matter says where it must be decided and why.
	b.do("choose a statutory category", chromedp.SetValue(chromedp.ID("proposal-category"), "cadre_subsidy"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('proposal-category').dispatchEvent(new Event('change'))`))
	b.waitText("#proposal-category-note", dictionary(t, ta, "zh")["form.categoryHint"])
}

// TestBrowserResidentLinksOpenTheirPages: every view a home line or a
// notification links to (the server's names) opens a route of the page's
// route table with its parameters filled, and a view the page does not
// know opens home instead of failing.
func TestBrowserResidentLinksOpenTheirPages(t *testing.T) {
	ta, b := startBrowserTest(t)
	b.do("open the root address", chromedp.Navigate(ta.URL+"/"), chromedp.WaitVisible(chromedp.ID("login-form")))
	const id = "0123456789abcdef01234567"
	want := map[string]string{ // view → the route it must open ("home" when the page has none)
		"proposal": "proposal", "vote-ballot": "vote", "vote-result": "vote-result", "vote-counts": "vote-live",
		"minutes": "minutes", "notice": "notice", "desk": "desk", "desk-forwarded": "desk-forwarded",
		"moral-case": "moral-case", "filing": "review-filing", "meeting": "meeting", "sign-in-code": "sign-in-code",
		"moral-lists": "moral-lists", "village-figures": "dashboard-village-part", "complaint": "complaint", "no-such-view": "home",
	}
	got := runIn(b, "linkHref over the views", chromedp.Evaluate[map[string]string](`(async () => {
		const { linkHref } = await import('/js/links.js');
		const { match } = await import('/js/router.js');
		const id = '`+id+`';
		const params = { vid: id, pid: id, vote: id, meeting: id, version: '1', notice: id, case: id, filing: id + ':1', complaint: id, request: id, part: 'meetings' };
		const out = {};
		for (const view of `+"['proposal', 'vote-ballot', 'vote-result', 'vote-counts', 'minutes', 'notice', 'desk', 'desk-forwarded', 'moral-case', 'filing', 'meeting', 'sign-in-code', 'moral-lists', 'village-figures', 'complaint', 'no-such-view']"+`) {
			const href = linkHref({ view, params }, id);
			const m = match(href.replace(/^#/, ''));
			out[view] = m ? m.route.name : 'unmatched ' + href;
		}
		return out;
	})()`, chromedp.EvalAwaitPromise))
	for view, route := range want {
		if got[view] != route {
			t.Errorf("a %s link opens %q, want %q", view, got[view], route)
		}
	}
}
