package main

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

// FuzzAPIWrites sends fuzzed JSON bodies to every write route of the API, as
// a logged-in secretary and as the operator. Bad input must never yield a
// 500, and a refused request must store nothing: every write appends to an
// audit chain, so the chains' lengths must not move on a 4xx.
func FuzzAPIWrites(f *testing.F) {
	ta := startTestApp(f)
	dt := ta.orgID(f, "/gz/hd/hs/dt")
	secretary, operator := ta.login(f, "13800000002"), ta.login(f, "13800000004")
	var routes []string
	for _, r := range ta.http.GetRoutes(true) {
		if strings.HasPrefix(r.Path, "/api/v1/") && r.Method != http.MethodGet && r.Method != http.MethodHead && r.Path != "/api/v1/auth/logout" {
			routes = append(routes, r.Method+" "+r.Path)
		}
	}
	sort.Strings(routes)
	routes = slicesCompact(routes)
	param := regexp.MustCompile(`:[a-z]+`)
	auditLen := func() int64 {
		var n int64
		for _, db := range []string{ta.store.Shared().Name(), ta.store.Village(dt).Name()} {
			c, err := ta.store.Client.Database(db).Collection("audit").CountDocuments(context.Background(), bson.M{})
			if err != nil {
				f.Fatal(err)
			}
			n += c
		}
		return n
	}
	for i, s := range []string{`{}`, `{"title":"x","body_id":"council","category":"environment"}`, `{"choices":["yes"]}`,
		`{"code":"a","name":"b","level":"village"}`, `[]`, `{"members":[{"resident_no":"R001","role":"boss"}]}`, "\x00", `{"a":`} {
		f.Add(uint8(i), s, i%2 == 0)
	}
	f.Fuzz(func(t *testing.T, which uint8, body string, asOperator bool) {
		route := routes[int(which)%len(routes)]
		method, path, _ := strings.Cut(route, " ")
		path = param.ReplaceAllStringFunc(path, func(p string) string {
			if p == ":id" {
				return dt
			}
			return "x" + p[1:]
		})
		c := *secretary // a copy bound to this run's t
		if asOperator {
			c = *operator
		}
		c.t = t
		before := auditLen()
		status, data := c.do(method, path, body)
		if status >= 500 {
			t.Fatalf("%s %s with %q: %d %s", method, path, body, status, data)
		}
		if status >= 400 {
			if after := auditLen(); after != before {
				t.Fatalf("%s %s with %q was refused (%d) but wrote %d audit entries", method, path, body, status, after-before)
			}
			if !strings.Contains(string(data), `"message_en"`) {
				t.Fatalf("%s %s: %d without the error shape: %s", method, path, status, data)
			}
		}
	})
}

func slicesCompact(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
