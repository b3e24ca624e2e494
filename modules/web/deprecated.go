package web

import "github.com/gofiber/fiber/v2"

// Grant is the old name of what an allowed request was allowed to do.
//
// Deprecated: use ActorOf (Actor.AccountID, Actor.Role, Actor.Path). Kept
// only so handlers written before the one actor still build; remove after
// the merge (MIGRATION.md).
type Grant struct {
	Actor string // account ID
	Role  string
	Path  string
}

// GrantOf is the request's actor in the old shape.
//
// Deprecated: use ActorOf; remove after the merge (MIGRATION.md).
func GrantOf(c *fiber.Ctx) Grant {
	a := ActorOf(c)
	return Grant{Actor: a.AccountID, Role: a.Role, Path: a.Path}
}
