package org

import (
	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// record is the old handler-side audit call.
//
// Deprecated: the service writes its own line with audit.Log.Write; kept
// only so handlers written before that still build. Remove after the merge
// (MIGRATION.md).
func (m *Module) record(c *fiber.Ctx, db *mongo.Database, action, object, detail string) error {
	return m.svc.audit.Write(c.UserContext(), db, web.ActorOf(c), action, object, detail)
}
