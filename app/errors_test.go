package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

func TestBadInputGetsTheErrorShapeAndChangesNothing(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	countOrgs := func() int64 {
		n, err := ta.store.Shared().Collection("orgs").CountDocuments(context.Background(), bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := countOrgs()

	operator.mustError("POST", "/api/v1/orgs", `{"code": "x"`, 400, "malformed_json")
	operator.mustError("POST", "/api/v1/orgs", `[1,2]`, 400, "malformed_json")
	operator.mustError("POST", "/api/v1/orgs", `{} {}`, 400, "malformed_json")
	e := operator.mustError("POST", "/api/v1/orgs", map[string]any{"code": "Bad Code", "level": "planet"}, 422, "invalid_fields")
	for _, f := range []string{"code", "name", "level"} {
		if fe, ok := e.Error.Fields[f]; !ok || fe.Message == "" || fe.MessageEn == "" {
			t.Errorf("field %s lacks a bilingual error: %+v", f, e.Error.Fields)
		}
	}
	e = operator.mustError("POST", "/api/v1/orgs", map[string]any{"code": "ok", "name": "x", "level": "city", "sneaky": 1}, 422, "invalid_fields")
	if _, ok := e.Error.Fields["sneaky"]; !ok {
		t.Errorf("unknown field not named: %+v", e.Error.Fields)
	}
	operator.mustError("POST", "/api/v1/orgs", map[string]any{"code": 5, "name": "x", "level": "city"}, 422, "invalid_fields")
	operator.mustError("GET", "/api/v1/orgs/000000000000000000000000/bodies", nil, 404, "org_not_found")
	operator.mustError("GET", "/api/v1/orgs/not-an-id", nil, 404, "org_not_found")
	operator.mustError("GET", "/api/v1/no/such/route", nil, 404, "not_found")
	// A village already in the tree.
	operator.mustError("POST", "/api/v1/orgs", map[string]string{"code": "dt", "name": "again", "level": "village", "parent_id": ta.orgID(t, "/gz/hd/hs")}, 409, "org_exists")
	operator.mustError("POST", "/api/v1/orgs", map[string]string{"code": "zz", "name": "x", "level": "village", "parent_id": dt}, 422, "bad_parent")
	operator.mustError("POST", "/api/v1/orgs/"+dt+"/bodies", map[string]string{"id": "council", "kind": "council", "name": "again"}, 409, "body_exists")
	// An oversized body is refused from its Content-Length, before it is read.
	conn, err := net.Dial("tcp", strings.TrimPrefix(ta.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/v1/orgs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", 64<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	var tooLarge apiError
	if err := json.NewDecoder(resp.Body).Decode(&tooLarge); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge || tooLarge.Error.Code != "too_large" {
		t.Errorf("oversized body: %d %+v %v, want 413 too_large", resp.StatusCode, tooLarge, err)
	}

	if after := countOrgs(); after != before {
		t.Fatalf("orgs %d -> %d after bad requests", before, after)
	}
	if strings.Contains(ta.logs.String(), `"level":"ERROR"`) {
		t.Fatalf("bad input was logged as a server error:\n%s", ta.logs.String())
	}
}

func TestWritesNeedTheCSRFToken(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	token := operator.csrf
	operator.csrf = ""
	operator.mustError("POST", "/api/v1/orgs/"+dt+"/bodies", map[string]string{"id": "b1", "kind": "association", "name": "x"}, 403, "csrf")
	operator.csrf = "wrong"
	operator.mustError("POST", "/api/v1/orgs/"+dt+"/bodies", map[string]string{"id": "b1", "kind": "association", "name": "x"}, 403, "csrf")
	operator.csrf = token
	operator.mustJSON("POST", "/api/v1/orgs/"+dt+"/bodies", map[string]string{"id": "b1", "kind": "association", "name": "x"}, 201, nil)
}
