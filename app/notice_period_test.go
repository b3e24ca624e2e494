package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// V2026 Art. 35 ¶4 (U2026 Art. 34 ¶3): a published item stays posted at
// least 15 days. The default is 15, a village may lengthen the period but
// never shorten it, and a shorter period saved before the floor applied is
// raised on first read with a line in the village's audit chain. At 15 days
// minus one minute an objection is still taken; a minute after 15, not.
func TestV2026Art35NoticeAtLeast15Days(t *testing.T) {
	k := newPropKit(t)
	ta := k.ta
	secretary := ta.login(t, "13800000002") // 东田社区's secretary
	base := "/api/v1/orgs/" + k.dt
	var set struct {
		NoticeDays int `json:"notice_days"`
	}
	secretary.mustJSON("GET", base+"/publication-settings", nil, 200, &set)
	if set.NoticeDays != 15 {
		t.Fatalf("default notice period %d days, want 15", set.NoticeDays)
	}
	e := secretary.mustError("PUT", base+"/publication-settings", map[string]any{"notice_days": 14, "board_public": true}, 422, "notice_period_too_short")
	if !strings.Contains(e.Error.Message, "第三十五条第四款") || !strings.Contains(e.Error.MessageEn, "V2026 Art. 35 ¶4") || e.Error.Fields["notice_days"].Message == "" {
		t.Errorf("refusal %+v", e.Error)
	}
	secretary.mustJSON("PUT", base+"/publication-settings", map[string]any{"notice_days": 20, "board_public": true}, 200, &set)
	secretary.mustJSON("PUT", base+"/publication-settings", map[string]any{"notice_days": 15, "board_public": true}, 200, &set)
	if set.NoticeDays != 15 {
		t.Fatalf("saved %d days", set.NoticeDays)
	}

	// The edge: 15 days minus one minute the notice is open, then closed.
	var n struct {
		ID       string    `json:"id"`
		Deadline time.Time `json:"deadline"`
		At       time.Time `json:"published_at"`
	}
	secretary.mustJSON("POST", base+"/notices", map[string]any{"kind": "affairs", "title": "本季度居务公开", "text": "居务"}, 201, &n)
	if got := n.Deadline.Sub(n.At); got != 15*24*time.Hour {
		t.Fatalf("notice period %v, want 15 days", got)
	}
	resident := k.account("/gz/hd/hs/dt", "R004")
	ta.clock.advance(15*24*time.Hour - time.Minute)
	resident.mustJSON("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "第十四天又二十三小时五十九分提出"}, 201, nil)
	ta.clock.advance(time.Minute)
	resident.mustError("POST", base+"/notices/"+n.ID+"/objections", map[string]string{"text": "第十五天整"}, 409, "notice_closed")

	// A village that saved 7 days before the floor: raised on read, audited once.
	xlSecretary := k.account("/gz/hd/hs/xl", "R002", "resident", "secretary")
	xl := "/api/v1/orgs/" + k.xl
	if _, err := ta.store.Village(k.xl).Collection("minutes_settings").UpdateOne(context.Background(), bson.M{"_id": "publication"},
		bson.M{"$set": bson.M{"notice_days": 7, "board_public": true}}, options.Update().SetUpsert(true)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		xlSecretary.mustJSON("GET", xl+"/publication-settings", nil, 200, &set)
		if set.NoticeDays != 15 {
			t.Fatalf("a stored 7-day period reads as %d days", set.NoticeDays)
		}
	}
	var log struct {
		Entries []struct{ Action, Actor, Detail string } `json:"entries"`
	}
	xlSecretary.mustJSON("GET", xl+"/audit?limit=500", nil, 200, &log)
	raised := 0
	for _, e := range log.Entries {
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

// U2026 Art. 26 ¶2 (as V2026 Art. 25 ¶2): a residents' meeting is announced
// 10 days ahead; at 10 days minus one minute it is refused unless the
// secretary records the special circumstance, which the meeting then shows
// and the audit chain keeps. At 10 days it needs no reason.
func TestU2026Art26TenDaysNoticeOrRecordedSpecialReason(t *testing.T) {
	k := newPropKit(t)
	secretary := k.ta.login(t, "13800000002") // 东田社区
	base := "/api/v1/orgs/" + k.dt
	at := func(d time.Duration, reason string) map[string]any {
		return map[string]any{"kind": "residents_meeting", "title": "居民会议", "place": "社区活动室",
			"starts_at": k.ta.clock.now().Add(d), "short_notice_reason": reason}
	}
	e := secretary.mustError("POST", base+"/meetings", at(10*24*time.Hour-time.Minute, ""), 422, "announced_late")
	if !strings.Contains(e.Error.Message, "居委会组织法2026年版第二十六条第二款") || !strings.Contains(e.Error.MessageEn, "U2026 Art. 26 ¶2") {
		t.Errorf("refusal %+v", e.Error)
	}
	var m struct {
		ID                string `json:"id"`
		ShortNoticeReason string `json:"short_notice_reason"`
	}
	secretary.mustJSON("POST", base+"/meetings", at(10*24*time.Hour+time.Minute, "多余的理由"), 201, &m)
	if m.ShortNoticeReason != "" {
		t.Errorf("a full notice keeps a reason: %+v", m)
	}
	secretary.mustJSON("POST", base+"/meetings", at(2*24*time.Hour, "台风过后小区积水，须尽快决定排水改造"), 201, &m)
	if m.ShortNoticeReason != "台风过后小区积水，须尽快决定排水改造" {
		t.Errorf("short notice: %+v", m)
	}
	k.ta.clock.advance(2*24*time.Hour + time.Minute)
	secretary.mustJSON("POST", base+"/meetings/"+m.ID+"/open", nil, 200, nil)
	var log struct {
		Entries []struct{ Action, Detail string } `json:"entries"`
	}
	secretary.mustJSON("GET", base+"/audit?limit=500", nil, 200, &log)
	found := false
	for _, e := range log.Entries {
		found = found || e.Action == "meeting.schedule" && strings.HasSuffix(e.Detail, "short notice: 台风过后小区积水，须尽快决定排水改造")
	}
	if !found {
		t.Error("the short notice's reason is not in the audit chain")
	}
}
