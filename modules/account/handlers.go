package account

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/sms"
	"yishi/modules/web"
	"yishi/policies"
)

// Deps are what the module needs.
type Deps struct {
	Service   *Service
	Enforcer  *policies.Enforcer
	Validator *web.Validator
	// ResidentExists says whether a resident number is in a village's
	// register; an account may only be linked to a real resident.
	ResidentExists func(ctx context.Context, villageID, residentNo string) (bool, error)
	// ScopeName names an org path for display ("东田社区").
	ScopeName    func(ctx context.Context, path string) string
	SecureCookie bool
	Log          *slog.Logger
	// Login limits; zero takes the default in brackets. LoginPerIP: login
	// attempts a minute from one address (30). LoginFailures: wrong
	// passwords for one phone within LockFor that lock it (5). LockFor: how
	// long the lock lasts (15 minutes).
	LoginPerIP    int
	LoginFailures int
	LockFor       time.Duration
	// Login codes (code_handlers.go); zero takes the default in brackets.
	// Sender delivers them (the console sender, writing to stderr). CodeTTL:
	// how long a code lasts (5 minutes). CodeEvery: the wait between codes
	// to one phone (60 s). CodePerPhone, CodePerIP: codes an hour to one
	// phone (5) and from one address (100). Now is the codes' clock.
	Sender       sms.Sender
	CodeTTL      time.Duration
	CodeEvery    time.Duration
	CodePerPhone int
	CodePerIP    int
	Now          func() time.Time
}

// Module is the account module's HTTP side and the app's guard.
type Module struct {
	svc        *Service
	enforcer   *policies.Enforcer
	val        *web.Validator
	scopeName  func(ctx context.Context, path string) string
	resident   func(ctx context.Context, villageID, residentNo string) (bool, error)
	secure     bool
	log        *slog.Logger
	cookieName string
	// openPaths are the routes that start a session: a stale session's
	// CSRF token is not asked for there.
	openPaths map[string]bool
	// Login throttles: attempts per IP, failures (passwords and codes) per phone.
	perIP    *throttle
	perPhone *throttle
	codes    *codes
	code     codeLimits
	now      func() time.Time
}

// New makes the module.
func New(d Deps) *Module {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.ScopeName == nil {
		d.ScopeName = func(context.Context, string) string { return "" }
	}
	if d.LoginPerIP <= 0 {
		d.LoginPerIP = 30
	}
	if d.LoginFailures <= 0 {
		d.LoginFailures = 5
	}
	if d.LockFor <= 0 {
		d.LockFor = 15 * time.Minute
	}
	codeDefaults(&d)
	m := &Module{svc: d.Service, enforcer: d.Enforcer, val: d.Validator,
		scopeName: d.ScopeName, resident: d.ResidentExists, secure: d.SecureCookie, log: d.Log,
		cookieName: "yishi_session", openPaths: map[string]bool{"/api/v1/auth/login": true, "/api/v1/auth/code-login": true,
			"/api/v1/auth/code": true, "/api/v1/auth/password-reset": true},
		perIP: newThrottle(d.LoginPerIP, time.Minute), perPhone: newLockout(d.LoginFailures, d.LockFor, d.LockFor),
		codes: &codes{svc: d.Service, ttl: d.CodeTTL, maxTries: d.LoginFailures, now: d.Now}, code: newCodeLimits(d)}
	m.perPhone.now = d.Now
	m.now = d.Now
	return m
}

func codeDefaults(d *Deps) {
	if d.Sender == nil {
		d.Sender = &sms.Console{W: os.Stderr}
	}
	if d.CodeTTL <= 0 {
		d.CodeTTL = 5 * time.Minute
	}
	if d.CodeEvery <= 0 {
		d.CodeEvery = time.Minute
	}
	if d.CodePerPhone <= 0 {
		d.CodePerPhone = 5
	}
	if d.CodePerIP <= 0 {
		d.CodePerIP = 100
	}
	if d.Now == nil {
		d.Now = time.Now
	}
}

// Mount adds the module's routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	r.Post("/auth/login", m.login)
	r.Post("/auth/logout", m.RequireLogin(), m.logout)
	m.mountCodes(r)
	r.Get("/me", m.RequireLogin(), m.me)
	// The account's own page settings (elder mode): a login, no permission, like /me.
	r.Get("/me/preferences", m.RequireLogin(), m.preferences)
	r.Put("/me/preferences", m.RequireLogin(), m.putPreferences)
	// The handler checks account:manage over every scope the new account gets.
	r.Post("/accounts", m.RequireLogin(), m.createAccount)
}

type loginRequest struct {
	Phone    string `json:"phone" validate:"required,phone"`
	Password string `json:"password" validate:"required,max=128"`
}

// bindCounted counts a login attempt against its address (refused once the
// address is over its limit) and reads the request: every way of logging in
// (password, code, reset by code) counts alike.
func (m *Module) bindCounted(c *fiber.Ctx, req any) error {
	ip := c.IP()
	if m.perIP.blocked(ip) {
		return web.ErrTooMany
	}
	m.perIP.add(ip)
	return m.val.Bind(c, req)
}

func (m *Module) login(c *fiber.Ctx) error {
	var req loginRequest
	if err := m.bindCounted(c, &req); err != nil {
		return err
	}
	if until, locked := m.perPhone.lockedUntil(req.Phone); locked {
		return m.lockedOut(c, until)
	}
	a, err := m.svc.Authenticate(c.UserContext(), req.Phone, req.Password)
	if err != nil {
		if err == ErrInvalidCredentials {
			m.perPhone.add(req.Phone)
		}
		return err
	}
	m.perPhone.reset(req.Phone)
	return m.startLogin(c, a, "password")
}

// startLogin starts a's session, by password or by code: the one place a
// session begins.
func (m *Module) startLogin(c *fiber.Ctx, a Account, by string) error {
	// Rotation: a login never reuses the session it arrived with.
	if old := c.Cookies(m.cookieName); old != "" {
		_ = m.svc.EndSession(c.UserContext(), old)
	}
	token, sess, err := m.svc.StartSession(c.UserContext(), a)
	if err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: m.cookieName, Value: token, Path: "/", Expires: sess.ExpiresAt,
		HTTPOnly: true, Secure: m.secure, SameSite: fiber.CookieSameSiteLaxMode})
	m.log.Info("login", "account", a.ID, "by", by)
	return c.JSON(fiber.Map{"user": m.view(c.UserContext(), a, sess), "csrf_token": sess.CSRF})
}

// lockedOut is the answer while a phone is locked after failed logins: a
// 429 that says when the lock ends. Unknown phones lock the same way, so the
// answer does not tell which phones have accounts.
func (m *Module) lockedOut(c *fiber.Ctx, until time.Time) error {
	wait := until.Sub(m.now())
	mins := int((wait + time.Minute - 1) / time.Minute)
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	at := until.In(chinaTime).Format("15:04")
	return web.New(fiber.StatusTooManyRequests, "too_many_requests",
		fmt.Sprintf("密码或验证码错误次数太多，该账号已暂时锁定，请在%s（约%d分钟后）再试", at, mins),
		fmt.Sprintf("Too many wrong passwords or codes: this account is locked until %s China time (about %d minutes)", at, mins))
}

// chinaTime is the time zone residents read; fixed, so no tz database is needed.
var chinaTime = time.FixedZone("CST", 8*60*60)

func (m *Module) logout(c *fiber.Ctx) error {
	if err := m.svc.EndSession(c.UserContext(), c.Cookies(m.cookieName)); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{Name: m.cookieName, Value: "", Path: "/", Expires: time.Unix(0, 0),
		HTTPOnly: true, Secure: m.secure, SameSite: fiber.CookieSameSiteLaxMode})
	return c.SendStatus(fiber.StatusNoContent)
}

func (m *Module) me(c *fiber.Ctx) error {
	sess, _ := CurrentSession(c)
	a, err := m.accountOf(c, sess)
	if err != nil {
		return err
	}
	return c.JSON(m.view(c.UserContext(), a, sess))
}

func (m *Module) view(ctx context.Context, a Account, sess Session) Me {
	me := Me{ID: a.ID, Name: a.Name, Phone: a.Phone, CSRFToken: sess.CSRF, VillageID: a.VillageID, ResidentNo: a.ResidentNo, Roles: []RoleView{}, Powers: []Power{}}
	var names []string
	for _, r := range a.Roles {
		role, _ := policies.RoleByName(r.Role)
		me.Roles = append(me.Roles, RoleView{Role: r.Role, RoleZh: role.Zh, RoleEn: role.En, Scope: r.Scope, ScopeName: m.scopeName(ctx, r.Scope)})
		names = append(names, r.Role)
	}
	for _, l := range m.enforcer.PowersOf(names) {
		me.Powers = append(me.Powers, Power{Role: l.Role, Obj: l.Obj, Act: l.Act, Zh: l.Zh, En: l.En, Basis: l.Basis})
	}
	return me
}

func (m *Module) createAccount(c *fiber.Ctx) error {
	var req NewAccount
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	for _, r := range req.Roles {
		if !web.IsOrgPath(r.Scope) {
			e := *web.ErrInvalid
			e.Fields = map[string]web.FieldError{"roles": {Message: "范围应为组织路径，例如 /gz/hd", MessageEn: "scope must be an org path such as /gz/hd"}}
			return &e
		}
		if err := m.Check(c, r.Scope, "account", "manage"); err != nil {
			return err
		}
	}
	if err := m.checkResidentLink(c, req); err != nil {
		return err
	}
	a, err := m.svc.Create(c.UserContext(), web.ActorOf(c), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(a)
}

// Errors of linking an account to a resident.
var (
	ErrNoSuchResident = web.New(422, "no_such_resident", "名册里没有这位村民", "No such resident in the village register")
	ErrResidentTaken  = web.New(409, "resident_taken", "这位村民已经有账号了", "This resident already has an account")
)

// checkResidentLink keeps one account per resident, linked to a resident who
// is in the register: otherwise whoever creates accounts could make a second
// one for a resident and vote in their name before them.
func (m *Module) checkResidentLink(c *fiber.Ctx, req NewAccount) error {
	if req.ResidentNo == "" {
		return nil
	}
	if req.VillageID == "" {
		e := *web.ErrInvalid
		e.Fields = map[string]web.FieldError{"village_id": {Message: "关联村民时必须写明村（社区）", MessageEn: "is required with resident_no"}}
		return &e
	}
	if m.resident != nil {
		ok, err := m.resident(c.UserContext(), req.VillageID, req.ResidentNo)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNoSuchResident
		}
	}
	taken, err := m.svc.ResidentLinked(c.UserContext(), req.VillageID, req.ResidentNo)
	if err != nil {
		return err
	}
	if taken {
		return ErrResidentTaken
	}
	return nil
}
