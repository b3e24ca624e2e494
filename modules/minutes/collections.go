package minutes

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// MeetingsIn is a village's meetings.
func MeetingsIn(village *mongo.Database) *mongo.Collection { return village.Collection(collMeetings) }

// NoticesIn is a village's public notices.
func NoticesIn(village *mongo.Database) *mongo.Collection { return village.Collection(collNotices) }

// MinutesIn is the versions of a village's meeting minutes.
func MinutesIn(village *mongo.Database) *mongo.Collection { return village.Collection(collMinutes) }

// ObjectionsIn is the residents' objections to a village's notices.
func ObjectionsIn(village *mongo.Database) *mongo.Collection {
	return village.Collection(collObjections)
}
