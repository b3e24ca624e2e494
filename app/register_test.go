package main

import (
	"context"
	"strings"
	"testing"

	"yishi/modules/audit"
)

const header = "resident_no,household_no,name,gender,birth_date,phone,group,household_head\n"

func TestRegisterImport(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	var village struct{ ID string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "nc", "name": "南村", "level": "village", "kind": "village", "parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, &village)
	path := "/api/v1/orgs/" + village.ID + "/residents/import"

	good := header +
		"A1,H1,王大山,男,1960-02-29,13900000001,一组,是\n" +
		"A2,H1,王小花,F,2012-06-01,,一组,0\n" +
		"A3,H2,\"赵,四\",M,1990-12-31,,二组,1\n"
	var rep struct{ Rows, Created, Updated, Households int }
	operator.mustJSON("POST", path, good, 200, &rep)
	if rep.Rows != 3 || rep.Created != 3 || rep.Households != 2 {
		t.Fatalf("first import: %+v", rep)
	}

	// A file with bad rows is refused whole, each bad row named by its line.
	bad := header +
		"A4,H3,新人,男,1970-01-01,,三组,是\n" + // fine, but must not land
		"A5,H3,,男,1970-01-01,,三组,否\n" + // line 3: no name
		"A6,H3,某人,X,1970-13-01,123,三组,否\n" + // line 4: gender, date, phone
		"A4,H3,重复,男,1970-01-01,,三组,否\n" // line 5: repeats line 2
	e := operator.mustError("POST", path, bad, 422, "bad_register")
	for _, f := range []string{"line 3: name", "line 4: gender", "line 4: birth_date", "line 4: phone", "line 5: resident_no"} {
		if _, ok := e.Error.Fields[f]; !ok {
			t.Errorf("error for %q missing; got %v", f, e.Error.Fields)
		}
	}
	operator.mustError("POST", path, "name,phone\n张三,1\n", 422, "bad_register")
	operator.mustError("POST", path, header, 422, "bad_register")
	operator.mustError("POST", path, header+"A9,H9,\"unclosed,M,1970-01-01,,,\n", 422, "bad_register")

	var list struct {
		Residents []struct {
			No   string `json:"resident_no"`
			Name string
		}
	}
	operator.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/residents", nil, 200, &list)
	if len(list.Residents) != 3 {
		t.Fatalf("after refused files the register has %d residents, want 3", len(list.Residents))
	}

	// Re-importing updates known residents and adds new ones.
	operator.mustJSON("POST", path, header+"A3,H2,赵四,M,1990-12-31,13900000003,二组,1\nA4,H2,赵五,M,1992-01-01,,二组,0\n", 200, &rep)
	if rep.Created != 1 || rep.Updated != 1 || rep.Households != 2 {
		t.Fatalf("second import: %+v", rep)
	}
	var hh struct {
		Households []struct {
			No      string `json:"household_no"`
			Members int
			Head    string
		}
	}
	operator.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/households", nil, 200, &hh)
	if len(hh.Households) != 2 || hh.Households[1].Members != 2 || hh.Households[1].Head != "A3" {
		t.Fatalf("households: %+v", hh.Households)
	}

	// Each import is in the village's audit chain, which verifies.
	r, err := audit.Verify(context.Background(), ta.store.Village(village.ID))
	if err != nil || !r.OK || r.Entries != 2 {
		t.Fatalf("audit chain: %+v %v, want ok with 2 entries", r, err)
	}
	if !strings.Contains(ta.logs.String(), "serving") {
		t.Fatal("no logs captured")
	}
}
