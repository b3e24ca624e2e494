// Package accounttest is the small wiring a module's HTTP tests need: the
// embedded store (storetest), the real Casbin enforcer, the org tree, the
// account module's login and guard on a Fiber app, and a client that logs in
// as a role and sends the CSRF token on writes, as the web shell does. A
// module's test mounts its own routes on API and drives them through
// app.Test; the journeys across modules stay in app/.
package accounttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"yishi/modules/apidoc/apicheck"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/account"
	"yishi/modules/audit"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
	"yishi/policies"
)

// Password is every test account's password.
const Password = "yishi-test-2026"

// Site is one township on its own database prefix, served by a Fiber app with
// the account module's login and guard mounted under /api/v1.
type Site struct {
	T         testing.TB
	Ctx       context.Context
	Store     *store.Store
	Enforcer  *policies.Enforcer
	Orgs      *org.Service
	OrgRoutes *org.Module // its Path is the web.Domain of :id
	Accounts  *account.Service
	Guard     *account.Module
	Validator *web.Validator
	Audit     *audit.Log
	Log       *slog.Logger
	App       *fiber.App
	API       fiber.Router
	// Sent records what the modules notify (give it as their Notify).
	Sent *Sent

	// The township: 广州市 / 花都区 / 花山镇 (/gz/hd/hs) with the community
	// 东田社区 (dt) and the village 小罗村 (xl), 20 residents each (R001–R020,
	// households H01–H05 of four, the first of each its head), as the demo's.
	City, Street, Community, Village org.Org

	phones atomic.Int64
}

// New wires the site on a fresh store and seeds the township. now is the
// clock the validator and the login codes see (time.Now if nil).
func New(t testing.TB, now func() time.Time) *Site {
	t.Helper()
	if now == nil {
		now = time.Now
	}
	s := &Site{T: t, Ctx: context.Background(), Store: storetest.Open(t), Audit: audit.New(),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sent: &Sent{}}
	var err error
	if s.Enforcer, err = policies.New(); err != nil {
		t.Fatal(err)
	}
	s.Orgs = org.NewService(s.Store, s.Audit)
	if err := s.Orgs.Init(s.Ctx); err != nil {
		t.Fatal(err)
	}
	s.Accounts = account.NewService(s.Store, s.Enforcer, s.Audit, time.Hour)
	if err := s.Accounts.Init(s.Ctx); err != nil {
		t.Fatal(err)
	}
	s.Validator = web.NewValidator()
	s.Validator.Now = now
	s.Guard = account.New(account.Deps{Service: s.Accounts, Enforcer: s.Enforcer, Validator: s.Validator,
		ResidentExists: s.residentExists, Log: s.Log, LoginPerIP: 10000, Now: now})
	s.OrgRoutes = org.New(org.Deps{Service: s.Orgs, Guard: s.Guard, Validator: s.Validator})
	s.App = fiber.New(fiber.Config{Immutable: true, ErrorHandler: web.ErrorHandler(nil)})
	// Every answer is checked against the API document, as in the app's tests.
	s.App.Use(apicheck.Middleware(t, web.ErrorHandler(nil)))
	s.API = s.App.Group("/api/v1", s.Guard.Authenticate())
	s.Guard.Mount(s.API)
	audit.NewModule(s.Guard, s.OrgRoutes.Path, s.chainOf).Mount(s.API)
	s.seedTownship()
	return s
}

// chainOf is the audit chain of :id, as the app's: a village's own, or the
// shared chain above villages.
func (s *Site) chainOf(c *fiber.Ctx) (*mongo.Database, error) {
	o, err := s.Orgs.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, err
	}
	if o.Level == org.LevelVillage {
		return s.Store.Village(o.ID), nil
	}
	return s.Store.Shared(), nil
}

// Sent is a notify.Sender that keeps the events sent, so a test can see
// who would be told of what.
type Sent struct {
	mu     sync.Mutex
	events []notify.Event
}

// Send implements notify.Sender.
func (s *Sent) Send(_ context.Context, e notify.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, e)
	return nil
}

// Events are the events sent so far.
func (s *Sent) Events() []notify.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]notify.Event(nil), s.events...)
}

// Clock is the wall clock plus an offset a test moves, so notice periods
// and appeal deadlines pass without waiting.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the clock's time.
func (k *Clock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return time.Now().Add(k.offset)
}

// Advance moves the clock on.
func (k *Clock) Advance(d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.offset += d
}

func (s *Site) residentExists(ctx context.Context, villageID, residentNo string) (bool, error) {
	_, err := s.Orgs.Resident(ctx, villageID, residentNo)
	return err == nil, nil
}

func (s *Site) seedTownship() {
	t := s.T
	must := func(o org.Org, err error) org.Org {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	s.City = must(s.Orgs.Ensure(s.Ctx, org.NewOrg{Code: "gz", Name: "广州市", Level: org.LevelCity}))
	district := must(s.Orgs.Ensure(s.Ctx, org.NewOrg{Code: "hd", Name: "花都区", Level: org.LevelDistrict, ParentID: s.City.ID}))
	s.Street = must(s.Orgs.Ensure(s.Ctx, org.NewOrg{Code: "hs", Name: "花山镇", Level: org.LevelStreet, ParentID: district.ID}))
	s.Community = must(s.Orgs.Ensure(s.Ctx, org.NewOrg{Code: "dt", Name: "东田社区", Level: org.LevelVillage, Kind: org.KindCommunity, ParentID: s.Street.ID}))
	s.Village = must(s.Orgs.Ensure(s.Ctx, org.NewOrg{Code: "xl", Name: "小罗村", Level: org.LevelVillage, Kind: org.KindVillage, ParentID: s.Street.ID}))
	surnames := []string{"陈", "欧阳", "李", "王", "张"}
	births := []string{"1978-03-01", "1981-07-02", "1950-11-03", "2014-05-04"}
	var rs []org.Resident
	for i := range 20 {
		h, m := i/4, i%4
		rs = append(rs, org.Resident{No: fmt.Sprintf("R%03d", i+1), HouseholdNo: fmt.Sprintf("H%02d", h+1),
			Name: fmt.Sprintf("%s居民%d", surnames[h], i+1), Gender: []string{"M", "F"}[min(m, 1)], BirthDate: births[m],
			Group: fmt.Sprintf("第%d组", h/3+1), HouseholdHead: m == 0})
	}
	for _, v := range []org.Org{s.Community, s.Village} {
		if err := s.Orgs.SeedResidents(s.Ctx, v.ID, rs); err != nil {
			t.Fatal(err)
		}
	}
}

// Body adds a body of the community and the village (the council, the moral
// board) with these members.
func (s *Site) Body(b org.NewBody) {
	s.T.Helper()
	for _, v := range []org.Org{s.Community, s.Village} {
		if err := s.Orgs.EnsureBody(s.Ctx, v.ID, b); err != nil {
			s.T.Fatal(err)
		}
	}
}

// Resident is a logged-in account of resident no of village v with these
// roles over v (resident if none).
func (s *Site) Resident(v org.Org, no string, roles ...string) *Client {
	s.T.Helper()
	if len(roles) == 0 {
		roles = []string{"resident"}
	}
	var as []policies.Assignment
	for _, r := range roles {
		as = append(as, policies.Assignment{Role: r, Scope: v.Path})
	}
	return s.account(account.NewAccount{Name: "居民" + no, VillageID: v.ID, ResidentNo: no, Roles: as})
}

// Official is a logged-in account with one role over an org and no resident
// behind it (a street official over the street, an operator over "/").
func (s *Site) Official(role, scope string) *Client {
	s.T.Helper()
	return s.account(account.NewAccount{Name: role, Roles: []policies.Assignment{{Role: role, Scope: scope}}})
}

func (s *Site) account(in account.NewAccount) *Client {
	s.T.Helper()
	in.Phone = fmt.Sprintf("137%08d", s.phones.Add(1))
	in.Password = Password
	if _, err := s.Accounts.Create(s.Ctx, web.Actor{AccountID: "test-setup", Role: "operator"}, in); err != nil {
		s.T.Fatalf("account %+v: %v", in.Roles, err)
	}
	c := s.Anonymous()
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	c.JSON("POST", "/api/v1/auth/login", map[string]string{"phone": in.Phone, "password": Password}, 200, &out)
	c.csrf = out.CSRFToken
	return c
}

// BaseURL is the site's address as a handler sees it through app.Test
// (httptest's default host): the start of the sign-in and QR addresses.
const BaseURL = "http://example.com"

// Anonymous is a client with no session.
func (s *Site) Anonymous() *Client { return &Client{t: s.T, app: s.App} }

// Client talks to the site through app.Test, keeping the session cookie
// and sending the CSRF token on writes.
type Client struct {
	t       testing.TB
	app     *fiber.App
	cookies []*http.Cookie
	csrf    string
}

// Do sends a request; body may be nil, a string (sent as is) or a value
// encoded as JSON.
func (c *Client) Do(method, path string, body any) (int, []byte) {
	c.t.Helper()
	resp, data := c.Response(method, path, body)
	return resp.StatusCode, data
}

// Response is Do with the whole response (its headers), for images and the like.
func (c *Client) Response(method, path string, body any) (*http.Response, []byte) {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for _, k := range c.cookies {
		req.AddCookie(k)
	}
	resp, err := c.app.Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	if set := resp.Cookies(); len(set) > 0 {
		c.cookies = set
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	// As in app/: no response shows a zero time for one never set.
	if bytes.Contains(data, []byte("0001-01-01T00:00:00")) {
		c.t.Errorf("%s %s: the response holds a zero time: %s", method, path, data)
	}
	return resp, data
}

// JSON sends a request, checks the status and decodes the answer into out.
func (c *Client) JSON(method, path string, body any, want int, out any) {
	c.t.Helper()
	status, data := c.Do(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, status, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, data, err)
		}
	}
}

// APIError is the one error shape.
type APIError struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		MessageEn string `json:"message_en"`
		Fields    map[string]struct {
			Message   string `json:"message"`
			MessageEn string `json:"message_en"`
		} `json:"fields"`
	} `json:"error"`
}

// Error sends a request and checks it fails with the status and code ("" for
// any), in the one error shape with a message in both languages.
func (c *Client) Error(method, path string, body any, wantStatus int, wantCode string) APIError {
	c.t.Helper()
	status, data := c.Do(method, path, body)
	var e APIError
	if err := json.Unmarshal(data, &e); err != nil {
		c.t.Fatalf("%s %s: not the error shape: %s", method, path, data)
	}
	if status != wantStatus || (wantCode != "" && e.Error.Code != wantCode) {
		c.t.Fatalf("%s %s: %d %s, want %d %s: %s", method, path, status, e.Error.Code, wantStatus, wantCode, data)
	}
	if e.Error.Message == "" || e.Error.MessageEn == "" {
		c.t.Fatalf("%s %s: error lacks a message in both languages: %s", method, path, data)
	}
	return e
}
