package account

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
	"yishi/policies"
)

// SyncSeatRole gives a role over a village to the accounts of the residents
// who hold a seat that carries it, and takes it from the village's accounts
// that no longer do: a supervision committee member holds the supervisor
// role while seated (V2026 Art. 37; U2026 Art. 36), and loses it on leaving.
// It returns the IDs of the accounts it changed. Each change is audited
// under who: the role follows the seat, whose change the body's own chain
// records under the person who made it.
func (s *Service) SyncSeatRole(ctx context.Context, who web.Actor, villageID, scope, role string, holders []string) ([]string, error) {
	cur, err := s.accounts().Find(ctx, bson.M{"village_id": villageID}, options.Find().SetProjection(bson.M{"password_hash": 0}))
	if err != nil {
		return nil, fmt.Errorf("accounts of village: %w", err)
	}
	var as []Account
	if err := cur.All(ctx, &as); err != nil {
		return nil, fmt.Errorf("accounts of village: %w", err)
	}
	seat := policies.Assignment{Role: role, Scope: scope}
	var changed []string
	for _, a := range as {
		has := slices.Contains(a.Roles, seat)
		want := a.ResidentNo != "" && slices.Contains(holders, a.ResidentNo)
		if has == want {
			continue
		}
		roles := slices.DeleteFunc(slices.Clone(a.Roles), func(r policies.Assignment) bool { return r == seat })
		if want {
			roles = append(roles, seat)
		}
		if len(roles) == 0 {
			// An account keeps one role: the seat's holder lives in the village.
			roles = []policies.Assignment{{Role: "resident", Scope: scope}}
		}
		if _, err := s.SetRoles(ctx, who, a.ID, roles); err != nil {
			return nil, err
		}
		changed = append(changed, a.ID)
	}
	return changed, nil
}

// withSeatRoles adds to a new account's roles those its resident's seats
// carry, so a supervision member who gets an account later holds the
// supervisor role from the start.
func (s *Service) withSeatRoles(ctx context.Context, in NewAccount) ([]policies.Assignment, error) {
	if s.SeatRoles == nil || in.VillageID == "" || in.ResidentNo == "" {
		return in.Roles, nil
	}
	extra, err := s.SeatRoles(ctx, in.VillageID, in.ResidentNo)
	if err != nil {
		return nil, err
	}
	roles := slices.Clone(in.Roles)
	for _, r := range extra {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles, nil
}
