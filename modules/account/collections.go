package account

import "go.mongodb.org/mongo-driver/mongo"

// The collections other code reads or fills in bulk — the dashboard, the
// backup, the generator — are handed out here, so the names stay with the
// module that writes them and no other module spells them.

// AccountsIn is the accounts, in the shared database.
func AccountsIn(shared *mongo.Database) *mongo.Collection { return shared.Collection(collAccounts) }
