package proposal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/web"
)

// Revoking or changing a decision (V2026 Art. 27; U2026 Art. 30 ¶3): the
// villagers' meeting may revoke or change an improper decision of the
// committee or of the representatives' meeting, and may authorise the
// representatives' meeting to revoke or change the committee's; in a
// community the residents' representatives' meeting may revoke or change
// the committee's. A revocation is a proposal that names the decision; once
// its vote passes, the revoked decision shows it. That is read from the
// revoking proposal (RevokedBy), so no second document is written and none
// can be left half done.

// Revocation modes.
const (
	ModeRevoke = "revoke" // 撤销
	ModeChange = "change" // 变更
)

// RevokesInput names the decision a proposal revokes or changes.
type RevokesInput struct {
	ProposalID string `json:"proposal_id" validate:"required,len=24,hexadecimal"`
	Mode       string `json:"mode" validate:"required,oneof=revoke change"`
}

// Revokes is, on a revoking proposal, the decision it revokes or changes.
type Revokes struct {
	ProposalID string `bson:"proposal_id" json:"proposal_id"`
	Title      string `bson:"title" json:"title"`
	Mode       string `bson:"mode" json:"mode"`
	// DecidedBy is the meeting that made the decision.
	DecidedBy string `bson:"decided_by" json:"decided_by"`
}

// Revoked is, on a decision, the passed proposal that revoked or changed it.
type Revoked struct {
	Ref
	Mode    string    `json:"mode"`
	Meeting string    `json:"meeting"`
	At      time.Time `json:"at,omitzero"`
}

// Decision is a decision a proposal may name: what it was and who made it.
type Decision struct {
	Ref
	DecidedBy string    `json:"decided_by"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// decided is the meeting whose vote passed the proposal, and when.
func decided(p Proposal) (meeting string, at time.Time, ok bool) {
	for _, h := range slices.Backward(p.History) {
		if h.Action == "vote_passed" {
			return h.Meeting, h.At, true
		}
	}
	return "", time.Time{}, false
}

// revocable says whether Art. 27 lets a decision of that meeting be revoked:
// the representatives' meeting's, or the committee's, which here are the
// council's (议事会, the body the committee's matters are decided in). Not
// the villagers' or residents' meeting's own, not a villager group's
// (V2026 Art. 32), not the moral board's verdicts (appealed, not revoked).
func revocable(meeting string) bool {
	return meeting == MeetingRepresentatives || meeting == MeetingCouncil
}

var errNotRevocable = web.New(422, "not_revocable",
	"依照村委会组织法2026年版第二十七条（城市居委会组织法2026年版第三十条第三款），村民会议撤销或者变更的是村民委员会和村民代表会议的决定；村民会议（居民会议）自己的决定、村民小组会议的决定和道德评议的结论不在此列",
	"Under V2026 Art. 27 (and U2026 Art. 30 ¶3) the villagers' meeting revokes or changes decisions of the committee and of the representatives' meeting; its own decisions, a villager group's and the moral board's verdicts are not among them").OnField("revokes.proposal_id")

// checkRevokes reads the decision a draft names.
func (s *Service) checkRevokes(ctx context.Context, villageID string, db *mongo.Database, in *RevokesInput) (*Revokes, error) {
	if in == nil {
		return nil, nil
	}
	t, err := s.fetch(ctx, villageID, db, in.ProposalID)
	if errors.Is(err, ErrNotFound) || err == nil && t.Status == StatusDraft {
		return nil, invalid("revokes.proposal_id", "本村没有这项决定", "no such decision in this village")
	}
	if err != nil {
		return nil, err
	}
	meeting, _, ok := decided(t)
	if !ok {
		return nil, invalid("revokes.proposal_id", "这个议题还没有表决通过，没有可以撤销的决定", "this proposal has not been adopted: there is no decision to revoke")
	}
	if !revocable(meeting) {
		return nil, errNotRevocable
	}
	return &Revokes{ProposalID: t.ID, Title: t.Title, Mode: in.Mode, DecidedBy: meeting}, nil
}

// RevocationLawful checks the meeting that votes on a revocation: the
// villagers' (residents') meeting always; the representatives' meeting only
// for a committee's decision and, in a village, only as the villagers'
// meeting authorised it (V2026 Art. 27 ¶2: authorised says the recorded
// authorisation covers revocations). A representatives' meeting never
// revokes its own decision.
// The vote engine asks it before a vote on a revocation opens (so nobody
// votes where the decision could not stand), and the vote step again.
func RevocationLawful(r *Revokes, meeting string, community, authorised bool) error {
	switch {
	case meeting == MeetingVillagers || meeting == MeetingResidents:
		return nil
	case meeting == MeetingRepresentatives && r.DecidedBy != MeetingRepresentatives && (community || authorised):
		return nil
	case meeting == MeetingRepresentatives && r.DecidedBy != MeetingRepresentatives:
		return web.New(422, "revocation_not_authorised",
			"依照村委会组织法2026年版第二十七条第二款，村民代表会议撤销或者变更村民委员会的决定须经村民会议授权；本村记录的授权不包括撤销或者变更“"+r.Title+"”这样的决定，请由村民会议表决，或者先记录村民会议的授权决议",
			"Under V2026 Art. 27 ¶2 the representatives' meeting revokes or changes a committee's decision only as the villagers' meeting authorised it; the authorisation on record does not cover revoking “"+r.Title+"”: put it to the villagers' meeting, or record the villagers' meeting's authorisation first")
	}
	return web.New(422, "revocation_meeting",
		"依照村委会组织法2026年版第二十七条（城市居委会组织法2026年版第三十条第三款），撤销或者变更“"+r.Title+"”须由村民会议（居民会议）表决；村民代表会议只有经村民会议授权才能撤销或者变更村民委员会的决定",
		"Under V2026 Art. 27 (and U2026 Art. 30 ¶3) revoking or changing “"+r.Title+"” is voted by the villagers' (residents') meeting; the representatives' meeting may revoke a committee's decision only as the villagers' meeting authorised it")
}

// RevokedBy is the passed proposal that revoked or changed a decision, if any.
func (s *Service) RevokedBy(ctx context.Context, villageID string, db *mongo.Database, id string) (*Revoked, error) {
	ps, err := s.proposals.revoking(ctx, villageID, db, id)
	if err != nil {
		return nil, fmt.Errorf("revocations of %s: %w", id, err)
	}
	for _, p := range ps {
		if meeting, at, ok := decided(p); ok && p.Revokes != nil {
			return &Revoked{Ref: Ref{ID: p.ID, Title: p.Title, Status: p.Status}, Mode: p.Revokes.Mode, Meeting: meeting, At: at}, nil
		}
	}
	return nil, nil
}

// Revocations maps each of the village's decisions that an adopted
// proposal revoked or changed to that proposal (the first adopted), so a
// list, a notice or a filing of the decision can show it.
func (s *Service) Revocations(ctx context.Context, villageID string) (map[string]Revoked, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	return s.revocations(ctx, villageID, db)
}

func (s *Service) revocations(ctx context.Context, villageID string, db *mongo.Database) (map[string]Revoked, error) {
	ps, err := s.proposals.revokers(ctx, villageID, db)
	if err != nil {
		return nil, fmt.Errorf("revocations in %s: %w", villageID, err)
	}
	out := map[string]Revoked{}
	for _, p := range ps {
		meeting, at, ok := decided(p)
		if !ok {
			continue
		}
		if was, seen := out[p.Revokes.ProposalID]; seen && !at.Before(was.At) {
			continue
		}
		out[p.Revokes.ProposalID] = Revoked{Ref: Ref{ID: p.ID, Title: p.Title, Status: p.Status}, Mode: p.Revokes.Mode, Meeting: meeting, At: at}
	}
	return out, nil
}

// markRevoked is the page with RevokedBy set on its revoked decisions; the
// items are copied, never changed where the cache keeps them.
func (s *Service) markRevoked(ctx context.Context, villageID string, db *mongo.Database, page ListPage) (ListPage, error) {
	rs, err := s.revocations(ctx, villageID, db)
	if err != nil || len(rs) == 0 {
		return page, err
	}
	page.Items = slices.Clone(page.Items)
	for i := range page.Items {
		if r, ok := rs[page.Items[i].ID]; ok {
			page.Items[i].RevokedBy = &r
		}
	}
	return page, nil
}

// Revocable are the village's decisions a proposal may revoke or change:
// adopted by the committee's bodies or the representatives' meeting.
func (s *Service) Revocable(ctx context.Context, villageID string) ([]Decision, error) {
	return s.decisions(ctx, villageID, revocable)
}

// decisions are the village's adopted proposals whose deciding meeting
// keep holds for, newest first.
func (s *Service) decisions(ctx context.Context, villageID string, keep func(meeting string) bool) ([]Decision, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	ps, err := s.proposals.past(ctx, villageID, db)
	if err != nil {
		return nil, fmt.Errorf("decisions of %s: %w", villageID, err)
	}
	out := []Decision{}
	for _, p := range ps {
		if meeting, at, ok := decided(p); ok && keep(meeting) {
			out = append(out, Decision{Ref: Ref{ID: p.ID, Title: p.Title, Status: p.Status}, DecidedBy: meeting, DecidedAt: at})
		}
	}
	slices.SortFunc(out, func(a, b Decision) int { return b.DecidedAt.Compare(a.DecidedAt) })
	return out, nil
}
