package main

import (
	"context"
	"slices"
	"yishi/modules/web"

	"yishi/modules/org"
	"yishi/modules/vote"
	"yishi/policies"
)

// The supervision committee (V2026 Art. 37; U2026 Art. 36): the org module
// keeps the body and its bar; the app tells it which decisions may elect it
// (the closed votes of the villagers' or residents' meeting and of the
// representatives' meeting) and gives the supervisor role to its members'
// accounts while they sit, taking it when they leave.

// SupervisorRole is the role a supervision committee's members hold in
// their village.
const SupervisorRole = "supervisor"

// electingKinds are the meetings that elect a supervision committee.
var electingKinds = []vote.MeetingKind{vote.VillagersMeeting, vote.RepresentativesMeeting, vote.ResidentsMeeting}

func (a *app) wireSupervision() {
	a.orgs.Decisions = a.electingDecisions
	a.orgs.MembersChanged = a.seatRoles
	a.accounts.SeatRoles = a.rolesOfSeats
}

// rolesOfSeats is the supervisor role over the village for a resident who
// sits on its supervision committee.
func (a *app) rolesOfSeats(ctx context.Context, villageID, residentNo string) ([]policies.Assignment, error) {
	bodies, err := a.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, err
	}
	for _, b := range bodies {
		if b.Kind != org.BodySupervision || !slices.ContainsFunc(b.Members, func(m org.Member) bool { return m.ResidentNo == residentNo }) {
			continue
		}
		v, err := a.orgs.Village(ctx, villageID)
		if err != nil {
			return nil, err
		}
		return []policies.Assignment{{Role: SupervisorRole, Scope: v.Path}}, nil
	}
	return nil, nil
}

// electingDecisions are the village's closed votes of the meetings that
// elect, newest first, by title.
func (a *app) electingDecisions(ctx context.Context, villageID string) ([]org.Decision, error) {
	out := []org.Decision{}
	if a.votes == nil {
		return out, nil
	}
	vs, err := a.votes.List(ctx, villageID, "")
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Status != vote.StatusClosed || !slices.Contains(electingKinds, v.MeetingKind) {
			continue
		}
		out = append(out, org.Decision{VoteID: v.ID, Title: v.Title, MeetingKind: string(v.MeetingKind), ClosedAt: v.ClosedAt})
	}
	return out, nil
}

// seatRoles gives the supervisor role to the accounts of a supervision
// committee's members and takes it from those who left it.
func (a *app) seatRoles(ctx context.Context, villageID string, b org.Body, before []org.Member) error {
	if b.Kind != org.BodySupervision {
		return nil
	}
	v, err := a.orgs.Village(ctx, villageID)
	if err != nil {
		return err
	}
	bodies, err := a.orgs.Bodies(ctx, villageID)
	if err != nil {
		return err
	}
	var holders []string
	for _, x := range bodies {
		ms := x.Members
		if x.ID == b.ID {
			ms = b.Members
		}
		if x.Kind != org.BodySupervision {
			continue
		}
		for _, m := range ms {
			holders = append(holders, m.ResidentNo)
		}
	}
	_, err = a.accounts.SyncSeatRole(ctx, web.Actor{AccountID: "seat:" + b.ID, Role: "system", Path: v.Path}, villageID, v.Path, SupervisorRole, holders)
	return err
}
