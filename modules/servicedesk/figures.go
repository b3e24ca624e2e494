package servicedesk

import "go.mongodb.org/mongo-driver/mongo"

// RequestsIn is where a village's service and certificate requests live, in
// the village's database, for readers that count them (the dashboards); they
// read it and never write. The name stays here, with the code that writes.
func RequestsIn(village *mongo.Database) *mongo.Collection { return village.Collection(collRequests) }

// Waiting says whether a request in this status still waits for an answer
// from the village desk or the street: filed, or forwarded to the street.
func Waiting(status string) bool { return status == StatusFiled || status == StatusForwarded }
