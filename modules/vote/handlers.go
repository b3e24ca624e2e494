package vote

import (
	"bufio"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"yishi/modules/notify"
	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Guard     web.Guard
	Domain    web.Domain // the org path of :id
	Validator *web.Validator
	// Done ends live streams when the server stops.
	Done <-chan struct{}
	// Notify tells the electorate a vote opened and the council a count
	// waits for confirmation (events.go); nil notifies nobody.
	Notify notify.Sender
	Log    *slog.Logger
	// Closed is told of each vote closed, after its record: the proposal
	// it decided moves on (app/wire_steps.go); nil tells nobody.
	Closed func(c *fiber.Ctx, v Vote)
}

// Module is the vote module's HTTP side.
type Module struct{ d Deps }

// New makes the module.
func New(d Deps) *Module { return &Module{d: d} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Get("/orgs/:id/votes", g.Require("vote", "read", dom), m.list)
	r.Post("/orgs/:id/votes", g.Require("vote", "open", dom), m.open)
	r.Get("/orgs/:id/votes/:vote", g.Require("vote", "read", dom), m.get)
	r.Post("/orgs/:id/votes/:vote/ballots", g.Require("vote", "cast", dom), m.cast)
	r.Post("/orgs/:id/votes/:vote/close", g.Require("vote", "close", dom), m.close)
	r.Get("/orgs/:id/votes/:vote/published", g.Require("vote", "read", dom), m.published)
	r.Get("/orgs/:id/votes/:vote/box", g.Require("vote", "read", dom), m.box)
	r.Get("/orgs/:id/votes/:vote/receipts/:code", g.Require("vote", "read", dom), m.receipt)
	r.Get("/orgs/:id/votes/:vote/proxies", g.Require("vote", "read", dom), m.proxies)
	r.Post("/orgs/:id/votes/:vote/proxies", g.Require("proxy", "record", dom), m.recordProxy)
	r.Get("/orgs/:id/votes/:vote/me", g.Require("vote", "read", dom), m.mine)
	r.Get("/orgs/:id/votes/:vote/counts", g.Require("vote", "count", dom), m.counts)
	r.Post("/orgs/:id/votes/:vote/counts", g.Require("vote", "count", dom), m.enterCounts)
	r.Post("/orgs/:id/votes/:vote/counts/:entry/confirm", g.Require("vote", "count", dom), m.confirmCounts)
	r.Get("/orgs/:id/votes/:vote/live", g.Require("vote", "read", dom), m.live)
	r.Get("/orgs/:id/proxy-settings", g.Require("vote", "read", dom), m.proxySettings)
	r.Put("/orgs/:id/proxy-settings", g.Require("proxy", "record", dom), m.setProxySettings)
}

func (m *Module) list(c *fiber.Ctx) error {
	votes, err := m.d.Service.ListWhere(c.UserContext(), c.Params("id"), Filter{SubjectID: c.Query("subject_id"), MeetingID: c.Query("meeting_id")})
	if err != nil {
		return err
	}
	for i := range votes {
		if votes[i].Status != StatusClosed {
			votes[i].Result = nil
		}
	}
	return c.JSON(fiber.Map{"votes": votes})
}

func (m *Module) open(c *fiber.Ctx) error {
	var req OpenRequest
	if err := m.d.Validator.Bind(c, &req); err != nil {
		return err
	}
	v, err := m.d.Service.Open(c.UserContext(), c.Params("id"), web.ActorOf(c), req)
	if err != nil {
		return err
	}
	m.tellOpened(c, v)
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (m *Module) get(c *fiber.Ctx) error {
	v, cast, err := m.d.Service.Get(c.UserContext(), c.Params("id"), c.Params("vote"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"vote": v, "ballots_cast": cast})
}

func (m *Module) cast(c *fiber.Ctx) error {
	var req CastRequest
	if err := m.d.Validator.Bind(c, &req); err != nil {
		return err
	}
	if key := c.Get("Idempotency-Key"); key != "" && req.IdempotencyKey == "" {
		req.IdempotencyKey = key
		if err := m.d.Validator.Struct(&req); err != nil {
			return err
		}
	}
	who := web.ActorOf(c)
	r, err := m.d.Service.Cast(c.UserContext(), c.Params("id"), c.Params("vote"), Voter{VillageID: who.VillageID, ResidentNo: who.ResidentNo}, req)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if r.Replayed {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(r)
}

func (m *Module) close(c *fiber.Ctx) error {
	var req CloseRequest
	if len(c.Body()) > 0 {
		if err := m.d.Validator.Bind(c, &req); err != nil {
			return err
		}
	}
	v, err := m.d.Service.CloseAcknowledging(c.UserContext(), c.Params("id"), c.Params("vote"), web.ActorOf(c), req.AcknowledgeUnconfirmed)
	if err != nil {
		return err
	}
	if m.d.Closed != nil {
		m.d.Closed(c, v)
	}
	return c.JSON(v)
}

func (m *Module) published(c *fiber.Ctx) error {
	p, err := m.d.Service.Publish(c.UserContext(), c.Params("id"), c.Params("vote"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) receipt(c *fiber.Ctx) error {
	r, err := m.d.Service.CheckReceipt(c.UserContext(), c.Params("id"), c.Params("vote"), c.Params("code"))
	if err != nil {
		return err
	}
	return c.JSON(r)
}

func (m *Module) proxies(c *fiber.Ctx) error {
	ps, err := m.d.Service.Proxies(c.UserContext(), c.Params("id"), c.Params("vote"))
	if err != nil {
		return err
	}
	m.d.Service.nameProxies(c.UserContext(), c.Params("id"), ps)
	return c.JSON(fiber.Map{"proxies": ps})
}

func (m *Module) recordProxy(c *fiber.Ctx) error {
	var req ProxyRequest
	if err := m.d.Validator.Bind(c, &req); err != nil {
		return err
	}
	p, err := m.d.Service.RecordProxy(c.UserContext(), c.Params("id"), c.Params("vote"), web.ActorOf(c), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) enterCounts(c *fiber.Ctx) error {
	var req ChannelRequest
	if err := m.d.Validator.Bind(c, &req); err != nil {
		return err
	}
	e, err := m.d.Service.EnterCounts(c.UserContext(), c.Params("id"), c.Params("vote"), web.ActorOf(c), req)
	if err != nil {
		return err
	}
	if v, _, err := m.d.Service.Get(c.UserContext(), c.Params("id"), c.Params("vote")); err == nil {
		m.tellCountEntered(c, c.Params("id"), v, e)
	}
	return c.Status(fiber.StatusCreated).JSON(e)
}

func (m *Module) confirmCounts(c *fiber.Ctx) error {
	e, err := m.d.Service.ConfirmCounts(c.UserContext(), c.Params("id"), c.Params("vote"), c.Params("entry"), web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(e)
}

// live streams the number of ballots cast (never their content) as
// server-sent events, for the meeting's big screen.
func (m *Module) live(c *fiber.Ctx) error {
	villageID, voteID := c.Params("id"), c.Params("vote")
	if _, _, err := m.d.Service.Get(c.UserContext(), villageID, voteID); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	svc, done := m.d.Service, m.d.Done
	c.Context().SetBodyStreamWriter(fasthttp.StreamWriter(func(w *bufio.Writer) {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		deadline := time.After(30 * time.Minute)
		last := int64(-1)
		for {
			v, cast, err := svc.Get(contextBackground(), villageID, voteID)
			if err != nil {
				return
			}
			if cast != last || v.Status == StatusClosed {
				fmt.Fprintf(w, "event: tally\ndata: {\"status\":%q,\"ballots_cast\":%d,\"eligible\":%d}\n\n", v.Status, cast, v.EligibleCount)
				if w.Flush() != nil {
					return
				}
				last = cast
			}
			if v.Status == StatusClosed {
				return
			}
			select {
			case <-done:
				return
			case <-deadline:
				return
			case <-tick.C:
			}
		}
	}))
	return nil
}

func (m *Module) mine(c *fiber.Ctx) error {
	who := web.ActorOf(c)
	if who.VillageID != c.Params("id") || who.ResidentNo == "" {
		return ErrNotVoter
	}
	my, err := m.d.Service.Mine(c.UserContext(), who.VillageID, c.Params("vote"), who.ResidentNo)
	if err != nil {
		return err
	}
	return c.JSON(my)
}

func (m *Module) counts(c *fiber.Ctx) error {
	entries, err := m.d.Service.Counts(c.UserContext(), c.Params("id"), c.Params("vote"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"counts": entries})
}

// proxySettings is the village's rule for proxies at meetings, and the rule
// it makes with the deployment's cap.
func (m *Module) proxySettings(c *fiber.Ctx) error {
	set, err := m.d.Service.ProxySettingsOf(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	rule, err := m.d.Service.MeetingProxyRule(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"settings": set, "rule": rule})
}

func (m *Module) setProxySettings(c *fiber.Ctx) error {
	var req ProxySettings
	if err := m.d.Validator.Bind(c, &req); err != nil {
		return err
	}
	if _, err := m.d.Service.SetProxySettings(c.UserContext(), c.Params("id"), web.ActorOf(c), req); err != nil {
		return err
	}
	return m.proxySettings(c)
}
