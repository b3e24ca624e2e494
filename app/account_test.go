package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

func TestLoginIsThrottledPerPhone(t *testing.T) {
	ta := startTestApp(t)
	c := ta.client(t)
	for i := 0; i < 5; i++ {
		c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": "13800000001", "password": "wrong-guess"}, 401, "invalid_credentials")
	}
	// Now even the right password waits.
	c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": "13800000001", "password": demoPassword}, 429, "too_many_requests")
	// Another phone from the same place is not locked out by it.
	ta.login(t, "13800000002")
}

func TestLoginIsThrottledPerIP(t *testing.T) {
	t.Setenv("YISHI_LOGIN_PER_IP", "20")
	ta := startTestApp(t)
	c := ta.client(t)
	limited := 0
	for i := 0; i < 40; i++ {
		status, _ := c.do("POST", "/api/v1/auth/login", map[string]string{"phone": "1390000" + strings.Repeat("0", 3) + string(rune('0'+i%10)), "password": "x"})
		if status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("40 login attempts from one address in a minute were never throttled")
	}
}

func TestUnknownPhoneAndWrongPasswordLookTheSame(t *testing.T) {
	ta := startTestApp(t)
	c := ta.client(t)
	a := c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": "13999999999", "password": "whatever1"}, 401, "invalid_credentials")
	b := c.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": "13800000001", "password": "whatever1"}, 401, "invalid_credentials")
	if a.Error.Code != b.Error.Code || a.Error.Message != b.Error.Message {
		t.Fatalf("errors differ: %+v vs %+v", a, b)
	}
}

func TestLogoutEndsTheSessionAndLoginRotatesIt(t *testing.T) {
	ta := startTestApp(t)
	c := ta.login(t, "13800000001")
	first := c.http.Jar.Cookies(mustURL(t, ta.URL))[0].Value
	// Log in again on the same browser: the old token stops working.
	c2 := ta.login(t, "13800000001")
	_ = c2
	c.mustJSON("POST", "/api/v1/auth/login", map[string]string{"phone": "13800000001", "password": demoPassword}, 200, nil)
	second := c.http.Jar.Cookies(mustURL(t, ta.URL))[0].Value
	if first == second {
		t.Fatal("login kept the old session token")
	}
	stale := ta.client(t)
	stale.http.Jar.SetCookies(mustURL(t, ta.URL), []*http.Cookie{{Name: "yishi_session", Value: first}})
	stale.mustError("GET", "/api/v1/me", nil, 401, "unauthenticated")

	// The CSRF token changed with the session.
	var me struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.mustJSON("GET", "/api/v1/me", nil, 200, &me)
	c.csrf = me.CSRFToken
	status, _ := c.do("POST", "/api/v1/auth/logout", nil)
	if status != http.StatusNoContent {
		t.Fatalf("logout: %d", status)
	}
	after := ta.client(t)
	after.http.Jar.SetCookies(mustURL(t, ta.URL), []*http.Cookie{{Name: "yishi_session", Value: second}})
	after.mustError("GET", "/api/v1/me", nil, 401, "unauthenticated")
	// The other browser's session is untouched.
	c2.mustJSON("GET", "/api/v1/me", nil, 200, nil)
}

func TestPasswordsAreHashedAndNeverLogged(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	const secret = "correct-horse-battery"
	var created struct{ ID string }
	operator.mustJSON("POST", "/api/v1/accounts", map[string]any{"phone": "13700000009", "name": "新秘书", "password": secret,
		"roles": []map[string]string{{"role": "secretary", "scope": "/gz/hd/hs/xl"}}}, 201, &created)
	ta.client(t).mustJSON("POST", "/api/v1/auth/login", map[string]string{"phone": "13700000009", "password": secret}, 200, nil)
	operator.mustError("POST", "/api/v1/accounts", map[string]any{"phone": "13700000009", "name": "again", "password": secret,
		"roles": []map[string]string{{"role": "resident", "scope": "/gz/hd/hs/xl"}}}, 409, "phone_taken")

	var doc bson.M
	if err := ta.store.Shared().Collection("accounts").FindOne(context.Background(), bson.M{"_id": created.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	hash, _ := doc["password_hash"].(string)
	if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, secret) {
		t.Fatalf("stored password is not an argon2id hash: %q", hash)
	}
	for _, s := range []string{secret, demoPassword, operator.csrf} {
		if strings.Contains(ta.logs.String(), s) {
			t.Fatalf("the log contains a secret %q", s)
		}
	}
	// The hash never leaves the server.
	status, body := operator.do("GET", "/api/v1/me", nil)
	if status != 200 || strings.Contains(string(body), "argon2") {
		t.Fatalf("me leaks the hash: %s", body)
	}
}

// An operator of a district may create accounts only within it.
func TestAccountRolesMustBeWithinTheCreatorsScope(t *testing.T) {
	ta := startTestApp(t)
	secretary := ta.login(t, "13800000002")
	secretary.mustError("POST", "/api/v1/accounts", map[string]any{"phone": "13700000010", "name": "x", "password": "long-enough",
		"roles": []map[string]string{{"role": "resident", "scope": "/gz/hd/hs/dt"}}}, 403, "forbidden")
	official := ta.login(t, "13800000003")
	official.mustError("POST", "/api/v1/accounts", map[string]any{"phone": "13700000010", "name": "x", "password": "long-enough",
		"roles": []map[string]string{{"role": "street_official", "scope": "/gz/hd/hs"}}}, 403, "forbidden")
}

// Concurrent logins of one account all get sessions of their own.
func TestConcurrentLogins(t *testing.T) {
	ta := startTestApp(t)
	var wg sync.WaitGroup
	tokens := make([]string, 8)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := ta.login(t, "13800000002")
			tokens[i] = c.csrf
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, tok := range tokens {
		if tok == "" || seen[tok] {
			t.Fatalf("tokens not unique: %v", tokens)
		}
		seen[tok] = true
	}
	var n int64
	for b := 0; b < 256; b++ {
		c, err := ta.store.Shared().Collection(fmt.Sprintf("sessions_%02x", b)).CountDocuments(context.Background(), bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		n += c
	}
	if n != 8 {
		t.Fatalf("sessions = %d, want 8", n)
	}
}

// An account is linked only to a resident in the register, and to each
// resident once: nobody can make a second account to vote in a resident's name.
func TestAccountsLinkToOneRealResident(t *testing.T) {
	ta := startTestApp(t)
	operator := ta.login(t, "13800000004")
	dt := ta.orgID(t, "/gz/hd/hs/dt")
	req := func(phone, no string) map[string]any {
		return map[string]any{"phone": phone, "name": "x", "password": "long-enough-pw", "village_id": dt, "resident_no": no,
			"roles": []map[string]string{{"role": "resident", "scope": "/gz/hd/hs/dt"}}}
	}
	operator.mustError("POST", "/api/v1/accounts", req("13700000021", "R003"), 409, "resident_taken") // 13800000001's
	operator.mustError("POST", "/api/v1/accounts", req("13700000022", "NOBODY"), 422, "no_such_resident")
	operator.mustJSON("POST", "/api/v1/accounts", req("13700000023", "R007"), 201, nil)
	operator.mustError("POST", "/api/v1/accounts", req("13700000024", "R007"), 409, "resident_taken")
}
