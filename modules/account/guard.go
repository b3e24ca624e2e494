package account

import (
	"crypto/subtle"
	"fmt"
	"slices"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
	"yishi/policies"
)

const sessionKey = "yishi.session"

// CurrentSession returns the request's session, if logged in.
func CurrentSession(c *fiber.Ctx) (Session, bool) {
	s, ok := c.Locals(sessionKey).(Session)
	return s, ok
}

// Authenticate resolves the session cookie, if any, and checks the CSRF token
// on every write made with it. Routes that need a login use Require.
func (m *Module) Authenticate() fiber.Handler {
	return func(c *fiber.Ctx) error {
		token := c.Cookies(m.cookieName)
		if token == "" {
			return c.Next()
		}
		sess, ok, err := m.svc.Session(c.UserContext(), token)
		if err != nil {
			return err
		}
		if !ok {
			return c.Next()
		}
		if !safeMethod(c.Method()) && !m.openPaths[c.Path()] {
			got := c.Get("X-CSRF-Token")
			if subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
				return web.ErrCSRF
			}
		}
		c.Locals(sessionKey, sess)
		return c.Next()
	}
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// RequireLogin lets through only logged-in requests.
func (m *Module) RequireLogin() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok := CurrentSession(c); !ok {
			return web.ErrUnauthenticated
		}
		return c.Next()
	}
}

// Require implements web.Guard.
func (m *Module) Require(obj, act string, dom web.Domain) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, ok := CurrentSession(c); !ok {
			return web.ErrUnauthenticated
		}
		path, err := dom(c)
		if err != nil {
			return err
		}
		if err := m.Check(c, path, obj, act); err != nil {
			return err
		}
		return c.Next()
	}
}

// Check implements web.Guard: it decides one (org path, object, action) for
// the logged-in user and records the request's actor (web.ActorOf): who,
// their home village and register place, and the role and path the grant was for.
func (m *Module) Check(c *fiber.Ctx, path, obj, act string) error {
	sess, ok := CurrentSession(c)
	if !ok {
		return web.ErrUnauthenticated
	}
	allowed, err := m.enforcer.Allowed(sess.AccountID, path, obj, act)
	if err != nil {
		return err
	}
	if !allowed {
		return m.refusal(sess.AccountID, path, obj, act)
	}
	acc, err := m.accountOf(c, sess)
	if err != nil {
		return err
	}
	web.SetActor(c, web.Actor{AccountID: acc.ID, Name: acc.Name, Roles: acc.Roles, VillageID: acc.VillageID, ResidentNo: acc.ResidentNo,
		Role: m.allowingRole(sess.AccountID, path, obj, act), Path: path})
	return nil
}

// allowingRole names the role whose allow line let the request through.
func (m *Module) allowingRole(subject, path, obj, act string) string {
	for _, a := range m.enforcer.AssignmentsOf(subject) {
		if !policies.IsUnder(path, a.Scope) {
			continue
		}
		for _, l := range m.enforcer.PowersOf([]string{a.Role}) {
			if l.Obj == obj && l.Act == act {
				return a.Role
			}
		}
	}
	return ""
}

// refusal explains a 403: when a negative-list line refused it, the error
// quotes the line and its legal basis.
func (m *Module) refusal(subject, path, obj, act string) error {
	var roles []string
	for _, a := range m.enforcer.AssignmentsOf(subject) {
		if policies.IsUnder(path, a.Scope) {
			roles = append(roles, a.Role)
		}
	}
	for _, l := range m.enforcer.Lines() {
		if l.List == policies.ListNegative && l.Obj == obj && l.Act == act && slices.Contains(roles, l.Role) {
			e := web.Forbidden(
				fmt.Sprintf("负面清单：%s（%s）", l.Zh, l.Basis),
				fmt.Sprintf("Negative list: %s (%s)", l.En, l.Basis))
			e.Code = "negative_list"
			return e
		}
	}
	return web.ErrForbidden
}

// Current returns the logged-in account; modules use it to learn who acts
// (their village and resident number).
func (m *Module) Current(c *fiber.Ctx) (Account, error) {
	sess, ok := CurrentSession(c)
	if !ok {
		return Account{}, web.ErrUnauthenticated
	}
	return m.accountOf(c, sess)
}

// accountOf is the session's account without a read of the accounts
// collection (which the embedded store would scan, town-wide): who the user
// is comes from the session, written at login; their roles from the
// enforcer, which always holds the current ones.
func (m *Module) accountOf(c *fiber.Ctx, sess Session) (Account, error) {
	if sess.Name == "" { // a session from before sessions carried the account
		return m.svc.Get(c.UserContext(), sess.AccountID)
	}
	return Account{ID: sess.AccountID, Phone: sess.Phone, Name: sess.Name, VillageID: sess.VillageID, ResidentNo: sess.ResidentNo,
		Roles: m.enforcer.AssignmentsOf(sess.AccountID)}, nil
}
