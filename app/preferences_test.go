package main

import (
	"testing"
)

// preferences is the answer of GET/PUT /api/v1/me/preferences.
type preferences struct {
	ElderMode bool   `json:"elder_mode"`
	UpdatedAt string `json:"updated_at"`
}

// TestPreferencesElderModeFollowsTheAccount: elder mode starts unset (no
// updated_at, so the page keeps the device's choice); once set it is on the
// account, seen from a second login (another device); bad bodies are 4xx
// with the field named, and the stored value stays; no login is a 401, a
// write without the CSRF token a 403; one account's choice is not
// another's.
func TestPreferencesElderModeFollowsTheAccount(t *testing.T) {
	ta := startTestApp(t)
	const path = "/api/v1/me/preferences"
	phone := demoResidentPhone
	c := ta.login(t, phone)
	var p preferences
	c.mustJSON("GET", path, nil, 200, &p)
	if p.ElderMode || p.UpdatedAt != "" {
		t.Fatalf("a new account's preferences: %+v, want elder mode off and never set", p)
	}
	c.mustJSON("PUT", path, map[string]any{"elder_mode": true}, 200, &p)
	if !p.ElderMode || p.UpdatedAt == "" {
		t.Fatalf("after turning elder mode on: %+v", p)
	}

	other := ta.login(t, phone) // the same person on another device
	var q preferences
	other.mustJSON("GET", path, nil, 200, &q)
	if !q.ElderMode || q.UpdatedAt == "" {
		t.Fatalf("another login of the account: %+v, want elder mode on", q)
	}

	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"missing", map[string]any{}, 422, "invalid_fields", "elder_mode"},
		{"null", `{"elder_mode": null}`, 422, "invalid_fields", "elder_mode"},
		{"a string", `{"elder_mode": "yes"}`, 422, "invalid_fields", "elder_mode"},
		{"a number", `{"elder_mode": 1}`, 422, "invalid_fields", "elder_mode"},
		{"an unknown field", `{"elder_mode": false, "font_size": 40}`, 422, "invalid_fields", "font_size"},
		{"not JSON", `{"elder_mode": fals`, 400, "malformed_json", ""},
		{"two values", `{"elder_mode": false} {"elder_mode": true}`, 400, "malformed_json", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.t = t
			e := c.mustError("PUT", path, tc.body, tc.status, tc.code)
			if tc.field != "" {
				if f, ok := e.Error.Fields[tc.field]; !ok || f.Message == "" || f.MessageEn == "" {
					t.Errorf("%s: the error does not name %s in both languages: %+v", tc.name, tc.field, e.Error.Fields)
				}
			}
		})
	}
	c.t = t
	c.mustJSON("GET", path, nil, 200, &p)
	if !p.ElderMode {
		t.Fatalf("refused writes changed the stored preference: %+v", p)
	}

	anon := ta.client(t)
	anon.mustError("GET", path, nil, 401, "unauthenticated")
	anon.mustError("PUT", path, map[string]any{"elder_mode": true}, 401, "unauthenticated")
	noCSRF := ta.login(t, phone)
	noCSRF.csrf = ""
	noCSRF.mustError("PUT", path, map[string]any{"elder_mode": false}, 403, "csrf")

	c.mustJSON("PUT", path, map[string]any{"elder_mode": false}, 200, &p)
	other.mustJSON("GET", path, nil, 200, &q)
	if q.ElderMode || q.UpdatedAt == "" {
		t.Fatalf("after turning it off: %+v, want off and set", q)
	}
	secretary := ta.login(t, "13800000002")
	var s preferences
	secretary.mustJSON("GET", path, nil, 200, &s)
	if s.UpdatedAt != "" {
		t.Fatalf("another account sees a preference it never set: %+v", s)
	}
}
