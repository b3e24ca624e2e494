package org

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// RegisterHeader is the header a register CSV must start with, in this order.
var RegisterHeader = []string{"resident_no", "household_no", "name", "gender", "birth_date", "phone", "group", "household_head"}

// MaxImportRows bounds one file, so a mistaken upload cannot swamp a village.
const MaxImportRows = 20000

// ImportReport says what an import did.
type ImportReport struct {
	Rows    int `json:"rows"`
	Created int `json:"created"`
	Updated int `json:"updated"`
	// Unchanged counts known residents the file holds as they are: a file
	// imported twice changes nothing the second time.
	Unchanged  int `json:"unchanged"`
	Households int `json:"households"`
}

// ParseRegister reads and checks a whole register file. Any bad row makes the
// whole file fail, with every bad row named by its line number.
func ParseRegister(r io.Reader, today time.Time) ([]Resident, error) {
	chk, err := CheckRegister(r, today, 0, MaxImportRows)
	if err != nil {
		return nil, err
	}
	if len(chk.Bad) > 0 {
		bad := map[string]web.FieldError{}
		for _, b := range chk.Bad {
			if len(bad) >= 100 {
				break
			}
			bad[fmt.Sprintf("line %d: %s", b.Line, b.Field)] = web.FieldError{Message: b.Message, MessageEn: b.MessageEn}
		}
		return nil, registerError(bad)
	}
	if len(chk.Good) == 0 {
		return nil, registerError(map[string]web.FieldError{"line 2": {Message: "文件里没有村民", MessageEn: "the file holds no residents"}})
	}
	return chk.Good, nil
}

func registerError(fields map[string]web.FieldError) error {
	e := *web.New(422, "bad_register", "名册文件有错误，整份文件都没有导入", "The register file has errors; nothing of it was imported")
	e.Fields = fields
	return &e
}

func validNo(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// ImportResidents writes a checked register into a village: new residents are
// added, known resident numbers are updated. Without transactions, a failure
// half way is undone by hand: new rows are deleted and the previous versions
// of updated rows are put back, so the file lands whole or not at all.
//
// The rows are compared with the register's digest (register_digest.go),
// not with the register: a part's cost does not grow with the village.
func (s *Service) ImportResidents(ctx context.Context, who web.Actor, villageID string, rows []Resident) (ImportReport, error) {
	r, err := s.importResidents(ctx, villageID, rows)
	if err != nil {
		return ImportReport{}, err
	}
	return r, s.audit.Write(ctx, s.store.Village(villageID), who, "register.import", villageID, "")
}

func (s *Service) importResidents(ctx context.Context, villageID string, rows []Resident) (ImportReport, error) {
	if _, err := s.Village(ctx, villageID); err != nil {
		return ImportReport{}, err
	}
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return ImportReport{}, err
	}
	defer lockImport(villageID)()
	dig, err := s.loadDigest(ctx, villageID)
	if err != nil {
		return ImportReport{}, err
	}
	coll := s.store.Village(villageID).Collection(collResidents)

	rep := ImportReport{Rows: len(rows)}
	batch := primitive.NewObjectID().Hex()
	now := time.Now().UTC().Truncate(time.Millisecond)
	var added []any
	var changed []Resident
	var written []string
	existed := map[string]bool{}
	touched := map[string]bool{}
	for i := range rows {
		prev, ok := dig.entries[rows[i].No]
		if ok && rows[i].CollectiveMember == CollectiveDefault {
			// A file without the collective column keeps what the register
			// (or the operator) recorded (collective.go).
			rows[i].CollectiveMember = prev.Collective
		}
		if ok && prev.Sum == entryOf(rows[i]).Sum {
			rep.Unchanged++
			continue
		}
		rows[i].Batch, rows[i].UpdatedAt = batch, now
		if ok {
			rep.Updated++
			existed[rows[i].No] = true
			changed = append(changed, rows[i])
			touched[prev.Household] = true // the household it leaves
		} else {
			rep.Created++
			added = append(added, rows[i])
		}
		written = append(written, rows[i].No)
		touched[rows[i].HouseholdNo] = true
	}
	if len(written) == 0 {
		rep.Households = dig.householdCount()
		if dig.rebuilt {
			// Derived from the register: keep it for the next part.
			if err := s.saveDigest(ctx, villageID, dig); err != nil {
				return ImportReport{}, err
			}
		}
		return rep, nil
	}
	// The previous versions of the rows to be updated, for the undo: one
	// read by number each, the only read the store answers without a scan.
	before := make([]Resident, 0, len(changed))
	for _, r := range changed {
		var prev Resident
		if err := coll.FindOne(ctx, bson.M{"_id": r.No}).Decode(&prev); err != nil {
			return ImportReport{}, fmt.Errorf("read resident %s: %w", r.No, err)
		}
		before = append(before, prev)
	}
	if err := s.markDigest(ctx, villageID, false); err != nil {
		return ImportReport{}, err
	}
	if err := writeRows(ctx, coll, added, changed, func(r Resident) string { return r.No }); err != nil {
		s.undoImport(villageID, batch, written, existed, before)
		return ImportReport{}, fmt.Errorf("import residents: %w", err)
	}
	had := dig.households(touched)
	for i := range rows {
		if rows[i].Batch == batch {
			dig.set(rows[i])
		}
	}
	households, err := s.writeHouseholds(ctx, villageID, dig, had, touched)
	if err == nil {
		err = s.saveDigest(ctx, villageID, dig)
	}
	if err != nil {
		s.undoImport(villageID, batch, written, existed, before)
		return ImportReport{}, err
	}
	rep.Households = households
	return rep, nil
}

// writeHouseholds writes the touched households as the digest now derives
// them, against what it derived before the import. A digest derived from
// the register just now (the households may not match it) or a write the
// store refuses falls back to deriving them from the register.
func (s *Service) writeHouseholds(ctx context.Context, villageID string, dig *registerDigest, had map[string]Household, touched map[string]bool) (int, error) {
	nos := slices.Collect(maps.Keys(touched))
	if dig.rebuilt {
		return s.rebuildHouseholds(ctx, villageID, nos...)
	}
	now := dig.households(touched)
	var added []any
	var changed []Household
	var gone []string
	for _, no := range slices.Sorted(maps.Keys(touched)) {
		h, ok := now[no]
		prev, was := had[no]
		switch {
		case ok && !was:
			added = append(added, h)
		case ok && prev != h:
			changed = append(changed, h)
		case !ok && was:
			gone = append(gone, no)
		}
	}
	coll := s.store.Village(villageID).Collection(collHouseholds)
	err := writeRows(ctx, coll, added, changed, func(hh Household) string { return hh.No })
	if err == nil && len(gone) > 0 {
		_, err = coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$in": gone}})
	}
	if err != nil {
		return s.rebuildHouseholds(ctx, villageID, nos...)
	}
	return dig.householdCount(), nil
}

// writeRows inserts the new documents in one batch and replaces the changed
// ones by _id. Not one bulk of upserts: the embedded store runs an upsert as
// a scan of the collection, so 1000 upserts into a village of 5000 took
// minutes, while one InsertMany of 1000 takes a fraction of a second
// (measured in BenchmarkImport50000).
func writeRows[T any](ctx context.Context, coll *mongo.Collection, added []any, changed []T, id func(T) string) error {
	if len(added) > 0 {
		if _, err := coll.InsertMany(ctx, added, options.InsertMany().SetOrdered(false)); err != nil {
			return err
		}
	}
	for _, c := range changed {
		if _, err := coll.ReplaceOne(ctx, bson.M{"_id": id(c)}, c); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) undoImport(villageID, batch string, nos []string, existed map[string]bool, before []Resident) {
	// A fresh context: the request's may be what failed.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	coll := s.store.Village(villageID).Collection(collResidents)
	var added []string
	for _, n := range nos {
		if !existed[n] {
			added = append(added, n)
		}
	}
	if len(added) > 0 {
		// Only rows this import wrote: a number the digest missed may be
		// a resident the register had.
		_, _ = coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$in": added}, "batch": batch})
	}
	for _, r := range before {
		_, _ = coll.ReplaceOne(ctx, bson.M{"_id": r.No}, r)
	}
	_, _ = s.rebuildHouseholds(ctx, villageID)
	_ = s.forgetDigest(ctx, villageID)
}

// rebuildHouseholds derives the households from the register and returns
// how many the village has. With touched, only those households are
// derived again (an import names the households its rows were and are in):
// reading the whole register after every part of a 50,000-row file made the
// import quadratic.
func (s *Service) rebuildHouseholds(ctx context.Context, villageID string, touched ...string) (int, error) {
	// Whole reads, filtered here: see ImportResidents on $in.
	want := make(map[string]bool, len(touched))
	for _, no := range touched {
		want[no] = true
	}
	all, err := s.allResidents(ctx, villageID)
	if err != nil {
		return 0, fmt.Errorf("rebuild households: %w", err)
	}
	var residents []Resident
	for _, r := range all {
		if len(touched) == 0 || want[r.HouseholdNo] {
			residents = append(residents, r)
		}
	}
	// By number, as before: of two heads in a household the last one counts.
	slices.SortFunc(residents, func(a, b Resident) int { return strings.Compare(a.No, b.No) })
	byNo := map[string]*Household{}
	var order []string
	for _, r := range residents {
		h, ok := byNo[r.HouseholdNo]
		if !ok {
			h = &Household{No: r.HouseholdNo, Group: r.Group}
			byNo[r.HouseholdNo] = h
			order = append(order, r.HouseholdNo)
		}
		h.Members++
		if r.HouseholdHead {
			h.Head = r.No
		}
	}
	coll := s.store.Village(villageID).Collection(collHouseholds)
	var have []Household
	cur, err := coll.Find(ctx, bson.M{})
	if err == nil {
		err = cur.All(ctx, &have)
	}
	if err != nil {
		return 0, fmt.Errorf("rebuild households: %w", err)
	}
	had := make(map[string]Household, len(have))
	var gone []string
	for _, hh := range have {
		if len(touched) > 0 && !want[hh.No] {
			continue
		}
		had[hh.No] = hh
		if byNo[hh.No] == nil {
			gone = append(gone, hh.No)
		}
	}
	var added []any
	var changed []Household
	for _, no := range order {
		prev, ok := had[no]
		switch {
		case !ok:
			added = append(added, *byNo[no])
		case prev != *byNo[no]:
			changed = append(changed, *byNo[no])
		}
	}
	if err := writeRows(ctx, coll, added, changed, func(hh Household) string { return hh.No }); err != nil {
		return 0, fmt.Errorf("rebuild households: %w", err)
	}
	if len(gone) > 0 {
		if _, err := coll.DeleteMany(ctx, bson.M{"_id": bson.M{"$in": gone}}); err != nil {
			return 0, fmt.Errorf("rebuild households: %w", err)
		}
	}
	return len(have) + len(added) - len(gone), nil
}

// allResidents reads a village's whole register, in no order.
func (s *Service) allResidents(ctx context.Context, villageID string) ([]Resident, error) {
	var out []Resident
	cur, err := s.store.Village(villageID).Collection(collResidents).Find(ctx, bson.M{})
	if err == nil {
		err = cur.All(ctx, &out)
	}
	return out, err
}

// SeedResidents adds the residents the village does not have yet and leaves
// known ones alone, so seeding twice changes nothing.
func (s *Service) SeedResidents(ctx context.Context, villageID string, rows []Resident) error {
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return err
	}
	docs := make([]any, len(rows))
	now := time.Now().UTC().Truncate(time.Millisecond)
	for i := range rows {
		rows[i].UpdatedAt = now
		docs[i] = rows[i]
	}
	_, err := s.store.Village(villageID).Collection(collResidents).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("seed residents: %w", err)
	}
	if _, err = s.rebuildHouseholds(ctx, villageID); err != nil {
		return err
	}
	return s.forgetDigest(ctx, villageID)
}

// ImportPart stores the good rows of one checked part of a file for who
// asked and writes one register.import line saying what it did, refused rows
// included (a part of only bad rows is still recorded).
func (s *Service) ImportPart(ctx context.Context, who web.Actor, villageID string, first int, chk RegisterCheck) (PartReport, error) {
	rep := PartReport{Refused: chk.Refused}
	rep.Bad, _ = capBad(chk.Bad)
	if len(chk.Good) > 0 {
		r, err := s.importResidents(ctx, villageID, chk.Good)
		if err != nil {
			return PartReport{}, err
		}
		rep.ImportReport = r
	}
	rep.Rows = chk.Rows
	detail := fmt.Sprintf("lines from %d: added %d, updated %d, unchanged %d, refused %d", first, rep.Created, rep.Updated, rep.Unchanged, rep.Refused)
	return rep, s.audit.Write(ctx, s.store.Village(villageID), who, "register.import", villageID, detail)
}
