package audit

import (
	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// Record appends a line from a handler, the caller taken from the request.
//
// Deprecated: a service writes its own line with Write; kept only so
// handlers written before that still build. Remove after the merge
// (MIGRATION.md).
func (l *Log) Record(c *fiber.Ctx, db *mongo.Database, action, object, detail string) error {
	return l.Write(c.UserContext(), db, web.ActorOf(c), action, object, detail)
}
