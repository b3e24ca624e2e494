package moralboard

import (
	"context"
	"fmt"

	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/modules/web"
)

func isDuplicate(err error) bool { return store.IsDuplicate(err) }

// TableRequest adopts a new version of the points table.
type TableRequest struct {
	Rows   []PointsRow `json:"rows" validate:"required,min=1,max=100,dive"`
	VoteID string      `json:"vote_id" validate:"required,max=64"`
}

// adoptingMeetings are the meetings whose vote may adopt a points table:
// the villagers' (residents') meeting, or the representatives' meeting.
var adoptingMeetings = []vote.MeetingKind{vote.VillagersMeeting, vote.ResidentsMeeting, vote.RepresentativesMeeting}

// AdoptTable records the next version of the points table, citing the
// meeting vote that adopted it.
func (s *Service) AdoptTable(ctx context.Context, villageID string, who web.Actor, in TableRequest) (PointsTable, error) {
	v, _, err := s.votes.Get(ctx, villageID, in.VoteID)
	if err != nil {
		return PointsTable{}, err
	}
	meetingOK := false
	for _, k := range adoptingMeetings {
		meetingOK = meetingOK || v.MeetingKind == k
	}
	if !meetingOK || v.Status != vote.StatusClosed || v.Result == nil || !v.Result.Adopted {
		return PointsTable{}, ErrVoteNotAdopted
	}
	tables, err := s.Tables(ctx, villageID)
	if err != nil {
		return PointsTable{}, err
	}
	for _, t := range tables {
		if t.VoteID == in.VoteID {
			return PointsTable{}, ErrVoteUsed
		}
	}
	seen := map[string]bool{}
	for _, r := range in.Rows {
		key := r.Category + "/" + r.Kind
		if seen[key] {
			return PointsTable{}, ErrDuplicateRow
		}
		seen[key] = true
	}
	t := PointsTable{Version: len(tables) + 1, Rows: in.Rows, VoteID: in.VoteID, AdoptedAt: s.clock(), AdoptedBy: who.AccountID}
	if len(tables) > 0 {
		t.Version = tables[0].Version + 1
	}
	// The version is the _id: two adoptions racing for one version cannot
	// both be stored.
	if _, err := s.db(villageID).Collection(collPointsTables).InsertOne(ctx, t); err != nil {
		if isDuplicate(err) {
			return PointsTable{}, fmt.Errorf("adopt points table: %w", errConcurrentVersion)
		}
		return PointsTable{}, fmt.Errorf("adopt points table: %w", err)
	}
	return t, s.write(ctx, villageID, who, "points.table", fmt.Sprint(t.Version), "vote "+t.VoteID)
}

// AwardRequest awards points for a service to the village (volunteering,
// cleaning a lane) by the current table's service line of the category.
type AwardRequest struct {
	HouseholdNo string `json:"household_no" validate:"required,max=32"`
	ResidentNo  string `json:"resident_no" validate:"omitempty,max=32"`
	Category    string `json:"category" validate:"required,max=32"`
	Service     string `json:"service" validate:"required,max=200"`
}

// Award writes a service's points to a household's ledger.
func (s *Service) Award(ctx context.Context, villageID string, who web.Actor, in AwardRequest) (LedgerEntry, error) {
	members, err := s.householdMembers(ctx, villageID, in.HouseholdNo)
	if err != nil {
		return LedgerEntry{}, err
	}
	if len(members) == 0 {
		return LedgerEntry{}, ErrHouseholdAbsent
	}
	if in.ResidentNo != "" {
		found := false
		for _, r := range members {
			found = found || r.No == in.ResidentNo
		}
		if !found {
			return LedgerEntry{}, ErrHouseholdAbsent
		}
	}
	t, err := s.currentTable(ctx, villageID)
	if err != nil {
		return LedgerEntry{}, err
	}
	if t.Version == 0 {
		return LedgerEntry{}, ErrNoPointsTable
	}
	p, ok := t.points(in.Category, "service")
	if !ok {
		return LedgerEntry{}, ErrNoPointsRow
	}
	e := LedgerEntry{ID: "service:" + randomID(), HouseholdNo: in.HouseholdNo, ResidentNo: in.ResidentNo, Points: p, Category: in.Category,
		Kind: "service", Service: in.Service, TableVersion: t.Version, At: s.clock(), By: who.AccountID}
	if err := s.insertLedger(ctx, villageID, e); err != nil {
		return LedgerEntry{}, err
	}
	return e, s.write(ctx, villageID, who, "points.award", e.ID, fmt.Sprintf("%s %+d v%d", e.HouseholdNo, e.Points, e.TableVersion))
}

// HouseholdOf is the household of a villager, for ledger access.
func (s *Service) HouseholdOf(ctx context.Context, villageID string, who web.Actor) (string, error) {
	return s.householdOf(ctx, villageID, who)
}
