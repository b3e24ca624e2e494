package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserHallTopicBecomesCouncilProposal: a resident raises a topic in
// the hall through the page; ten residents support it (through the API); it
// becomes a council proposal; the secretary finds it in the council's list
// and opens it, linked to the topic it came from.
func TestBrowserHallTopicBecomesCouncilProposal(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"

	// 100 more adults in 东田社区's register: 115 residents aged 18+, so the
	// hall's threshold is the full 10 (10 is smaller than 1/10 of 115).
	var csv strings.Builder
	csv.WriteString("resident_no,household_no,name,gender,birth_date,phone,group,household_head\n")
	for i := 101; i <= 200; i++ {
		fmt.Fprintf(&csv, "R%03d,H%03d,新居民%d,M,1980-01-01,,第3组,是\n", i, i, i)
	}
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/residents/import", csv.String(), 200, nil)
	var supporters []*client
	for i := 101; i <= 110; i++ {
		supporters = append(supporters, k.account(dtPath, fmt.Sprintf("R%03d", i)))
	}

	const topicTitle = "村口路灯坏了，晚上太黑"
	b.login(ta.URL, demoResidentPhone, demoPassword)
	b.do("open the hall",
		chromedp.WaitVisible(chromedp.ID("link-hall")),
		chromedp.Click(chromedp.ID("link-hall")),
		chromedp.WaitVisible(chromedp.ID("topic-form")),
		chromedp.SendKeys(chromedp.ID("topic-title"), topicTitle),
		chromedp.SendKeys(chromedp.ID("topic-body"), "已经坏了两个星期"),
		chromedp.Click(chromedp.ID("topic-submit")),
	)
	b.waitJS("the topic's page", `location.hash.includes('/p/')`)
	b.waitText("#view-title", topicTitle)
	loc := runIn(b, "location", chromedp.Location())
	id := loc[strings.LastIndex(loc, "/")+1:]
	route := func(have int) string {
		return strings.NewReplacer("{have}", fmt.Sprint(have), "{need}", "10").Replace(zh["detail.route"])
	}
	b.waitText("#threshold .line-desc", route(0))

	support := "/api/v1/orgs/" + k.dt + "/topics/" + id + "/support"
	var topic propView
	for _, c := range supporters[:9] {
		c.mustJSON("POST", support, nil, 200, &topic)
	}
	if topic.Status != "open" {
		t.Fatalf("after 9 supporters the topic is %s", topic.Status)
	}
	b.do("reload", chromedp.Reload())
	b.waitText("#threshold .line-desc", route(9))
	supporters[9].mustJSON("POST", support, nil, 200, &topic)
	if topic.Status != "escalated" || topic.EscalatedTo == "" {
		t.Fatalf("after 10 supporters the topic is %s", topic.Status)
	}
	b.do("reload", chromedp.Reload())
	b.waitText("#escalated-link", topicTitle)

	// The secretary logs in and finds it among the council's proposals.
	b.do("log out",
		chromedp.Navigate(ta.URL+"/#/home"),
		chromedp.WaitVisible(chromedp.ID("logout")),
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login-form")),
	)
	b.login(ta.URL, "13800000002", demoPassword)
	b.do("open the proposals",
		chromedp.WaitVisible(chromedp.ID("link-proposals")),
		chromedp.Click(chromedp.ID("link-proposals")),
		chromedp.WaitVisible(chromedp.CSS("#proposal-list li")),
	)
	b.waitText(fmt.Sprintf(`#proposal-list li[data-id="%s"] .card-title`, topic.EscalatedTo), topicTitle)
	b.do("open the proposal", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#proposal-list li[data-id="%s"] .card-title`, topic.EscalatedTo))))
	b.waitText("#topic-link", topicTitle)
	b.waitText("#detail-current", "提议")
	b.do("the secretary can advance it", chromedp.WaitVisible(chromedp.ID("advance-form")))
	if n := runIn(b, "timeline steps", chromedp.Evaluate[int](`document.querySelectorAll('#timeline > li').length`)); n != 4 {
		t.Errorf("timeline shows %d steps, want the short flow's 4", n)
	}
	if n := runIn(b, "history from the topic", chromedp.Evaluate[int](`document.querySelectorAll('#timeline-before .event').length`)); n < 3 {
		t.Errorf("the proposal shows %d events from the topic, want raise, threshold and escalation", n)
	}
}
