package audit

import (
	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// Record appends the entry of the write a request just made to the chain in
// db: who and under which role come from the grant the guard recorded.
func (l *Log) Record(c *fiber.Ctx, db *mongo.Database, action, object, detail string) error {
	g := web.GrantOf(c)
	_, err := l.Append(c.UserContext(), db, Entry{Actor: g.Actor, Role: g.Role, Org: g.Path, Action: action, Object: object, Detail: detail})
	return err
}
