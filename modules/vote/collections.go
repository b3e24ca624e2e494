package vote

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// VotesIn is a village's votes.
func VotesIn(village *mongo.Database) *mongo.Collection { return village.Collection(collVotes) }

// ElectoratesIn is the frozen electorates of a village's votes.
func ElectoratesIn(village *mongo.Database) *mongo.Collection {
	return village.Collection(collElectorates)
}

// BallotsIn is the named ballots of one vote.
func BallotsIn(village *mongo.Database, voteID string) *mongo.Collection {
	return village.Collection(ballotsColl(voteID))
}

// TallyIn is the running tally of one vote.
func TallyIn(village *mongo.Database, voteID string) *mongo.Collection {
	return village.Collection(tallyColl(voteID))
}

// HouseholdMarkersIn is the markers of the households present in one vote.
func HouseholdMarkersIn(village *mongo.Database, voteID string) *mongo.Collection {
	return village.Collection(householdsColl(voteID))
}
