package main

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"yishi/modules/vote"
)

// TestLogsHoldNoSecretsOrPersonalData runs a realistic session with the
// app's logger capturing everything at debug level (every request is
// logged): an operator imports a register with phone numbers and creates
// accounts, residents log in (one after wrong passwords, one locked out),
// cast open and secret ballots with idempotency keys, check receipts, and
// the votes close. Then every password, session token, CSRF token,
// idempotency key, receipt code, ballot payload, phone number, name and
// birth date used is looked for in the log: none may appear.
func TestLogsHoldNoSecretsOrPersonalData(t *testing.T) {
	ta := startTestApp(t)
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	secrets := map[string][]string{} // kind -> values
	keep := func(kind string, v ...string) { secrets[kind] = append(secrets[kind], v...) }

	operator := ta.login(t, "13800000004")
	keep("password", demoPassword)
	keep("phone", "13800000004", "13800000002", demoResidentPhone)
	var village struct{ ID, Path string }
	operator.mustJSON("POST", "/api/v1/orgs", map[string]string{"code": "priv", "name": "隐私村", "level": "village",
		"parent_id": ta.orgID(t, "/gz/hd/hs")}, 201, &village)
	var csv strings.Builder
	csv.WriteString(header)
	for i := 0; i < 6; i++ {
		phone, name, birth := fmt.Sprintf("1391234%04d", 5600+i), fmt.Sprintf("隐私%c%c", '甲'+rune(i), '乙'+rune(i)), fmt.Sprintf("1961-0%d-2%d", i+1, i)
		keep("phone", phone)
		keep("name", name)
		keep("birth date", birth)
		fmt.Fprintf(&csv, "PV%03d,PH%d,%s,女,%s,%s,二组,1\n", i, i/2, name, birth, phone)
	}
	operator.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/residents/import", csv.String(), 200, nil)
	voters := make([]*client, 6)
	for i := range voters {
		phone := fmt.Sprintf("1391234%04d", 5600+i)
		password := fmt.Sprintf("privacy-pw-%d-%x", i, 0xbeef00+i)
		keep("password", password)
		roles := []map[string]string{{"role": "resident", "scope": village.Path}}
		if i == 0 {
			roles = append(roles, map[string]string{"role": "secretary", "scope": village.Path})
		}
		operator.mustJSON("POST", "/api/v1/accounts", map[string]any{"phone": phone, "name": secrets["name"][i], "password": password,
			"roles": roles, "village_id": village.ID, "resident_no": fmt.Sprintf("PV%03d", i)}, 201, nil)
		c := ta.client(t)
		if i == 1 { // a wrong password first
			keep("password", "wrong-privacy-guess")
			c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": "wrong-privacy-guess"}, 401, "invalid_credentials")
		}
		var out struct {
			CSRFToken string `json:"csrf_token"`
		}
		c.mustJSON("POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": password}, 200, &out)
		c.csrf = out.CSRFToken
		keep("CSRF token", out.CSRFToken)
		u, _ := url.Parse(ta.URL)
		for _, ck := range c.http.Jar.Cookies(u) {
			keep("session token", ck.Value)
		}
		voters[i] = c
	}
	// A phone locked out after wrong passwords.
	locked := ta.client(t)
	for i := 0; i < 6; i++ {
		locked.do("POST", "/api/v1/auth/login", map[string]string{"phone": "13912349999", "password": "locked-out-guess"})
	}
	keep("phone", "13912349999")
	keep("password", "locked-out-guess")

	secretary := voters[0]
	for _, secret := range []bool{false, true} {
		var v vote.Vote
		secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/votes", map[string]any{"subject_kind": "case", "subject_id": "c1",
			"meeting_kind": "villagers_meeting", "secret": secret, "options": []map[string]string{{"key": "plan-a", "label": "甲方案"}, {"key": "plan-b", "label": "乙方案"}}}, 201, &v)
		for i, c := range voters {
			key := fmt.Sprintf("privacy-idem-%v-%d-%x", secret, i, 0xfeed00+i)
			keep("idempotency key", key)
			body := fmt.Sprintf(`{"choices":["plan-%c"],"idempotency_key":%q}`, 'a'+rune(i%2), key)
			keep("ballot payload", body, `"choices":["plan-`)
			var r vote.Receipt
			c.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/ballots", body, 201, &r)
			keep("receipt code", r.Code)
			c.mustJSON("GET", "/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/receipts/"+r.Code, nil, 200, nil)
		}
		secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/votes/"+v.ID+"/close", nil, 200, nil)
	}
	// A household card: its codes exist in clear only in the answer that issues it.
	var card cardPrint
	secretary.mustJSON("POST", "/api/v1/orgs/"+village.ID+"/households/PH0/card", nil, 201, &card)
	keep("household card token", card.token())
	keep("household card code", card.ShortCode, strings.ReplaceAll(card.ShortCode, "-", ""))
	secretary.do("POST", "/api/v1/orgs/"+village.ID+"/meetings/0123456789abcdef01234567/household-card", map[string]string{"token": card.token()})
	secretary.do("POST", "/api/v1/orgs/"+village.ID+"/meetings/0123456789abcdef01234567/household-card", map[string]string{"short_code": card.ShortCode})
	for _, c := range voters {
		c.mustJSON("POST", "/api/v1/auth/logout", nil, 204, nil)
	}
	// A login by code and a password reset by code (issue 21): the codes
	// and the new password stay out of the log too.
	var codes []string
	for i, path := range []string{"/api/v1/auth/code-login", "/api/v1/auth/password-reset"} {
		phone := fmt.Sprintf("1391234%04d", 5600+i)
		c := ta.client(t)
		c.mustJSON("POST", "/api/v1/auth/code", map[string]string{"phone": phone}, 200, nil)
		code := ta.waitCode(t, phone, 1)
		codes = append(codes, code) // looked for as a number of its own (holdsCode)
		body := map[string]string{"phone": phone, "code": code}
		if i == 1 {
			body["password"] = "privacy-reset-pw-1"
			keep("password", body["password"])
		}
		c.mustJSON("POST", path, body, 200, nil)
	}
	ta.stop()

	logs := ta.logs.String()
	if !strings.Contains(logs, `"msg":"request"`) || !strings.Contains(logs, `"msg":"login"`) {
		t.Fatalf("the log did not capture the session (is it at debug level?):\n%s", clip(logs, 2000))
	}
	looked := 0
	for kind, values := range secrets {
		for _, s := range values {
			looked++
			if s != "" && strings.Contains(logs, s) {
				i := strings.Index(logs, s)
				t.Errorf("the log holds a %s %q: …%s…", kind, s, logs[max(0, i-200):min(len(logs), i+len(s)+50)])
			}
		}
	}
	for _, code := range codes {
		looked++
		if holdsCode(logs, code) {
			t.Errorf("the log holds the login code %s", code)
		}
	}
	t.Logf("%d log lines, %d bytes; %d secret and personal values looked for, none found", strings.Count(logs, "\n"), len(logs), looked)
}
