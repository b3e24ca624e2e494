package main

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"yishi/policies"
)

// openAPIMethods are the operation keys of an OpenAPI path item.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// publicOperations are the operations anyone may call, without a session.
var publicOperations = []string{
	"GET /healthz",
	"GET /metrics",
	"GET /api/openapi.json",
	"GET /api/v1/policies/lists",
	"GET /api/v1/rules",
	"POST /api/v1/auth/login",
	"POST /api/v1/auth/code",
	"POST /api/v1/auth/code-login",
	"POST /api/v1/auth/password-reset",
	"GET /api/v1/orgs",
	"GET /api/v1/orgs/{id}",
	"GET /api/v1/orgs/{id}/board",
	"GET /api/v1/orgs/{id}/honour-roll",
	"GET /api/v1/orgs/{id}/warning-list",
	"GET /api/v1/orgs/{id}/points/ranking",
	"GET /api/v1/orgs/{id}/services",
	"GET /api/v1/orgs/{id}/certificates",
}

// loginOnlyOperations need a session but no policy permission.
var loginOnlyOperations = []string{
	"POST /api/v1/auth/logout",
	"GET /api/v1/me",
	// The account's own page settings (elder mode, issue 21).
	"GET /api/v1/me/preferences",
	"PUT /api/v1/me/preferences",
}

type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Info       map[string]any                        `json:"info"`
	Security   []map[string][]string                 `json:"security"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components map[string]map[string]json.RawMessage `json:"components"`
}

type openAPIOperation struct {
	Summary    string                 `json:"summary"`
	Security   *[]map[string][]string `json:"security"`
	Permission *string                `json:"x-permission"`
	Parameters []struct {
		Name string `json:"name"`
		In   string `json:"in"`
		Ref  string `json:"$ref"`
	} `json:"parameters"`
	Responses map[string]json.RawMessage `json:"responses"`
}

// operation is one documented (method, path).
type operation struct {
	Method string // upper case
	Path   string // OpenAPI template, e.g. /api/v1/orgs/{id}
	Op     openAPIOperation
}

func (o operation) key() string { return o.Method + " " + o.Path }

func parseOpenAPI(t *testing.T, data []byte) (openAPIDoc, []operation) {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	var ops []operation
	for path, item := range doc.Paths {
		for key, raw := range item {
			if !slices.Contains(openAPIMethods, key) {
				continue // path-level parameters, summary, ...
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", strings.ToUpper(key), path, err)
			}
			ops = append(ops, operation{Method: strings.ToUpper(key), Path: path, Op: op})
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].key() < ops[j].key() })
	if len(ops) == 0 {
		t.Fatal("openapi.json describes no operations")
	}
	return doc, ops
}

// fiberParam matches a Fiber route parameter: :name, with an optional
// constraint (:id<int>) and an optional marker (:id?).
var fiberParam = regexp.MustCompile(`:([A-Za-z0-9_]+)(<[^>]*>)?\??`)

// openAPIPath turns a Fiber route pattern into an OpenAPI path template.
func openAPIPath(fiberPath string) string {
	return fiberParam.ReplaceAllString(fiberPath, "{$1}")
}

// isAPIRoute says whether a route is part of the described API rather than
// the web shell's static files.
func isAPIRoute(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/metrics"
}

// registeredRoutes are the app's API routes as "METHOD /openapi/{path}".
func registeredRoutes(ta *testApp) map[string]bool {
	// true filters out Use routes: middleware and the filesystem catch-all.
	routes := ta.http.GetRoutes(true)
	gets := map[string]bool{}
	for _, r := range routes {
		if r.Method == http.MethodGet {
			gets[r.Path] = true
		}
	}
	out := map[string]bool{}
	for _, r := range routes {
		if r.Method == "USE" || r.Method == "" || len(r.Handlers) == 0 || !isAPIRoute(r.Path) {
			continue
		}
		// Fiber adds a HEAD route for every GET.
		if r.Method == http.MethodHead && gets[r.Path] {
			continue
		}
		out[r.Method+" "+openAPIPath(r.Path)] = true
	}
	return out
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	ta := startTestApp(t)
	_, ops := parseOpenAPI(t, openAPI)
	documented := map[string]bool{}
	for _, o := range ops {
		documented[o.key()] = true
	}
	routes := registeredRoutes(ta)
	if len(routes) == 0 {
		t.Fatal("found no registered API routes")
	}
	var missing, extra []string
	for r := range routes {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for d := range documented {
		if !routes[d] {
			extra = append(extra, d)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, r := range missing {
		t.Errorf("route %s is registered but not described in app/openapi.json", r)
	}
	for _, d := range extra {
		t.Errorf("operation %s is described in app/openapi.json but no such route is registered", d)
	}
	if !t.Failed() {
		t.Logf("%d routes, all described", len(routes))
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	ta := startTestApp(t)
	status, data := ta.client(t).do("GET", "/api/openapi.json", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: status %d: %.200s", status, data)
	}
	if !json.Valid(data) {
		t.Fatalf("GET /api/openapi.json: not valid JSON: %.200s", data)
	}
	doc, ops := parseOpenAPI(t, data)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	if doc.Info["title"] == nil || doc.Info["version"] == nil {
		t.Errorf("info lacks title or version: %v", doc.Info)
	}

	// Every $ref points at something the document defines.
	var all any
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	for _, ref := range collectRefs(all, nil) {
		if !resolves(all, ref) {
			t.Errorf("$ref %q does not resolve", ref)
		}
	}

	schemes := doc.Components["securitySchemes"]
	checkSecurity := func(where string, reqs []map[string][]string) {
		for _, req := range reqs {
			for name := range req {
				if _, ok := schemes[name]; !ok {
					t.Errorf("%s: security scheme %q is not defined", where, name)
				}
			}
		}
	}
	checkSecurity("document", doc.Security)

	paramIn := regexp.MustCompile(`\{([^}]+)\}`)
	for _, o := range ops {
		if strings.TrimSpace(o.Op.Summary) == "" {
			t.Errorf("%s has no summary", o.key())
		}
		if len(o.Op.Responses) == 0 {
			t.Errorf("%s has no responses", o.key())
		}
		for code := range o.Op.Responses {
			if code != "default" && !regexp.MustCompile(`^[1-5]([0-9]{2}|XX)$`).MatchString(code) {
				t.Errorf("%s: response key %q is not a status code", o.key(), code)
			}
		}
		if o.Op.Security != nil {
			checkSecurity(o.key(), *o.Op.Security)
		}
		// Each {param} of the path is declared as a path parameter.
		declared := map[string]bool{}
		for _, p := range o.Op.Parameters {
			if p.In == "path" {
				declared[p.Name] = true
			}
		}
		for _, m := range paramIn.FindAllStringSubmatch(o.Path, -1) {
			if !declared[m[1]] {
				t.Errorf("%s: path parameter {%s} is not declared", o.key(), m[1])
			}
		}
	}
}

func TestOpenAPIGuardedOperationsNameTheirPermission(t *testing.T) {
	doc, ops := parseOpenAPI(t, openAPI)
	enf, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, l := range enf.Lines() {
		rules[l.Obj+"."+l.Act] = true
	}
	seen := map[string]bool{}
	for _, o := range ops {
		seen[o.key()] = true
		public := o.Op.Security != nil && len(*o.Op.Security) == 0
		switch {
		case public:
			if !slices.Contains(publicOperations, o.key()) {
				t.Errorf("%s has security: [] but is not a public route", o.key())
			}
			if o.Op.Permission != nil {
				t.Errorf("%s is public yet names x-permission %q", o.key(), *o.Op.Permission)
			}
			continue
		case slices.Contains(publicOperations, o.key()):
			t.Errorf("%s is a public route: it must say security: []", o.key())
		}
		security := doc.Security
		if o.Op.Security != nil {
			security = *o.Op.Security
		}
		if len(security) == 0 {
			t.Errorf("%s needs a login but neither it nor the document names a security requirement", o.key())
		}
		if o.Method != http.MethodGet && o.Method != http.MethodHead && !requiresCSRF(security) {
			t.Errorf("%s is a write with a session: its security must require csrfHeader", o.key())
		}
		if o.Op.Permission == nil {
			if !slices.Contains(loginOnlyOperations, o.key()) {
				t.Errorf("%s needs a login but names no x-permission", o.key())
			}
			continue
		}
		if slices.Contains(loginOnlyOperations, o.key()) {
			t.Errorf("%s needs only a login, yet names x-permission %q", o.key(), *o.Op.Permission)
		}
		p := *o.Op.Permission
		if obj, act, ok := strings.Cut(p, "."); !ok || obj == "" || act == "" || strings.Contains(act, ".") {
			t.Errorf("%s: x-permission %q is not obj.act", o.key(), p)
		} else if !rules[p] {
			t.Errorf("%s: x-permission %q is no line of policies/policy.csv", o.key(), p)
		}
	}
	for _, k := range append(slices.Clone(publicOperations), loginOnlyOperations...) {
		if !seen[k] {
			t.Errorf("%s is not described", k)
		}
	}
}

func requiresCSRF(reqs []map[string][]string) bool {
	if len(reqs) == 0 {
		return false
	}
	for _, req := range reqs {
		if _, ok := req["csrfHeader"]; !ok {
			return false
		}
	}
	return true
}

// collectRefs returns every "$ref" value in a decoded JSON document.
func collectRefs(v any, out []string) []string {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" {
				out = append(out, s)
				continue
			}
			out = collectRefs(e, out)
		}
	case []any:
		for _, e := range x {
			out = collectRefs(e, out)
		}
	}
	return out
}

// resolves reports whether a local JSON pointer ref ("#/a/b") names a value.
func resolves(doc any, ref string) bool {
	if !strings.HasPrefix(ref, "#/") {
		return false
	}
	cur := doc
	for _, tok := range strings.Split(ref[2:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[tok]; !ok {
			return false
		}
	}
	return true
}
