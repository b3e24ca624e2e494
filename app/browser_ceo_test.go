package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"yishi/modules/org"
)

// TestBrowserMemberAssemblyDecidesLandContracting: 小罗村's collective has
// three members. The operator opens online attendance for the member
// assembly on the village-rules page (CEO Art. 27 ¶1, its basis shown).
// The secretary schedules a member assembly for the land contracting plan
// from home, ten days ahead (CEO Art. 27 ¶1), opens it at its time, opens
// the vote at the console and enters one paper ballot cast at the venue,
// which the second secretary confirms; one member votes online from home.
// The close says the plan passed with how many took part in person and
// online, and the result page says in words that it needs 2/3 of all the
// collective's members whoever came. The proposal's resolution step is done.
func TestBrowserMemberAssemblyDecidesLandContracting(t *testing.T) {
	execPath := findBrowser(t)
	k := newCEOKit(t)
	ta := k.ta
	// Starting data: the register says who is a member; the plan has passed
	// the Party organisation's steps of the 4+2 method.
	var residents struct{ Residents []org.Resident }
	k.operator.mustJSON("GET", k.base+"/residents", nil, 200, &residents)
	var others []string
	for _, r := range residents.Residents {
		if r.No != "R001" && r.No != "R003" && r.No != "R009" {
			others = append(others, r.No)
		}
	}
	k.notMembers(others...)
	const plan = "第二轮土地承包延包方案"
	p := submitted(k.resident, k.xl, map[string]any{"body_id": "council", "title": plan, "category": "land_contracting"})
	advance(k.secretary, k.xl, p.ID, "party_branch_proposal", map[string]any{"note": "党支部提议"})
	advance(k.secretary, k.xl, p.ID, "committees_deliberation", nil)
	advance(k.secretary, k.xl, p.ID, "party_members_review", map[string]any{"review": map[string]int{"members": 9, "present": 7, "approve": 6}})
	phone := func(c *client) string {
		var me struct{ Phone string }
		c.mustJSON("GET", "/api/v1/me", nil, 200, &me)
		return me.Phone
	}

	root := newBrowserWithin(t, execPath, 4*time.Minute)
	op := newActor(t, root, "operator")
	op.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	op.logIn(ta.URL, "13800000004")
	op.tap("#link-op-tree")
	op.tapText("#op-tree a", "小罗村")
	op.tap("#op-nav-settings")
	op.see("#collective-form", "农村集体经济组织法第二十七条第一款")
	op.see("#collective-organisation-basis", "第六十四条")
	op.tap("#collective-remote-member_assembly")
	op.tap("#collective-save")
	op.see("#collective-news", "已保存")

	A := newActor(t, root, "secretary")
	A.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	A.logIn(ta.URL, phone(k.secretary))
	A.tap("#sec-schedule")
	A.choose("#meet-kind", "集体经济组织成员大会")
	A.see("#meet-deadline", "CEO Art. 27 ¶1")
	A.typeIn("#meet-title", "成员大会")
	A.typeIn("#meet-place", "村委会礼堂")
	A.setValue("#meet-date", ta.clock.now().Add(11*24*time.Hour).Format("2006-01-02"))
	A.tapText("#meet-agenda label", plan)
	A.tap("#meet-submit")
	A.see("#meeting-msg", "已安排：成员大会")
	var ms struct {
		Meetings []struct {
			StartsAt time.Time `json:"starts_at"`
		}
	}
	k.secretary.mustJSON("GET", k.base+"/meetings", nil, 200, &ms)
	if len(ms.Meetings) != 1 {
		t.Fatalf("meetings %+v", ms.Meetings)
	}
	ta.clock.advance(ms.Meetings[0].StartsAt.Sub(ta.clock.now()) + time.Minute)

	A.home(ta.URL)
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.tap("#console-open")
	A.see("#console-msg", "会议已开始")
	A.tapText("#console-votes .open-vote", "开始表决")
	A.see("#console-votes-msg", "表决已开始："+plan)

	// A member at home votes online, as the village's setting allows.
	R := newActor(t, root, "member at home")
	R.logIn(ta.URL, phone(k.resident))
	R.tap("#link-meetings")
	R.tapText("#meetings-coming a", "成员大会")
	R.tapText("#meeting-votes a", plan)
	R.tap(".ballot-option.option-yes")
	R.tap("#ballot-confirm")
	R.waitJS("the receipt", `!!document.getElementById('receipt-code')`)

	// One paper ballot at the venue, confirmed by the second secretary.
	A.setValue("#count-yes", "1")
	A.setValue("#count-voters", "1")
	A.tap("#count-submit")
	A.see("#item-"+p.ID+"-msg", "等另一人确认")
	B := newActor(t, root, "second secretary")
	B.logIn(ta.URL, phone(k.second))
	B.tap(`#sec-today-list li[data-kind="count_to_confirm"] a`)
	B.tap(".confirm-count")
	B.see(".pending-count .status-msg", "已确认：纸质票 1 人")
	A.tap("#vote-close")
	A.see("#console-votes-msg", "通过")
	A.see("#console-votes", "现场参加1人，在线参加1人")

	A.tapText("#console-votes .vote-result a", "通过")
	A.see("#check-decision-rule", "须全体成员（具有完全民事行为能力的集体经济组织成员）的三分之二以上同意：全体共3人，需2票")
	A.see("#check-decision-rule", "不以到会人数计算")
	A.see("#check-attendance-where", "现场参加1人，在线参加1人")
	A.see("#check-attendance-where", "农村集体经济组织法第二十七条第一款")

	// The collective's assembly decided in the villagers' meeting's place.
	if got := detail(k.secretary, k.xl, p.ID).Proposal; got.Current.Key != "resolution_publication" {
		t.Errorf("after the member assembly's vote the plan is at %q", got.Current.Key)
	}
	if s := A.eval(`document.body.textContent`); strings.Contains(s, "member_assembly") {
		t.Error("the page shows a raw meeting kind")
	}
}
