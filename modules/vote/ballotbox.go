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

// addSlots stores n empty slots with their markers, shuffled, and returns
// their IDs.
func (s *Service) addSlots(ctx context.Context, v Vote, n int) ([]string, error) {
	empty := strings.Repeat(" ", marksWidth(v))
	ids := make([]string, n)
	docs := make([]any, 0, 2*n)
	for i := range ids {
		ids[i] = randomID()
		docs = append(docs, slotDoc{ID: ids[i], Receipt: emptyReceipt, Marks: empty}, slotDoc{ID: freeMarker(ids[i])})
	}
	shuffle(docs)
	if _, err := s.db(v.VillageID).Collection(secretBallotsColl(v.ID)).InsertMany(ctx, docs); err != nil {
		return nil, fmt.Errorf("fill the ballot box of %s: %w", v.ID, err)
	}
	return ids, nil
}

// ballotBox is what this process knows of a box: the slots it believes
// free. Another process may have claimed some; the claim finds out.
type ballotBox struct {
	mu   sync.Mutex
	free []string
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
func (s *Service) claimSlot(ctx context.Context, lv *liveVote) (string, error) {
	v := lv.vote
	coll := s.db(v.VillageID).Collection(secretBallotsColl(v.ID))
	for attempt := 0; attempt < 64; attempt++ {
		id, err := s.pickFree(ctx, lv)
		if err != nil {
			return "", err
		}
		res, err := coll.DeleteOne(ctx, bson.M{"_id": freeMarker(id)})
		if err != nil {
			// Unknown whether it was claimed: it is not offered again.
			return "", fmt.Errorf("claim a slot in %s: %w", v.ID, err)
		}
		if res.DeletedCount == 1 {
			return id, nil
		}
	}
	return "", errBoxContended
}

// pickFree removes a random slot from this process's free list, reading
// the list from the store when it is empty, and adding slots when the
// store has none left either.
func (s *Service) pickFree(ctx context.Context, lv *liveVote) (string, error) {
	box := &lv.box
	box.mu.Lock()
	defer box.mu.Unlock()
	if len(box.free) == 0 {
		free, err := s.readFree(ctx, lv.vote)
		if err != nil {
			return "", err
		}
		if len(free) == 0 {
			// Only after failed casts stranded claimed slots: the new slots
			// are written after the others (docs/threat-model.md).
			if free, err = s.addSlots(ctx, lv.vote, spareSlots(lv.vote.EligibleCount)); err != nil {
				return "", err
			}
		}
		box.free = free
	}
	i := randomIndex(len(box.free))
	id := box.free[i]
	box.free[i] = box.free[len(box.free)-1]
	box.free = box.free[:len(box.free)-1]
	return id, nil
}

// readFree lists the slots whose marker is still stored.
func (s *Service) readFree(ctx context.Context, v Vote) ([]string, error) {
	cur, err := s.db(v.VillageID).Collection(secretBallotsColl(v.ID)).Find(ctx, bson.M{},
		options.Find().SetProjection(bson.M{"_id": 1}).SetBatchSize(tallyBatch))
	if err != nil {
		return nil, fmt.Errorf("read the ballot box of %s: %w", v.ID, err)
	}
	var docs []slotDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read the ballot box of %s: %w", v.ID, err)
	}
	var free []string
	for _, d := range docs {
		if id, ok := strings.CutPrefix(d.ID, freePrefix); ok {
			free = append(free, id)
		}
	}
	return free, nil
}

// putBallot claims a slot and writes the ballot into it. It runs on a
// context of its own: the voter's turnout is already stored, and a client
// going away must not strand it without its ballot.
func (s *Service) putBallot(ctx context.Context, lv *liveVote, b SecretBallot) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	v := lv.vote
	id, err := s.claimSlot(ctx, lv)
	if err != nil {
		return err
	}
	res, err := s.db(v.VillageID).Collection(secretBallotsColl(v.ID)).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"receipt_hash": b.Receipt, "marks": marksOf(v, b.Choices)}})
	if err != nil {
		return fmt.Errorf("store a secret ballot in %s: %w", v.ID, err)
	}
	if res.MatchedCount != 1 {
		return fmt.Errorf("store a secret ballot in %s: slot %s is gone", v.ID, id)
	}
	return nil
}

// findSecret finds a stored ballot by its receipt hash.
func (s *Service) findSecret(ctx context.Context, v Vote, receiptHash string) (SecretBallot, bool, error) {
	var d slotDoc
	err := s.db(v.VillageID).Collection(secretBallotsColl(v.ID)).FindOne(ctx, bson.M{"receipt_hash": receiptHash}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return SecretBallot{}, false, nil
	}
	if err != nil {
		return SecretBallot{}, false, fmt.Errorf("find a secret ballot in %s: %w", v.ID, err)
	}
	b, ok := d.ballot()
	return b, ok, nil
}

// readSecret reads every ballot of the box (the empty slots and markers
// left out).
func (s *Service) readSecret(ctx context.Context, v Vote) ([]SecretBallot, error) {
	cur, err := s.db(v.VillageID).Collection(secretBallotsColl(v.ID)).Find(ctx, bson.M{}, options.Find().SetBatchSize(tallyBatch))
	if err != nil {
		return nil, fmt.Errorf("read secret ballots of %s: %w", v.ID, err)
	}
	var docs []slotDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read secret ballots of %s: %w", v.ID, err)
	}
	var out []SecretBallot
	for _, d := range docs {
		if b, ok := d.ballot(); ok {
			out = append(out, b)
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
	if _, err := s.addSlots(ctx, *v, n); err != nil {
		return err
	}
	if _, err := s.db(v.VillageID).Collection(collVotes).UpdateOne(ctx, bson.M{"_id": v.ID}, bson.M{"$set": bson.M{"ballot_box": n}}); err != nil {
		return fmt.Errorf("record the ballot box of %s: %w", v.ID, err)
	}
	v.BallotBox = n
	return nil
}
