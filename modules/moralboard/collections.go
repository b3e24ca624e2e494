package moralboard

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// CasesIn is a village's moral review cases.
func CasesIn(village *mongo.Database) *mongo.Collection { return village.Collection(collCases) }
