package web

import (
	"github.com/gofiber/fiber/v2"

	"yishi/policies"
)

// Actor is who is asking: the one description of the caller every service
// takes. The guard builds it once per request, after the permission check
// (account.Module.Check), from the session and the enforcer; code that does
// not come through HTTP (the demo seeder, the generator, a job) fills one in
// itself, so every write names who made it and is audited the same way.
type Actor struct {
	AccountID string
	Name      string // as at login
	Roles     []policies.Assignment
	// VillageID and ResidentNo are the caller's home village and place in
	// its register; both empty for an official without one.
	VillageID  string
	ResidentNo string
	// Role is the hat in use: the role whose policy line allowed the
	// request; Path is the org path the grant was for.
	Role string
	Path string
	// Assisted is set when a helper acts for the resident (modules/assist):
	// the record the service makes keeps the mark.
	Assisted *Assisted
}

// Villager says whether the actor is a resident of the village.
func (a Actor) Villager(villageID string) bool {
	return a.ResidentNo != "" && a.VillageID == villageID
}

const actorKey = "yishi.actor"

// SetActor records the request's actor; the guard calls it.
func SetActor(c *fiber.Ctx, a Actor) { c.Locals(actorKey, a) }

// ActorOf returns the actor the guard recorded for the request (the zero
// Actor on a route no guard checked).
func ActorOf(c *fiber.Ctx) Actor {
	a, _ := c.Locals(actorKey).(Actor)
	return a
}
