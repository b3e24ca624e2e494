package audit

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// Write appends the line of a write the actor just made to the chain in db:
// the one way services audit what they change, whoever called them (a
// handler, the demo seeder, the generator, a job). Who and under which role
// come from the actor; the org is the path its grant was for.
func (l *Log) Write(ctx context.Context, db *mongo.Database, who web.Actor, action, object, detail string) error {
	_, err := l.Append(ctx, db, Entry{Actor: who.AccountID, Role: who.Role, Org: who.Path, Action: action, Object: object, Detail: detail})
	return err
}
