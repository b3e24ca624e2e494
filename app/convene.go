package main

import (
	"context"

	"yishi/modules/minutes"
	"yishi/modules/proposal"
	"yishi/modules/vote"
)

// conveneOwed joins the two modules a demand to convene spans: the proposal
// service knows which demands reached their threshold, the minutes service
// which meetings answer them. The secretary's today list and the street's
// dashboard read the same answer from here.
func conveneOwed(proposals *proposal.Service, meetings *minutes.Service) func(ctx context.Context, villageID string) ([]minutes.Demand, error) {
	return func(ctx context.Context, villageID string) ([]minutes.Demand, error) {
		ps, err := proposals.Demands(ctx, villageID)
		if err != nil {
			return nil, err
		}
		ds := make([]minutes.Demand, 0, len(ps))
		for _, p := range ps {
			o := p.Obligation
			ds = append(ds, minutes.Demand{ProposalID: p.ID, Title: p.Title, Meeting: vote.MeetingKind(o.Meeting), ReachedAt: o.ReachedAt,
				Deadline: o.Deadline, BasisZh: o.BasisZh, BasisEn: o.BasisEn})
		}
		return meetings.Owed(ctx, villageID, ds)
	}
}
