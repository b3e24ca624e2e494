package main

import (
	"strings"
	"testing"
)

// TestOperatorImportsInParts: the page's import. The check reads the whole
// file, names every bad row and stores nothing; the parts store their good
// rows, refuse the bad ones by their line in the whole file, and the same
// file a second time changes nothing.
func TestOperatorImportsInParts(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	var village struct{ ID string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "bc", "name": "北村", "level": "village", "kind": "village", "parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, &village)
	base := "/api/v1/orgs/" + village.ID + "/residents/"
	part1 := header + "B1,H1,王大山,男,1960-02-29,13900000011,一组,是\nB2,H1,王小花,F,2099-06-01,,一组,0\n"
	part2 := header + "B3,H2,赵四,M,1990-12-31,,二组,1\nB3,H2,赵五,X,1992-01-01,,二组,0\n"
	whole := part1 + strings.TrimPrefix(part2, header)

	type bad struct {
		Line  int
		Field string
	}
	var pre struct {
		Rows, Good, Refused int
		First               []struct{ Name string }
		Bad                 []bad
	}
	operator.mustJSON("POST", base+"check", whole, 200, &pre)
	if pre.Rows != 4 || pre.Good != 2 || pre.Refused != 2 || len(pre.First) != 2 || pre.First[0].Name != "王大山" {
		t.Fatalf("preview: %+v", pre)
	}
	want := []bad{{3, "birth_date"}, {5, "resident_no"}, {5, "gender"}}
	if len(pre.Bad) != len(want) {
		t.Fatalf("bad cells %+v, want %+v", pre.Bad, want)
	}
	for i, w := range want {
		if pre.Bad[i] != w {
			t.Errorf("bad cell %d: %+v, want %+v", i, pre.Bad[i], w)
		}
	}
	var list struct{ Residents []struct{} }
	operator.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/residents", nil, 200, &list)
	if len(list.Residents) != 0 {
		t.Fatalf("the check stored %d residents", len(list.Residents))
	}

	type report struct{ Rows, Created, Updated, Unchanged, Refused, Households int }
	importAll := func() report {
		var sum report
		for i, p := range []struct {
			body  string
			first string
		}{{part1, "2"}, {part2, "4"}} {
			var r struct {
				report
				Bad []bad
			}
			operator.mustJSON("POST", base+"import-part?first_line="+p.first, p.body, 200, &r)
			if i == 1 && (len(r.Bad) != 2 || r.Bad[0].Line != 5) {
				t.Fatalf("part 2 refused %+v, want line 5", r.Bad)
			}
			sum.Rows += r.Rows
			sum.Created += r.Created
			sum.Updated += r.Updated
			sum.Unchanged += r.Unchanged
			sum.Refused += r.Refused
			sum.Households = r.Households
		}
		return sum
	}
	if got := importAll(); got != (report{Rows: 4, Created: 2, Refused: 2, Households: 2}) {
		t.Fatalf("first import: %+v", got)
	}
	if got := importAll(); got != (report{Rows: 4, Unchanged: 2, Refused: 2, Households: 2}) {
		t.Fatalf("the same file again: %+v", got)
	}
	operator.mustError("POST", base+"import-part?first_line=0", part1, 422, "invalid_fields")
	operator.mustError("POST", base+"check", "name,phone\n", 422, "bad_register")
	resident := ta.login(t, "13800000001")
	resident.mustError("POST", base+"check", whole, 403, "forbidden")
}

// TestOperatorRenamesAndKeepsRoles: an operator renames a village (its path
// stays), lists who holds which role there, and gives and takes a role; a
// secretary may do neither.
func TestOperatorRenamesAndKeepsRoles(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	vid := ta.orgID(t, "/gz/hd/hs/dt")
	var o struct{ Name, Path string }
	operator.mustJSON("PUT", "/api/v1/orgs/"+vid+"/name", map[string]string{"name": "东田新村"}, 200, &o)
	if o.Name != "东田新村" || o.Path != "/gz/hd/hs/dt" {
		t.Fatalf("renamed: %+v", o)
	}
	operator.mustJSON("GET", "/api/v1/orgs/"+vid, nil, 200, &o)
	if o.Name != "东田新村" {
		t.Fatalf("after rename the org reads %+v", o)
	}
	operator.mustError("PUT", "/api/v1/orgs/"+vid+"/name", map[string]string{"name": ""}, 422, "invalid_fields")

	type role struct{ Role, Scope string }
	var list struct {
		Accounts []struct {
			ID, Name, Phone string
			Roles           []role
		}
	}
	operator.mustJSON("GET", "/api/v1/orgs/"+vid+"/accounts", nil, 200, &list)
	id := ""
	for _, a := range list.Accounts {
		if a.Phone == "13800000001" {
			id = a.ID
		}
		if a.Phone == "13800000003" || a.Phone == "13800000004" {
			t.Errorf("%s holds no role in the village, yet is listed", a.Phone)
		}
	}
	if id == "" {
		t.Fatalf("the resident is not listed: %+v", list.Accounts)
	}
	roles := []role{{"resident", "/gz/hd/hs/dt"}, {"secretary", "/gz/hd/hs/dt"}}
	operator.mustJSON("PUT", "/api/v1/accounts/"+id+"/roles", map[string]any{"roles": roles}, 200, nil)
	resident := ta.login(t, "13800000001")
	var me struct{ Roles []role }
	resident.mustJSON("GET", "/api/v1/me", nil, 200, &me)
	if len(me.Roles) != 2 || me.Roles[1].Role != "secretary" {
		t.Fatalf("after the grant: %+v", me.Roles)
	}
	// A secretary does not manage accounts, not even their own.
	resident.mustError("PUT", "/api/v1/accounts/"+id+"/roles", map[string]any{"roles": roles[:1]}, 403, "forbidden")
	resident.mustError("GET", "/api/v1/orgs/"+vid+"/accounts", nil, 403, "forbidden")
	operator.mustJSON("PUT", "/api/v1/accounts/"+id+"/roles", map[string]any{"roles": roles[:1]}, 200, nil)
	operator.mustError("PUT", "/api/v1/accounts/"+id+"/roles", map[string]any{"roles": []role{{"mayor", "/gz"}}}, 422, "invalid_fields")
}

// TestOperatorSetsVillageRules: a village may tighten its rules, never
// loosen them: a 14-day notice period (V2026 Art. 35 ¶4) is refused with the
// article next to the field and nothing is written; 20 days is kept and
// applies to the minutes module's notices.
func TestOperatorSetsVillageRules(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	vid := ta.orgID(t, "/gz/hd/hs/dt")
	path := "/api/v1/orgs/" + vid + "/village-rules"
	var got struct {
		NoticeDays, ProxyCap, ConveneDeadlineDays int `json:",omitempty"`
		Bounds                                    map[string]struct{ Min, Max int }
	}
	operator.mustJSON("GET", path, nil, 200, &got)
	if got.Bounds["notice_days"].Min != 15 {
		t.Fatalf("bounds: %+v", got.Bounds)
	}
	e := operator.mustError("PUT", path, map[string]int{"notice_days": 14, "proxy_cap": 2, "convene_deadline_days": 20}, 422, "rule_out_of_bounds")
	if f, ok := e.Error.Fields["notice_days"]; !ok || !strings.Contains(f.MessageEn, "V2026 Art. 35") {
		t.Fatalf("the refusal does not quote the article: %+v", e.Error.Fields)
	}
	operator.mustError("PUT", path, map[string]int{"notice_days": 20, "proxy_cap": 9, "convene_deadline_days": 20}, 422, "rule_out_of_bounds")
	var pub struct {
		NoticeDays int `json:"notice_days"`
	}
	operator.mustJSON("PUT", path, map[string]int{"notice_days": 20, "proxy_cap": 2, "convene_deadline_days": 20}, 200, nil)
	ta.login(t, "13800000002").mustJSON("GET", "/api/v1/orgs/"+vid+"/publication-settings", nil, 200, &pub)
	if pub.NoticeDays != 20 {
		t.Fatalf("the notice period is %d, want 20", pub.NoticeDays)
	}
	ta.login(t, "13800000001").mustError("PUT", path, map[string]int{"notice_days": 30, "convene_deadline_days": 20}, 403, "forbidden")
}
