package main

import (
	"testing"
	"time"
)

// Once the street accepts a resolution's filing, the secretary's home
// leads to starting its project, until the project exists.
func TestTodayLeadsFromAcceptedFilingToProjectThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	official := c.ta.login(t, "13800000003")
	mpath, _ := c.adoptedAndClosed("十二月议事会")
	var pub struct{ Notices []noticeView }
	c.sec.mustJSON("POST", mpath+"/minutes/1/publish", nil, 200, &pub)
	n := pub.Notices[0]
	c.ta.clock.advance(time.Duration(n.NoticeDays)*24*time.Hour + time.Minute)
	var f struct{ ID string }
	c.sec.mustJSON("POST", c.base+"/filings", map[string]string{"kind": "outcome", "notice_id": n.ID}, 201, &f)
	if got := c.today(c.sec, "filing_accepted"); len(got) != 0 {
		t.Fatalf("a filing under review leads to a project: %+v", got)
	}
	official.mustJSON("POST", c.base+"/filings/"+f.ID+"/accept", nil, 200, nil)
	got := c.today(c.sec, "filing_accepted")
	if len(got) != 1 || got[0].Link.View != "project-new" || got[0].Link.Route != "#/v/"+c.xl+"/projects/new/"+n.ID || got[0].Title != n.Title {
		t.Fatalf("accepted: %+v", got)
	}
	c.sec.mustJSON("POST", c.base+"/projects", map[string]any{"title": n.Title, "notice_id": n.ID, "responsible": "村委会"}, 201, nil)
	if got := c.today(c.sec, "filing_accepted"); len(got) != 0 {
		t.Fatalf("the line stays once the project is started: %+v", got)
	}
}
