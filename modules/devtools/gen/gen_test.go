package gen

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/account"
	"yishi/modules/moralboard"
	"yishi/modules/org"
	"yishi/modules/store/storetest"
	"yishi/modules/vote"
)

const testPassword = "gen-test-password"

func small(seed uint64) Config {
	return Config{Villages: 2, Residents: 40, Proposals: 3, Ballots: 30, Accounts: 3, Meetings: 2,
		Cases: 10, VillagesPerStreet: 2, Seed: seed, Password: testPassword}
}

func all[T any](t *testing.T, coll *mongo.Collection, filter bson.M) []T {
	t.Helper()
	cur, err := coll.Find(context.Background(), filter)
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	if err := cur.All(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSameSeedSameTownship generates the same seed into two stores: the
// same IDs, the same moral review cases (compared decoded: a hearing's
// counts are a map, encoded in any order), with criticisms among them so the
// warning list is exercised; another seed names things otherwise.
func TestSameSeedSameTownship(t *testing.T) {
	ctx := context.Background()
	stA, stB := storetest.Open(t), storetest.Open(t)
	tw, err := Generate(ctx, stA, small(7), nil)
	if err != nil {
		t.Fatal(err)
	}
	twB, err := Generate(ctx, stB, small(7), nil)
	if err != nil {
		t.Fatal(err)
	}
	twB.Took, twB.Documents = tw.Took, tw.Documents
	if !reflect.DeepEqual(tw, twB) {
		t.Fatalf("two runs of one seed named the township differently:\n%+v\n%+v", tw.Villages[0], twB.Villages[0])
	}
	village := tw.Villages[0].ID
	ca := all[bson.M](t, moralboard.CasesIn(stA.Village(village)), bson.M{})
	cb := all[bson.M](t, moralboard.CasesIn(stB.Village(village)), bson.M{})
	if len(ca) != 10 || len(cb) != 10 {
		t.Fatalf("cases: %d and %d, want 10", len(ca), len(cb))
	}
	criticisms := 0
	for i := range ca {
		if !reflect.DeepEqual(ca[i], cb[i]) {
			t.Fatalf("case %d differs between two runs of the same seed:\n%v\n%v", i, ca[i], cb[i])
		}
		if ca[i]["verdict"] == moralboard.VerdictCriticism {
			criticisms++
		}
	}
	if criticisms == 0 {
		t.Fatal("the seed gave no criticism: the warning list is not exercised")
	}
	other, err := Generate(ctx, storetest.Open(t), small(8), nil)
	if err != nil {
		t.Fatal(err)
	}
	if other.Villages[0].ID == village || other.Villages[0].ProposalIDs[0] == tw.Villages[0].ProposalIDs[0] {
		t.Errorf("seeds 7 and 8 gave the same IDs")
	}
}

// TestTownshipHasTheAskedShape: the streets, villages, register, accounts
// and roles, the one closed vote with its ballots and result, as the flags
// ask; the register is raised to the ballots when they are more; every
// account logs in with the password given.
func TestTownshipHasTheAskedShape(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	g := Config{Villages: 3, Residents: 20, Proposals: 2, Ballots: 25, Accounts: 2, Meetings: 1, Cases: 3,
		VillagesPerStreet: 2, Seed: 3, Password: testPassword}
	tw, err := Generate(ctx, st, g, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tw.Streets) != 2 || len(tw.Villages) != 3 {
		t.Fatalf("%d streets, %d villages; want 2 (3 villages, 2 a street) and 3", len(tw.Streets), len(tw.Villages))
	}
	if tw.Villages[2].StreetID != tw.Streets[1].ID || tw.Villages[1].StreetID != tw.Streets[0].ID {
		t.Errorf("villages not two a street: %+v", tw.Villages)
	}
	for _, v := range tw.Villages {
		db := st.Village(v.ID)
		if n := len(all[org.Resident](t, org.ResidentsIn(db), bson.M{})); n != 25 {
			t.Errorf("%s: %d residents, want 25 (raised to the ballots)", v.Name, n)
		}
		if len(v.AccountIDs) != 2 || len(v.ProposalIDs) != 2 || len(v.MeetingIDs) != 1 {
			t.Errorf("%s: %d accounts, %d proposals, %d meetings; want 2, 2, 1", v.Name, len(v.AccountIDs), len(v.ProposalIDs), len(v.MeetingIDs))
		}
		votes := all[vote.Vote](t, vote.VotesIn(db), bson.M{})
		if len(votes) != 1 || votes[0].ID != v.VoteID || votes[0].Status != vote.StatusClosed || votes[0].Result == nil {
			t.Fatalf("%s: votes %+v, want the one closed vote %s with a result", v.Name, votes, v.VoteID)
		}
		ballots := all[bson.M](t, vote.BallotsIn(db, v.VoteID), bson.M{})
		if len(ballots) > 25 || votes[0].Result.Voters != len(ballots) || len(ballots) == 0 {
			t.Errorf("%s: %d ballots, the result counts %d voters", v.Name, len(ballots), votes[0].Result.Voters)
		}
	}
	accounts := all[account.Account](t, account.AccountsIn(st.Shared()), bson.M{})
	if len(accounts) != 2+3*2 {
		t.Fatalf("%d accounts, want 2 officials and 2 a village", len(accounts))
	}
	roles := map[string]int{}
	for _, a := range accounts {
		for _, r := range a.Roles {
			roles[r.Role]++
		}
		if ok, err := account.CheckPassword(a.PasswordHash, testPassword); err != nil || !ok {
			t.Errorf("account %s does not log in with the password given (%v)", a.Phone, err)
		}
	}
	if roles["street_official"] != 2 || roles["secretary"] != 3 || roles["resident"] != 6 {
		t.Errorf("roles %v: want a street official a street, a secretary and two residents a village", roles)
	}
}

// TestGenerateRefusesAnEmptyShape: a township needs villages, residents,
// accounts, streets and a password for the accounts.
func TestGenerateRefusesAnEmptyShape(t *testing.T) {
	st := storetest.Open(t)
	for name, change := range map[string]func(*Config){
		"no villages":    func(g *Config) { g.Villages = 0 },
		"no residents":   func(g *Config) { g.Residents = 0 },
		"no accounts":    func(g *Config) { g.Accounts = 0 },
		"no streets":     func(g *Config) { g.VillagesPerStreet = 0 },
		"no password":    func(g *Config) { g.Password = "" },
		"negative count": func(g *Config) { g.Villages = -1 },
	} {
		g := small(1)
		change(&g)
		if _, err := Generate(context.Background(), st, g, nil); err == nil {
			t.Errorf("%s: generated", name)
		}
	}
}

// TestGeneratorProgressShowsTheTrueTotal: every frame of the progress bar
// names the number of documents the run really writes, and the last is 100 %
// with nothing left.
func TestGeneratorProgressShowsTheTrueTotal(t *testing.T) {
	var out strings.Builder
	g := Config{Villages: 3, Residents: 60, Proposals: 4, Ballots: 40, Accounts: 3, Meetings: 2,
		Cases: 5, VillagesPerStreet: 2, Seed: 11, Password: testPassword}
	tw, err := Generate(context.Background(), storetest.Open(t), g, &out)
	if err != nil {
		t.Fatal(err)
	}
	frames := strings.Split(strings.TrimSpace(strings.ReplaceAll(out.String(), "\r", "\n")), "\n")
	if len(frames) < 2 {
		t.Fatalf("progress frames: %q", out.String())
	}
	want := fmt.Sprintf("/%d documents", tw.Documents)
	for _, f := range frames {
		if !strings.Contains(f, want) || !strings.Contains(f, "ETA ") {
			t.Errorf("frame %q: want the total %q and an ETA", f, want)
		}
	}
	last := frames[len(frames)-1]
	if !strings.Contains(last, "100%") || !strings.Contains(last, fmt.Sprintf(" %d/%d ", tw.Documents, tw.Documents)) || !strings.Contains(last, "ETA 0s") {
		t.Errorf("last frame %q: want 100%% and %d/%d, ETA 0s", last, tw.Documents, tw.Documents)
	}
}

func TestETA(t *testing.T) {
	for _, c := range []struct {
		left int
		rate float64
		want string
	}{{100, 0, "?"}, {0, 10, "0s"}, {100, 10, "10s"}, {90, 1, "1m30s"}} {
		if got := eta(c.left, c.rate); got != c.want {
			t.Errorf("eta(%d, %v) = %s, want %s", c.left, c.rate, got, c.want)
		}
	}
}
