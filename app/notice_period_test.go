package main

import (
	"strings"
	"testing"
	"time"
)

// The notice period's floor (V2026 Art. 35 ¶4) is tested in modules/minutes
// (TestV2026Art35NoticeAtLeast15Days).

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
