package main

import (
	"context"
	"strings"
	"testing"
)

func TestHealthzAndLogin(t *testing.T) {
	ta := startTestApp(t)
	c := ta.client(t)
	var h struct{ Status string }
	c.mustJSON("GET", "/healthz", nil, 200, &h)
	if h.Status != "ok" {
		t.Fatalf("healthz status %q", h.Status)
	}
	for _, phone := range []string{"13800000001", "13800000002", "13800000003", "13800000004"} {
		lc := ta.login(t, phone)
		var me struct {
			Phone string
			Roles []struct{ Role, Scope string }
		}
		lc.mustJSON("GET", "/api/v1/me", nil, 200, &me)
		if me.Phone != phone || len(me.Roles) == 0 {
			t.Fatalf("me of %s: %+v", phone, me)
		}
	}
}

func TestMetricsCountRequestsByRoute(t *testing.T) {
	ta := startTestApp(t)
	c := ta.login(t, "13800000001")
	c.mustJSON("GET", "/api/v1/me", nil, 200, nil)
	c.mustJSON("GET", "/api/v1/me", nil, 200, nil)
	c.mustError("GET", "/api/v1/orgs/"+ta.orgID(t, "/gz/hd/hs/xl")+"/bodies", nil, 403, "forbidden")
	status, body := c.do("GET", "/metrics", nil)
	text := string(body)
	for _, want := range []string{
		`yishi_http_requests_total{method="GET",route="/api/v1/me",status="200"} 2`,
		`yishi_http_errors_total{method="GET",route="/api/v1/orgs/:id/bodies",status="403"} 1`,
		`yishi_http_request_duration_seconds_count{method="POST",route="/api/v1/auth/login",status="200"} 1`,
		`# TYPE yishi_http_request_duration_seconds histogram`,
	} {
		if status != 200 || !strings.Contains(text, want) {
			t.Fatalf("metrics lack %q:\n%s\n%s", want, text, ta.logs.String())
		}
	}
}

func TestHealthzSaysWhenTheStoreIsGone(t *testing.T) {
	ta := startTestApp(t)
	c := ta.client(t)
	if err := ta.store.Client.Disconnect(context.Background()); err != nil {
		t.Fatal(err)
	}
	status, body := c.do("GET", "/healthz", nil)
	if status != 503 || !strings.Contains(string(body), "unavailable") {
		t.Fatalf("healthz with the store gone: %d %s", status, body)
	}
}
