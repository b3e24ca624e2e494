package org

import (
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// Collections of this module.
const (
	collOrgs       = "orgs"       // shared
	collBodies     = "bodies"     // per village
	collResidents  = "residents"  // per village
	collHouseholds = "households" // per village
)

var orgIndexes = []mongo.IndexModel{
	{Keys: bson.D{{Key: "path", Value: 1}}, Options: options.Index().SetUnique(true)},
	{Keys: bson.D{{Key: "parent_id", Value: 1}}},
}

var residentIndexes = []mongo.IndexModel{
	{Keys: bson.D{{Key: "household_no", Value: 1}}},
	{Keys: bson.D{{Key: "phone", Value: 1}}},
}
