package review_test

import (
	"context"
	"errors"
	"testing"

	"yishi/modules/account/accounttest"
	"yishi/modules/minutes"
	"yishi/modules/review"
	"yishi/modules/vote"
)

// Complaints through HTTP: the review module's routes and the minutes
// module's (the village's board, which the street may not touch) on the
// account module's guard and the real enforcer, on the embedded store
// (moved from app/, where each test started the whole app and its demo).
// Filings of a proposal's outcome, and the findings the secretary's today
// list shows, are journeys across modules: app/ keeps them.

// reviewKit is the township wired as app/wire_minutes.go and
// app/wire_review.go do, with no proposal module: a filing's correction
// order reopens nothing here.
type reviewKit struct {
	site *accounttest.Site
}

// noReopener refuses to reopen: no test here returns a filing.
type noReopener struct{}

func (noReopener) Reopen(context.Context, string, string, string, string, string) (string, error) {
	return "", errors.New("reopen: no proposal module in this kit")
}

func newReviewKit(t *testing.T) *reviewKit {
	t.Helper()
	site := accounttest.New(t, nil)
	votes := vote.NewService(site.Store, site.Orgs, vote.Config{Audit: site.Audit})
	meetings := minutes.NewService(site.Store, site.Orgs, votes, site.Audit, nil)
	votes.SetMeetings(meetings)
	minutes.New(minutes.Deps{Service: meetings, Guard: site.Guard, Domain: site.OrgRoutes.Path, Validator: site.Validator,
		Notify: site.Sent, Log: site.Log}).Mount(site.API)
	svc := review.NewService(site.Store, site.Orgs, meetings, site.Audit, noReopener{})
	review.New(review.Deps{Service: svc, Guard: site.Guard, Domain: site.OrgRoutes.Path, Validator: site.Validator,
		Notify: site.Sent, Log: site.Log}).Mount(site.API)
	return &reviewKit{site: site}
}

type complaintView struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	ResidentNo string `json:"resident_no"`
	Guidance   string `json:"guidance"`
	Basis      string `json:"basis"`
}

type complaintList struct {
	Complaints []complaintView `json:"complaints"`
}

// TestV2026Art36ComplaintReturnedByStreetWithGuidance: a resident of 东田社区
// reports an unpublished disclosure to the street; the street official can
// only return it to the village with guidance (V2026 Art. 36, V2026 Art. 6 ¶1); the
// resident sees the answer; the secretary sees the complaint without the
// complainant; residents of another village, or other residents, see nothing.
func TestV2026Art36ComplaintReturnedByStreetWithGuidance(t *testing.T) {
	k := newReviewKit(t)
	resident := k.site.Resident(k.site.Community, "R003")
	secretary := k.site.Resident(k.site.Community, "R005", "resident", "council_member", "secretary")
	official := k.site.Official("street_official", k.site.Street.Path)
	neighbour := k.site.Resident(k.site.Community, "R007")
	outsider := k.site.Resident(k.site.Village, "R003")
	base := "/api/v1/orgs/" + k.site.Community.ID
	street := "/api/v1/orgs/" + k.site.Street.ID

	body := map[string]string{"kind": "unpublished", "subject": "第三季度财务没有公开", "text": "九月底已过，公开栏没有财务收支"}
	official.Error("POST", base+"/complaints", body, 403, "forbidden")
	outsider.Error("POST", base+"/complaints", body, 403, "forbidden")
	resident.Error("POST", base+"/complaints", map[string]string{"kind": "rumour", "subject": "x", "text": "y"}, 422, "invalid_fields")
	var c complaintView
	resident.JSON("POST", base+"/complaints", body, 201, &c)
	if c.Status != "submitted" {
		t.Fatalf("complaint %+v", c)
	}
	cpath := base + "/complaints/" + c.ID

	// Who sees it.
	var mine complaintList
	resident.JSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 1 || mine.Complaints[0].ResidentNo != "R003" {
		t.Fatalf("the resident's own list: %+v", mine)
	}
	neighbour.JSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if len(mine.Complaints) != 0 {
		t.Fatalf("another resident sees a complaint not theirs: %+v", mine)
	}
	neighbour.Error("GET", cpath, nil, 403, "forbidden")
	neighbour.Error("GET", base+"/complaints", nil, 403, "forbidden")
	outsider.Error("GET", base+"/complaints/mine", nil, 403, "forbidden")
	outsider.Error("GET", cpath, nil, 403, "forbidden")
	outsider.Error("GET", base+"/complaints", nil, 403, "forbidden")
	var village complaintList
	secretary.JSON("GET", base+"/complaints", nil, 200, &village)
	if len(village.Complaints) != 1 || village.Complaints[0].ResidentNo != "" {
		t.Fatalf("the village's list must hold the complaint without the complainant: %+v", village)
	}

	// The street's queue; only the street returns.
	var queue complaintList
	official.JSON("GET", street+"/complaint-queue", nil, 200, &queue)
	if len(queue.Complaints) != 1 || queue.Complaints[0].ID != c.ID {
		t.Fatalf("queue %+v", queue)
	}
	secretary.Error("GET", street+"/complaint-queue", nil, 403, "forbidden")
	secretary.Error("POST", cpath+"/return", map[string]string{"guidance": "自己处理"}, 403, "forbidden")
	official.Error("POST", cpath+"/return", map[string]string{"basis": "第三十条"}, 422, "invalid_fields")

	// Nothing else: the street official cannot publish on the village's
	// board, answer for the village, change its settings or its projects.
	official.Error("POST", base+"/notices", map[string]any{"kind": "finance", "title": "财务公开", "text": "代发"}, 403, "forbidden")
	official.Error("PUT", base+"/publication-settings", map[string]any{"notice_days": 15, "board_public": true, "many_transactions": true}, 403, "forbidden")
	official.Error("POST", base+"/projects", map[string]any{"title": "整改", "responsible": "街道"}, 403, "negative_list")

	guidance := map[string]string{"guidance": "请于十日内在公开栏公布第三季度财务收支，并书面告知反映人", "basis": "村委会组织法第三十条"}
	c = complaintView{}
	official.JSON("POST", cpath+"/return", guidance, 200, &c)
	if c.Status != "returned" || c.ResidentNo != "" {
		t.Fatalf("returned %+v", c)
	}
	official.Error("POST", cpath+"/return", guidance, 409, "complaint_returned")
	official.JSON("GET", street+"/complaint-queue", nil, 200, &queue)
	if len(queue.Complaints) != 0 {
		t.Fatalf("a returned complaint stays in the queue: %+v", queue)
	}

	// The resident and the village see the answer.
	resident.JSON("GET", base+"/complaints/mine", nil, 200, &mine)
	if mine.Complaints[0].Status != "returned" || mine.Complaints[0].Guidance != guidance["guidance"] || mine.Complaints[0].Basis == "" {
		t.Fatalf("the resident does not see the answer: %+v", mine)
	}
	c = complaintView{}
	secretary.JSON("GET", cpath, nil, 200, &c)
	if c.Guidance != guidance["guidance"] {
		t.Fatalf("the village does not see the guidance: %+v", c)
	}
	var verify struct{ OK bool }
	secretary.JSON("GET", base+"/audit/verify", nil, 200, &verify)
	if !verify.OK {
		t.Error("audit chain broken")
	}
}
