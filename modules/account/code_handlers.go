package account

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/sms"
	"yishi/modules/web"
)

// The routes of login by code and of a forgotten password. Every answer is
// the same whether the phone has an account or not, and counts against the
// same limits: the login limit per address, codes per phone and per
// address, and the lock-out of a phone after wrong passwords or codes.

// codeLimits are the limits of sending codes, on the module's clock.
type codeLimits struct {
	mu       *sync.Mutex // checks and counts the three limits as one step
	sender   sms.Sender
	every    *throttle // one code per phone per interval
	perPhone *throttle // codes an hour to one phone
	perIP    *throttle // codes an hour from one address
	ttl      time.Duration
	interval time.Duration
}

func newCodeLimits(d Deps) codeLimits {
	l := codeLimits{mu: &sync.Mutex{}, sender: d.Sender, every: newThrottle(1, d.CodeEvery), perPhone: newThrottle(d.CodePerPhone, time.Hour),
		perIP: newThrottle(d.CodePerIP, time.Hour), ttl: d.CodeTTL, interval: d.CodeEvery}
	for _, t := range []*throttle{l.every, l.perPhone, l.perIP} {
		t.now = d.Now
	}
	return l
}

func (m *Module) mountCodes(r fiber.Router) {
	r.Post("/auth/code", m.sendCode)
	r.Post("/auth/code-login", m.codeLogin)
	r.Post("/auth/password-reset", m.resetPassword)
}

type codeRequest struct {
	Phone string `json:"phone" validate:"required,phone"`
}

// CodeSent is the answer to a request for a code.
type CodeSent struct {
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	// ResendAfter is the seconds until another code may be asked for.
	ResendAfter int `json:"resend_after"`
	// ExpiresIn is the seconds a code lasts.
	ExpiresIn int `json:"expires_in"`
}

func (m *Module) sendCode(c *fiber.Ctx) error {
	var req codeRequest
	if err := m.bindCounted(c, &req); err != nil {
		return err
	}
	if until, locked := m.perPhone.lockedUntil(req.Phone); locked {
		return m.lockedOut(c, until)
	}
	l := m.code
	if err := m.takeCodeLimits(c, req.Phone, c.IP()); err != nil {
		return err
	}
	code, ok, err := m.codes.issue(c.UserContext(), req.Phone)
	if err != nil {
		return err
	}
	if ok {
		// Sent in the background: how long a provider takes must not tell
		// who has an account.
		go m.deliver(req.Phone, code)
	}
	mins := int(l.ttl / time.Minute)
	return c.JSON(CodeSent{
		Message:     fmt.Sprintf("如果这个手机号在名册中有账号，验证码已发到这个手机，%d分钟内有效，只能用一次", mins),
		MessageEn:   fmt.Sprintf("If this phone has an account, a code has been sent to it; it lasts %d minutes and works once", mins),
		ResendAfter: int(l.interval / time.Second), ExpiresIn: int(l.ttl / time.Second)})
}

// takeCodeLimits counts one code against the phone's and the address's
// limits, or refuses it when one is used up; at once, so that requests
// racing each other cannot send more.
func (m *Module) takeCodeLimits(c *fiber.Ctx, phone, ip string) error {
	l := m.code
	l.mu.Lock()
	defer l.mu.Unlock()
	if until, blocked := l.every.lockedUntil(phone); blocked {
		return m.codeWait(c, until, "这个手机号刚收到过验证码", "A code was just sent to this phone")
	}
	if until, blocked := l.perPhone.lockedUntil(phone); blocked {
		return m.codeWait(c, until, "这个手机号一小时内收到的验证码太多了", "Too many codes to this phone within an hour")
	}
	if until, blocked := l.perIP.lockedUntil(ip); blocked {
		return m.codeWait(c, until, "这个网络地址一小时内要的验证码太多了", "Too many codes asked from this address within an hour")
	}
	l.every.add(phone)
	l.perPhone.add(phone)
	l.perIP.add(ip)
	return nil
}

// deliver sends the code; a failure is logged with the phone masked and
// never the code.
func (m *Module) deliver(phone, code string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := m.code.sender.Send(ctx, phone, code); err != nil {
		m.log.Warn("login code not sent", "phone", sms.Mask(phone), "sender", m.code.sender.Name(), "err", err)
	}
}

// codeWait is the 429 of a code asked for too soon: it says when, and
// details.retry_after gives the seconds, for the button's count-down.
func (m *Module) codeWait(c *fiber.Ctx, until time.Time, zh, en string) error {
	secs := int((until.Sub(m.now()) + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	e := web.New(fiber.StatusTooManyRequests, "too_many_requests",
		fmt.Sprintf("%s，请在%d秒后再获取", zh, secs), fmt.Sprintf("%s; ask again in %d seconds", en, secs))
	return e.WithDetails(map[string]int{"retry_after": secs})
}

type codeLoginRequest struct {
	Phone string `json:"phone" validate:"required,phone"`
	Code  string `json:"code" validate:"required,max=16"`
}

type resetRequest struct {
	Phone    string `json:"phone" validate:"required,phone"`
	Code     string `json:"code" validate:"required,max=16"`
	Password string `json:"password" validate:"required,min=8,max=128"`
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// checkCode spends one try of phone on code: the login limit per address,
// the lock-out, then the code. A wrong code counts as a failed login.
func (m *Module) checkCode(c *fiber.Ctx, phone, code string) (Account, error) {
	if !sixDigits.MatchString(code) {
		e := *web.ErrInvalid
		e.Fields = map[string]web.FieldError{"code": {Message: "验证码是6位数字", MessageEn: "the code is 6 digits"}}
		return Account{}, &e
	}
	if until, locked := m.perPhone.lockedUntil(phone); locked {
		return Account{}, m.lockedOut(c, until)
	}
	a, err := m.codes.use(c.UserContext(), phone, code)
	if err == ErrInvalidCode {
		m.perPhone.add(phone)
	}
	if err != nil {
		return Account{}, err
	}
	m.perPhone.reset(phone)
	return a, nil
}

func (m *Module) codeLogin(c *fiber.Ctx) error {
	var req codeLoginRequest
	if err := m.bindCounted(c, &req); err != nil {
		return err
	}
	a, err := m.checkCode(c, req.Phone, req.Code)
	if err != nil {
		return err
	}
	return m.startLogin(c, a, "code")
}

// PasswordReset is the answer to a reset.
type PasswordReset struct {
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

func (m *Module) resetPassword(c *fiber.Ctx) error {
	var req resetRequest
	if err := m.bindCounted(c, &req); err != nil {
		return err // a password against the rules does not use up the code
	}
	a, err := m.checkCode(c, req.Phone, req.Code)
	if err != nil {
		return err
	}
	if err := m.svc.SetPassword(c.UserContext(), a.ID, req.Password); err != nil {
		return err
	}
	m.log.Info("password reset", "account", a.ID)
	return c.JSON(PasswordReset{Message: "密码已改好，请用新密码登录；别处的登录已退出",
		MessageEn: "Password changed: log in with the new one; logins elsewhere have been ended"})
}
