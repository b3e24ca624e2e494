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

// Root is a Domain for actions on the whole tree.
func Root(*fiber.Ctx) (string, error) { return "/", nil }
