package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"yishi/modules/sms"
)

// Login by one-time code and a forgotten password (issue 21 (1)), over HTTP.

// codesFor are the codes the console sender wrote for phone, oldest first.
func (ta *testApp) codesFor(phone string) []string {
	re := regexp.MustCompile(regexp.QuoteMeta(sms.ConsoleMark+" "+sms.Mask(phone)+": ") + `([0-9]{6})`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(ta.texts.String(), -1) {
		out = append(out, m[1])
	}
	return out
}

// waitCode waits for the nth code (1 is the first) the console sender
// writes for phone: the sender runs in the background.
func (ta *testApp) waitCode(t testing.TB, phone string, n int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got := ta.codesFor(phone); len(got) >= n {
			return got[n-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the console sender wrote no code %d for %s; it wrote:\n%s", n, phone, ta.texts.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// holdsCode reports whether the log holds code as a number of its own: a
// timestamp's fraction or a duration may hold the same six digits inside a
// longer number, and that is no leak.
func holdsCode(log, code string) bool {
	return regexp.MustCompile(`(^|[^0-9.])` + code + `([^0-9]|$)`).MatchString(log)
}

type codeSent struct {
	Message     string `json:"message"`
	ResendAfter int    `json:"resend_after"`
	ExpiresIn   int    `json:"expires_in"`
}

func (c *client) askCode(phone string) codeSent {
	c.t.Helper()
	var out codeSent
	c.mustJSON("POST", "/api/v1/auth/code", map[string]string{"phone": phone}, 200, &out)
	return out
}

// A code logs in once, within its five minutes: the same code again, or a
// code past its time, is refused; the code is in the console sender's
// output and nowhere in the log.
func TestLoginCodeWorksOnceAndExpires(t *testing.T) {
	ta := startTestApp(t)
	c := ta.client(t)
	sent := c.askCode(demoResidentPhone)
	if sent.ResendAfter != 60 || sent.ExpiresIn != 300 {
		t.Fatalf("answer %+v, want a resend after 60 s and a code of 300 s", sent)
	}
	code := ta.waitCode(t, demoResidentPhone, 1)
	var out struct {
		User struct {
			Phone string `json:"phone"`
		} `json:"user"`
		CSRF string `json:"csrf_token"`
	}
	c.mustJSON("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": code}, 200, &out)
	if out.User.Phone != demoResidentPhone || out.CSRF == "" {
		t.Fatalf("code login answered %+v", out)
	}
	c.csrf = out.CSRF
	c.mustJSON("GET", "/api/v1/me", nil, 200, nil)

	other := ta.client(t)
	other.mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": code}, 401, "invalid_code")

	ta.clock.advance(61 * time.Second)
	other.askCode(demoResidentPhone)
	late := ta.waitCode(t, demoResidentPhone, 2)
	ta.clock.advance(5*time.Minute + time.Second)
	other.mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": late}, 401, "invalid_code")

	for _, k := range []string{code, late} {
		if holdsCode(ta.logs.String(), k) {
			t.Errorf("the server log holds the code %s:\n%s", k, ta.logs.String())
		}
	}
}

// Two requests bringing the same right code at once: one logs in.
func TestLoginCodeRaceLogsInOnce(t *testing.T) {
	ta := startTestApp(t)
	ta.client(t).askCode(demoResidentPhone)
	code := ta.waitCode(t, demoResidentPhone, 1)
	var wg sync.WaitGroup
	statuses := make([]int, 4)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _ = ta.client(t).do("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": code})
		}()
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		if s == 200 {
			ok++
		} else if s != 401 {
			t.Errorf("status %d", s)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 4 requests with one code logged in (%v), want 1", ok, statuses)
	}
}

// Codes are limited: one a minute and two an hour to a phone here, four an
// hour from one address; a refusal says in how many seconds, for the button.
func TestLoginCodeThrottledPerPhoneAndPerAddress(t *testing.T) {
	ta := startTestAppWith(t, "-code-per-phone", "2", "-code-per-ip", "4")
	c := ta.client(t)
	c.askCode(demoResidentPhone)
	status, h, body := c.doHeader("POST", "/api/v1/auth/code", `{"phone":"`+demoResidentPhone+`"}`)
	var e struct {
		Error struct {
			Code    string         `json:"code"`
			Message string         `json:"message"`
			Details map[string]int `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal([]byte(body), &e)
	if status != 429 || e.Error.Details["retry_after"] < 55 || e.Error.Details["retry_after"] > 60 || !strings.Contains(e.Error.Message, "秒后") {
		t.Fatalf("a second code at once: %d %s", status, body)
	}
	if s, _ := strconv.Atoi(h.Get("Retry-After")); s != e.Error.Details["retry_after"] {
		t.Fatalf("Retry-After %q, details say %d", h.Get("Retry-After"), e.Error.Details["retry_after"])
	}
	ta.clock.advance(61 * time.Second)
	c.askCode(demoResidentPhone)
	ta.clock.advance(61 * time.Second)
	if e := c.mustError("POST", "/api/v1/auth/code", map[string]string{"phone": demoResidentPhone}, 429, "too_many_requests"); !strings.Contains(e.Error.Message, "一小时") {
		t.Fatalf("a third code within the hour: %s", e.Error.Message)
	}
	// The address has asked for 2 codes; 2 more to other phones (one without an account), then no more.
	c.askCode("13800000002")
	c.askCode("13999999999")
	if e := c.mustError("POST", "/api/v1/auth/code", map[string]string{"phone": "13800000003"}, 429, "too_many_requests"); !strings.Contains(e.Error.MessageEn, "address") {
		t.Fatalf("a fifth code from one address: %s", e.Error.MessageEn)
	}
	if n := len(ta.codesFor("13800000003")); n != 0 {
		t.Fatalf("a refused request sent %d codes", n)
	}
}

// Wrong codes lock the phone as wrong passwords do: after 3, even the right
// code (and the right password) waits for the lock to end; by then the code
// is gone, dropped at its third wrong try.
func TestLoginCodeWrongTriesLockThePhone(t *testing.T) {
	ta := startTestAppWith(t, "-login-failures", "3", "-lockout", "1m")
	c := ta.client(t)
	c.askCode(demoResidentPhone)
	code := ta.waitCode(t, demoResidentPhone, 1)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	for i := 0; i < 3; i++ {
		c.mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": wrong}, 401, "invalid_code")
	}
	e := c.mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": code}, 429, "too_many_requests")
	if !strings.Contains(e.Error.Message, "锁定") || !strings.Contains(e.Error.MessageEn, "locked until") {
		t.Fatalf("the lock-out does not say so: %+v", e.Error)
	}
	c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": demoResidentPhone, "password": demoPassword}, 429, "too_many_requests")
	c.mustError("POST", "/api/v1/auth/code", map[string]string{"phone": demoResidentPhone}, 429, "too_many_requests")
	ta.clock.advance(61 * time.Second)
	c.mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": code}, 401, "invalid_code")
	ta.login(t, demoResidentPhone) // the password works again
}

// Asking for a code, and trying one, answers alike for a phone with an
// account and one without; only the first gets a code.
func TestLoginCodeDoesNotTellWhoHasAnAccount(t *testing.T) {
	ta := startTestApp(t)
	const nobody = "13999999999"
	answers := map[string]string{}
	for _, phone := range []string{demoResidentPhone, nobody} {
		status, body := ta.client(t).do("POST", "/api/v1/auth/code", map[string]string{"phone": phone})
		answers[phone] = strconv.Itoa(status) + " " + string(body)
	}
	if answers[demoResidentPhone] != answers[nobody] || !strings.HasPrefix(answers[nobody], "200 ") {
		t.Fatalf("the answers differ:\n%s\n%s", answers[demoResidentPhone], answers[nobody])
	}
	ta.waitCode(t, demoResidentPhone, 1)
	if n := len(ta.codesFor(nobody)); n != 0 {
		t.Fatalf("%d codes sent to a phone without an account", n)
	}
	code := ta.waitCode(t, demoResidentPhone, 1)
	wrong := "123456"
	if code == wrong {
		wrong = "654321"
	}
	a := ta.client(t).mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": wrong}, 401, "invalid_code")
	b := ta.client(t).mustError("POST", "/api/v1/auth/code-login", map[string]string{"phone": nobody, "code": wrong}, 401, "invalid_code")
	if a.Error.Message != b.Error.Message || a.Error.MessageEn != b.Error.MessageEn {
		t.Fatalf("a wrong code answers %+v with an account, %+v without", a.Error, b.Error)
	}
	r := ta.client(t).mustError("POST", "/api/v1/auth/password-reset", map[string]string{"phone": nobody, "code": wrong, "password": "a-new-password"}, 401, "invalid_code")
	if r.Error.Message != a.Error.Message {
		t.Fatalf("a reset for a phone without an account answers %+v", r.Error)
	}
}

// A code sets a forgotten password: a password against the rule is refused
// without using the code up; then the old password stops working, the new
// one works, the code is used, and a session from before the reset is over.
func TestPasswordResetByCode(t *testing.T) {
	ta := startTestApp(t)
	before := ta.login(t, demoResidentPhone)
	c := ta.client(t)
	c.askCode(demoResidentPhone)
	code := ta.waitCode(t, demoResidentPhone, 1)
	reset := func(pw string) map[string]string {
		return map[string]string{"phone": demoResidentPhone, "code": code, "password": pw}
	}
	if e := c.mustError("POST", "/api/v1/auth/password-reset", reset("short"), 422, "invalid_fields"); e.Error.Fields["password"].Message == "" {
		t.Fatalf("a short password: no word on the password field: %+v", e.Error)
	}
	var out struct {
		Message string `json:"message"`
	}
	const fresh = "a-new-password-21"
	c.mustJSON("POST", "/api/v1/auth/password-reset", reset(fresh), 200, &out)
	if !strings.Contains(out.Message, "新密码") {
		t.Fatalf("the reset says %q", out.Message)
	}
	c.mustError("POST", "/api/v1/auth/password-reset", reset("another-password"), 401, "invalid_code")
	c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": demoResidentPhone, "password": demoPassword}, 401, "invalid_credentials")
	c.mustJSON("POST", "/api/v1/auth/login", map[string]string{"phone": demoResidentPhone, "password": fresh}, 200, nil)
	before.mustError("GET", "/api/v1/me", nil, 401, "unauthenticated")
	if holdsCode(ta.logs.String(), code) || strings.Contains(ta.logs.String(), fresh) {
		t.Errorf("the server log holds the code %s or the new password", code)
	}
}

// With -sms aliyun the code goes to the provider's SendSms (here a test
// server that checks the signature) and logs in; when the provider refuses,
// the log says so with the phone masked and without the code.
func TestLoginCodeThroughAliyun(t *testing.T) {
	var mu sync.Mutex
	var got []string
	answer := "OK"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		params := map[string]string{}
		for k := range q {
			if k != "Signature" {
				params[k] = q.Get(k)
			}
		}
		if sms.Sign(r.Method, sms.CanonicalQuery(params), "test-secret") != q.Get("Signature") {
			http.Error(w, `{"Code":"SignatureDoesNotMatch"}`, 400)
			return
		}
		var p struct{ Code string }
		_ = json.Unmarshal([]byte(params["TemplateParam"]), &p)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, params["PhoneNumbers"]+" "+p.Code)
		_, _ = w.Write([]byte(`{"Code":"` + answer + `","Message":"m","RequestId":"r"}`))
	}))
	defer srv.Close()
	t.Setenv("YISHI_SMS_KEY_SECRET", "test-secret")
	ta := startTestAppWith(t, "-sms", "aliyun", "-sms-endpoint", srv.URL+"/", "-sms-key-id", "id",
		"-sms-sign-name", "东田村委会", "-sms-template", "SMS_1")
	sent := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
	c := ta.client(t)
	c.askCode(demoResidentPhone)
	deadline := time.Now().Add(10 * time.Second)
	for len(sent()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(sent()) != 1 || !strings.HasPrefix(sent()[0], demoResidentPhone+" ") {
		t.Fatalf("the provider got %q", sent())
	}
	code := strings.TrimPrefix(sent()[0], demoResidentPhone+" ")
	c.mustJSON("POST", "/api/v1/auth/code-login", map[string]string{"phone": demoResidentPhone, "code": code}, 200, nil)
	if ta.texts.String() != "" {
		t.Fatalf("the console sender wrote with -sms aliyun: %q", ta.texts.String())
	}

	mu.Lock()
	answer = "isv.BUSINESS_LIMIT_CONTROL"
	mu.Unlock()
	ta.client(t).askCode("13800000002")
	for !strings.Contains(ta.logs.String(), "login code not sent") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	logs := ta.logs.String()
	if !strings.Contains(logs, "isv.BUSINESS_LIMIT_CONTROL") || !strings.Contains(logs, "138****0002") {
		t.Fatalf("the refusal is not in the log:\n%s", clip(logs, 3000))
	}
	for _, s := range sent() {
		if code := s[strings.Index(s, " ")+1:]; holdsCode(logs, code) {
			t.Errorf("the log holds the code %s", code)
		}
	}
	if strings.Contains(logs, "13800000002") {
		t.Error("the log holds the phone number unmasked")
	}
}

// Requests racing for codes to one phone send one: the limits are counted
// in one step.
func TestLoginCodeRacingSendsSendOne(t *testing.T) {
	ta := startTestApp(t)
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _ = ta.client(t).do("POST", "/api/v1/auth/code", map[string]string{"phone": demoResidentPhone})
		}()
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		if s == 200 {
			ok++
		} else if s != 429 {
			t.Errorf("status %d", s)
		}
	}
	ta.waitCode(t, demoResidentPhone, 1)
	if ok != 1 || len(ta.codesFor(demoResidentPhone)) != 1 {
		t.Fatalf("6 racing requests: %v, %d codes sent; want one", statuses, len(ta.codesFor(demoResidentPhone)))
	}
}
