package review

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// FilingsIn is the decisions a village filed with its street for review.
func FilingsIn(village *mongo.Database) *mongo.Collection { return village.Collection(collFilings) }

// ComplaintsIn is the residents' complaints to the street about a village's
// disclosures (Art. 31).
func ComplaintsIn(village *mongo.Database) *mongo.Collection {
	return village.Collection(collComplaints)
}
