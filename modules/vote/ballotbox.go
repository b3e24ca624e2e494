package vote

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The ballot box of a secret vote. Who took part (turnout) and what was
// voted (ballots) are stored apart; this file keeps the ballots from
// carrying any trace of when, or in which order, they were cast
// (docs/threat-model.md).
//
// When the vote opens, before anyone can vote, the box is filled with empty
// slots: one per eligible voter and a few spare, each with a random _id, in
// a random order, each beside a claim marker ("free:<slot>"). Casting claims
// a random free slot by deleting its marker (a delete by _id succeeds for
// exactly one caller on every store, so two casts never share a slot), then
// writes the ballot into the slot in place. Nothing is inserted into the box
// while the vote runs, so the order documents sit in the store (SQLite row
// ids, MongoDB natural order) is the order of the shuffle at open.
//
// An empty and a filled slot have the same fields, of the same types and
// lengths (a receipt hash of 64 characters, the choices padded to the
// vote's widest ballot), so writing a ballot changes the bytes of a slot but
// not its size: SQLite overwrites the record where it lies instead of
// moving it within its page or splitting the page, which would record the
// order in which slots were written.
//
// A large box is split into shards of at most shardSlots slots, each its own
// collection: the embedded store finds a document by _id by reading its
// whole table, so a cast costs the size of one shard, not of the box.

// slotDoc is a document of the box as stored: a slot, a claim marker (only
// an _id), or a ballot stored before the box existed (legacy, with Choices).
type slotDoc struct {
	ID      string   `bson:"_id"`
	Receipt string   `bson:"receipt_hash,omitempty"`
	Marks   string   `bson:"marks,omitempty"`
	Choices []string `bson:"choices,omitempty"`
}

const (
	freePrefix = "free:"
	// emptyReceipt stands in an empty slot for the receipt hash (64 hex
	// digits): no receipt code hashes to it.
	emptyReceipt = "0000000000000000000000000000000000000000000000000000000000000000"
)

func freeMarker(slotID string) string { return freePrefix + slotID }

// ballot is the stored document as a ballot, ok false for an empty slot or
// a marker.
func (d slotDoc) ballot() (SecretBallot, bool) {
	if d.Marks != "" {
		marks := strings.TrimRight(d.Marks, " ")
		if marks == "" || d.Receipt == emptyReceipt {
			return SecretBallot{}, false
		}
		return SecretBallot{ID: d.ID, Choices: strings.Split(marks, ","), Receipt: d.Receipt}, true
	}
	if len(d.Choices) > 0 && d.Receipt != "" {
		return SecretBallot{ID: d.ID, Choices: d.Choices, Receipt: d.Receipt}, true
	}
	return SecretBallot{}, false
}

// marksWidth is the length of the widest ballot of a vote: its MaxChoices
// longest option keys, joined by commas.
func marksWidth(v Vote) int {
	lens := make([]int, len(v.Options))
	for i, o := range v.Options {
		lens[i] = len(o.Key)
	}
	slices.Sort(lens)
	slices.Reverse(lens)
	w := 0
	for i := 0; i < v.MaxChoices && i < len(lens); i++ {
		w += lens[i]
	}
	return w + max(v.MaxChoices-1, 0)
}

// marksOf writes sorted choices at the vote's fixed width.
func marksOf(v Vote, choices []string) string {
	m := strings.Join(choices, ",")
	if pad := marksWidth(v) - len(m); pad > 0 {
		m += strings.Repeat(" ", pad)
	}
	return m
}

// spareSlots is how many slots beyond the electorate a box holds: a slot
// claimed by a cast that then failed (a crash between the claim and the
// write) stays empty, and the voter's retry takes another.
func spareSlots(eligible int) int { return eligible/20 + 2 }

// randomIndex is uniform in [0, n), from crypto/rand: which slot a ballot
// lands in must not be predictable.
func randomIndex(n int) int {
	var b [8]byte
	limit := math.MaxUint64 - math.MaxUint64%uint64(n)
	for {
		_, _ = rand.Read(b[:])
		if x := binary.LittleEndian.Uint64(b[:]); x < limit {
			return int(x % uint64(n))
		}
	}
}

func shuffle[T any](xs []T) {
	for i := len(xs) - 1; i > 0; i-- {
		j := randomIndex(i + 1)
		xs[i], xs[j] = xs[j], xs[i]
	}
}

// shardSlots bounds the slots of one shard.
const shardSlots = 100

// boxShards is how many collections hold a vote's box: one for a vote
// whose box predates the shards or the box itself.
func boxShards(v Vote) int { return max(1, (v.BallotBox+shardSlots-1)/shardSlots) }

// shardColl names shard k of a vote's box; shard 0 is the collection secret
// ballots always had.
func shardColl(voteID string, k int) string {
	if k == 0 {
		return secretBallotsColl(voteID)
	}
	return secretBallotsColl(voteID) + "_" + strconv.Itoa(k)
}

// slotRef names a slot: its shard and its _id.
type slotRef struct {
	shard int
	id    string
}

// addSlots stores n empty slots with their markers into shards first,
// first+1, …, each shard shuffled, and returns them.
func (s *Service) addSlots(ctx context.Context, v Vote, first, n int) ([]slotRef, error) {
	empty := strings.Repeat(" ", marksWidth(v))
	refs := make([]slotRef, 0, n)
	for k := first; len(refs) < n; k++ {
		size := min(shardSlots, n-len(refs))
		docs := make([]any, 0, 2*size)
		for range size {
			ref := slotRef{shard: k, id: randomID()}
			refs = append(refs, ref)
			docs = append(docs, slotDoc{ID: ref.id, Receipt: emptyReceipt, Marks: empty}, slotDoc{ID: freeMarker(ref.id)})
		}
		shuffle(docs)
		if _, err := s.db(v.VillageID).Collection(shardColl(v.ID, k)).InsertMany(ctx, docs); err != nil {
			return nil, fmt.Errorf("fill the ballot box of %s: %w", v.ID, err)
		}
	}
	return refs, nil
}

// ballotBox is what this process knows of a box: the slots it believes
// free. Another process may have claimed some; the claim finds out.
type ballotBox struct {
	mu   sync.Mutex
	free []slotRef
}

// voterLocks serialise the casts of one voter within a process.
type voterLocks [64]sync.Mutex

func (lv *liveVote) lockVoter(voter string) func() {
	h := fnv.New32a()
	h.Write([]byte(voter))
	m := &lv.voterLocks[h.Sum32()%uint32(len(lv.voterLocks))]
	m.Lock()
	return m.Unlock
}

// errBoxContended is returned when every slot tried was claimed by others.
var errBoxContended = errors.New("ballot box: no free slot could be claimed")

// claimSlot takes a random free slot of the vote for one ballot.
func (s *Service) claimSlot(ctx context.Context, lv *liveVote) (slotRef, error) {
	v := lv.vote
	for attempt := 0; attempt < 64; attempt++ {
		ref, err := s.pickFree(ctx, lv)
		if err != nil {
			return slotRef{}, err
		}
		res, err := s.db(v.VillageID).Collection(shardColl(v.ID, ref.shard)).DeleteOne(ctx, bson.M{"_id": freeMarker(ref.id)})
		if err != nil {
			// Unknown whether it was claimed: it is not offered again.
			return slotRef{}, fmt.Errorf("claim a slot in %s: %w", v.ID, err)
		}
		if res.DeletedCount == 1 {
			return ref, nil
		}
	}
	return slotRef{}, errBoxContended
}

// pickFree removes a random slot from this process's free list, reading
// the list from the store when it is empty, and adding slots when the
// store has none left either.
func (s *Service) pickFree(ctx context.Context, lv *liveVote) (slotRef, error) {
	box := &lv.box
	box.mu.Lock()
	defer box.mu.Unlock()
	if len(box.free) == 0 {
		free, err := s.readFree(ctx, lv.vote)
		if err != nil {
			return slotRef{}, err
		}
		if len(free) == 0 {
			// Only after failed casts stranded claimed slots: the new slots
			// are written after the others (docs/threat-model.md).
			if free, err = s.addSlots(ctx, lv.vote, 0, spareSlots(lv.vote.EligibleCount)); err != nil {
				return slotRef{}, err
			}
		}
		box.free = free
	}
	i := randomIndex(len(box.free))
	ref := box.free[i]
	box.free[i] = box.free[len(box.free)-1]
	box.free = box.free[:len(box.free)-1]
	return ref, nil
}

// readFree lists the slots whose marker is still stored.
func (s *Service) readFree(ctx context.Context, v Vote) ([]slotRef, error) {
	var free []slotRef
	for k := range boxShards(v) {
		docs, err := s.readShard(ctx, v, k, options.Find().SetProjection(bson.M{"_id": 1}))
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if id, ok := strings.CutPrefix(d.ID, freePrefix); ok {
				free = append(free, slotRef{shard: k, id: id})
			}
		}
	}
	return free, nil
}

func (s *Service) readShard(ctx context.Context, v Vote, k int, opts *options.FindOptions) ([]slotDoc, error) {
	cur, err := s.db(v.VillageID).Collection(shardColl(v.ID, k)).Find(ctx, bson.M{}, opts.SetBatchSize(tallyBatch))
	if err != nil {
		return nil, fmt.Errorf("read the ballot box of %s: %w", v.ID, err)
	}
	var docs []slotDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read the ballot box of %s: %w", v.ID, err)
	}
	return docs, nil
}

// putBallot claims a slot and writes the ballot into it. It runs on a
// context of its own: the voter's turnout is already stored, and a client
// going away must not strand it without its ballot.
func (s *Service) putBallot(ctx context.Context, lv *liveVote, b SecretBallot) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	v := lv.vote
	ref, err := s.claimSlot(ctx, lv)
	if err != nil {
		return err
	}
	res, err := s.db(v.VillageID).Collection(shardColl(v.ID, ref.shard)).UpdateOne(ctx, bson.M{"_id": ref.id},
		bson.M{"$set": bson.M{"receipt_hash": b.Receipt, "marks": marksOf(v, b.Choices)}})
	if err != nil {
		return fmt.Errorf("store a secret ballot in %s: %w", v.ID, err)
	}
	if res.MatchedCount != 1 {
		return fmt.Errorf("store a secret ballot in %s: slot %s is gone", v.ID, ref.id)
	}
	// The embedded store's write-ahead log now holds this voter's turnout
	// and then their ballot: empty it. Best effort, as the next ballot or
	// the close empties it too.
	_ = s.store.ForgetWrites(ctx, v.VillageID)
	return nil
}

// findSecret finds a stored ballot by its receipt hash.
func (s *Service) findSecret(ctx context.Context, v Vote, receiptHash string) (SecretBallot, bool, error) {
	for k := range boxShards(v) {
		var d slotDoc
		err := s.db(v.VillageID).Collection(shardColl(v.ID, k)).FindOne(ctx, bson.M{"receipt_hash": receiptHash}).Decode(&d)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return SecretBallot{}, false, fmt.Errorf("find a secret ballot in %s: %w", v.ID, err)
		}
		b, ok := d.ballot()
		return b, ok, nil
	}
	return SecretBallot{}, false, nil
}

// readSecret reads every ballot of the box (the empty slots and markers
// left out).
func (s *Service) readSecret(ctx context.Context, v Vote) ([]SecretBallot, error) {
	var out []SecretBallot
	for k := range boxShards(v) {
		docs, err := s.readShard(ctx, v, k, options.Find())
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if b, ok := d.ballot(); ok {
				out = append(out, b)
			}
		}
	}
	return out, nil
}

// ensureBox gives a secret vote opened before the ballot box existed a box
// for its remaining voters (its earlier ballots were written in batches and
// stay where they are). Two processes doing it at once leave spare slots,
// which are never counted.
func (s *Service) ensureBox(ctx context.Context, v *Vote) error {
	if !v.Secret || v.Status != StatusOpen || v.BallotBox > 0 {
		return nil
	}
	n := v.EligibleCount + spareSlots(v.EligibleCount)
	if _, err := s.addSlots(ctx, *v, 0, n); err != nil {
		return err
	}
	if _, err := s.db(v.VillageID).Collection(collVotes).UpdateOne(ctx, bson.M{"_id": v.ID}, bson.M{"$set": bson.M{"ballot_box": n}}); err != nil {
		return fmt.Errorf("record the ballot box of %s: %w", v.ID, err)
	}
	v.BallotBox = n
	return nil
}
