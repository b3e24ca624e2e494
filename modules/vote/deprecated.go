package vote

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// record is the old handler-side audit call.
//
// Deprecated: the service writes its own line (Service.write); kept only
// so handlers written before that still build. Remove after the merge
// (MIGRATION.md).
func (m *Module) record(c *fiber.Ctx, villageID, action, object, detail string) error {
	return m.d.Service.write(c.UserContext(), villageID, web.ActorOf(c), action, object, detail)
}

// actorName is the caller's name as at login.
//
// Deprecated: use web.ActorOf(c).Name, or pass the actor to the service.
func (m *Module) actorName(c *fiber.Ctx) string { return web.ActorOf(c).Name }
