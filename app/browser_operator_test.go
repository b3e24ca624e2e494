package main

// The operator builds a village from nothing in the page (issue 15, the
// journeys.md "Operator" section): from the root address, by taps and
// typing, the org tree gets a village, which is renamed; its register is
// imported from a CSV file with bad rows (preview first, then the import,
// then the same file again); a council is set up with a member picked by
// name; an account is opened for that resident and given the secretary's
// role. The new secretary then logs in and opens the schedule-a-meeting
// form. The API only checks the records afterwards.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// operatorRegister has 7 rows: line 3 is born in the future, line 6 repeats
// line 2's resident number, line 7 has no gender the register knows.
const operatorRegister = "resident_no,household_no,name,gender,birth_date,phone,group,household_head\n" +
	"X001,H01,张三,男,1960-02-29,13900000071,一组,是\n" +
	"X002,H01,张小花,女,2099-01-01,,一组,否\n" +
	"X003,H02,李四,男,1980-05-05,13900000077,二组,是\n" +
	"X004,H02,李小五,F,1985-06-06,,二组,0\n" +
	"X001,H03,王五,男,1970-01-01,,三组,是\n" +
	"X006,H03,王六,X,1971-01-01,,三组,否\n" +
	"X007,H03,王七,女,1972-02-02,,三组,否\n"

func TestBrowserOperatorBuildsAVillage(t *testing.T) {
	execPath := findBrowser(t)
	ta := startTestApp(t)
	b := newBrowserWithin(t, execPath, 4*time.Minute)
	csv := filepath.Join(t.TempDir(), "西岭村名册.csv")
	if err := os.WriteFile(csv, []byte(operatorRegister), 0o600); err != nil {
		t.Fatal(err)
	}

	op := newActor(t, b, "operator")
	op.logIn(ta.URL, "13800000004")
	// Home: the org tree and the register, nothing about village decisions.
	op.waitJS("the operator's home", `!!document.getElementById('link-op-tree') &&
		!document.querySelector('#link-proposals, #link-meetings, #link-board, #link-review, #link-hall, #link-desk, #sec-schedule')`)
	// Home → the org tree; add a street under 海淀区 (/gz/hd) and a village under 河上街道 (/gz/hd/hs), then rename it.
	op.tap("#link-op-tree")
	op.tap("details:has(#add-hd) > summary")
	op.typeIn("#add-hd-name", "西山街道")
	op.typeIn("#add-hd-code", "xishan")
	op.tap("#add-hd-save")
	op.see("#op-tree-news", "西山街道")
	op.see(`#op-tree li[data-org="西山街道"] .hint`, "街道")
	op.tap("details:has(#add-hs) > summary")
	op.typeIn("#add-hs-name", "西岭村")
	op.typeIn("#add-hs-code", "xiling")
	op.tap("#add-hs-save")
	op.see("#op-tree-news", "西岭村")
	// Names and kinds only: no path code such as /gz/hd/hs shows in the tree.
	op.see(`#op-tree li[data-org="西岭村"] .hint`, "村（农村）")
	op.waitJS("no path codes in the tree", `!document.getElementById('op-tree').innerText.includes('/gz')`)
	op.tap("details:has(#rename-xiling) > summary")
	op.setValue("#rename-xiling-name", "西岭新村")
	op.tap("#rename-xiling-save")
	op.see("#op-tree-news", "西岭新村")
	op.tapText("#op-tree a", "西岭新村")

	// The register: the preview names every bad row before anything is stored.
	op.tap("#op-nav-register")
	op.waitJS("the file input", `!!document.getElementById('reg-file')`)
	op.do("operator chooses the register file", chromedp.SetUploadFiles(chromedp.CSS("#reg-file"), []string{csv}))
	op.see("#reg-preview-counts", "文件共7行：4行可以导入，3行有问题")
	for _, line := range []string{"第3行 出生日期", "第6行 村民编号", "第7行 性别"} {
		op.see("#reg-bad", line)
	}
	op.see("#reg-first", "李四")
	op.see("#reg-count", "名册上现有0人")
	op.tap("#reg-import")
	op.see("#reg-done", "新增4人，更新0人，未变0人，拒绝3行")
	op.see("#reg-progress-text", "已处理7行，共7行")
	op.see("#reg-count", "名册上现有4人")
	op.tap("#reg-import") // the same file again changes nothing
	op.see("#reg-done", "新增0人，更新0人，未变4人，拒绝3行")

	// A council, with 李四 as its secretary, picked by name.
	op.tap("#op-nav-bodies")
	op.choose("#body-kind", "村民议事会")
	op.typeIn("#body-name", "西岭村议事会")
	op.tap("#body-create")
	op.see("#body-news", "西岭村议事会")
	op.choose("#body-council-seat", "秘书")
	op.typeIn("#body-council-search", "李")
	op.tapText("#body-council-search-results button", "李四")
	op.see("#body-council-news", "李四")
	op.see("#body-council-members", "李四（H02户，1980年生） · 秘书")

	// An account for 李四 (the phone comes from the register), then the secretary's role.
	op.tap("#op-nav-accounts")
	op.typeIn("#acct-search", "李四")
	op.tapText("#acct-search-results button", "李四")
	op.see("#acct-form", "李四")
	op.typeIn("#acct-password", demoPassword)
	op.tap("#acct-create")
	op.see("#acct-news", "已为李四开了账号")
	op.tap("#acct-13900000077-secretary")
	op.see("#acct-news", "李四现在是议事会秘书")
	op.see("#held-secretary", "李四")
	// A role given by mistake is taken back.
	op.tap("#acct-13900000077-board_member")
	op.see("#acct-news", "李四现在是评议会成员")
	op.tap("#acct-13900000077-board_member")
	op.see("#acct-news", "已收回李四的评议会成员角色")

	// The village's own rules: a notice period below the statute's 15 days
	// is refused next to its field, quoting the rule; 20 days is kept.
	allowStatus(t, 422)
	op.tap("#op-nav-settings")
	op.see("#rule-notice_days-bound", "第三十五条")
	op.setValue("#rule-notice_days", "10")
	op.tap("#rules-save")
	op.see("#rule-notice_days-error", "须在15到")
	op.setValue("#rule-notice_days", "20")
	op.tap("#rules-save")
	op.see("#rules-news", "已保存")
	var rules struct {
		NoticeDays int `json:"notice_days"`
	}
	ta.login(t, "13800000004").mustJSON("GET", "/api/v1/orgs/"+ta.orgID(t, "/gz/hd/hs/xiling")+"/village-rules", nil, 200, &rules)
	if rules.NoticeDays != 20 {
		t.Errorf("the village's notice period is %d days after saving 20", rules.NoticeDays)
	}

	// The new secretary logs in and opens the schedule-a-meeting form.
	sec := newActor(t, b, "new secretary")
	sec.logIn(ta.URL, "13900000077")
	sec.tap("#link-meetings")
	sec.tap("#meetings-schedule")
	sec.waitJS("the schedule form", `!!document.getElementById('meet-form')`)

	// The records, through the API.
	api := ta.login(t, "13800000004")
	var orgs struct {
		Orgs []struct{ ID, Name, Path string }
	}
	api.mustJSON("GET", "/api/v1/orgs", nil, 200, &orgs)
	vid := ""
	for _, o := range orgs.Orgs {
		if o.Path == "/gz/hd/hs/xiling" {
			vid = o.ID
			if o.Name != "西岭新村" {
				t.Errorf("the village is named %q", o.Name)
			}
		}
	}
	if vid == "" {
		t.Fatal("no village at /gz/hd/hs/xiling")
	}
	var reg struct{ Residents []struct{ Name string } }
	api.mustJSON("GET", "/api/v1/orgs/"+vid+"/residents", nil, 200, &reg)
	if len(reg.Residents) != 4 {
		t.Errorf("the register holds %d residents, want 4", len(reg.Residents))
	}
	var bodies struct {
		Bodies []struct {
			ID      string
			Members []struct {
				No   string `json:"resident_no"`
				Role string
			}
		}
	}
	api.mustJSON("GET", "/api/v1/orgs/"+vid+"/bodies", nil, 200, &bodies)
	if len(bodies.Bodies) != 1 || len(bodies.Bodies[0].Members) != 1 || bodies.Bodies[0].Members[0].No != "X003" || bodies.Bodies[0].Members[0].Role != "secretary" {
		t.Errorf("bodies: %+v", bodies.Bodies)
	}
	var me struct {
		Roles []struct{ Role, Scope string }
	}
	ta.login(t, "13900000077").mustJSON("GET", "/api/v1/me", nil, 200, &me)
	var roles []string
	for _, r := range me.Roles {
		roles = append(roles, r.Role+"@"+r.Scope)
	}
	if strings.Join(roles, " ") != "resident@/gz/hd/hs/xiling secretary@/gz/hd/hs/xiling" {
		t.Errorf("the secretary's roles: %v", roles)
	}
	t.Logf("operator: %d taps; secretary: %d taps", op.taps, sec.taps)
}
