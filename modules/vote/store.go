package vote

import (
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

// Collections in each village's database. Ballots of a vote have a
// collection of their own, so casting and tallying one vote never reads
// another's ballots (the embedded store scans whole collections).
const (
	collVotes       = "votes"
	collElectorates = "electorates"
	collProxies     = "proxies"
	collChannels    = "vote_channels"
)

func ballotsColl(voteID string) string       { return "ballots_" + voteID }
func secretBallotsColl(voteID string) string { return "secret_ballots_" + voteID }
func turnoutColl(voteID string) string       { return "turnout_" + voteID }

var villageIndexes = map[string][]mongo.IndexModel{
	collVotes:    {{Keys: bson.D{{Key: "subject_id", Value: 1}}}, {Keys: bson.D{{Key: "status", Value: 1}}}, {Keys: bson.D{{Key: "meeting_id", Value: 1}}}},
	collProxies:  {{Keys: bson.D{{Key: "vote_id", Value: 1}, {Key: "holder", Value: 1}}}},
	collChannels: {{Keys: bson.D{{Key: "vote_id", Value: 1}}}},
}
