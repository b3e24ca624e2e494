package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// publicRoutes need no login: the web shell's bootstrapping, the published
// lists (so residents can read what is enforced) and the org tree's names.
var publicRoutes = map[string]bool{
	"GET /healthz":               true,
	"GET /metrics":               true,
	"GET /api/openapi.json":      true,
	"GET /api/v1/policies/lists": true,
	"GET /api/v1/rules":          true,
	"POST /api/v1/auth/login":    true,
	// Login by code and a forgotten password (issue 21): before any login.
	"POST /api/v1/auth/code":           true,
	"POST /api/v1/auth/code-login":     true,
	"POST /api/v1/auth/password-reset": true,
	"GET /api/v1/orgs":                 true,
	"GET /api/v1/orgs/:id":             true,
	"GET /api/v1/orgs/:id/board":       true, // the public board, unless a village makes it private
	// The honour roll, the warning list (minimum data) and the ranking a village publishes.
	"GET /api/v1/orgs/:id/honour-roll":    true,
	"GET /api/v1/orgs/:id/warning-list":   true,
	"GET /api/v1/orgs/:id/points/ranking": true,
	// The service list and the certificate whitelist a village may issue.
	"GET /api/v1/orgs/:id/services":     true,
	"GET /api/v1/orgs/:id/certificates": true,
}

var routeParam = regexp.MustCompile(`:[a-z]+`)

// Every registered API route other than the public ones refuses a request
// without a login with 401.
func TestEveryNonPublicRouteNeedsLogin(t *testing.T) {
	ta := startTestApp(t)
	c := ta.client(t)
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	checked := 0
	for _, r := range ta.http.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodHead || publicRoutes[r.Method+" "+r.Path] {
			continue
		}
		path := routeParam.ReplaceAllStringFunc(r.Path, func(p string) string {
			if p == ":id" {
				return dt
			}
			return "x"
		})
		var body any
		if r.Method != http.MethodGet {
			body = "{}"
		}
		c.mustError(r.Method, path, body, http.StatusUnauthorized, "unauthenticated")
		checked++
	}
	if checked < 8 {
		t.Fatalf("only %d guarded routes found", checked)
	}
}

// A representative subset of the role x action x place matrix, through HTTP
// (the whole matrix runs against the enforcer in policies/).
func TestAuthzThroughHTTP(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	// A second street with a village, for "another street".
	var street2, village2 struct{ ID string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "hs2", "name": "第二街道", "level": "street", "parent_id": ta.orgID(t, "/gz/hd")}, 201, &street2)
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "nv", "name": "新村", "level": "village", "parent_id": street2.ID}, 201, &village2)

	dt, xl, street := ta.orgID(t, "/gz/hd/hs/dt"), ta.orgID(t, "/gz/hd/hs/xl"), ta.orgID(t, "/gz/hd/hs")
	resident, secretary, official := ta.login(t, "13800000001"), ta.login(t, "13800000002"), ta.login(t, "13800000003")
	body := map[string]any{"id": "assoc", "kind": "association", "name": "红白理事会"}
	cases := []struct {
		who    string
		c      *client
		method string
		path   string
		body   any
		want   int
	}{
		{"resident", resident, "GET", "/api/v1/orgs/" + dt + "/bodies", nil, 200},
		{"resident", resident, "GET", "/api/v1/orgs/" + xl + "/bodies", nil, 403},
		{"resident", resident, "GET", "/api/v1/orgs/" + dt + "/residents", nil, 403},
		{"resident", resident, "GET", "/api/v1/orgs/" + dt + "/audit", nil, 403},
		{"resident", resident, "POST", "/api/v1/orgs/" + dt + "/bodies", body, 403},
		{"secretary", secretary, "GET", "/api/v1/orgs/" + dt + "/residents", nil, 200},
		{"secretary", secretary, "GET", "/api/v1/orgs/" + xl + "/residents", nil, 403},
		{"secretary", secretary, "GET", "/api/v1/orgs/" + dt + "/audit/verify", nil, 200},
		{"secretary", secretary, "POST", "/api/v1/orgs/" + dt + "/bodies", body, 403},
		{"secretary", secretary, "POST", "/api/v1/orgs/" + dt + "/residents/import", "x", 403},
		// Street officials review; the register's personal data is not theirs.
		{"street official", official, "GET", "/api/v1/orgs/" + dt + "/audit", nil, 200},
		{"street official", official, "GET", "/api/v1/orgs/" + street + "/audit/verify", nil, 200},
		{"street official", official, "GET", "/api/v1/orgs/" + village2.ID + "/audit", nil, 403},
		{"street official", official, "GET", "/api/v1/orgs/" + dt + "/residents", nil, 403},
		{"street official", official, "POST", "/api/v1/orgs/" + dt + "/bodies", body, 403},
		{"street official", official, "PUT", "/api/v1/orgs/" + dt + "/bodies/council/members", map[string]any{"members": []any{}}, 403},
		{"street official", official, "POST", "/api/v1/orgs", map[string]string{"code": "zz", "name": "某村", "level": "village", "parent_id": street}, 403},
		{"operator", operator, "POST", "/api/v1/orgs/" + dt + "/bodies", body, 201},
		{"operator", operator, "GET", "/api/v1/orgs/" + village2.ID + "/residents", nil, 200},
	}
	for _, tc := range cases {
		status, data := tc.c.do(tc.method, tc.path, tc.body)
		if status != tc.want {
			t.Errorf("%s %s %s: %d, want %d: %s", tc.who, tc.method, tc.path, status, tc.want, data)
		}
	}
}

// A street official reads the shared audit chain only about its own street:
// entries about another street stay out of its view.
func TestStreetSeesOnlyItsOwnPartOfTheSharedChain(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	var street2 struct{ ID string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "hs2", "name": "第二街道", "level": "street", "parent_id": ta.orgID(t, "/gz/hd")}, 201, &street2)
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "nv", "name": "新村", "level": "village", "parent_id": street2.ID}, 201, nil)
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "nv2", "name": "新二村", "level": "village", "parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, nil)
	var chain struct {
		Entries []struct{ Org, Action, Detail string }
	}
	ta.login(t, "13800000003").mustJSON("GET", "/api/v1/orgs/"+ta.orgID(t, "/gz/hd/hs")+"/audit", nil, 200, &chain)
	if len(chain.Entries) != 1 || chain.Entries[0].Detail != "/gz/hd/hs/nv2" {
		t.Fatalf("the street official sees %+v", chain.Entries)
	}
}
