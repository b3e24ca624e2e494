package moralboard

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// MaxWarningMonths is the longest a criticism may stay on the warning list:
// the upper bound of Settings.WarningMonths, which a village may only shorten.
const MaxWarningMonths = 6

// Overstay is a warning-list entry shown past the expiry the rules allow,
// without its subject: the case, its category and its dates only.
type Overstay struct {
	CaseID      string
	Category    string
	FinalAt     time.Time
	ListedUntil time.Time
	// Expiry is FinalAt plus MaxWarningMonths: the entry should be off the
	// list by then whatever the village's settings were.
	Expiry time.Time
}

// ListedPastExpiry reads a village's database (read only) for the entries
// the public warning list shows at now although their expiry has passed.
// WarningList shows every final criticism whose listed_until is after now,
// and expired entries leave it by that date alone: no one takes them down.
// So an entry outlives its term only when its stored listed_until is later
// than the rules allow (more than MaxWarningMonths after the verdict became
// final), which only a record written outside the rules can do: a settings
// or case document edited in the store, or an import. It stays shown until
// the case is corrected.
func ListedPastExpiry(ctx context.Context, db *mongo.Database, now time.Time) ([]Overstay, error) {
	cur, err := db.Collection(collCases).Find(ctx,
		bson.M{"status": StatusFinal, "verdict": VerdictCriticism, "listed_until": bson.M{"$gt": now}},
		options.Find().SetProjection(bson.M{"category": 1, "final_at": 1, "listed_until": 1}))
	if err != nil {
		return nil, fmt.Errorf("read warning list: %w", err)
	}
	var cases []Case
	if err := cur.All(ctx, &cases); err != nil {
		return nil, fmt.Errorf("read warning list: %w", err)
	}
	out := []Overstay{}
	for _, c := range cases {
		if c.FinalAt == nil || c.ListedUntil == nil {
			continue
		}
		expiry := c.FinalAt.AddDate(0, MaxWarningMonths, 0)
		if !now.Before(expiry) {
			out = append(out, Overstay{CaseID: c.ID, Category: c.Category, FinalAt: *c.FinalAt, ListedUntil: *c.ListedUntil, Expiry: expiry})
		}
	}
	return out, nil
}
