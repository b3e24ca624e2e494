package proposal

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/org"
	"yishi/modules/web"
)

// who returns the village the request acts on and the actor the guard
// built.
func (m *Module) who(c *fiber.Ctx) (org.Org, web.Actor, error) {
	v, err := m.orgs.Village(c.UserContext(), c.Params("id"))
	if err != nil {
		return org.Org{}, web.Actor{}, err
	}
	return v, web.ActorOf(c), nil
}

func queryInt(c *fiber.Ctx, name string, def int64) (int64, error) {
	s := c.Query(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, invalid(name, "应为不小于0的整数", "must be a whole number, 0 or more")
	}
	return n, nil
}

func queryOneOf(c *fiber.Ctx, name string, allowed ...string) (string, error) {
	s := c.Query(name)
	if s == "" || slices.Contains(allowed, s) {
		return s, nil
	}
	return "", invalid(name, "只能是以下之一："+joinSpace(allowed), "must be one of: "+joinSpace(allowed))
}

func joinSpace(s []string) string { return strings.Join(s, " ") }

var statuses = []string{StatusDraft, StatusSubmitted, StatusInProgress, StatusCompleted, StatusNotAdopted, StatusOpen, StatusEscalated}

func (m *Module) listInput(c *fiber.Ctx, kind string) (ListInput, error) {
	in := ListInput{Kind: kind, BodyID: c.Query("body"), Category: c.Query("category")}
	var err error
	if in.Status, err = queryOneOf(c, "status", statuses...); err != nil {
		return in, err
	}
	if in.Sort, err = queryOneOf(c, "sort", "recent", "support", "created"); err != nil {
		return in, err
	}
	if in.Limit, err = queryInt(c, "limit", 20); err != nil {
		return in, err
	}
	in.Offset, err = queryInt(c, "offset", 0)
	return in, err
}

func (m *Module) list(c *fiber.Ctx) error {
	return m.listOf(c, KindProposal)
}

// revocable lists the decisions a new proposal may revoke or change.
func (m *Module) revocable(c *fiber.Ctx) error {
	v, _, err := m.who(c)
	if err != nil {
		return err
	}
	ds, err := m.svc.Revocable(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"decisions": ds})
}

// authorising lists the villagers' (residents') meeting decisions an
// authorisation of the representatives' meeting may be recorded from.
func (m *Module) authorising(c *fiber.Ctx) error {
	v, _, err := m.who(c)
	if err != nil {
		return err
	}
	ds, err := m.svc.Authorising(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"decisions": ds})
}

func (m *Module) topics(c *fiber.Ctx) error {
	return m.listOf(c, KindTopic)
}

func (m *Module) listOf(c *fiber.Ctx, kind string) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	in, err := m.listInput(c, kind)
	if err != nil {
		return err
	}
	page, err := m.svc.List(c.UserContext(), v.ID, a, in)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (m *Module) search(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	limit, err := queryInt(c, "limit", 20)
	if err != nil {
		return err
	}
	offset, err := queryInt(c, "offset", 0)
	if err != nil {
		return err
	}
	page, err := m.svc.Search(c.UserContext(), v.ID, a, c.Query("q"), limit, offset)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (m *Module) create(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in ProposalInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.Create(c.UserContext(), v, a, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) detail(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	d, err := m.svc.Detail(c.UserContext(), v.ID, a, c.Params("pid"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (m *Module) edit(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in ProposalInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.Edit(c.UserContext(), v, a, c.Params("pid"), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) submit(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	p, err := m.svc.Submit(c.UserContext(), v, a, c.Params("pid"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) advance(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in AdvanceInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.Advance(c.UserContext(), v, a, c.Params("pid"), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) opinion(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in OpinionInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.Deliberate(c.UserContext(), v, a, c.Params("pid"), in)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) signatures(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	sigs, err := m.svc.Signatures(c.UserContext(), v.ID, a, c.Params("pid"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"signatures": sigs})
}

// signed answers a co-signature or support with the proposal's counts.
func (m *Module) signed(c *fiber.Ctx, do func(v org.Org, a web.Actor, id string) (Proposal, error)) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	p, err := do(v, a, c.Params("pid"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

func (m *Module) cosign(c *fiber.Ctx) error {
	return m.signed(c, func(v org.Org, a web.Actor, id string) (Proposal, error) {
		return m.svc.Cosign(c.UserContext(), v, a, id)
	})
}

func (m *Module) withdrawCosign(c *fiber.Ctx) error {
	return m.signed(c, func(v org.Org, a web.Actor, id string) (Proposal, error) {
		return m.svc.Withdraw(c.UserContext(), v, a, id, KindProposal)
	})
}

func (m *Module) support(c *fiber.Ctx) error {
	return m.signed(c, func(v org.Org, a web.Actor, id string) (Proposal, error) {
		return m.svc.Support(c.UserContext(), v, a, id)
	})
}

func (m *Module) withdrawSupport(c *fiber.Ctx) error {
	return m.signed(c, func(v org.Org, a web.Actor, id string) (Proposal, error) {
		return m.svc.Withdraw(c.UserContext(), v, a, id, KindTopic)
	})
}

func (m *Module) escalate(c *fiber.Ctx) error {
	return m.signed(c, func(v org.Org, a web.Actor, id string) (Proposal, error) {
		return m.svc.Escalate(c.UserContext(), v, a, id)
	})
}

func (m *Module) comments(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	cs, err := m.svc.Comments(c.UserContext(), v.ID, a, c.Params("pid"))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"comments": cs})
}

func (m *Module) addComment(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in CommentInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	cm, err := m.svc.AddComment(c.UserContext(), v, a, c.Params("pid"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(cm)
}

func (m *Module) addAmendment(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in AmendmentInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	am, err := m.svc.AddAmendment(c.UserContext(), v, a, c.Params("pid"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(am)
}

func (m *Module) decideAmendment(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in DecisionInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	am, err := m.svc.DecideAmendment(c.UserContext(), v, a, c.Params("pid"), c.Params("aid"), in)
	if err != nil {
		return err
	}
	return c.JSON(am)
}

func (m *Module) follow(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	if err := m.svc.Follow(c.UserContext(), v.ID, a, c.Params("pid")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (m *Module) unfollow(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	if err := m.svc.Unfollow(c.UserContext(), v.ID, a, c.Params("pid")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (m *Module) addAttachment(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in AttachmentInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	att, err := m.svc.AddAttachment(c.UserContext(), v, a, c.Params("pid"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(att)
}

func (m *Module) attachment(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	att, err := m.svc.Attachment(c.UserContext(), v.ID, a, c.Params("pid"), c.Params("aid"))
	if err != nil {
		return err
	}
	// Always a download, never rendered in our origin.
	c.Set(fiber.HeaderContentType, att.ContentType)
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(att.Name))
	return c.Send(att.Data)
}

func (m *Module) raiseTopic(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in TopicInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	p, err := m.svc.RaiseTopic(c.UserContext(), v, a, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) flows(c *fiber.Ctx) error {
	v, _, err := m.who(c)
	if err != nil {
		return err
	}
	fs, err := m.svc.Flows(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	set, err := m.svc.Settings(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"flows": fs, "categories": CategoriesFor(v, set)})
}

func (m *Module) saveFlow(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in SaveFlowInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	f, err := m.svc.SaveFlow(c.UserContext(), v.ID, a, in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(f)
}

func (m *Module) settings(c *fiber.Ctx) error {
	v, _, err := m.who(c)
	if err != nil {
		return err
	}
	s, err := m.svc.Settings(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	return c.JSON(s)
}

func (m *Module) saveSettings(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in SettingsInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	s, err := m.svc.SaveSettings(c.UserContext(), v, a, in)
	if err != nil {
		return err
	}
	return c.JSON(s)
}

func (m *Module) authorise(c *fiber.Ctx) error {
	v, a, err := m.who(c)
	if err != nil {
		return err
	}
	var in AuthorisationInput
	if err := m.val.Bind(c, &in); err != nil {
		return err
	}
	s, err := m.svc.Authorise(c.UserContext(), v, a, in)
	if err != nil {
		return err
	}
	return c.JSON(s)
}
