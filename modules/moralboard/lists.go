package moralboard

import (
	"context"
	"fmt"
	"sort"

	"go.mongodb.org/mongo-driver/bson"
)

// HonourRoll is the village's commendations (红榜), newest first.
func (s *Service) HonourRoll(ctx context.Context, villageID string) ([]HonourEntry, error) {
	cases, err := s.list(ctx, villageID, bson.M{"status": StatusFinal, "verdict": VerdictCommendation})
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	if len(cases) > 0 {
		residents, err := s.orgs.Residents(ctx, villageID)
		if err != nil {
			return nil, err
		}
		for _, r := range residents {
			names[r.No] = r.Name
		}
	}
	out := make([]HonourEntry, 0, len(cases))
	for _, c := range cases {
		// A commendation is public praise: a person is named; a household
		// is called by its surname (陈家).
		name := c.SubjectSurname + "家"
		if c.SubjectKind == SubjectResident {
			name = names[c.SubjectNo]
		}
		out = append(out, HonourEntry{Name: name, Group: c.SubjectGroup, Category: c.Category, Since: *c.FinalAt})
	}
	return out, nil
}

// WarningList is the village's criticisms (黑榜) that are final and not yet
// expired: surname and group only. Expired entries stay in their cases.
func (s *Service) WarningList(ctx context.Context, villageID string) ([]WarningEntry, error) {
	if err := s.settle(ctx, villageID); err != nil {
		return nil, err
	}
	now := s.clock()
	cases, err := s.list(ctx, villageID, bson.M{"status": StatusFinal, "verdict": VerdictCriticism, "listed_until": bson.M{"$gt": now}})
	if err != nil {
		return nil, err
	}
	out := make([]WarningEntry, 0, len(cases))
	for _, c := range cases {
		if c.FinalAt == nil || c.ListedUntil == nil {
			// A record without the dates a listing needs (written outside
			// the rules): not listed, rather than a failed page.
			continue
		}
		out = append(out, WarningEntry{Surname: c.SubjectSurname, Group: c.SubjectGroup, Category: c.Category, Since: *c.FinalAt, Until: *c.ListedUntil})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Since.After(out[j].Since) })
	return out, nil
}

// currentTable is the latest points table, or the zero table (version 0)
// when none was adopted.
func (s *Service) currentTable(ctx context.Context, villageID string) (PointsTable, error) {
	tables, err := s.Tables(ctx, villageID)
	if err != nil || len(tables) == 0 {
		return PointsTable{}, err
	}
	return tables[0], nil
}

// Tables lists the points table's versions, newest first.
func (s *Service) Tables(ctx context.Context, villageID string) ([]PointsTable, error) {
	cur, err := s.db(villageID).Collection(collPointsTables).Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("list points tables: %w", err)
	}
	out := []PointsTable{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list points tables: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version > out[j].Version })
	return out, nil
}

func (s *Service) table(ctx context.Context, villageID string, version int) (PointsTable, bool, error) {
	tables, err := s.Tables(ctx, villageID)
	if err != nil {
		return PointsTable{}, false, err
	}
	for _, t := range tables {
		if t.Version == version {
			return t, true, nil
		}
	}
	return PointsTable{}, false, nil
}

func (t PointsTable) points(category, kind string) (int, bool) {
	for _, r := range t.Rows {
		if r.Category == category && r.Kind == kind {
			return r.Points, true
		}
	}
	return 0, false
}

// award writes the points of a final verdict by the table in force when it
// was given; none when no table was adopted or it has no line for it. The
// entry's _id is the case, so a case is counted once.
func (s *Service) award(ctx context.Context, c Case) error {
	if c.PointsVersion == 0 || c.Verdict == "" {
		return nil
	}
	t, ok, err := s.table(ctx, c.VillageID, c.PointsVersion)
	if err != nil || !ok {
		return err
	}
	p, ok := t.points(c.Category, c.Verdict)
	if !ok || p == 0 {
		return nil
	}
	e := LedgerEntry{ID: "case:" + c.ID, HouseholdNo: c.SubjectHousehold, Points: p, Category: c.Category, Kind: c.Verdict,
		CaseID: c.ID, TableVersion: t.Version, At: s.clock()}
	if c.SubjectKind == SubjectResident {
		e.ResidentNo = c.SubjectNo
	}
	return s.insertLedger(ctx, c.VillageID, e)
}

func (s *Service) insertLedger(ctx context.Context, villageID string, e LedgerEntry) error {
	_, err := s.db(villageID).Collection(collLedger).InsertOne(ctx, e)
	if err != nil && !isDuplicate(err) {
		return fmt.Errorf("points ledger: %w", err)
	}
	return nil
}

// Ledger is a household's points: its entries and total.
type Ledger struct {
	HouseholdNo string        `json:"household_no"`
	Total       int           `json:"total"`
	Entries     []LedgerEntry `json:"entries"`
}

// HouseholdLedger returns a household's ledger.
func (s *Service) HouseholdLedger(ctx context.Context, villageID, household string) (Ledger, error) {
	if err := s.settle(ctx, villageID); err != nil {
		return Ledger{}, err
	}
	cur, err := s.db(villageID).Collection(collLedger).Find(ctx, bson.M{"household_no": household})
	if err != nil {
		return Ledger{}, fmt.Errorf("read ledger: %w", err)
	}
	l := Ledger{HouseholdNo: household, Entries: []LedgerEntry{}}
	if err := cur.All(ctx, &l.Entries); err != nil {
		return Ledger{}, fmt.Errorf("read ledger: %w", err)
	}
	sort.Slice(l.Entries, func(i, j int) bool { return l.Entries[i].At.Before(l.Entries[j].At) })
	for _, e := range l.Entries {
		l.Total += e.Points
	}
	return l, nil
}

// Ranking is the households' totals, highest first, with surname and group
// only; the village decides whether it is public.
func (s *Service) Ranking(ctx context.Context, villageID string) ([]RankEntry, error) {
	st, err := s.Settings(ctx, villageID)
	if err != nil {
		return nil, err
	}
	if !st.RankingPublic {
		return nil, ErrRankingPrivate
	}
	if err := s.settle(ctx, villageID); err != nil {
		return nil, err
	}
	cur, err := s.db(villageID).Collection(collLedger).Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	var entries []LedgerEntry
	if err := cur.All(ctx, &entries); err != nil {
		return nil, fmt.Errorf("read ledger: %w", err)
	}
	totals := map[string]int{}
	for _, e := range entries {
		totals[e.HouseholdNo] += e.Points
	}
	residents, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return nil, err
	}
	type hh struct{ surname, group string }
	heads := map[string]hh{}
	for _, r := range residents {
		if _, ok := heads[r.HouseholdNo]; !ok || r.HouseholdHead {
			heads[r.HouseholdNo] = hh{surname(r.Name), r.Group}
		}
	}
	out := make([]RankEntry, 0, len(totals))
	for h, p := range totals {
		out = append(out, RankEntry{Surname: heads[h].surname, Group: heads[h].group, Points: p})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Points > out[j].Points })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].Points == out[i-1].Points {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out, nil
}
