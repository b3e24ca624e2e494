package proposal

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/web"
)

// Actor is the old name of the request's actor.
//
// Deprecated: use web.Actor; remove after the merge (MIGRATION.md).
type Actor = web.Actor

// record is the old handler-side audit call.
//
// Deprecated: the service writes its own line (Service.write); kept only
// so handlers written before that still build. Remove after the merge.
func (m *Module) record(c *fiber.Ctx, villageID, action, object, detail string) error {
	return m.svc.write(c.UserContext(), villageID, web.ActorOf(c), action, object, detail)
}
