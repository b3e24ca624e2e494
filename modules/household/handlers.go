package household

import (
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/web"
)

// Deps are what the HTTP side needs.
type Deps struct {
	Service   *Service
	Orgs      *org.Service
	Meetings  *minutes.Service
	Guard     web.Guard
	Domain    web.Domain
	Validator *web.Validator
	// PublicURL is the site's address the QR code opens; empty uses the
	// request's scheme and host.
	PublicURL string
}

// Module is the HTTP side of household cards.
type Module struct {
	d     Deps
	wrong *wrongCodes // wrong codes per account (throttle.go)
}

// New makes the module.
func New(d Deps) *Module { return &Module{d: d, wrong: newWrongCodes(time.Now)} }

// Mount adds the routes under /api/v1.
func (m *Module) Mount(r fiber.Router) {
	g, dom := m.d.Guard, m.d.Domain
	r.Get("/orgs/:id/household-cards", g.Require("household_card", "issue", dom), m.list)
	r.Post("/orgs/:id/households/:household/card", g.Require("household_card", "issue", dom), m.issue)
	r.Post("/orgs/:id/households/:household/card/reissue", g.Require("household_card", "revoke", dom), m.reissue)
	r.Post("/orgs/:id/meetings/:meeting/household-card", g.Require("household_card", "use", dom), m.show)
	r.Post("/orgs/:id/meetings/:meeting/household-card/sign-in", g.Require("household_card", "use", dom), m.signIn)
}

// CardLine is a household on the printing page, with its card if any.
type CardLine struct {
	HouseholdNo string    `json:"household_no"`
	Head        string    `json:"head_name"`
	Group       string    `json:"group,omitempty"`
	Members     int       `json:"members"`
	HasCard     bool      `json:"has_card"`
	Gen         int       `json:"card_gen,omitempty"`
	IssuedAt    time.Time `json:"issued_at,omitzero"`
	IssuedBy    string    `json:"issued_by_name,omitempty"`
}

func (m *Module) list(c *fiber.Ctx) error {
	ctx, vid := c.UserContext(), c.Params("id")
	v, err := m.d.Orgs.Village(ctx, vid)
	if err != nil {
		return err
	}
	hs, err := m.d.Orgs.Households(ctx, vid)
	if err != nil {
		return err
	}
	names, err := m.names(c)
	if err != nil {
		return err
	}
	cards, err := m.d.Service.Cards(ctx, vid)
	if err != nil {
		return err
	}
	out := make([]CardLine, 0, len(hs))
	for _, h := range hs {
		l := CardLine{HouseholdNo: h.No, Head: names[h.Head], Group: h.Group, Members: h.Members}
		if card, ok := cards[h.No]; ok {
			l.HasCard, l.Gen, l.IssuedAt, l.IssuedBy = true, card.Gen, card.IssuedAt, card.IssuedByName
		}
		out = append(out, l)
	}
	return c.JSON(fiber.Map{"village_name": v.Name, "households": out})
}

func (m *Module) names(c *fiber.Ctx) (map[string]string, error) {
	rs, err := m.d.Orgs.Residents(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(rs))
	for _, r := range rs {
		out[r.No] = r.Name
	}
	return out, nil
}

// PrintCard is a card to print, the only answer that carries its codes.
type PrintCard struct {
	VillageName string    `json:"village_name"`
	HouseholdNo string    `json:"household_no"`
	HeadSurname string    `json:"head_surname"`
	Gen         int       `json:"card_gen"`
	ShortCode   string    `json:"short_code"`
	CardURL     string    `json:"card_url"`
	QRPNG       string    `json:"qr_png"`
	IssuedAt    time.Time `json:"issued_at,omitzero"`
	Message     string    `json:"message"`
	MessageEn   string    `json:"message_en"`
}

// CardPath is the page address the card's QR code opens.
func CardPath(villageID, token string) string { return "/#/card/" + villageID + "/" + token }

func (m *Module) publicURL(c *fiber.Ctx) string {
	if m.d.PublicURL != "" {
		return strings.TrimRight(m.d.PublicURL, "/")
	}
	return c.Protocol() + "://" + string(c.Request().Host())
}

func (m *Module) printable(c *fiber.Ctx, is Issued, zh, en string) error {
	ctx, vid := c.UserContext(), c.Params("id")
	v, err := m.d.Orgs.Village(ctx, vid)
	if err != nil {
		return err
	}
	p := PrintCard{VillageName: v.Name, HouseholdNo: is.HouseholdNo, Gen: is.Gen, ShortCode: PrintedShort(is.Short),
		CardURL: m.publicURL(c) + CardPath(vid, is.Token), IssuedAt: is.IssuedAt, Message: zh, MessageEn: en}
	// The one household and its head, by number: not the whole register.
	h, ok, err := m.d.Orgs.Household(ctx, vid, is.HouseholdNo)
	if err != nil {
		return err
	}
	if ok && h.Head != "" {
		head, err := m.d.Orgs.Resident(ctx, vid, h.Head)
		if err != nil && !errors.Is(err, org.ErrResidentNotFound) {
			return err
		}
		p.HeadSurname = Surname(head.Name)
	}
	png, err := minutes.QRPNG(p.CardURL, 384)
	if err != nil {
		return err
	}
	p.QRPNG = "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(p)
}

func (m *Module) issue(c *fiber.Ctx) error {
	no := c.Params("household")
	is, err := m.d.Service.Issue(c.UserContext(), c.Params("id"), no, web.ActorOf(c))
	if err != nil {
		return err
	}
	return m.printable(c, is, "已发卡：请现在打印，户卡只打印这一次", "Card issued: print it now, it is printed only this once")
}

func (m *Module) reissue(c *fiber.Ctx) error {
	no := c.Params("household")
	is, err := m.d.Service.Reissue(c.UserContext(), c.Params("id"), no, web.ActorOf(c))
	if err != nil {
		return err
	}
	return m.printable(c, is, "已挂失补办：旧卡从现在起不能再用，请打印新卡", "Reported lost and reissued: the old card no longer works; print the new one")
}

// cardInput names a card by the token its QR carries or the short code
// typed; card_village is the village in the scanned address.
type cardInput struct {
	Token       string `json:"token" validate:"omitempty,len=32,alphanum"`
	ShortCode   string `json:"short_code" validate:"omitempty,max=16"`
	CardVillage string `json:"card_village" validate:"omitempty,max=64"`
}

type signInInput struct {
	cardInput
	ResidentNo string `json:"resident_no" validate:"required,max=32"`
}

func (m *Module) card(c *fiber.Ctx, in cardInput) (Card, error) {
	if in.CardVillage != "" && in.CardVillage != c.Params("id") {
		return Card{}, ErrCardOtherVillage
	}
	if in.Token == "" && in.ShortCode == "" {
		return Card{}, web.ErrInvalid.OnField("short_code")
	}
	account := web.ActorOf(c).AccountID
	if err := m.wrong.blocked(account); err != nil {
		return Card{}, err
	}
	card, err := m.d.Service.Find(c.UserContext(), c.Params("id"), in.Token, in.ShortCode)
	if err != nil && web.AsError(err).Code == ErrCardUnknown.Code {
		m.wrong.fail(account)
	}
	return card, err
}

// CardAtMeeting is a card shown at a meeting: its household and members.
type CardAtMeeting struct {
	HouseholdNo string                    `json:"household_no"`
	Meeting     minutes.MeetingBrief      `json:"meeting"`
	Members     []minutes.HouseholdMember `json:"members"`
}

func (m *Module) show(c *fiber.Ctx) error {
	var in cardInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	card, err := m.card(c, in)
	if err != nil {
		return err
	}
	mt, members, err := m.d.Meetings.HouseholdAtMeeting(c.UserContext(), c.Params("id"), c.Params("meeting"), card.HouseholdNo)
	if err != nil {
		return err
	}
	return c.JSON(CardAtMeeting{HouseholdNo: card.HouseholdNo, Members: members,
		Meeting: minutes.MeetingBrief{ID: mt.ID, Title: mt.Title, Place: mt.Place, StartsAt: mt.StartsAt}})
}

func (m *Module) signIn(c *fiber.Ctx) error {
	var in signInInput
	if err := m.d.Validator.Bind(c, &in); err != nil {
		return err
	}
	card, err := m.card(c, in.cardInput)
	if err != nil {
		return err
	}
	a, mt, err := m.d.Meetings.SignInByCard(c.UserContext(), c.Params("id"), c.Params("meeting"), card.HouseholdNo, in.ResidentNo,
		web.ActorOf(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(minutes.SignedInAnswer(a, mt))
}
