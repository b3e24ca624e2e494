package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/minutes"
	"yishi/modules/proposal"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// The proposal moves on when the council acts (journeys.md, resident step
// 3): a vote on it closing completes its vote step, publishing the minutes
// that open its resolution's notice completes its publication step
// (modules/proposal/meeting_steps.go). The vote and the minutes are
// recorded already; a step completed enters the village's audit chain as
// the secretary's advance does; one that cannot be completed is logged and
// left to the secretary on the proposal's page.

// stepActor is the person whose action completed the step.
func stepActor(c *fiber.Ctx, villageID string) proposal.Actor {
	g := web.GrantOf(c)
	return proposal.Actor{AccountID: g.Actor, Name: actorName(c), VillageID: villageID, Role: g.Role}
}

func (a *app) voteClosed(c *fiber.Ctx, v vote.Vote) {
	if v.SubjectKind != "proposal" || a.reads.proposals == nil {
		return
	}
	moved, err := a.reads.proposals.VoteClosed(c.UserContext(), v.VillageID, v.SubjectID, v.ID, stepActor(c, v.VillageID))
	if err == nil && moved {
		err = a.audit.Record(c, a.store.Village(v.VillageID), "proposal.advance", v.SubjectID, "vote/"+v.ID+" closed")
	}
	if err != nil {
		a.log.Warn("proposal step after the vote closed", "vote", v.ID, "err", err)
	}
}

func (a *app) minutesPublished(c *fiber.Ctx, out minutes.PublishedMinutes) {
	if a.reads.proposals == nil {
		return
	}
	for _, n := range out.Notices {
		if n.ProposalID == "" {
			continue
		}
		moved, err := a.reads.proposals.ResolutionPublished(c.UserContext(), n.VillageID, n.ProposalID, stepActor(c, n.VillageID))
		if err == nil && moved {
			err = a.audit.Record(c, a.store.Village(n.VillageID), "proposal.advance", n.ProposalID, "notice/"+n.ID+" opened")
		}
		if err != nil {
			a.log.Warn("proposal step after the notice opened", "notice", n.ID, "err", err)
		}
	}
}
