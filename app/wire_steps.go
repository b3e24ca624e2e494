package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/minutes"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// The proposal moves on when the council acts (journeys.md, resident step
// 3): a vote on it closing completes its vote step, publishing the minutes
// that open its resolution's notice completes its publication step
// (modules/proposal/meeting_steps.go). The vote and the minutes are
// recorded already; a step completed enters the village's audit chain (the
// proposal service writes it) as the secretary's advance does; one that
// cannot be completed is logged and left to the secretary on the proposal's
// page.

// stepActor is the person whose action completed the step, as a member
// of the proposal's village (not as a resident of it).
func stepActor(c *fiber.Ctx, villageID string) web.Actor {
	who := web.ActorOf(c)
	who.VillageID, who.ResidentNo = villageID, ""
	return who
}

func (a *app) voteClosed(c *fiber.Ctx, v vote.Vote) {
	if v.SubjectKind != "proposal" || a.reads.proposals == nil {
		return
	}
	if _, err := a.reads.proposals.VoteClosed(c.UserContext(), v.VillageID, v.SubjectID, v.ID, stepActor(c, v.VillageID)); err != nil {
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
		if _, err := a.reads.proposals.ResolutionPublished(c.UserContext(), n.VillageID, n.ProposalID, n.ID, stepActor(c, n.VillageID)); err != nil {
			a.log.Warn("proposal step after the notice opened", "notice", n.ID, "err", err)
		}
	}
}
