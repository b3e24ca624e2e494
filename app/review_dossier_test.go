package main

import (
	"strings"
	"testing"
)

// TestFilingDossierThroughHTTP: the street official reads a filing's whole
// dossier in one request — the village's name, the notice with its
// answered objection, the minutes with the vote's counts and quorum — and
// an unknown filing is a 404 JSON error.
func TestFilingDossierThroughHTTP(t *testing.T) {
	ta := startTestApp(t)
	k := propKitOn(t, ta)
	const dtPath = "/gz/hd/hs/dt"
	council := [4]*client{ta.login(t, "13800000002"), ta.login(t, demoResidentPhone), k.account(dtPath, "R001"), k.account(dtPath, "R009")}
	title, noticeID := filedOutcome(t, ta, k, council, "村口设垃圾分类点")
	official := ta.login(t, "13800000003")
	base := "/api/v1/orgs/" + k.dt
	var d struct {
		Filing      struct{ ID, Status, Title string }
		VillageName string `json:"village_name"`
		StreetID    string `json:"street_id"`
		Notice      struct{ ID, Title, Text string }
		Objections  []struct{ Text, Answer string }
		Minutes     []struct {
			Version int
			Quorum  struct{ Met bool }
			Votes   []struct{ Counts map[string]int }
		}
	}
	official.mustJSON("GET", base+"/filings/"+noticeID+":1/dossier", nil, 200, &d)
	if d.Filing.Status != "filed" || d.Notice.ID != noticeID || d.Notice.Title != title || !strings.Contains(d.VillageName, "东田") || d.StreetID == "" {
		t.Errorf("dossier %+v", d)
	}
	if len(d.Objections) != 1 || d.Objections[0].Answer == "" {
		t.Errorf("objections %+v", d.Objections)
	}
	if len(d.Minutes) != 1 || !d.Minutes[0].Quorum.Met || len(d.Minutes[0].Votes) != 1 || d.Minutes[0].Votes[0].Counts["yes"] != 3 {
		t.Errorf("minutes %+v", d.Minutes)
	}
	official.mustJSON("GET", base+"/filings/"+noticeID+":9/dossier", nil, 404, nil)
}
