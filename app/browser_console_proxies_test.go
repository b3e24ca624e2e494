package main

// Three pieces of the meeting cycle in the page (issue 14 items 2, 3, 6),
// each a journey of the secretary from the root address by taps and
// typing: written entrustments (proxies) entered at the console, a saved
// minutes draft reopened and changed, and a meeting called at short notice
// with its special circumstance recorded. The API sets up the village's
// starting data (the proxy rule of its charter, a scheduled meeting, the
// attendees' own sign-ins) and checks the records afterwards.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// inView is a JS expression: the element shows inside the viewport.
func inView(id string) string {
	return `(() => { const e = document.getElementById(` + jsString(id) + `); if (!e) return false; const r = e.getBoundingClientRect();` +
		` return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; })()`
}

// axeBothWidths checks the page as it stands with axe at a phone's 390 px
// (where nothing may scroll sideways) and at a desktop's 1280 px, and
// leaves the phone's width on.
func (a *actor) axeBothWidths(page string) {
	a.t.Helper()
	a.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	a.checkAxe(page+" at 390 px", nil)
	if wide := a.eval(`(() => { const d = document.documentElement; return d.scrollWidth > d.clientWidth + 1 ? d.scrollWidth + ' px' : ''; })()`); wide != "" {
		a.t.Errorf("%s at 390 px scrolls sideways: %s wide", page, wide)
	}
	a.do("a desktop's width", chromedp.EmulateViewport(1280, 900))
	a.checkAxe(page+" at 1280 px", nil)
	a.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
}

// TestBrowserConsoleProxies: under the village's charter (any villager with
// voting rights may hold an entrustment, one each) the secretary enters at
// the console, picking people by name, that an absent member entrusts the
// chair (who signed in) with attending, which counts them present; a second
// entrustment to the chair is refused next to the button with the cap and
// its basis; then, for the vote opened at the console, another member
// entrusts the chair with their vote. The list shows both.
func TestBrowserConsoleProxies(t *testing.T) {
	allowStatus(t, 409) // the second entrustment to one holder, over the cap, refused in view
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 3*time.Minute)
	p := seedCycle(t, ta)
	vid := p.k.dt
	base := "/api/v1/orgs/" + vid
	p.secretary.mustJSON("PUT", base+"/proxy-settings", map[string]any{"holders": "relative_or_villager", "cap": 1, "basis": "居民自治章程第12条"}, 200, nil)
	prop := submitted(p.resident, vid, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other", "flow": "minor"})
	var m meetingView
	p.secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "十二月议事会",
		"place": "社区活动室", "agenda": []string{prop.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID

	A := newActor(t, root, "A")
	A.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	A.logIn(ta.URL, "13800000002")
	A.tap(`#sec-today-list li[data-kind="meeting_today"] a`)
	A.tap("#console-open")
	A.see("#console-msg", "会议已开始")
	A.see("#proxy-rule", "最多接受 1 人的委托（居民自治章程第12条）")
	// The chair signs in with the code on the console (their own step, by the API here).
	A.waitJS("the sign-in code", `!!(document.getElementById('sign-in-qr')||{dataset:{}}).dataset.address`)
	code := A.eval(`document.getElementById('sign-in-qr').dataset.address.split('/').pop()`)
	ta.login(t, p.phones["R001"]).mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code}, 201, nil)
	A.waitJS("the chair present", `document.getElementById('quorum').dataset.present === '1'`)
	// The pickers offer who may attend (the council's members), not the
	// whole register with its children and other villagers.
	var who struct{ Electorate []string }
	p.secretary.mustJSON("GET", mpath+"/electorate", nil, 200, &who)
	var reg struct{ Residents []struct{} }
	p.secretary.mustJSON("GET", base+"/residents", nil, 200, &reg)
	if len(who.Electorate) == 0 || len(who.Electorate) >= len(reg.Residents) {
		t.Fatalf("the council's electorate %v against a register of %d", who.Electorate, len(reg.Residents))
	}
	for _, sel := range []string{"#mark-person", "#proxy-principal", "#proxy-holder"} {
		offered := A.eval(`[...document.querySelectorAll('` + sel + ` option')].map((o) => o.value).filter(Boolean).join(' ')`)
		for _, no := range strings.Fields(offered) {
			if !slices.Contains(who.Electorate, no) {
				t.Errorf("%s offers %s, who may not attend (electorate %v)", sel, no, who.Electorate)
			}
		}
		if offered == "" {
			t.Errorf("%s offers no one", sel)
		}
	}

	// R009 entrusts the chair with attending.
	A.choose("#proxy-for", "代为出席本次会议")
	A.choose("#proxy-principal", p.names["R009"])
	A.choose("#proxy-holder", p.names["R001"])
	A.choose("#proxy-relation", "本村其他村民")
	A.typeIn("#proxy-evidence", "委托书已收，委托人签字按手印")
	A.tap("#proxy-submit")
	A.see("#proxy-msg", "已登记："+p.names["R009"]+" 委托 "+p.names["R001"]+" 代为出席")
	A.see("#proxy-list", p.names["R009"]+" 委托 "+p.names["R001"]+"（本村其他村民）代为出席本次会议")
	A.waitJS("the principal counted present", `document.getElementById('quorum').dataset.present === '2'`)

	// R013 to the chair as well: over the charter's cap of one, refused in view.
	A.choose("#proxy-principal", p.names["R013"])
	A.choose("#proxy-holder", p.names["R001"])
	A.typeIn("#proxy-evidence", "委托书已收")
	A.tap("#proxy-submit")
	A.see("#proxy-error", "受托人代投的人数已达上限（1人，居民自治章程第12条）")
	A.waitJS("the refusal in view", inView("proxy-error"))
	A.axeBothWidths("the console with its entrustments and a refusal")

	// The vote opened at the console: R013 entrusts the chair with it.
	A.tapText("#console-votes .open-vote", "开始表决")
	A.see("#console-votes-msg", "表决已开始：楼道灯改造")
	A.choose("#proxy-for", "代为表决：楼道灯改造")
	A.choose("#proxy-principal", p.names["R013"])
	A.choose("#proxy-holder", p.names["R001"])
	A.choose("#proxy-relation", "本村其他村民")
	A.setValue("#proxy-evidence", "委托书已收，见证人黄某")
	A.tap("#proxy-submit")
	A.see("#proxy-msg", "已登记："+p.names["R013"]+" 委托 "+p.names["R001"]+" 代为表决“楼道灯改造”")
	A.see("#proxy-list", p.names["R013"]+" 委托 "+p.names["R001"]+"（本村其他村民）代为表决：楼道灯改造")
	if got := A.eval(`document.getElementById('proxy-error').textContent`); got != "" {
		t.Fatalf("the refusal stayed after the next entrustment: %q", got)
	}

	var att struct {
		Attendance []struct {
			ResidentNo  string `json:"resident_no"`
			Method      string `json:"method"`
			ProxyHolder string `json:"proxy_holder"`
			Evidence    string `json:"evidence"`
		} `json:"attendance"`
	}
	p.secretary.mustJSON("GET", mpath+"/attendance", nil, 200, &att)
	proxies := 0
	for _, a := range att.Attendance {
		if a.Method == "proxy" {
			proxies++
			if a.ResidentNo != "R009" || a.ProxyHolder != "R001" || a.Evidence != "委托书已收，委托人签字按手印" {
				t.Fatalf("meeting entrustment %+v", a)
			}
		}
	}
	if proxies != 1 {
		t.Fatalf("%d meeting entrustments stored, want 1 (the refused one is not)", proxies)
	}
	var mv struct{ Votes []struct{ ID string } }
	p.secretary.mustJSON("GET", mpath+"/votes", nil, 200, &mv)
	if len(mv.Votes) != 1 {
		t.Fatalf("%d votes at the meeting", len(mv.Votes))
	}
	var vp struct {
		Proxies []struct{ Principal, Holder, Relation string }
	}
	p.secretary.mustJSON("GET", base+"/votes/"+mv.Votes[0].ID+"/proxies", nil, 200, &vp)
	if len(vp.Proxies) != 1 || vp.Proxies[0].Principal != "R013" || vp.Proxies[0].Holder != "R001" || vp.Proxies[0].Relation != "villager" {
		t.Fatalf("vote entrustments %+v", vp.Proxies)
	}

	// The chair opens the vote from home and reads whom they vote for by
	// name, never by resident number, on the list and on the ballot.
	B := newActor(t, root, "B")
	B.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	B.logIn(ta.URL, p.phones["R001"])
	B.tap(`#home-waiting li[data-kind="vote_to_cast"] .card-title`)
	B.see("#proxy-ballots", p.names["R013"]+" 委托 "+p.names["R001"]+"（本村其他村民）")
	B.see("#proxy-ballots .proxy-ballot", "代 "+p.names["R013"]+" 投票")
	if got := B.eval(`document.getElementById('proxy-ballots').textContent`); strings.Contains(got, "R013") || strings.Contains(got, "R001") {
		t.Errorf("the proxy ballots name people by resident number: %q", got)
	}
	B.tap("#proxy-ballots .proxy-ballot")
	B.see("#ballot .proxy-for", p.names["R013"])
}

// TestBrowserMinutesDraftEdited: the secretary reopens the saved draft of a
// closed meeting's minutes from its page, finds it as saved, changes the
// notes and an opinion and saves; the page says the draft was changed and
// that the chair, who had confirmed the old text, confirms again; the
// draft stays version 1 with the new text.
func TestBrowserMinutesDraftEdited(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 2*time.Minute)
	p := seedCycle(t, ta)
	vid := p.k.dt
	base := "/api/v1/orgs/" + vid
	prop := submitted(p.resident, vid, map[string]any{"body_id": "council", "title": "楼道灯改造", "category": "other", "flow": "minor"})
	var m meetingView
	p.secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "council", "body_id": "council", "title": "十二月议事会",
		"place": "社区活动室", "agenda": []string{prop.ID}, "starts_at": ta.clock.now().Add(time.Hour), "chair": "R001", "recorder": "R005"}, 201, &m)
	ta.clock.advance(time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	p.secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	var sc struct {
		URL string `json:"sign_in_url"`
	}
	p.secretary.mustJSON("GET", mpath+"/sign-in-code", nil, 200, &sc)
	code := sc.URL[strings.LastIndex(sc.URL, "/")+1:]
	chair := ta.login(t, p.phones["R001"])
	for _, c := range []*client{chair, p.secretary, ta.login(t, p.phones["R009"])} {
		c.mustJSON("POST", mpath+"/sign-in", map[string]string{"code": code}, 201, nil)
	}
	p.secretary.mustJSON("POST", mpath+"/close", nil, 200, nil)
	p.secretary.mustJSON("POST", mpath+"/minutes", map[string]any{"chair": "R001", "recorder": "R005", "notes": "第一稿。",
		"opinions": []map[string]string{{"item": prop.ID, "speaker": p.names["R009"], "text": "换成声控灯。"}}}, 201, nil)
	chair.mustJSON("POST", mpath+"/minutes/1/confirm", nil, 200, nil)

	A := newActor(t, root, "A")
	A.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	A.logIn(ta.URL, "13800000002")
	A.tap(`#sec-today-list li[data-kind="minutes_awaiting_confirmation"] a`)
	A.see("#minutes-confirmations", "已确认 1 人")
	A.tap("#minutes-edit")
	A.waitJS("the draft as saved", `(document.getElementById('minutes-notes')||{}).value === '第一稿。' && document.getElementById('opinion-text-0').value === '换成声控灯。'`)
	if got := A.eval(`document.getElementById('minutes-chair').value`); got != "R001" {
		t.Fatalf("the reopened draft's chair is %q", got)
	}
	A.axeBothWidths("the reopened minutes draft")
	A.setValue("#minutes-notes", "第二稿：补记散会时间 21:00。")
	A.setValue("#opinion-text-0", "一楼到六楼都换成声控灯，费用从公共收益出。")
	A.tap("#minutes-save")
	A.see("#minutes-msg", "已保存对第 1 版草稿的修改")
	A.see("#minutes-msg", "重新确认")
	A.see("#minutes-status", "草稿 · v1")
	A.see("#minutes-page", "一楼到六楼都换成声控灯，费用从公共收益出。")
	A.see("#minutes-confirmations", "已确认 0 人")

	var got struct {
		Version  int    `json:"version"`
		Status   string `json:"status"`
		Notes    string `json:"notes"`
		Opinions []struct{ Item, Speaker, Text string }
	}
	p.secretary.mustJSON("GET", mpath+"/minutes/1", nil, 200, &got)
	if got.Version != 1 || got.Status != "draft" || got.Notes != "第二稿：补记散会时间 21:00。" || len(got.Opinions) != 1 ||
		got.Opinions[0].Text != "一楼到六楼都换成声控灯，费用从公共收益出。" || got.Opinions[0].Speaker != p.names["R009"] {
		t.Fatalf("the edited draft %+v", got)
	}
	var vs struct{ Versions []struct{ Version int } }
	p.secretary.mustJSON("GET", mpath+"/minutes", nil, 200, &vs)
	if len(vs.Versions) != 1 {
		t.Fatalf("editing a draft made %d versions, want it replaced in place", len(vs.Versions))
	}
}

// TestBrowserScheduleShortNotice (U2026 Art. 26 ¶2, as V2026 Art. 25 ¶2):
// a residents' meeting for tomorrow is refused under the date, which says
// it is too early and offers the special-circumstance field; nothing is
// scheduled; with the circumstance written the meeting is scheduled and
// its page shows the reason.
func TestBrowserScheduleShortNotice(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	root := newBrowserWithin(t, execPath, 90*time.Second)
	secretary := ta.login(t, "13800000002")
	vid := ta.orgID(t, "/gz/hd/hs/dt")
	A := newActor(t, root, "A")
	A.do("a phone's width", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	A.logIn(ta.URL, "13800000002")
	A.tap("#sec-schedule")
	A.choose("#meet-kind", "居民会议")
	A.typeIn("#meet-title", "排水沟抢修")
	A.typeIn("#meet-place", "社区广场")
	A.waitJS("no short-notice field for a date in time", `document.getElementById('meet-short').hidden`)
	A.setValue("#meet-date", time.Now().Add(24*time.Hour).Format("2006-01-02"))
	A.tap("#meet-submit")
	A.see("#meet-date-error", "太早了")
	A.see("#meet-date-error", "特殊情况")
	A.waitJS("the refusal in view", inView("meet-date-error"))
	A.waitJS("the short-notice field shown", `!document.getElementById('meet-short').hidden`)
	A.axeBothWidths("the schedule form offering short notice")
	var ms struct {
		Meetings []struct {
			ID     string
			Reason string `json:"short_notice_reason"`
		}
	}
	secretary.mustJSON("GET", "/api/v1/orgs/"+vid+"/meetings", nil, 200, &ms)
	if len(ms.Meetings) != 0 {
		t.Fatalf("a refused date scheduled %d meetings", len(ms.Meetings))
	}

	const reason = "暴雨冲毁排水沟，须在汛期前决定抢修方案。"
	A.typeIn("#meet-short-reason", reason)
	A.tap("#meet-submit")
	A.see("#meeting-msg", "已安排：排水沟抢修")
	A.see("#meeting-msg", "临时通知，特殊情况已记录")
	A.see("#meeting-short-notice", reason)
	// Each fact readable beside its label within the phone's 390 px, none squeezed into a sliver.
	A.waitJS("the facts beside their labels", `[...document.querySelectorAll('#meeting-facts dd')].every((e) => {`+
		` const r = e.getBoundingClientRect(); return r.width >= 100 && r.right <= 390; })`)
	secretary.mustJSON("GET", "/api/v1/orgs/"+vid+"/meetings", nil, 200, &ms)
	if len(ms.Meetings) != 1 {
		t.Fatalf("%d meetings scheduled, want 1", len(ms.Meetings))
	}
	var one struct {
		Reason string `json:"short_notice_reason"`
	}
	secretary.mustJSON("GET", "/api/v1/orgs/"+vid+"/meetings/"+ms.Meetings[0].ID, nil, 200, &one)
	if one.Reason != reason {
		t.Fatalf("the meeting keeps the reason %q", one.Reason)
	}
}
