package proposal

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// ProposalsIn is a village's proposals and hall topics.
func ProposalsIn(village *mongo.Database) *mongo.Collection { return village.Collection(collProposals) }

// CommentsIn is the comments on a village's proposals.
func CommentsIn(village *mongo.Database) *mongo.Collection { return village.Collection(collComments) }
