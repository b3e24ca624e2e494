package vote

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The running tally. Ballots are written in batches (the batcher for named
// ballots, the mixer for secret ones); once a batch's ballots are stored it
// is added to a small per-vote document: the counts, the households present
// and the multiset hash of the ballot lines (muhash.go). Closing a vote then
// reads one document instead of every ballot (the embedded store decodes
// each stored document, ~100 µs apiece: a 10,000-ballot tally took a second).
//
// The document is used only when it provably covers every ballot. Each
// process writing a vote first records itself as a writer of it, and takes
// that record away when it shuts down cleanly: a writer still recorded at
// the close, other than the closing process, may have stored a batch it
// never added (it crashed in between, or is still writing). A batch added
// out of turn (the hash it extends moved) and a ballot changed or restored
// outside a batch mark the document for recount. In each case the close
// counts every stored ballot instead (Tally, which VerifyClosed and the
// published ballots use too, and which a test holds equal to it).
type runningTally struct {
	ID string `bson:"_id"`
	// Set is the multiset hash of the lines counted ("" for none).
	Set string `bson:"set"`
	// Recount is set when the document stopped covering every ballot.
	Recount bool `bson:"recount"`
	// Writers are the processes that may have a batch not yet added.
	Writers map[string]bool `bson:"writers"`
	// Voters took part (named ballots, or turnout of a secret vote);
	// Ballots are stored (secret votes: a crash can part the two).
	Voters  int `bson:"voters"`
	Ballots int `bson:"ballots"`
	// Online counts choices; Households counts voters by household. Keys
	// are hex-encoded: a household number may hold a dot.
	Online     map[string]int `bson:"online"`
	Households map[string]int `bson:"households"`
}

// voteWriter is this process's standing as a writer of one vote. Batches of
// a vote are written one at a time, so set is the hash the next batch
// extends.
type voteWriter struct {
	mu      sync.Mutex
	village string
	vote    string
	leased  bool
	set     string
	behind  bool // a batch went unadded: stop adding, the close recounts
}

func tallyColl(voteID string) string { return "tally_" + voteID }

func fieldKey(s string) string { return hex.EncodeToString([]byte(s)) }

func unFieldKey(k string) string {
	b, err := hex.DecodeString(k)
	if err != nil {
		return k
	}
	return string(b)
}

// finalHash is the ballots hash: the multiset hash of the online ballots,
// then the confirmed counts of other channels.
func finalHash(set string, channelLines []string) string {
	h := sha256.New()
	h.Write([]byte("ballots:" + set + "\n"))
	for _, l := range channelLines {
		h.Write([]byte(l + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func openLine(b Ballot) string { return b.Voter + ":" + b.Receipt + ":" + strings.Join(b.Choices, ",") }

func secretLine(b SecretBallot) string { return b.Receipt + ":" + strings.Join(b.Choices, ",") }

// writerOf returns this process's writer of a vote, recorded in the store
// as a writer before its first batch.
func (s *Service) writerOf(ctx context.Context, villageID, voteID string) (*voteWriter, error) {
	key := villageID + "/" + voteID
	s.mu.Lock()
	w, ok := s.writers[key]
	if !ok {
		w = &voteWriter{village: villageID, vote: voteID}
		s.writers[key] = w
	}
	s.mu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.leased {
		return w, nil
	}
	var t runningTally
	err := s.db(villageID).Collection(tallyColl(voteID)).FindOneAndUpdate(ctx, bson.M{"_id": voteID},
		bson.M{"$set": bson.M{"writers." + s.instance: true}, "$setOnInsert": bson.M{"set": "", "recount": false}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&t)
	if err != nil {
		return nil, fmt.Errorf("record a writer of %s: %w", voteID, err)
	}
	w.leased, w.set = true, t.Set
	return w, nil
}

// applyBatch adds a stored batch to the running tally. A batch that cannot
// be added in turn leaves the document marked for recount.
func (s *Service) applyBatch(ctx context.Context, w *voteWriter, c batchCount) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.behind {
		return
	}
	inc := bson.M{"voters": c.voters, "ballots": c.ballots}
	for k, n := range c.online {
		inc["online."+fieldKey(k)] = n
	}
	for k, n := range c.households {
		inc["households."+fieldKey(k)] = n
	}
	next := muSetOf(w.set)
	for _, l := range c.lines {
		next.add(l)
	}
	coll := s.db(w.village).Collection(tallyColl(w.vote))
	res, err := coll.UpdateOne(ctx, bson.M{"_id": w.vote, "set": w.set}, bson.M{"$inc": inc, "$set": bson.M{"set": next.String()}})
	if err == nil && res.MatchedCount == 1 {
		w.set = next.String()
		return
	}
	// Another process moved the hash, or the update failed: the document no
	// longer covers every ballot (if even this write fails, this process's
	// writer record stays, which says the same).
	w.behind = true
	_ = s.markRecount(ctx, w.village, w.vote)
}

// Release takes this process's writer records away: every batch it wrote
// has been added. Called at a clean shutdown, after the last cast.
func (s *Service) Release(ctx context.Context) error {
	s.mu.Lock()
	ws := make([]*voteWriter, 0, len(s.writers))
	for _, w := range s.writers {
		ws = append(ws, w)
	}
	s.mu.Unlock()
	var errs []error
	for _, w := range ws {
		w.mu.Lock()
		if w.leased {
			_, err := s.db(w.village).Collection(tallyColl(w.vote)).UpdateOne(ctx, bson.M{"_id": w.vote}, bson.M{"$unset": bson.M{"writers." + s.instance: ""}})
			if err != nil {
				errs = append(errs, fmt.Errorf("release %s: %w", w.vote, err))
			} else {
				w.leased = false
			}
		}
		w.mu.Unlock()
	}
	return errors.Join(errs...)
}

// batchCount is what a written batch adds to the running tally.
type batchCount struct {
	lines      []string
	voters     int // took part (secret: turnout written)
	ballots    int // ballots written
	online     map[string]int
	households map[string]int
}

func (c *batchCount) addChoices(choices []string) {
	if c.online == nil {
		c.online = map[string]int{}
	}
	for _, ch := range choices {
		c.online[ch]++
	}
}

func (c *batchCount) addHousehold(h string) {
	if c.households == nil {
		c.households = map[string]int{}
	}
	c.households[h]++
}

// markRecount says the running tally no longer covers every ballot. It is
// written before the change it announces.
func (s *Service) markRecount(ctx context.Context, villageID, voteID string) error {
	_, err := s.db(villageID).Collection(tallyColl(voteID)).UpdateOne(ctx, bson.M{"_id": voteID},
		bson.M{"$set": bson.M{"recount": true}, "$setOnInsert": bson.M{"set": ""}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("mark %s for recount: %w", voteID, err)
	}
	return nil
}

func (s *Service) readRunning(ctx context.Context, villageID, voteID string) (runningTally, bool, error) {
	var t runningTally
	err := s.db(villageID).Collection(tallyColl(voteID)).FindOne(ctx, bson.M{"_id": voteID}).Decode(&t)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return runningTally{}, false, nil
	}
	if err != nil {
		return runningTally{}, false, fmt.Errorf("read the running tally of %s: %w", voteID, err)
	}
	return t, true, nil
}

// covers says whether the document counts every stored ballot, seen from
// the process self whose own batches are all added.
func (t runningTally) covers(self string) bool {
	if t.Recount {
		return false
	}
	for w := range t.Writers {
		if w != self {
			return false
		}
	}
	return true
}

// RunningResult is a vote's result from its running tally, with ok false
// when the running tally does not cover every ballot (then only Tally, the
// full recount, gives the result). The vote must be closed to casting.
func (s *Service) RunningResult(ctx context.Context, v Vote) (Result, bool, error) {
	t, found, err := s.readRunning(ctx, v.VillageID, v.ID)
	if err != nil {
		return Result{}, false, err
	}
	if !t.covers(s.instance) {
		return Result{}, false, nil
	}
	if !found {
		t.Online, t.Households = map[string]int{}, map[string]int{}
	}
	entries, err := s.channelEntries(ctx, v.VillageID, v.ID)
	if err != nil {
		return Result{}, false, err
	}
	online := map[string]int{}
	for k, n := range t.Online {
		online[unFieldKey(k)] = n
	}
	present := 0
	for _, n := range t.Households {
		if n > 0 {
			present++
		}
	}
	r, _ := assemble(v, counted{voters: t.Voters, ballots: t.Ballots, online: online, households: present, set: t.Set}, entries)
	return r, true, nil
}

// BulkTally is the running tally document of pre-made named ballots, for
// tools that write votes in bulk (the data generator).
func BulkTally(v Vote, ballots []Ballot) any {
	t := runningTally{ID: v.ID, Online: map[string]int{}, Households: map[string]int{}}
	lines := make([]string, len(ballots))
	for i, b := range ballots {
		lines[i] = openLine(b)
		for _, ch := range b.Choices {
			t.Online[fieldKey(ch)]++
		}
		t.Households[fieldKey(b.Household)]++
	}
	t.Set, t.Voters, t.Ballots = muSetOfLines(lines).String(), len(ballots), len(ballots)
	return t
}
