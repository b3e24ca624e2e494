package org

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// The register's digest lets an import compare a part of a file with the
// register without reading the register. On the embedded store every query
// but one by _id reads and decodes the whole collection, so an import of a
// 50,000-row file in 20 parts read the whole register twice a part: 50 s,
// 52 GB allocated (BenchmarkImport50000). The digest keeps, for every
// resident, a hash of the fields an import compares and what the
// households are derived from (household, group, head); no name, phone or
// birth date. It lives in a few chunk documents of one string each, so
// reading it costs the store a few documents, not one per resident. Each
// import appends one chunk (an insert: the store's updates and deletes
// scan the collection), later chunks overriding earlier ones; past
// maxChunks they are written again as one.
//
// A state document (in a collection of its own, so marking it scans one
// document) says whether the digest matches the register: an import marks
// it dirty before it writes residents and clean after it has written the
// digest, so a crash half way, or a writer that does not keep the digest
// (SeedResidents, a generator), leaves it dirty or absent, and the next
// import derives it again from the register (one whole read).
const (
	collDigests     = "register_digests"      // per village
	collDigestState = "register_digest_state" // per village
	digestState     = "state"
	maxChunks       = 32
	chunkEntries    = 5000
)

// digestEntry is what the digest keeps of one resident.
type digestEntry struct {
	Sum       string // hash of the compared fields
	Household string
	Group     string
	Head      bool
	// Collective is the register's collective_member (collective.go): a
	// file without that column keeps it.
	Collective string
}

func entryOf(r Resident) digestEntry {
	h := sha256.New()
	for _, f := range []string{r.No, r.HouseholdNo, r.Name, r.Gender, r.BirthDate, r.Phone, r.Group, fmt.Sprint(r.HouseholdHead), r.CollectiveMember} {
		h.Write([]byte(f))
		h.Write([]byte{0})
	}
	return digestEntry{Sum: base64.RawStdEncoding.EncodeToString(h.Sum(nil)[:12]), Household: r.HouseholdNo, Group: r.Group, Head: r.HouseholdHead, Collective: r.CollectiveMember}
}

type digestDoc struct {
	ID      string `bson:"_id"`
	Entries string `bson:"entries,omitempty"`
	Clean   bool   `bson:"clean,omitempty"`
}

// registerDigest is a village's digest in memory.
type registerDigest struct {
	entries map[string]digestEntry
	// rebuilt says the digest was derived from the register (it was dirty
	// or absent), so it is written whole and the households are read.
	rebuilt bool
	// fresh are the numbers this import wrote: the next chunk.
	fresh  []string
	chunks []string // ids of the stored chunks, in order
}

// importLocks serialise imports into one village within this process: two
// parts at once would each write the digest from its own copy.
var importLocks sync.Map // village id -> *sync.Mutex

func lockImport(villageID string) func() {
	m, _ := importLocks.LoadOrStore(villageID, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// loadDigest reads a village's digest, or derives it from the register when
// it is dirty or absent.
func (s *Service) loadDigest(ctx context.Context, villageID string) (*registerDigest, error) {
	db := s.store.Village(villageID)
	var state digestDoc
	err := db.Collection(collDigestState).FindOne(ctx, bson.M{"_id": digestState}).Decode(&state)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return nil, fmt.Errorf("read the register's digest: %w", err)
	}
	var docs []digestDoc
	if state.Clean {
		cur, err := db.Collection(collDigests).Find(ctx, bson.M{})
		if err == nil {
			err = cur.All(ctx, &docs)
		}
		if err != nil {
			return nil, fmt.Errorf("read the register's digest: %w", err)
		}
	}
	slices.SortFunc(docs, func(a, b digestDoc) int { return strings.Compare(a.ID, b.ID) })
	d := &registerDigest{entries: map[string]digestEntry{}}
	for _, doc := range docs {
		var rows [][6]string
		if err := json.Unmarshal([]byte(doc.Entries), &rows); err != nil {
			state.Clean = false
			break
		}
		for _, r := range rows {
			d.entries[r[0]] = digestEntry{Sum: r[1], Household: r[2], Group: r[3], Head: r[4] == "1", Collective: r[5]}
		}
		d.chunks = append(d.chunks, doc.ID)
	}
	if state.Clean {
		return d, nil
	}
	all, err := s.allResidents(ctx, villageID)
	if err != nil {
		return nil, fmt.Errorf("read existing residents: %w", err)
	}
	d.entries = make(map[string]digestEntry, len(all))
	for _, r := range all {
		d.entries[r.No] = entryOf(r)
	}
	d.rebuilt = true
	return d, nil
}

func (d *registerDigest) set(r Resident) {
	d.entries[r.No] = entryOf(r)
	d.fresh = append(d.fresh, r.No)
}

// households derives the named households from the digest, as
// rebuildHouseholds derives them from the register: members counted, the
// group of the lowest number, the head of the highest number marked head.
func (d *registerDigest) households(want map[string]bool) map[string]Household {
	var nos []string
	for no, e := range d.entries {
		if want[e.Household] {
			nos = append(nos, no)
		}
	}
	slices.SortFunc(nos, strings.Compare)
	out := map[string]Household{}
	for _, no := range nos {
		e := d.entries[no]
		h, ok := out[e.Household]
		if !ok {
			h = Household{No: e.Household, Group: e.Group}
		}
		h.Members++
		if e.Head {
			h.Head = no
		}
		out[e.Household] = h
	}
	return out
}

// householdCount is how many households the register has.
func (d *registerDigest) householdCount() int {
	seen := map[string]bool{}
	for _, e := range d.entries {
		seen[e.Household] = true
	}
	return len(seen)
}

// markDigest says whether the digest matches the register: dirty while an
// import writes, so a reader derives it again until it is marked clean.
func (s *Service) markDigest(ctx context.Context, villageID string, clean bool) error {
	_, err := s.store.Village(villageID).Collection(collDigestState).ReplaceOne(ctx, bson.M{"_id": digestState},
		digestDoc{ID: digestState, Clean: clean}, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("mark the register's digest: %w", err)
	}
	return nil
}

func chunkOf(d *registerDigest, nos []string) (string, error) {
	rows := make([][6]string, 0, len(nos))
	for _, no := range nos {
		e := d.entries[no]
		head := "0"
		if e.Head {
			head = "1"
		}
		rows = append(rows, [6]string{no, e.Sum, e.Household, e.Group, head, e.Collective})
	}
	text, err := json.Marshal(rows)
	return string(text), err
}

// saveDigest appends this import's chunk, or writes the digest again whole
// when it was derived or has too many chunks, then marks it clean. The
// caller has marked it dirty when the register was written.
func (s *Service) saveDigest(ctx context.Context, villageID string, d *registerDigest) error {
	coll := s.store.Village(villageID).Collection(collDigests)
	var docs []any
	if d.rebuilt || len(d.chunks) >= maxChunks {
		if err := s.markDigest(ctx, villageID, false); err != nil {
			return err
		}
		if _, err := coll.DeleteMany(ctx, bson.M{}); err != nil {
			return fmt.Errorf("write the register's digest: %w", err)
		}
		nos := slices.Sorted(maps.Keys(d.entries))
		for i := 0; i < len(nos); i += chunkEntries {
			text, err := chunkOf(d, nos[i:min(i+chunkEntries, len(nos))])
			if err != nil {
				return err
			}
			docs = append(docs, digestDoc{ID: fmt.Sprintf("c%06d", len(docs)), Entries: text})
		}
	} else if len(d.fresh) > 0 {
		next := 0
		if n := len(d.chunks); n > 0 {
			fmt.Sscanf(d.chunks[n-1], "c%06d", &next)
			next++
		}
		text, err := chunkOf(d, d.fresh)
		if err != nil {
			return err
		}
		docs = append(docs, digestDoc{ID: fmt.Sprintf("c%06d", next), Entries: text})
	}
	if len(docs) > 0 {
		if _, err := coll.InsertMany(ctx, docs); err != nil {
			return fmt.Errorf("write the register's digest: %w", err)
		}
	}
	return s.markDigest(ctx, villageID, true)
}

// forgetDigest makes the next import derive the digest from the register:
// for writers of residents that do not keep it.
func (s *Service) forgetDigest(ctx context.Context, villageID string) error {
	return s.markDigest(ctx, villageID, false)
}
