package minutes

import (
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/web"
)

// TestV2026Art35NoticeAtLeast15Days (moved from app/): a published item
// stays posted at least 15 days (V2026 Art. 35 ¶4; U2026 Art. 34 ¶3). The
// default is 15, a village may lengthen the period but never shorten it,
// and a shorter period saved before the floor applied is raised on first
// read with one line in the village's audit chain. At 15 days minus one
// minute an objection is still taken; at 15 days, not.
func TestV2026Art35NoticeAtLeast15Days(t *testing.T) {
	tw := newTownship(t)
	dt := tw.community.ID
	set, err := tw.svc.Settings(tw.ctx, dt)
	if err != nil || set.NoticeDays != 15 || !set.BoardPublic {
		t.Fatalf("default settings %+v, %v", set, err)
	}
	_, err = tw.svc.SetSettings(tw.ctx, dt, web.Actor{}, Settings{NoticeDays: 14, BoardPublic: true})
	if e := wantCode(t, "14 days", err, "notice_period_too_short"); e != nil {
		if !strings.Contains(e.Message, "第三十五条第四款") || !strings.Contains(e.MessageEn, "V2026 Art. 35 ¶4") || e.Fields["notice_days"].Message == "" {
			t.Errorf("refusal %+v", e)
		}
	}
	for _, days := range []int{20, 15} {
		if set, err = tw.svc.SetSettings(tw.ctx, dt, web.Actor{}, Settings{NoticeDays: days, BoardPublic: true}); err != nil || set.NoticeDays != days {
			t.Fatalf("%d days: %+v, %v", days, set, err)
		}
	}
	if set, err = tw.svc.SetSettings(tw.ctx, dt, web.Actor{}, Settings{BoardPublic: false}); err != nil || set.NoticeDays != 15 {
		t.Errorf("a period left out must stay: %+v, %v", set, err)
	}

	n, err := tw.svc.PublishNotice(tw.ctx, dt, web.Actor{AccountID: "acc-sec"}, NoticeInput{Kind: NoticeAffairs, Title: "本季度居务公开", Text: "居务"})
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Deadline.Sub(n.PublishedAt); got != 15*24*time.Hour {
		t.Fatalf("notice period %v, want 15 days", got)
	}
	tw.now = tw.now.Add(15*24*time.Hour - time.Minute)
	if _, err := tw.svc.Object(tw.ctx, dt, n.ID, "R004", web.Actor{AccountID: "acc-r4"}, "第十四天又二十三小时五十九分提出"); err != nil {
		t.Errorf("a minute before the end: %v", err)
	}
	tw.now = tw.now.Add(time.Minute)
	_, err = tw.svc.Object(tw.ctx, dt, n.ID, "R004", web.Actor{AccountID: "acc-r4"}, "第十五天整")
	wantCode(t, "at 15 days", err, ErrNoticeClosed.Code)

	// A village that saved 7 days before the floor: raised on read, audited once.
	xl := tw.village.ID
	if _, err := tw.st.Village(xl).Collection(collSettings).UpdateOne(tw.ctx, bson.M{"_id": settingsID},
		bson.M{"$set": bson.M{"notice_days": 7, "board_public": true}}, options.Update().SetUpsert(true)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if set, err := tw.svc.Settings(tw.ctx, xl); err != nil || set.NoticeDays != 15 {
			t.Fatalf("a stored 7-day period reads as %+v, %v", set, err)
		}
	}
	entries, err := audit.List(tw.ctx, tw.st.Village(xl), 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	raised := 0
	for _, e := range entries {
		if e.Action == "publication.settings.upgrade" {
			raised++
			if e.Detail != "notice_days 7 -> 15 (V2026 Art. 35 ¶4; U2026 Art. 34 ¶3)" || e.Actor != "system" {
				t.Errorf("audit line %+v", e)
			}
		}
	}
	if raised != 1 {
		t.Errorf("%d audit lines for the raised period, want 1", raised)
	}
}

// TestObjectionsAnsweredOnceBeforeFiling: only a resident objects; each
// objection is answered once; a notice is ready to file when its period has
// ended and every objection has its answer, and not a minute before.
func TestObjectionsAnsweredOnceBeforeFiling(t *testing.T) {
	tw := newTownship(t)
	xl := tw.village.ID
	n, err := tw.svc.PublishNotice(tw.ctx, xl, web.Actor{AccountID: "acc-sec"}, NoticeInput{Kind: NoticeAffairs, Title: "村务公开", Text: "村务"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tw.svc.Object(tw.ctx, xl, n.ID, "", web.Actor{AccountID: "acc-x"}, "没有村民身份")
	wantCode(t, "an account without a resident objects", err, ErrNotResident.Code)
	_, err = tw.svc.Object(tw.ctx, xl, "nope", "R003", web.Actor{AccountID: "acc-r3"}, "x")
	wantCode(t, "an unknown notice", err, ErrNoticeNotFound.Code)
	o, err := tw.svc.Object(tw.ctx, xl, n.ID, "R003", web.Actor{AccountID: "acc-r3"}, "费用怎么算？")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tw.svc.ReadyToFile(tw.ctx, xl, n.ID)
	wantCode(t, "during the period", err, ErrNoticeRunning.Code)
	tw.now = n.Deadline
	_, err = tw.svc.ReadyToFile(tw.ctx, xl, n.ID)
	wantCode(t, "an objection unanswered", err, ErrUnanswered.Code)
	_, blockers, err := tw.svc.NoticeBlockers(tw.ctx, xl, n.ID)
	if err != nil || len(blockers) != 1 || blockers[0].Basis != "V2026 Art. 35" {
		t.Errorf("blockers %+v, %v", blockers, err)
	}
	_, err = tw.svc.Answer(tw.ctx, xl, n.ID, "nope", web.Actor{AccountID: "acc-sec"}, "x")
	wantCode(t, "an unknown objection", err, ErrObjectionNotFound.Code)
	a, err := tw.svc.Answer(tw.ctx, xl, n.ID, o.ID, web.Actor{AccountID: "acc-sec"}, "明细已张贴")
	if err != nil || a.Answer != "明细已张贴" || a.AnsweredBy != "acc-sec" {
		t.Fatalf("answer %+v, %v", a, err)
	}
	_, err = tw.svc.Answer(tw.ctx, xl, n.ID, o.ID, web.Actor{AccountID: "acc-sec"}, "再答一次")
	wantCode(t, "a second answer", err, ErrAnswered.Code)
	ready, err := tw.svc.ReadyToFile(tw.ctx, xl, n.ID)
	if err != nil || ready.Objections != 1 || ready.Unanswered != 0 {
		t.Errorf("ready %+v, %v", ready, err)
	}
}

// TestFileBlockersCiteTheVillagesLaw: a community's blockers cite the urban
// law (U2026 Art. 34), a village's the rural one, with the day the period
// ends and the unanswered count.
func TestFileBlockersCiteTheVillagesLaw(t *testing.T) {
	deadline := time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC)
	n := Notice{Deadline: deadline, NoticeDays: 15, Unanswered: 2}
	for kind, basis := range map[string]string{"community": "U2026 Art. 34", "village": "V2026 Art. 35"} {
		bs := FileBlockers(n, kind, deadline.Add(-time.Millisecond))
		if len(bs) != 2 || bs[0].Code != ErrNoticeRunning.Code || bs[1].Code != ErrUnanswered.Code || bs[0].Basis != basis || bs[1].Basis != basis {
			t.Errorf("%s: %+v", kind, bs)
		}
		if !strings.Contains(bs[1].Message, "2 条") {
			t.Errorf("%s: %s", kind, bs[1].Message)
		}
	}
	if bs := FileBlockers(Notice{Deadline: deadline}, "village", deadline); len(bs) != 0 {
		t.Errorf("at the deadline with nothing unanswered: %+v", bs)
	}
}

// TestResolutionNoticeRestsOnPublishedMinutes: a resolution, village rules
// or a charter names the published minutes it rests on.
func TestResolutionNoticeRestsOnPublishedMinutes(t *testing.T) {
	tw := newTownship(t)
	for _, kind := range []string{NoticeResolution, NoticeVillageRules, NoticeCharter} {
		_, err := tw.svc.PublishNotice(tw.ctx, tw.village.ID, web.Actor{AccountID: "acc-sec"}, NoticeInput{Kind: kind, Title: "决议", Text: "x"})
		wantCode(t, kind+" without minutes", err, "minutes_required")
		_, err = tw.svc.PublishNotice(tw.ctx, tw.village.ID, web.Actor{AccountID: "acc-sec"}, NoticeInput{Kind: kind, Title: "决议", Text: "x", MeetingID: "nope", Version: 1})
		if err == nil {
			t.Errorf("%s on minutes that do not exist: published", kind)
		}
	}
}
