package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserStreetDashboard logs in as the street official, follows the home
// page's link to 花山镇's dashboard, sees a row for each demo village and the
// SVG bar chart, and opens one village's drill-down.
func TestBrowserStreetDashboard(t *testing.T) {
	ta, b := startBrowserTest(t)
	zh := dictionary(t, ta, "zh")
	street := ta.orgID(t, "/gz/hd/hs")

	b.login(ta.URL, "13800000003", demoPassword)
	b.waitJS("home", `!!document.getElementById('logout')`)
	b.do("follow the dashboard link",
		chromedp.WaitVisible(chromedp.ID("link-dashboard")),
		chromedp.Click(chromedp.ID("link-dashboard")))
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "#/o/"+street+"/dashboard") {
		t.Fatalf("dashboard link went to %s", loc)
	}
	b.waitJS("the village rows", fmt.Sprintf(`document.querySelectorAll('#dash-table tbody tr.dash-row').length === %d`, len(demoVillages)))
	for _, v := range demoVillages {
		id := ta.orgID(t, "/gz/hd/hs/"+v.code)
		got := b.eval(fmt.Sprintf(`(document.querySelector('#dash-table tr[data-village="%s"] .dash-village-link') || {}).textContent || ''`, id))
		if got != v.name {
			t.Errorf("row of %s shows %q", v.name, got)
		}
	}
	b.waitJS("the SVG chart", fmt.Sprintf(`(() => { const s = document.querySelector('svg#dash-chart');
		return !!s && s.namespaceURI === 'http://www.w3.org/2000/svg' && s.querySelectorAll('rect.chart-bar').length === %d; })()`, len(demoVillages)))
	b.waitText("#dash-totals th", zh["dash.totals"])

	first := ta.orgID(t, "/gz/hd/hs/"+demoVillages[0].code)
	b.do("open the drill-down",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#dash-table tr[data-village="%s"] .dash-village-link`, first))))
	b.waitText("#view-title", strings.ReplaceAll(zh["dash.villageTitleOf"], "{village}", demoVillages[0].name))
	if loc := runIn(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "#/o/"+street+"/dashboard/v/"+first) {
		t.Errorf("drill-down at %s", loc)
	}
	b.waitJS("the drill-down sections", `['dv-alerts','dv-proposals','dv-meetings','dv-votes','dv-notices','dv-filings','dv-disclosures','dv-complaints']
		.every((id) => !!document.getElementById(id))`)

	// The alerts and the hall topics open without a page error.
	b.do("open the alerts", chromedp.WaitVisible(chromedp.ID("nav-alerts")), chromedp.Click(chromedp.ID("nav-alerts")))
	b.waitText("#view-title", zh["dash.alerts"])
	b.do("open the topics", chromedp.WaitVisible(chromedp.ID("nav-topics")), chromedp.Click(chromedp.ID("nav-topics")))
	b.waitText("#view-title", zh["dash.topics"])
}
