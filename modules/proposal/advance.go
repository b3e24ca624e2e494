package proposal

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/org"
	"yishi/modules/web"
)

// AdvanceInput completes the step a proposal waits on.
type AdvanceInput struct {
	// Step names the step being completed. A request made for a step that
	// is no longer (or not yet) current is refused, so two secretaries, or
	// one with a stale page, cannot skip a step.
	Step string `json:"step" validate:"required,max=40"`
	Note string `json:"note" validate:"max=1000"`
	// VoteID names the closed vote that decides a vote step.
	VoteID string `json:"vote_id" validate:"omitempty,max=64"`
	// Review gives the counts of a Party members' meeting review.
	Review *ReviewCounts `json:"review"`
	// as is the action recorded for a step the meeting's records completed
	// (meeting_steps.go) instead of "complete"; never read from a request.
	as string
}

func errWrongStep(cur *Current) *web.Error {
	return web.New(409, "wrong_step",
		fmt.Sprintf("步骤顺序不对：议题现在在“%s”这一步", cur.NameZh),
		fmt.Sprintf("Wrong order of steps: the proposal is at %q", cur.NameEn))
}

func errWrongMeeting(st Step) *web.Error {
	return web.New(422, "wrong_meeting",
		fmt.Sprintf("“%s”这一步只能由以下会议表决：%s", st.NameZh, strings.Join(st.Meetings, "、")),
		fmt.Sprintf("The step %q is decided only by: %s", st.NameEn, strings.Join(st.Meetings, ", ")))
}

var errTopicAdvance = web.New(409, "wrong_kind", "议事堂话题靠村民支持推进，达到人数后提交议事会", "Hall topics move by residents' support and go to the council at the threshold")

// reviewRules are the numbers of a review by a Party members' meeting
// (domain.md section 3): at least 2/3 of members present, more than half
// of those present approve. Integer arithmetic only.
var reviewRules = map[string]struct {
	quorum   func(present, members int) bool
	approved func(approve, present int) bool
}{
	"party_members_meeting": {
		quorum:   func(present, members int) bool { return 3*present >= 2*members },
		approved: func(approve, present int) bool { return 2*approve > present },
	},
}

// Advance completes the current step of a proposal and moves it to the
// next. A vote step is passed only by a closed, passed vote on this proposal
// by a meeting the law allows for its category (V2026 Art. 28); a failed vote or
// review ends the proposal as not adopted.
func (s *Service) Advance(ctx context.Context, v org.Org, a web.Actor, id string, in AdvanceInput) (Proposal, error) {
	out, err := s.advance(ctx, v, a, id, in)
	if err != nil {
		return Proposal{}, err
	}
	return out, s.write(ctx, v.ID, a, "proposal.advance", out.ID, in.Step+" → "+out.Status)
}

// advance is Advance without its audit line: a step a meeting completed
// (meeting_steps.go) is audited once, as the vote or notice that did it.
func (s *Service) advance(ctx context.Context, v org.Org, a web.Actor, id string, in AdvanceInput) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Kind == KindTopic {
		return Proposal{}, errTopicAdvance
	}
	if p.Status != StatusSubmitted && p.Status != StatusInProgress {
		return Proposal{}, ErrNotOpen
	}
	idx := p.Current.Index
	cur := p.Flow.Steps[idx]
	if in.Step != cur.Key {
		return Proposal{}, errWrongStep(p.Current)
	}
	if idx == 0 && p.Threshold != nil && !p.SignaturesLocked {
		return Proposal{}, ErrThresholdNotMet
	}
	now := s.now()
	entry := HistoryEntry{Step: cur.Key, Action: cmp.Or(in.as, "complete"), Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: now, Note: in.Note}
	next, status := idx+1, StatusInProgress
	switch cur.Kind {
	case "vote":
		o, err := s.voteOutcome(ctx, v, p, cur, in.VoteID)
		if err != nil {
			return Proposal{}, err
		}
		if p.Revokes != nil {
			set, err := s.Settings(ctx, v.ID)
			if err != nil {
				return Proposal{}, err
			}
			if err := RevocationLawful(p.Revokes, o.MeetingKind, v.Kind == org.KindCommunity, set.RevocationAuthorised()); err != nil {
				return Proposal{}, err
			}
		}
		entry.VoteID, entry.Meeting = in.VoteID, o.MeetingKind
		if o.Passed {
			entry.Action = "vote_passed"
		} else {
			entry.Action, next, status = "not_adopted", idx, StatusNotAdopted
		}
	case "review":
		rule, ok := reviewRules[cur.Performer]
		if !ok {
			break
		}
		r := in.Review
		if r == nil {
			return Proposal{}, invalid("review", "请填写党员人数、到会人数和赞成人数", "give the members, present and approving counts")
		}
		if r.Present > r.Members || r.Approve > r.Present {
			return Proposal{}, invalid("review", "到会人数不能多于党员人数，赞成人数不能多于到会人数", "present cannot exceed members, nor approving present")
		}
		if !rule.quorum(r.Present, r.Members) {
			return Proposal{}, web.New(422, "review_quorum", "到会党员不足三分之二，不能审议", "Fewer than 2/3 of the Party members are present: the review cannot be held")
		}
		entry.Review = r
		if rule.approved(r.Approve, r.Present) {
			entry.Action = "review_passed"
		} else {
			entry.Action, next, status = "not_adopted", idx, StatusNotAdopted
		}
	}
	if status == StatusInProgress && next == len(p.Flow.Steps) {
		status = StatusCompleted
	}
	out, err := s.modify(ctx, v.ID, db,
		bson.M{"_id": id, "status": p.Status, "current.index": idx},
		bson.M{"$set": bson.M{"current": currentOf(*p.Flow, next), "status": status, "activity_at": now},
			"$push": bson.M{"history": entry}})
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, ErrChanged
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("advance proposal %s: %w", id, err)
	}
	kind := NotifyStep
	switch status {
	case StatusNotAdopted:
		kind = NotifyNotAdopted
	case StatusCompleted:
		kind = NotifyCompleted
	}
	s.notify(ctx, db, v.ID, out, kind, "step:"+strconv.Itoa(len(out.History)), a, cur)
	return out, nil
}

// voteOutcome checks the vote that is to pass a vote step.
func (s *Service) voteOutcome(ctx context.Context, v org.Org, p Proposal, st Step, voteID string) (VoteOutcome, error) {
	if s.outcomes == nil || voteID == "" {
		return VoteOutcome{}, ErrVoteRequired
	}
	o, err := s.outcomes.Outcome(ctx, v.ID, voteID)
	if err != nil {
		return VoteOutcome{}, err
	}
	if o.SubjectID != p.ID {
		return VoteOutcome{}, ErrVoteSubject
	}
	// A vote decides once: after a correction order reopened the step, or
	// at a later vote step, the village must vote again.
	for _, h := range p.History {
		if h.VoteID == voteID {
			return VoteOutcome{}, ErrVoteUsed
		}
	}
	set, err := s.Settings(ctx, v.ID)
	if err != nil {
		return VoteOutcome{}, err
	}
	if err := checkOutcomeLawful(p.Category, v.Kind, set, o.MeetingKind); err != nil {
		return VoteOutcome{}, err
	}
	if !slices.Contains(st.Meetings, o.MeetingKind) && !collectiveStandsIn(p.Category, st, o.MeetingKind) {
		return VoteOutcome{}, errWrongMeeting(st)
	}
	if !o.Closed {
		return VoteOutcome{}, ErrVoteOpen
	}
	return o, nil
}

// OpinionInput is a member's opinion in a deliberation step.
type OpinionInput struct {
	Opinion string `json:"opinion" validate:"required,oneof=support oppose abstain"`
	Note    string `json:"note" validate:"max=1000"`
}

// Deliberate records a member's opinion in the proposal's history while it
// is at a deliberation step. Where the step's performer is a body of the
// village, only its members may.
func (s *Service) Deliberate(ctx context.Context, v org.Org, a web.Actor, id string, in OpinionInput) (Proposal, error) {
	db, err := s.db(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	p, err := s.Get(ctx, v.ID, a, id)
	if err != nil {
		return Proposal{}, err
	}
	if p.Kind == KindTopic {
		return Proposal{}, errTopicAdvance
	}
	if p.Status != StatusSubmitted && p.Status != StatusInProgress {
		return Proposal{}, ErrNotOpen
	}
	if p.Current.Kind != "deliberate" {
		return Proposal{}, web.New(409, "not_deliberating",
			fmt.Sprintf("议题现在在“%s”这一步，不在审议中", p.Current.NameZh),
			fmt.Sprintf("The proposal is at %q, not in deliberation", p.Current.NameEn))
	}
	st := p.Flow.Steps[p.Current.Index]
	bodies, err := s.orgs.Bodies(ctx, v.ID)
	if err != nil {
		return Proposal{}, err
	}
	performedByBody, member := false, false
	for _, b := range bodies {
		if b.ID != st.Performer && b.Kind != st.Performer {
			continue
		}
		performedByBody = true
		for _, m := range b.Members {
			if a.ResidentNo != "" && a.VillageID == v.ID && m.ResidentNo == a.ResidentNo {
				member = true
			}
		}
	}
	if performedByBody && !member {
		return Proposal{}, ErrNotMember
	}
	entry := HistoryEntry{Step: st.Key, Action: "opinion", Opinion: in.Opinion, Note: in.Note,
		Actor: a.AccountID, ActorName: a.Name, Role: a.Role, At: s.now()}
	out, err := s.modify(ctx, v.ID, db,
		bson.M{"_id": id, "current.index": p.Current.Index, "status": p.Status},
		bson.M{"$push": bson.M{"history": entry}, "$set": bson.M{"activity_at": entry.At}})
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Proposal{}, ErrChanged
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("record opinion on %s: %w", id, err)
	}
	return out, s.write(ctx, v.ID, a, "proposal.deliberate", out.ID, in.Opinion)
}
