package main

import (
	"context"

	"yishi/modules/proposal"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// The proposal and vote modules know each other only through these two
// adapters: a vote asks what its subject is, a proposal asks how a vote
// ended. Neither package imports the other.

// proposalSubjects lets the vote engine look proposals up.
type proposalSubjects struct{ svc *proposal.Service }

var errSubjectNotOpen = web.New(409, "subject_not_open", "议题还在草稿或已经结束，不能表决", "The proposal is a draft or already finished; it cannot be put to a vote")

func (p proposalSubjects) Subject(ctx context.Context, villageID, id string) (vote.Subject, error) {
	info, err := p.svc.Subject(ctx, villageID, id)
	if err != nil {
		return vote.Subject{}, err
	}
	switch info.Status {
	case proposal.StatusSubmitted, proposal.StatusInProgress:
	default:
		return vote.Subject{}, errSubjectNotOpen
	}
	sub := vote.Subject{Title: info.Title, Category: info.Category, Art24: info.Art24,
		AuthorisedForRepresentatives: info.AuthorisedForRepresentatives,
		CEOItem:                      info.CEOItem, CollectiveOrganisation: info.CollectiveOrganisation}
	if r, authorised := info.Revokes, info.RevocationAuthorised; r != nil {
		sub.Allows = func(meeting vote.MeetingKind, community bool) error {
			return proposal.RevocationLawful(r, string(meeting), community, authorised)
		}
	}
	return sub, nil
}

// voteOutcomes lets a proposal's flow ask how a vote ended.
type voteOutcomes struct{ votes *vote.Service }

func (o voteOutcomes) Outcome(ctx context.Context, villageID, voteID string) (proposal.VoteOutcome, error) {
	v, _, err := o.votes.Get(ctx, villageID, voteID)
	if err != nil {
		return proposal.VoteOutcome{}, err
	}
	out := proposal.VoteOutcome{MeetingKind: string(v.MeetingKind), Closed: v.Status == vote.StatusClosed}
	if v.SubjectKind == "proposal" {
		out.SubjectID = v.SubjectID
	}
	if v.Result != nil {
		out.Passed = v.Result.Adopted
	}
	return out, nil
}
