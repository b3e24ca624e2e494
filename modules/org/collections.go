package org

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// OrgsIn is the org tree, in the shared database.
func OrgsIn(shared *mongo.Database) *mongo.Collection { return shared.Collection(collOrgs) }

// BodiesIn is a village's councils, boards, halls and associations.
func BodiesIn(village *mongo.Database) *mongo.Collection { return village.Collection(collBodies) }

// ResidentsIn is a village's resident register.
func ResidentsIn(village *mongo.Database) *mongo.Collection { return village.Collection(collResidents) }

// HouseholdsIn is a village's households.
func HouseholdsIn(village *mongo.Database) *mongo.Collection {
	return village.Collection(collHouseholds)
}
