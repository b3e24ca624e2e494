package main

import (
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
