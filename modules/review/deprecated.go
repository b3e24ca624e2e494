package review

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// record is the old handler-side audit call (the :id village's chain).
//
// Deprecated: the service writes its own line (Service.write); kept only
// so handlers written before that still build. Remove after the merge
// (MIGRATION.md).
func (m *Module) record(c *fiber.Ctx, action, object, detail string) error {
	return m.d.Service.write(c.UserContext(), c.Params("id"), web.ActorOf(c), action, object, detail)
}
