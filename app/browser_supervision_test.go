package main

// The supervision committee member's journey (journeys.md "Supervision
// committee member", steps 1–3 without the evaluation and the audit;
// V2026 Art. 37, U2026 Art. 36), from the root address: the operator records
// a committee member's declared close relative by name, sets up the
// supervision committee with the residents' meeting's decision that elected
// it, is refused the relative on screen (with the article) and seats an
// unrelated resident; that resident logs in, sees the project under way on
// home, remarks on it and on this period's finance notice, and reports
// wrongdoing to the street; the street
// official answers on their page; the member reads the answer from home.
// The API only sets up the starting data (the committee, the electing vote,
// a project) and checks the records afterwards.

import (
	"testing"
	"time"
)

func TestBrowserSupervisionMemberRemarksReportsAndReadsTheAnswer(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	b := newBrowserWithin(t, execPath, 4*time.Minute)
	allowStatus(t, 422)

	// Starting data: 东田社区's residents' committee (R001), the residents'
	// meeting's vote that elected the supervision committee, a project.
	k := propKitOn(t, ta)
	vid, _ := closedVote(t, ta, false)
	base := "/api/v1/orgs/" + vid
	k.operator.mustJSON("POST", base+"/bodies", map[string]any{"id": "committee", "kind": "committee", "name": "居民委员会",
		"term_ends": "2030-12-31", "members": []map[string]string{{"resident_no": "R001", "role": "chair"}}}, 201, nil)
	var p projectView
	ta.login(t, "13800000002").mustJSON("POST", base+"/projects", map[string]any{"title": "社区路灯改造", "responsible": "居委会",
		"milestones": []map[string]any{{"title": "安装", "due": ta.clock.now().Add(20 * 24 * time.Hour)}}}, 201, &p)
	var fin noticeView
	ta.login(t, "13800000002").mustJSON("POST", base+"/notices", map[string]any{"kind": "finance", "title": "本月社区财务收支",
		"text": "收入 12000 元，支出 8000 元"}, 201, &fin)
	people := demoResidents(0)
	chair, relative, member := people[0].Name, people[1].Name, people[2].Name // R001, R002, R003 (demo resident 13800000001)

	op := newActor(t, b, "operator")
	op.logIn(ta.URL, "13800000004")
	op.tap("#link-op-tree")
	op.tapText("#op-tree a", "东田社区")
	// The chair's declared close relative, picked by name.
	op.typeIn("#rel-who", chair)
	op.tapText("#rel-who-results button", chair)
	op.see("#rel-person-title", chair)
	op.typeIn("#rel-add", relative)
	op.tapText("#rel-add-results button", relative)
	op.see("#rel-news", relative)
	op.see("#rel-list", relative)
	// The supervision committee, elected by the residents' meeting's decision.
	op.choose("#body-kind", "村务监督委员会")
	op.choose("#body-elected-by", "修缮祠堂")
	op.typeIn("#body-name", "居务监督委员会")
	op.tap("#body-create")
	op.see("#body-news", "居务监督委员会")
	op.see("#body-supervision-facts", "修缮祠堂")
	op.see("#body-supervision-facts", "2030")
	// The chair's relative is refused next to the member search, with the article.
	op.typeIn("#body-supervision-search", relative)
	op.tapText("#body-supervision-search-results button", relative)
	op.see("#body-supervision-error", "第三十六条")
	op.see("#body-supervision-members", "还没有")
	op.eval(`(() => { document.querySelector('#body-supervision-search').value = ''; return ''; })()`) // the operator clears the search
	op.typeIn("#body-supervision-search", member)
	op.tapText("#body-supervision-search-results button", member)
	op.see("#body-supervision-news", member)
	op.see("#body-supervision-members", member)

	// The member: home shows the project under way; a remark on it.
	sup := newActor(t, b, "supervision member")
	sup.logIn(ta.URL, demoResidentPhone)
	sup.tapText("#home-village a", "社区路灯改造")
	sup.typeIn("#remark-text", "灯具价格请公开明细")
	sup.tap("#remark-submit")
	sup.see("#proj-remark-list", "灯具价格请公开明细")
	// This period's finances, from home: a remark on the notice.
	sup.home(ta.URL)
	sup.tapText("#home-village a", "本期财务已公开")
	sup.typeIn("#record-remark-text", "请列出支出明细")
	sup.tap("#record-remark-submit")
	sup.see("#record-remark-news", "意见已提出")
	sup.see("#record-remark-list", "请列出支出明细")
	// A report of wrongdoing to the street.
	sup.home(ta.URL)
	sup.tap("#link-sup-reports")
	sup.choose("#sup-to", "乡镇")
	sup.typeIn("#sup-subject", "路灯采购价格不实")
	sup.typeIn("#sup-text", "采购单价高于公示价格一倍")
	sup.tap("#sup-submit")
	sup.see("#action-said", "报告已提交")
	sup.see("#sup-list", "等待答复")

	// The street official answers from their home.
	street := newActor(t, b, "street official")
	street.logIn(ta.URL, "13800000003")
	street.see("#home-waiting", "路灯采购价格不实")
	street.tap("#link-street-sup-reports")
	street.see("#sup-queue", "路灯采购价格不实")
	street.typeIn("#sup-queue textarea[id^='sup-facts-']", "核实采购单价确有虚高")
	street.typeIn("#sup-queue textarea[id^='sup-action-']", "已责令社区更正公示并移送监察机关")
	street.tap("#sup-queue button[id^='sup-answer-']")
	street.see("#action-said", "已答复")
	street.see("#sup-queue", "核实属实")

	// The member reads the answer from home.
	sup.home(ta.URL)
	sup.tapText("#home-waiting a", "路灯采购价格不实")
	sup.see("#sup-list .sup-facts", "核实采购单价确有虚高")

	// The records.
	var mine struct {
		Reports []struct{ Status, Finding string } `json:"reports"`
	}
	ta.login(t, demoResidentPhone).mustJSON("GET", base+"/supervision-reports/mine", nil, 200, &mine)
	if len(mine.Reports) != 1 || mine.Reports[0].Status != "answered" || mine.Reports[0].Finding != "founded" {
		t.Fatalf("reports %+v", mine.Reports)
	}
	ta.login(t, demoResidentPhone).mustJSON("GET", base+"/projects/"+p.ID, nil, 200, &p)
	if len(p.Remarks) != 1 {
		t.Fatalf("remarks %+v", p.Remarks)
	}
	var nr struct {
		Remarks []struct{ Text string } `json:"remarks"`
	}
	ta.login(t, "13800000002").mustJSON("GET", base+"/notices/"+fin.ID+"/remarks", nil, 200, &nr)
	if len(nr.Remarks) != 1 {
		t.Fatalf("notice remarks %+v", nr.Remarks)
	}
}
