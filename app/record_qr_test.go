package main

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"yishi/modules/minutes"
)

// The QR code printed on a notice, minutes or result encodes the record's
// address in the page: this site followed by the page's route, never an
// address outside the village's own pages.
func TestRecordQRThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	get := func(who *client, path string) (int, string, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", c.ta.URL+c.base+"/record-qr.png?path="+url.QueryEscape(path), nil)
		resp, err := who.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), body
	}
	page := "/v/" + c.xl + "/n/0123456789abcdef01234567"
	code, ctype, body := get(c.chair, page)
	want, err := minutes.QRPNG(c.ta.URL+"/#"+page, 384)
	if err != nil {
		t.Fatal(err)
	}
	if code != 200 || ctype != "image/png" || !bytes.Equal(body, want) {
		t.Fatalf("record-qr.png of %s: %d %s, %d bytes (want the QR of %s)", page, code, ctype, len(body), c.ta.URL+"/#"+page)
	}
	other := c.ta.orgID(t, "/gz/hd/hs/dt")
	for _, bad := range []string{"", "https://example.com/", "/v/" + other + "/n/0123456789abcdef01234567", "/v/" + c.xl, "/v/" + c.xl + "/n/<script>"} {
		c.chair.mustError("GET", c.base+"/record-qr.png?path="+url.QueryEscape(bad), nil, 422, "invalid_fields")
	}
}

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
