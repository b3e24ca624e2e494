package vote

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/store"
)

// The running tally. Named ballots, and the turnout of secret votes, are
// written in batches (the batcher); once a batch is stored it is added to a
// small per-vote document: the counts, how many households
// are present and the multiset hash of the ballot lines (muhash.go).
// Closing a vote then reads one document instead of every ballot (the
// embedded store decodes each stored document, ~100 µs apiece: a
// 10,000-ballot tally took a second).
//
// The document is used only when it provably covers every ballot:
//   - Open creates it, marked complete; a document made any other way (a vote
//     opened before it existed) is never trusted.
//   - Each process writing a vote first records itself as a writer of it and
//     takes the record away at a clean shutdown, once every batch it wrote
//     is added. A writer still recorded at the close, other than the closing
//     process, may have stored a batch it never added (it crashed in
//     between, or is still writing).
//   - A batch that cannot be added in turn (the hash it extends moved: a
//     second writer), a write whose outcome is unknown, and a ballot changed
//     or restored outside a batch mark the document for recount; until that
//     mark is stored, the process itself knows it is behind, and keeps its
//     writer record.
//
// Otherwise the close counts every stored ballot (Tally, which VerifyClosed
// and the published ballots use too, and which a test holds equal to it).
type runningTally struct {
	ID string `bson:"_id"`
	// Complete is set by Open: the document has seen every batch since.
	Complete bool `bson:"complete"`
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
	// Households is how many households have a voter present: each
	// household's first voter stores a marker (households_<vote>, unique by
	// household), and the markers a batch stored are added here.
	Households int `bson:"households"`
	// Online counts choices, keyed by the hex of the option key.
	Online map[string]int `bson:"online"`
}

func tallyColl(voteID string) string      { return "tally_" + voteID }
func householdsColl(voteID string) string { return "households_" + voteID }

func fieldKey(s string) string { return hex.EncodeToString([]byte(s)) }

func unFieldKey(k string) string {
	b, err := hex.DecodeString(k)
	if err != nil {
		return k
	}
	return string(b)
}

// Ballots hash schemes. A result names its scheme by a prefix, so a vote is
// always verified by the arithmetic it was closed with.
const muScheme = "mu1:"

// finalHash is the ballots hash: the multiset hash of the online ballots,
// then the confirmed counts of other channels.
func finalHash(set string, channelLines []string) string {
	h := sha256.New()
	h.Write([]byte("ballots:" + set + "\n"))
	for _, l := range channelLines {
		h.Write([]byte(l + "\n"))
	}
	return muScheme + hex.EncodeToString(h.Sum(nil))
}

// legacyHash is the scheme of votes closed before the multiset hash: SHA-256
// of the sorted ballot lines, then the channel lines.
func legacyHash(lines, channelLines []string) string {
	sorted := append([]string(nil), lines...)
	sort.Strings(sorted)
	h := sha256.New()
	for _, l := range sorted {
		h.Write([]byte(l + "\n"))
	}
	for _, l := range channelLines {
		h.Write([]byte(l + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func openLine(b Ballot) string { return b.Voter + ":" + b.Receipt + ":" + strings.Join(b.Choices, ",") }

func secretLine(b SecretBallot) string { return b.Receipt + ":" + strings.Join(b.Choices, ",") }

// newRunningTally is the document Open stores with the vote.
func newRunningTally(voteID string) runningTally {
	return runningTally{ID: voteID, Complete: true, Writers: map[string]bool{}, Online: map[string]int{}}
}

// voteWriter is this process's standing as a writer of one vote. Its lock is
// held from the start of a batch until the batch is added, so batches of a
// vote are added one at a time and Release waits for the one in flight.
type voteWriter struct {
	mu      sync.Mutex
	village string
	vote    string
	leased  bool
	set     string          // the hash the next batch extends
	seen    map[string]bool // households whose marker this process knows stored
	behind  bool            // a batch went unadded
	marked  bool            // ... and the recount mark is stored
}

// beginBatch returns this process's writer of a vote, locked, recorded in the
// store as a writer before anything of the batch is written. endBatch
// unlocks it.
func (s *Service) beginBatch(ctx context.Context, villageID, voteID string) (*voteWriter, error) {
	key := villageID + "/" + voteID
	s.mu.Lock()
	w, ok := s.writers[key]
	if !ok {
		w = &voteWriter{village: villageID, vote: voteID, seen: map[string]bool{}}
		s.writers[key] = w
	}
	s.mu.Unlock()
	w.mu.Lock()
	if w.leased {
		return w, nil
	}
	// A document this upsert has to create was not made by Open: never
	// trusted (recount).
	var t runningTally
	err := s.db(villageID).Collection(tallyColl(voteID)).FindOneAndUpdate(ctx, bson.M{"_id": voteID},
		bson.M{"$set": bson.M{"writers." + s.instance: true}, "$setOnInsert": bson.M{"set": "", "recount": true, "complete": false}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&t)
	if err != nil {
		w.mu.Unlock()
		return nil, fmt.Errorf("record a writer of %s: %w", voteID, err)
	}
	w.leased, w.set = true, t.Set
	return w, nil
}

// batchCount is what a stored batch adds to the running tally.
type batchCount struct {
	lines      []string
	voters     int // took part (secret: turnout written)
	ballots    int // ballots written
	online     map[string]int
	households []string // of the voters who took part
}

func (c *batchCount) addChoices(choices []string) {
	if c.online == nil {
		c.online = map[string]int{}
	}
	for _, ch := range choices {
		c.online[ch]++
	}
}

// endBatch adds a stored batch to the running tally and unlocks the writer.
// stored false says the batch's outcome is unknown (a failed write): the
// running tally no longer covers the ballots.
func (s *Service) endBatch(ctx context.Context, w *voteWriter, c batchCount, stored bool) {
	defer w.mu.Unlock()
	if !stored {
		s.fallBehind(ctx, w)
		return
	}
	if w.behind {
		s.fallBehind(ctx, w) // retries the mark if it was not stored
		return
	}
	if c.voters == 0 && c.ballots == 0 {
		return
	}
	newHouses, err := s.markHouseholds(ctx, w, c.households)
	if err != nil {
		s.fallBehind(ctx, w)
		return
	}
	next, err := muSetOf(w.set)
	if err != nil {
		s.fallBehind(ctx, w)
		return
	}
	for _, l := range c.lines {
		next.add(l)
	}
	inc := bson.M{"voters": c.voters, "ballots": c.ballots, "households": newHouses}
	for k, n := range c.online {
		inc["online."+fieldKey(k)] = n
	}
	res, err := s.db(w.village).Collection(tallyColl(w.vote)).UpdateOne(ctx, bson.M{"_id": w.vote, "set": w.set},
		bson.M{"$inc": inc, "$set": bson.M{"set": next.String()}})
	if err != nil || res.MatchedCount != 1 {
		// Another process moved the hash, or the update failed.
		s.fallBehind(ctx, w)
		return
	}
	w.set = next.String()
}

// markHouseholds stores a marker for each household not yet known present
// and returns how many were new to the store.
func (s *Service) markHouseholds(ctx context.Context, w *voteWriter, households []string) (int, error) {
	var docs []any
	fresh := map[string]bool{}
	for _, h := range households {
		if !w.seen[h] && !fresh[h] {
			fresh[h] = true
			docs = append(docs, bson.M{"_id": h})
		}
	}
	if len(docs) == 0 {
		return 0, nil
	}
	_, err := s.db(w.village).Collection(householdsColl(w.vote)).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	dups, ok := store.Duplicates(err)
	if !ok {
		return 0, fmt.Errorf("mark households of %s: %w", w.vote, err)
	}
	for h := range fresh {
		w.seen[h] = true
	}
	return len(docs) - dups, nil
}

// fallBehind records that the running tally misses a batch of this process:
// in memory at once, and in the store as a recount mark when it can be
// written. The caller holds w.mu.
func (s *Service) fallBehind(ctx context.Context, w *voteWriter) {
	w.behind = true
	if !w.marked && s.markRecount(ctx, w.village, w.vote) == nil {
		w.marked = true
	}
}

// markRecount says the running tally no longer covers every ballot. It is
// written before the change it announces.
func (s *Service) markRecount(ctx context.Context, villageID, voteID string) error {
	_, err := s.db(villageID).Collection(tallyColl(voteID)).UpdateOne(ctx, bson.M{"_id": voteID},
		bson.M{"$set": bson.M{"recount": true}, "$setOnInsert": bson.M{"set": "", "complete": false}}, options.Update().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("mark %s for recount: %w", voteID, err)
	}
	return nil
}

// Release takes this process's writer records away, waiting for a batch in
// flight: every batch it wrote is then added, or the document is marked for
// recount. A writer that is behind and could not store the mark keeps its
// record, which says the same. Called at a clean shutdown.
func (s *Service) Release(ctx context.Context) error {
	s.mu.Lock()
	ws := make([]*voteWriter, 0, len(s.writers))
	for _, w := range s.writers {
		ws = append(ws, w)
	}
	s.mu.Unlock()
	var errs []error
	for _, w := range ws {
		if err := s.release(ctx, w); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// releaseClosed forgets this process's writer of a vote that has closed: no
// batch of it can come any more.
func (s *Service) releaseClosed(ctx context.Context, villageID, voteID string) {
	key := villageID + "/" + voteID
	s.mu.Lock()
	w := s.writers[key]
	s.mu.Unlock()
	if w == nil || s.release(ctx, w) != nil {
		return
	}
	s.mu.Lock()
	if s.writers[key] == w {
		delete(s.writers, key)
	}
	s.mu.Unlock()
}

func (s *Service) release(ctx context.Context, w *voteWriter) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.behind && !w.marked {
		s.fallBehind(ctx, w)
	}
	if !w.leased || (w.behind && !w.marked) {
		return nil
	}
	_, err := s.db(w.village).Collection(tallyColl(w.vote)).UpdateOne(ctx, bson.M{"_id": w.vote}, bson.M{"$unset": bson.M{"writers." + s.instance: ""}})
	if err != nil {
		return fmt.Errorf("release %s: %w", w.vote, err)
	}
	w.leased = false
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

// covers says whether the stored document of vote counts every stored
// ballot, seen from this process.
func (s *Service) covers(villageID, voteID string, t runningTally, found bool) bool {
	if !found || !t.Complete || t.Recount {
		return false
	}
	for w := range t.Writers {
		if w != s.instance {
			return false
		}
	}
	s.mu.Lock()
	w := s.writers[villageID+"/"+voteID]
	s.mu.Unlock()
	if w != nil {
		w.mu.Lock()
		behind := w.behind
		w.mu.Unlock()
		if behind {
			return false
		}
	}
	return true
}

// RunningResult is a vote's result from its running tally, with ok false
// when the running tally does not cover every ballot (then only Tally, the
// full recount, gives the result). The vote must be closed to casting.
//
// A secret vote's running tally counts turnout only, never choices nor the
// hash of the ballots: read one cast after another, a running count (or a
// multiset hash, which can be divided by each published ballot in turn)
// says what each voter chose. Its result always comes from the ballot box.
func (s *Service) RunningResult(ctx context.Context, v Vote) (Result, bool, error) {
	if v.Secret {
		return Result{}, false, nil
	}
	t, found, err := s.readRunning(ctx, v.VillageID, v.ID)
	if err != nil {
		return Result{}, false, err
	}
	if !s.covers(v.VillageID, v.ID, t, found) {
		return Result{}, false, nil
	}
	entries, err := s.channelEntries(ctx, v.VillageID, v.ID)
	if err != nil {
		return Result{}, false, err
	}
	online := map[string]int{}
	for k, n := range t.Online {
		online[unFieldKey(k)] = n
	}
	r, _ := assemble(v, counted{voters: t.Voters, ballots: t.Ballots, online: online, households: t.Households, set: t.Set}, entries)
	return r, true, nil
}

// BulkTally is the running tally document and the household markers of
// pre-made named ballots, for tools that write votes in bulk (the data
// generator).
func BulkTally(v Vote, ballots []Ballot) (tally any, households []any) {
	t := newRunningTally(v.ID)
	lines := make([]string, len(ballots))
	seen := map[string]bool{}
	for i, b := range ballots {
		lines[i] = openLine(b)
		for _, ch := range b.Choices {
			t.Online[fieldKey(ch)]++
		}
		if !seen[b.Household] {
			seen[b.Household] = true
			households = append(households, bson.M{"_id": b.Household})
		}
	}
	t.Set, t.Voters, t.Ballots, t.Households = muSetOfLines(lines).String(), len(ballots), len(ballots), len(seen)
	return t, households
}
