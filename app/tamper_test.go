package main

import (
	"context"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/vote"
)

// tamperSubjects stands in for the module that owns a vote's subject.
type tamperSubjects struct{}

func (tamperSubjects) Subject(context.Context, string, string) (vote.Subject, error) {
	return vote.Subject{Title: "修缮祠堂", Category: "other"}, nil
}

// closedVote opens a vote in 东田社区, has both demo residents cast, and
// closes it.
func closedVote(t *testing.T, ta *testApp, secret bool) (village string, v vote.Vote) {
	t.Helper()
	village = ta.orgID(t, "/gz/hd/hs/dt")
	secretary, resident := ta.login(t, "13800000002"), ta.login(t, demoResidentPhone)
	secretary.mustJSON("POST", "/api/v1/orgs/"+village+"/votes", map[string]any{"subject_kind": "case", "subject_id": "c1",
		"meeting_kind": "residents_meeting", "secret": secret}, 201, &v)
	secretary.mustJSON("POST", "/api/v1/orgs/"+village+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
	resident.mustJSON("POST", "/api/v1/orgs/"+village+"/votes/"+v.ID+"/ballots", map[string]any{"choices": []string{"no"}}, 201, nil)
	secretary.mustJSON("POST", "/api/v1/orgs/"+village+"/votes/"+v.ID+"/close", nil, 200, &v)
	return village, v
}

// TestChangedBallotIsNamed changes one ballot of a closed open vote and
// deletes one of a closed secret vote directly in the store: the audit
// chain itself still verifies (no entry was touched), but the ballots check
// names both votes; rewriting the stored result to match the changed
// ballots does not hide it, because the chain holds the hash of the close.
func TestChangedBallotIsNamed(t *testing.T) {
	ta := startTestApp(t)
	ta.votes.RegisterSubjects("case", tamperSubjects{})
	village, open := closedVote(t, ta, false)
	_, secret := closedVote(t, ta, true)
	auditor := ta.login(t, "13800000002")
	check := func() vote.BallotsReport {
		var r vote.BallotsReport
		auditor.mustJSON("GET", "/api/v1/orgs/"+village+"/audit/ballots", nil, 200, &r)
		return r
	}
	if r := check(); !r.OK || r.Closed != 2 || len(r.Broken) != 0 {
		t.Fatalf("untouched votes do not verify: %+v", r)
	}

	ctx := context.Background()
	db := ta.store.Village(village)
	res, err := db.Collection("ballots_"+open.ID).UpdateOne(ctx, bson.M{"voter": "R003"}, bson.M{"$set": bson.M{"choices": []string{"yes"}}})
	if err != nil || res.ModifiedCount != 1 {
		t.Fatalf("change a ballot: %v %+v", err, res)
	}
	// A filled slot of the ballot box (empty slots carry a receipt hash of
	// zeros, claim markers none).
	ballot := bson.M{"marks": bson.M{"$exists": true}, "receipt_hash": bson.M{"$ne": strings.Repeat("0", 64)}}
	if res, err := db.Collection("secret_ballots_"+secret.ID).DeleteOne(ctx, ballot); err != nil || res.DeletedCount != 1 {
		t.Fatalf("delete a secret ballot: %v %+v", err, res)
	}
	r := check()
	if r.OK || len(r.Broken) != 2 {
		t.Fatalf("two tampered votes, report %+v", r)
	}
	for _, c := range r.Votes {
		if c.OK || c.Reason != "the ballots in the store are not the ballots counted at the close" || c.AuditSeq == 0 {
			t.Fatalf("vote %s: %+v", c.VoteID, c)
		}
	}
	var chain struct{ OK bool }
	auditor.mustJSON("GET", "/api/v1/orgs/"+village+"/audit/verify", nil, 200, &chain)
	if !chain.OK {
		t.Fatal("the chain should verify: no entry of it was changed")
	}

	// Rewrite the open vote's stored result to the new ballots: the chain
	// still holds the hash of the close.
	for _, c := range r.Votes {
		if c.VoteID == open.ID {
			if _, err := db.Collection("votes").UpdateOne(ctx, bson.M{"_id": open.ID}, bson.M{"$set": bson.M{"result.ballots_hash": c.Recomputed}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range check().Votes {
		if c.VoteID == open.ID && (c.OK || c.Stored != c.Recomputed) {
			t.Fatalf("a result rewritten to match the changed ballots passed: %+v", c)
		}
	}
}
