package proposal

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Deps are what the module needs.
type Deps struct {
	Service   *Service
	Orgs      *org.Service
	Guard     web.Guard
	Validator *web.Validator
	// Domain is the org path the request acts on (the :id org).
	Domain web.Domain
}

// Module is the proposal module's HTTP side.
type Module struct {
	svc   *Service
	orgs  *org.Service
	guard web.Guard
	val   *web.Validator
	dom   web.Domain
}

// New makes the module.
func New(d Deps) *Module {
	return &Module{svc: d.Service, orgs: d.Orgs, guard: d.Guard, val: d.Validator,
		dom: d.Domain}
}

// Service is the module's rules, for other modules (the vote module calls
// Subject).
func (m *Module) Service() *Service { return m.svc }

// Mount adds the routes under /api/v1. Every route acts on the village
// named by :id and is guarded by a line of policies/policy.csv; the service
// adds the rules no policy line can say (only the proposer edits a draft,
// only members deliberate, steps in order, V2026 Art. 28).
func (m *Module) Mount(r fiber.Router) {
	g := func(obj, act string) fiber.Handler { return m.guard.Require(obj, act, m.dom) }

	r.Get("/orgs/:id/proposals", g("proposal", "read"), m.list)
	r.Post("/orgs/:id/proposals", g("proposal", "create"), m.create)
	r.Get("/orgs/:id/proposals/:pid", g("proposal", "read"), m.detail)
	r.Get("/orgs/:id/revocable-decisions", g("proposal", "create"), m.revocable)
	r.Put("/orgs/:id/proposals/:pid", g("proposal", "edit"), m.edit)
	r.Post("/orgs/:id/proposals/:pid/submit", g("proposal", "create"), m.submit)
	r.Post("/orgs/:id/proposals/:pid/advance", g("proposal", "advance"), m.advance)
	r.Post("/orgs/:id/proposals/:pid/opinions", g("proposal", "deliberate"), m.opinion)
	r.Get("/orgs/:id/proposals/:pid/signatures", g("proposal", "read"), m.signatures)
	r.Post("/orgs/:id/proposals/:pid/cosign", g("proposal", "cosign"), m.cosign)
	r.Delete("/orgs/:id/proposals/:pid/cosign", g("proposal", "cosign"), m.withdrawCosign)
	r.Get("/orgs/:id/proposals/:pid/comments", g("proposal", "read"), m.comments)
	r.Post("/orgs/:id/proposals/:pid/comments", g("comment", "create"), m.addComment)
	r.Post("/orgs/:id/proposals/:pid/amendments", g("amendment", "create"), m.addAmendment)
	r.Post("/orgs/:id/proposals/:pid/amendments/:aid/decision", g("amendment", "decide"), m.decideAmendment)
	r.Put("/orgs/:id/proposals/:pid/follow", g("proposal", "follow"), m.follow)
	r.Delete("/orgs/:id/proposals/:pid/follow", g("proposal", "follow"), m.unfollow)
	r.Post("/orgs/:id/proposals/:pid/attachments", g("proposal", "edit"), m.addAttachment)
	r.Get("/orgs/:id/proposals/:pid/attachments/:aid", g("proposal", "read"), m.attachment)

	r.Get("/orgs/:id/topics", g("proposal", "read"), m.topics)
	r.Post("/orgs/:id/topics", g("topic", "create"), m.raiseTopic)
	r.Post("/orgs/:id/topics/:pid/support", g("topic", "support"), m.support)
	r.Delete("/orgs/:id/topics/:pid/support", g("topic", "support"), m.withdrawSupport)
	r.Post("/orgs/:id/topics/:pid/escalate", g("proposal", "advance"), m.escalate)
	m.mountPetitions(r)

	r.Get("/orgs/:id/search", g("proposal", "read"), m.search)

	r.Get("/orgs/:id/flows", g("proposal", "read"), m.flows)
	r.Post("/orgs/:id/flows", g("flow", "manage"), m.saveFlow)
	r.Get("/orgs/:id/proposal-settings", g("proposal", "read"), m.settings)
	r.Put("/orgs/:id/proposal-settings", g("flow", "manage"), m.saveSettings)
	r.Put("/orgs/:id/authorisation", g("flow", "manage"), m.authorise)
	r.Get("/orgs/:id/authorising-decisions", g("flow", "manage"), m.authorising)

}
