package account

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
	"yishi/policies"
)

// AccountView is an account as the operator's pages list it: who, linked to
// which resident, holding which roles where. Never the password hash.
type AccountView struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Phone      string     `json:"phone"`
	VillageID  string     `json:"village_id,omitempty"`
	ResidentNo string     `json:"resident_no,omitempty"`
	Roles      []RoleView `json:"roles"`
}

// RolesRequest is an account's whole list of roles after a change.
type RolesRequest struct {
	Roles []policies.Assignment `json:"roles" validate:"required,min=1,max=16,dive"`
}

// Under lists the accounts holding a role at or under an org path, by name.
// Accounts are few next to residents (a county's officials and the villagers
// who log in), so they are filtered here rather than by a query the
// embedded store would scan anyway.
func (s *Service) Under(ctx context.Context, path string) ([]Account, error) {
	cur, err := s.accounts().Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"password_hash": 0}).SetSort(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	var all []Account
	if err := cur.All(ctx, &all); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	out := []Account{}
	for _, a := range all {
		if slices.ContainsFunc(a.Roles, func(r policies.Assignment) bool { return policies.IsUnder(r.Scope, path) }) {
			out = append(out, a)
		}
	}
	return out, nil
}

// SetRoles replaces an account's roles for who asked (account.roles, with
// the roles before and after); the enforcer and the account cache follow at
// once, so the next request of that account has them.
func (s *Service) SetRoles(ctx context.Context, who web.Actor, id string, roles []policies.Assignment) (Account, error) {
	for _, r := range roles {
		if _, ok := policies.RoleByName(r.Role); !ok || !web.IsOrgPath(r.Scope) {
			return Account{}, badRoles()
		}
	}
	a, err := s.Get(ctx, id)
	if err != nil {
		return Account{}, err
	}
	if _, err := s.accounts().UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"roles": roles}}); err != nil {
		return Account{}, fmt.Errorf("set roles of %s: %w", id, err)
	}
	before := fmt.Sprint(a.Roles)
	a.Roles = roles
	s.accountsByID.drop(id)
	if err := s.enforcer.SetAssignments(id, roles); err != nil {
		return Account{}, err
	}
	// The audit line first: the change is stored, whatever telling the
	// other instances does.
	if err := s.audit.Write(ctx, s.store.Shared(), who, "account.roles", a.ID, before+" -> "+fmt.Sprint(a.Roles)); err != nil {
		return a, err
	}
	return a, s.notifyRoleChange(ctx, id)
}

// SeatRoles are the roles a seat carries (SyncSeatRole): given and taken
// with the seat, never by hand, so the supervision committee's bar and its
// election hold (V2026 Art. 37 ¶1; U2026 Art. 36 ¶1).
var SeatRoles = []string{"supervisor"}

func sameSeatRoles(before, after []policies.Assignment) bool {
	seat := func(as []policies.Assignment) []policies.Assignment {
		var out []policies.Assignment
		for _, a := range as {
			if slices.Contains(SeatRoles, a.Role) {
				out = append(out, a)
			}
		}
		slices.SortFunc(out, func(x, y policies.Assignment) int { return strings.Compare(x.Role+x.Scope, y.Role+y.Scope) })
		return slices.Compact(out)
	}
	return slices.Equal(seat(before), seat(after))
}

func errSeatRole() error {
	e := *web.New(422, "role_follows_seat", "村务监督委员会成员的角色随监督委员会的席位授予和收回：请在本村的监督委员会里增减成员（村民委员会组织法2026年版第三十七条第一款）",
		"The supervisor role comes and goes with a seat on the supervision committee: change the committee's members instead (V2026 Art. 37 ¶1)")
	e.Fields = map[string]web.FieldError{"roles": {Message: "监督委员会成员的角色不能在这里给或收回", MessageEn: "the supervisor role is not given or taken here"}}
	return &e
}

func badRoles() error {
	e := *web.ErrInvalid
	e.Fields = map[string]web.FieldError{"roles": {Message: "角色或范围不正确", MessageEn: "unknown role or bad scope"}}
	return &e
}

// MountOrg adds the routes of accounts seen from an org: dom names the org's
// path (the org module's).
func (m *Module) MountOrg(r fiber.Router, dom web.Domain) {
	r.Get("/orgs/:id/accounts", m.Require("account", "manage", dom), m.listUnder(dom))
	// The handler checks account:manage over every scope taken and given.
	r.Put("/accounts/:account/roles", m.RequireLogin(), m.setRoles)
}

func (m *Module) listUnder(dom web.Domain) fiber.Handler {
	return func(c *fiber.Ctx) error {
		path, err := dom(c)
		if err != nil {
			return err
		}
		as, err := m.svc.Under(c.UserContext(), path)
		if err != nil {
			return err
		}
		out := make([]AccountView, len(as))
		for i, a := range as {
			out[i] = m.accountView(c.UserContext(), a)
		}
		return c.JSON(fiber.Map{"accounts": out})
	}
}

func (m *Module) accountView(ctx context.Context, a Account) AccountView {
	v := AccountView{ID: a.ID, Name: a.Name, Phone: a.Phone, VillageID: a.VillageID, ResidentNo: a.ResidentNo, Roles: []RoleView{}}
	for _, r := range a.Roles {
		role, _ := policies.RoleByName(r.Role)
		v.Roles = append(v.Roles, RoleView{Role: r.Role, RoleZh: role.Zh, RoleEn: role.En, Scope: r.Scope, ScopeName: m.scopeName(ctx, r.Scope)})
	}
	return v
}

// setRoles gives and takes roles. The caller must manage accounts over the
// scope of every role the account had and will have: an operator of one
// street can neither take nor give a role elsewhere.
func (m *Module) setRoles(c *fiber.Ctx) error {
	var req RolesRequest
	if err := m.val.Bind(c, &req); err != nil {
		return err
	}
	a, err := m.svc.Get(c.UserContext(), c.Params("account"))
	if err != nil {
		return err
	}
	for _, r := range slices.Concat(a.Roles, req.Roles) {
		if !web.IsOrgPath(r.Scope) {
			return badRoles()
		}
		if err := m.Check(c, r.Scope, "account", "manage"); err != nil {
			return err
		}
	}
	if !sameSeatRoles(a.Roles, req.Roles) {
		return errSeatRole()
	}
	a, err = m.svc.SetRoles(c.UserContext(), web.ActorOf(c), a.ID, req.Roles)
	if err != nil {
		return err
	}
	return c.JSON(m.accountView(c.UserContext(), a))
}
