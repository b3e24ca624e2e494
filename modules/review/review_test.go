package review

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"yishi/modules/minutes"
	"yishi/modules/web"
)

// TestFileOnlyOnceThePeriodEndedAndOncePending (V2026 Art. 31 ¶1, Art. 35):
// an outcome is filed with the street when its notice period has ended, not
// a minute before, as the kind its notice is; while it is under review or
// accepted it is not filed again. The filing is due for review in 30 days
// and waits in the street's queue.
func TestFileOnlyOnceThePeriodEndedAndOncePending(t *testing.T) {
	s := newStreet(t)
	n := s.notice(s.village, minutes.NoticeResolution, "p1")
	s.now = n.Deadline.Add(-time.Minute)
	_, err := s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	wantCode(t, "a minute before the period ends", err, minutes.ErrNoticeRunning.Code)
	s.now = n.Deadline
	_, err = s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "charter", NoticeID: n.ID})
	wantCode(t, "a resolution filed as a charter", err, "wrong_kind")
	_, err = s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: "nope"})
	wantCode(t, "an unknown notice", err, minutes.ErrNoticeNotFound.Code)
	f, err := s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID, Note: "请审查"})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != n.ID+":1" || f.Attempt != 1 || f.Status != StatusFiled || f.VillagePath != s.village.Path || f.ProposalID != "p1" ||
		!f.ReviewDue.Equal(s.now.AddDate(0, 0, ReviewDays)) {
		t.Errorf("filing %+v", f)
	}
	_, err = s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	wantCode(t, "filed twice", err, ErrPending.Code)
	if got := s.queue(); !slices.Equal(got, []string{f.ID}) {
		t.Errorf("queue %v", got)
	}
	if _, err := s.svc.Accept(s.ctx, s.village.ID, f.ID, web.Actor{AccountID: "acc-off"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	wantCode(t, "filed again once accepted", err, ErrPending.Code)
}

// TestReviewDecidedOnceAndOffTheQueue: accepting takes a filing off the
// queue, once; the queue is the nearest deadline first across villages; a
// queue is a street's, and overdue is after the 30 days, not at them.
func TestReviewDecidedOnceAndOffTheQueue(t *testing.T) {
	s := newStreet(t)
	a := s.filed(s.village, "")
	s.now = s.now.Add(24 * time.Hour)
	b := s.filed(s.other, "")
	if got := s.queue(); !slices.Equal(got, []string{a.ID, b.ID}) {
		t.Fatalf("queue %v, want the nearest deadline first", got)
	}
	_, err := s.svc.Queue(s.ctx, s.village.ID)
	wantCode(t, "a village's queue", err, ErrNotStreet.Code)

	s.now = a.ReviewDue
	if f, _ := s.svc.Get(s.ctx, s.village.ID, a.ID); f.Overdue {
		t.Error("overdue at its deadline")
	}
	s.now = a.ReviewDue.Add(time.Minute)
	if f, _ := s.svc.Get(s.ctx, s.village.ID, a.ID); !f.Overdue {
		t.Error("not overdue a minute after its deadline")
	}
	accepted, err := s.svc.Accept(s.ctx, s.village.ID, a.ID, web.Actor{AccountID: "acc-off"})
	if err != nil || accepted.Status != StatusAccepted || accepted.ReviewedBy != "acc-off" || !accepted.ReviewedAt.Equal(s.now) || accepted.Overdue {
		t.Fatalf("accepted %+v, %v", accepted, err)
	}
	if got := s.queue(); !slices.Equal(got, []string{b.ID}) {
		t.Errorf("queue after the acceptance %v", got)
	}
	_, err = s.svc.Accept(s.ctx, s.village.ID, a.ID, web.Actor{AccountID: "acc-off"})
	wantCode(t, "accepted twice", err, ErrNotPending.Code)
	_, err = s.svc.Return(s.ctx, s.village.ID, a.ID, web.Actor{AccountID: "acc-off"}, CorrectionOrder{Basis: "V2026 Art. 27", Reason: "违反法律"})
	wantCode(t, "returned once accepted", err, ErrNotPending.Code)
	_, err = s.svc.Get(s.ctx, s.village.ID, "nope:1")
	wantCode(t, "an unknown filing", err, ErrFilingNotFound.Code)
}

// TestReturnReopensTheProposalAndTheVillageFilesAgain (V2026 Art. 31 ¶3):
// a correction order is recorded with the filing; a proposal's flow is
// reopened at the step ordered; the village files the corrected outcome
// again as the next attempt. Without a proposal nothing is reopened; a
// failed reopening is noted, not lost.
func TestReturnReopensTheProposalAndTheVillageFilesAgain(t *testing.T) {
	s := newStreet(t)
	f := s.filed(s.village, "p1")
	order := CorrectionOrder{Basis: "V2026 Art. 27 ¶2", Reason: "决议侵犯村民的合法财产权利", ReopenStep: "committees_deliberation"}
	r, err := s.svc.Return(s.ctx, s.village.ID, f.ID, web.Actor{AccountID: "acc-off"}, order)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusReturned || r.Order == nil || r.Order.Basis != order.Basis || r.Order.ReopenedStep != "committees_deliberation" {
		t.Fatalf("returned %+v (order %+v)", r, r.Order)
	}
	if len(s.reopener.calls) != 1 || !strings.HasPrefix(s.reopener.calls[0], "p1@committees_deliberation: ") || !strings.Contains(s.reopener.calls[0], order.Reason) {
		t.Errorf("reopened %v", s.reopener.calls)
	}
	if got := s.queue(); len(got) != 0 {
		t.Errorf("a returned filing still queued: %v", got)
	}
	again, err := s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: f.NoticeID})
	if err != nil || again.Attempt != 2 || again.ID != f.NoticeID+":2" {
		t.Fatalf("filed again %+v, %v", again, err)
	}
	first, _ := s.svc.Get(s.ctx, s.village.ID, f.ID)
	if first.Status != StatusReturned {
		t.Errorf("the returned attempt changed: %+v", first)
	}

	s.reopener.err = errors.New("proposal p2 is closed")
	g := s.filed(s.village, "p2")
	r, err = s.svc.Return(s.ctx, s.village.ID, g.ID, web.Actor{AccountID: "acc-off"}, order)
	if err != nil || r.Order.ReopenedStep != "" || r.Order.ReopenNote == "" {
		t.Errorf("a failed reopening: %+v, %v", r.Order, err)
	}
	s.reopener.err = nil
	calls := len(s.reopener.calls)
	h := s.filed(s.other, "")
	if r, err = s.svc.Return(s.ctx, s.other.ID, h.ID, web.Actor{AccountID: "acc-off"}, order); err != nil || len(s.reopener.calls) != calls {
		t.Errorf("a filing without a proposal reopened something: %+v, %v", r, err)
	}
}

// TestReadinessSaysWhyNotAndWhen: the notice page's readiness names the
// running period and its end, then that it can be filed, then the pending
// and accepted filing, and after a return that it may be filed again.
func TestReadinessSaysWhyNotAndWhen(t *testing.T) {
	s := newStreet(t)
	n := s.notice(s.village, minutes.NoticeResolution, "")
	r, err := s.svc.Readiness(s.ctx, s.village.ID, n.ID)
	if err != nil || r.CanFile || len(r.Reasons) != 1 || r.Reasons[0].Code != minutes.ErrNoticeRunning.Code || r.Kind != "outcome" || r.Street != "花山镇" || !r.PeriodEndsAt.Equal(n.Deadline) {
		t.Fatalf("during the period %+v, %v", r, err)
	}
	s.now = n.Deadline
	if r, _ = s.svc.Readiness(s.ctx, s.village.ID, n.ID); !r.CanFile || !strings.Contains(r.Message, "花山镇") {
		t.Errorf("after the period %+v", r)
	}
	f, err := s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ = s.svc.Readiness(s.ctx, s.village.ID, n.ID); r.CanFile || r.Reasons[0].Code != ErrPending.Code || r.Filing == nil || r.Filing.ID != f.ID {
		t.Errorf("pending %+v", r)
	}
	if _, err := s.svc.Return(s.ctx, s.village.ID, f.ID, web.Actor{AccountID: "acc-off"}, CorrectionOrder{Basis: "V2026 Art. 27", Reason: "程序不合法"}); err != nil {
		t.Fatal(err)
	}
	if r, _ = s.svc.Readiness(s.ctx, s.village.ID, n.ID); !r.CanFile || !strings.Contains(r.Message, "V2026 Art. 27") {
		t.Errorf("returned %+v", r)
	}
	g, err := s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.Accept(s.ctx, s.village.ID, g.ID, web.Actor{AccountID: "acc-off"}); err != nil {
		t.Fatal(err)
	}
	if r, _ = s.svc.Readiness(s.ctx, s.village.ID, n.ID); r.CanFile || r.Reasons[0].Code != "filing_accepted" || r.Filing.Attempt != 2 {
		t.Errorf("accepted %+v", r)
	}
	affairs := s.notice(s.village, minutes.NoticeAffairs, "")
	s.now = affairs.Deadline
	if r, _ = s.svc.Readiness(s.ctx, s.village.ID, affairs.ID); r.CanFile || r.Reasons[0].Code != "not_fileable" {
		t.Errorf("an affairs notice %+v", r)
	}
}

// TestReconcileRebuildsTheQueue: what a crash between the two writes could
// leave (an entry whose filing was never stored, a pending filing without
// its entry, an entry of a filing already decided) is put right by
// Reconcile, which the app runs at every start; repeating it changes
// nothing. Deciding a stale entry removes it too.
func TestReconcileRebuildsTheQueue(t *testing.T) {
	s := newStreet(t)
	a := s.filed(s.village, "")
	b := s.filed(s.other, "")
	ghost := a
	ghost.ID = "ghost:1"
	if err := s.svc.enqueue(s.ctx, s.village, ghost); err != nil {
		t.Fatal(err)
	}
	if err := s.svc.dequeue(s.ctx, s.other.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.queue(); !slices.Equal(got, []string{"ghost:1", a.ID}) { // the same deadline: by ID
		t.Fatalf("as the crash left it %v", got)
	}
	added, removed, err := s.svc.Reconcile(s.ctx)
	if err != nil || added != 1 || removed != 1 {
		t.Fatalf("reconcile added %d removed %d, %v; want 1 and 1", added, removed, err)
	}
	if got := s.queue(); !slices.Equal(got, []string{a.ID, b.ID}) {
		t.Fatalf("after reconcile %v", got)
	}
	if added, removed, _ = s.svc.Reconcile(s.ctx); added != 0 || removed != 0 {
		t.Errorf("a second reconcile added %d removed %d", added, removed)
	}
	// A decision stored without its entry removed: acting on it removes it.
	if _, err := s.st.Village(s.village.ID).Collection(collFilings).UpdateOne(s.ctx, map[string]any{"_id": a.ID},
		map[string]any{"$set": map[string]any{"status": StatusAccepted}}); err != nil {
		t.Fatal(err)
	}
	_, err = s.svc.Accept(s.ctx, s.village.ID, a.ID, web.Actor{AccountID: "acc-off"})
	wantCode(t, "a decided filing", err, ErrNotPending.Code)
	_, err = s.svc.Accept(s.ctx, s.village.ID, "ghost:1", web.Actor{AccountID: "acc-off"})
	wantCode(t, "a ghost entry", err, ErrFilingNotFound.Code)
	if got := s.queue(); !slices.Equal(got, []string{b.ID}) {
		t.Errorf("stale entries stay queued: %v", got)
	}
}

// TestDossierHoldsTheNoticeAndItsObjections: the street reads the filing,
// the village's name, the notice and its answered objection in one read.
func TestDossierHoldsTheNoticeAndItsObjections(t *testing.T) {
	s := newStreet(t)
	n := s.notice(s.village, minutes.NoticeResolution, "")
	o, err := s.minutes.Object(s.ctx, s.village.ID, n.ID, "R003", web.Actor{AccountID: "acc-r3"}, "费用呢？")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.minutes.Answer(s.ctx, s.village.ID, n.ID, o.ID, web.Actor{AccountID: "acc-sec"}, "已张贴"); err != nil {
		t.Fatal(err)
	}
	s.now = n.Deadline
	f, err := s.svc.File(s.ctx, s.village.ID, web.Actor{AccountID: "acc-sec"}, FileInput{Kind: "outcome", NoticeID: n.ID})
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.svc.Dossier(s.ctx, s.village.ID, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Filing.ID != f.ID || d.VillageName != "小罗村" || d.StreetID != s.street.ID || d.Notice.ID != n.ID || len(d.Objections) != 1 || d.Objections[0].Answer != "已张贴" || d.Minutes == nil {
		t.Errorf("dossier %+v", d)
	}
	_, err = s.svc.Dossier(s.ctx, s.village.ID, n.ID+":9")
	wantCode(t, "an unknown filing's dossier", err, ErrFilingNotFound.Code)
}
