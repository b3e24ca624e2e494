package web

import "github.com/gofiber/fiber/v2"

// Domain finds the org path a request acts on, e.g. from an :id parameter.
type Domain func(c *fiber.Ctx) (string, error)

// Guard lets modules protect their routes without knowing how sessions and
// the enforcer work. Every non-public route goes through Require.
type Guard interface {
	// Require lets the request through only if the logged-in user may do
	// act on obj in the org the domain names.
	Require(obj, act string, dom Domain) fiber.Handler
	// Check is Require for decisions made inside a handler, e.g. over
	// several orgs named in a body.
	Check(c *fiber.Ctx, path, obj, act string) error
	// RequireLogin lets through only logged-in requests; routes whose
	// domain is only known from the body use it before Check.
	RequireLogin() fiber.Handler
}

// Grant is what an allowed request was allowed to do, for the audit log.
type Grant struct {
	Actor string // account ID
	Role  string // the role whose policy line allowed it
	Path  string // org path acted on
	Obj   string
	Act   string
}

const grantKey = "yishi.grant"

// SetGrant records the grant on the request.
func SetGrant(c *fiber.Ctx, g Grant) { c.Locals(grantKey, g) }

// GrantOf returns the grant recorded for the request.
func GrantOf(c *fiber.Ctx) Grant {
	g, _ := c.Locals(grantKey).(Grant)
	return g
}

// Root is a Domain for actions on the whole tree.
func Root(*fiber.Ctx) (string, error) { return "/", nil }
