package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// rawKey is how an untranslated key or code looks on a page:
// lower_case_with_underscores or dash.col.something.
var rawKey = regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+\.[a-z]+\.[a-z]+\b`)

// streetLogIn opens the root address and logs in through the form.
func streetLogIn(b *browser, url, phone string) {
	b.t.Helper()
	b.do("open the root address and log in", chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.ID("login-form")),
		chromedp.SendKeys(chromedp.ID("phone"), phone),
		chromedp.SendKeys(chromedp.ID("password"), demoPassword),
		chromedp.Click(chromedp.ID("login-submit")))
	b.waitJS("home", `!!document.getElementById('logout')`)
}

// TestBrowserStreetHome: two villages' outcomes are filed, the first's
// review deadline passes and a village forwards a service request. The
// street official logs in at the root address and sees on home the filings
// with the earliest deadline first, the overdue filing's alert and the
// forwarded request; opens the first filing's review page by a tap; taps
// the alert and lands on its evidence (the filing's review page, not a
// JSON document); and follows the forwarded request to the street's queue.
func TestBrowserStreetHome(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"
	council := [4]*client{ta.login(t, "13800000002"), ta.login(t, demoResidentPhone), k.account(dtPath, "R001"), k.account(dtPath, "R009")}
	first, firstID := filedOutcome(t, ta, k, council, "村口设垃圾分类点")
	second, _ := filedOutcome(t, ta, k, council, "修缮村道路灯")
	// The first filing's 30-day review period ends; the second's does not.
	ta.clock.advance(16 * 24 * time.Hour)
	s := &serviceKit{propKit: k, resident: ta.login(t, demoResidentPhone), secretary: council[0]}
	fwd := s.file("street_official:training.provide")
	s.secretary.mustJSON("POST", s.path("/service-requests/"+fwd.ID+"/forward"), map[string]any{"text": "需要街道协调"}, 200, nil)

	b.do("a desktop's width", chromedp.EmulateViewport(1280, 900))
	streetLogIn(b, ta.URL, "13800000003")
	b.waitJS("the filings on home", `document.querySelectorAll('#street-filings li').length === 2`)
	titles := b.eval(`[...document.querySelectorAll('#street-filings li .card-title')].map((a) => a.textContent).join(' | ')`)
	want := strings.ReplaceAll(zh["home.line.filing_to_review"], "{title}", first) + " | " +
		strings.ReplaceAll(zh["home.line.filing_to_review"], "{title}", second)
	if titles != want {
		t.Errorf("home's filings are %q, want the earliest deadline first: %q", titles, want)
	}
	if meta := b.eval(`document.querySelector('#street-filings li .line-meta').textContent`); !strings.Contains(meta, "东田") {
		t.Errorf("a filing's line %q does not name its village", meta)
	}
	b.waitJS("the overdue filing's alert", `!!document.querySelector('#street-alerts li a')`)
	b.waitText("#street-requests li .card-title", strings.ReplaceAll(zh["home.line.request_forwarded"], "{title}", "东田社区"))

	b.do("open the first filing", chromedp.Click(`#street-filings li:first-child a`))
	b.waitJS("its review page", `!!document.getElementById('review-village')`)
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(strings.ReplaceAll(loc, "%3A", ":"), "#/v/"+k.dt+"/filings/"+firstID+":1") {
		t.Errorf("the first filing opened %s", loc)
	}
	b.waitText("h1", strings.ReplaceAll(zh["street.reviewOf"], "{title}", first))

	b.do("home, then the alert", chromedp.Click(chromedp.CSS(".brand")), chromedp.WaitVisible(chromedp.CSS("#street-alerts li a")))
	alert := b.eval(`[...document.querySelectorAll('#street-alerts li')].map((li) => li.textContent).join(' | ')`)
	if !strings.Contains(alert, first) {
		t.Errorf("home's alerts %q do not name the overdue filing %q", alert, first)
	}
	b.do("tap the alert", chromedp.Click(chromedp.CSS(`#street-alerts li a`)))
	b.waitJS("the alert's evidence: the filing", `!!document.getElementById('review-village')`)
	if loc := runIn(b, "location", chromedp.Location()); !strings.Contains(loc, "#/v/"+k.dt+"/filings/"+firstID) {
		t.Errorf("the alert opened %s, want the overdue filing's review page", loc)
	}

	b.do("home, then the forwarded request", chromedp.Click(chromedp.CSS(".brand")), chromedp.WaitVisible(chromedp.CSS("#street-requests li a")),
		chromedp.Click(chromedp.CSS("#street-requests li a")))
	b.waitJS("the forwarded queue", fmt.Sprintf(`!!document.querySelector('#forwarded-queue li[data-id="%s"]')`, fwd.ID))
}

// TestBrowserStreetDashboardFitsBothScreens: the street's dashboard is a
// table at 1280 px (villages as rows, each column headed in words, no
// sideways scrolling) and cards at 390 px (each figure labelled in words,
// no sideways scrolling); no raw key or code shows anywhere. An alert's
// evidence opens a page of the app: the overdue filing's review page from
// the alerts page, and the village's figures at the part that shows it
// from the drill-down.
func TestBrowserStreetDashboardFitsBothScreens(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"
	council := [4]*client{ta.login(t, "13800000002"), ta.login(t, demoResidentPhone), k.account(dtPath, "R001"), k.account(dtPath, "R009")}
	title, noticeID := filedOutcome(t, ta, k, council, "村口设垃圾分类点")
	ta.clock.advance(31 * 24 * time.Hour)

	cols := []string{"dash.col.proposals", "dash.col.meetings", "dash.col.turnout", "dash.col.notices", "dash.col.filings",
		"dash.col.disclosures", "dash.col.complaints", "dash.col.requests", "dash.col.alerts"}
	var labels []string
	for _, c := range cols {
		labels = append(labels, zh[c])
	}
	wantLabels := strings.Join(labels, "|")

	b.do("a desktop's width", chromedp.EmulateViewport(1280, 900))
	streetLogIn(b, ta.URL, "13800000003")
	// No village forwarded a request: the section says so and what to do next.
	b.waitText("#street-requests-empty", zh["streetHome.requestsEmpty"])
	b.do("the dashboard", chromedp.WaitVisible(chromedp.ID("link-dashboard")), chromedp.Click(chromedp.ID("link-dashboard")))
	b.waitJS("the village rows", fmt.Sprintf(`document.querySelectorAll('#dash-table tbody tr.dash-row').length === %d`, len(demoVillages)))
	if got := b.eval(`[...document.querySelectorAll('#dash-table thead th')].slice(1).map((th) => th.textContent).join('|')`); got != wantLabels {
		t.Errorf("the columns at 1280 px are %q, want %q", got, wantLabels)
	}
	shape := func(width int) string {
		t.Helper()
		return b.eval(`(() => { const tr = document.querySelector('#dash-table tbody tr'); const wrap = document.querySelector('.dash-table-wrap');
			return [getComputedStyle(tr).display, getComputedStyle(document.querySelector('#dash-table thead')).position,
				document.documentElement.scrollWidth <= window.innerWidth, wrap.scrollWidth <= wrap.clientWidth].join(' '); })()`)
	}
	if got := shape(1280); got != "table-row static true true" {
		t.Errorf("at 1280 px the dashboard is %q, want a table row, a visible head, no sideways scrolling (page, table)", got)
	}
	noRawKeys := func(where, sel string) {
		t.Helper()
		text := b.eval(`document.querySelector('` + sel + `').innerText`)
		if m := rawKey.FindAllString(text, -1); len(m) > 0 {
			t.Errorf("%s shows raw keys %v", where, m)
		}
	}
	noRawKeys("the dashboard at 1280 px", "#view")
	// Not squeezed: each column's heading reads on one line.
	if wrapped := b.eval(`[...document.querySelectorAll('#dash-table thead th')].filter((th) => {
		const r = document.createRange(); r.selectNodeContents(th); return r.getClientRects().length > 1; }).map((th) => th.textContent).join(' | ')`); wrapped != "" {
		t.Errorf("at 1280 px these headings wrap: %s", wrapped)
	}

	b.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	b.waitJS("the cards", `getComputedStyle(document.querySelector('#dash-table tbody tr')).display === 'block'`)
	if got := shape(390); got != "block absolute true true" {
		t.Errorf("at 390 px the dashboard is %q, want cards, the head hidden, no sideways scrolling", got)
	}
	// Each card's figures are labelled in words: the label the cell shows before its figure.
	got := b.eval(`[...document.querySelectorAll('#dash-table tbody tr:first-child td')].map((td) => getComputedStyle(td, '::before').content).join('|')`)
	if want := `"` + strings.ReplaceAll(wantLabels, "|", `"|"`) + `"`; got != want {
		t.Errorf("a card's labels at 390 px are %s, want %s", got, want)
	}
	noRawKeys("the dashboard at 390 px", "#view")
	// The table's caption reads across the phone, not one character a line.
	if w := runIn(b, "the caption's width", chromedp.Evaluate[int](`Math.round(document.querySelector('#dash-table caption').getBoundingClientRect().width)`)); w < 300 {
		t.Errorf("the table's caption at 390 px is %d px wide", w)
	}

	// The alerts: each evidence link is named in words and opens a page, never the API.
	b.do("the alerts", chromedp.Click(chromedp.ID("nav-alerts")))
	b.waitJS("the overdue filing's alert", `!!document.querySelector('#alerts-list a.dash-evidence-link[data-kind="filing"]')`)
	if api := b.eval(`[...document.querySelectorAll('#view a')].map((a) => a.getAttribute('href')).filter((h) => !h.startsWith('#/')).join(' ')`); api != "" {
		t.Errorf("the alerts page links outside the app's pages: %s", api)
	}
	noRawKeys("the alerts page", "#view")
	b.waitText(`#alerts-list a.dash-evidence-link[data-kind="filing"]`, zh["dash.evidenceKind.filing"])
	b.do("the filing's evidence", chromedp.Click(`#alerts-list a.dash-evidence-link[data-kind="filing"]`))
	b.waitJS("the overdue filing's review page", `!!document.getElementById('review-village')`)
	b.waitText("h1", strings.ReplaceAll(zh["street.reviewOf"], "{title}", title))
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(strings.ReplaceAll(loc, "%3A", ":"), "/filings/"+noticeID+":1") {
		t.Errorf("the evidence opened %s", loc)
	}

	// An overdue disclosure (the quarter's village affairs, V2026 Art. 35 ¶3) opens the village's
	// overdue disclosures among its figures, marked and focused.
	b.do("home, then the alerts", chromedp.Click(chromedp.CSS(".brand")), chromedp.WaitVisible(chromedp.ID("link-alerts")),
		chromedp.Click(chromedp.ID("link-alerts")))
	ev := `#alerts-list a.dash-evidence-link[data-kind="publication_calendar"]`
	b.waitJS("an overdue disclosure's alert", `!!document.querySelector('`+ev+`')`)
	b.waitText(ev, zh["dash.evidenceKind.publication_calendar"])
	b.do("its evidence", chromedp.Click(ev))
	b.waitJS("the village's overdue disclosures, marked and focused",
		`!!document.querySelector('#dv-disclosures.dash-part li') && document.activeElement === document.querySelector('#dv-disclosures h2')`)
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "/disclosures") {
		t.Errorf("the disclosure's evidence opened %s", loc)
	}
	noRawKeys("the village's figures", "#view")
	// The overdue items are named in words, not by their calendar's kind (affairs, finance).
	if text := b.eval(`document.getElementById('dv-disclosures').innerText`); regexp.MustCompile(`\b[a-z]{3,}\b`).MatchString(text) ||
		!strings.Contains(text, zh["dash.due.affairs"]) {
		t.Errorf("the overdue disclosures read %q, want them named in words (%s)", text, zh["dash.due.affairs"])
	}
}
