package audit

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// Write appends the line of a write the actor just made to the chain in db:
// the one way services audit what they change, whoever called them (a
// handler, the demo seeder, a job). Who and under which role come from the
// actor; the org is the path its grant was for.
//
// A service calls it after its write succeeded: the record and its line are
// not one document and the store has no transactions, so the other order
// could leave a line claiming a change that never happened; this one can at
// worst leave a change whose line failed, and the caller gets that error.
func (l *Log) Write(ctx context.Context, db *mongo.Database, who web.Actor, action, object, detail string) error {
	_, err := l.Append(ctx, db, Entry{Actor: who.AccountID, Role: who.Role, Org: who.Path, Action: action, Object: object, Detail: detail})
	return err
}
