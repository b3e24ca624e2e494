package main

import (
	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// The collective part of a village's rules: whether it has its own
// collective economic organisation (else the villagers' committee acts for
// it, V2026 Art. 28 ¶4, CEO Art. 64), and, for each meeting kind whose law
// allows it, whether members may attend remotely (CEO Art. 27 ¶1; default
// off). Each comes with its bound and basis, as the page shows them.
type collectiveRules struct {
	Organisation bool               `json:"organisation"`
	Remote       []vote.MeetingKind `json:"remote"`
	// RemoteKinds are the kinds whose law allows remote attendance, with
	// the article; every other kind is attended at the venue.
	RemoteKinds []remoteKind `json:"remote_kinds"`
	Basis       string       `json:"basis"`
	BasisEn     string       `json:"basis_en"`
}

type remoteKind struct {
	Kind    vote.MeetingKind `json:"kind"`
	NameZh  string           `json:"name_zh"`
	NameEn  string           `json:"name_en"`
	Basis   string           `json:"basis"`
	BasisEn string           `json:"basis_en"`
}

type collectiveRulesInput struct {
	Organisation bool               `json:"organisation"`
	Remote       []vote.MeetingKind `json:"remote" validate:"max=8,dive,required,max=40"`
}

func (a *app) mountCollectiveRules(api fiber.Router, accounts *account.Module, orgs *org.Module, props *proposal.Service) {
	g := accounts.Require("village_rules", "set", orgs.Path)
	api.Get("/orgs/:id/village-rules/collective", g, func(c *fiber.Ctx) error { return a.readCollectiveRules(c, props) })
	api.Put("/orgs/:id/village-rules/collective", g, func(c *fiber.Ctx) error { return a.saveCollectiveRules(c, props) })
}

func (a *app) readCollectiveRules(c *fiber.Ctx, props *proposal.Service) error {
	ctx := c.UserContext()
	v, err := a.orgs.Village(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	ps, err := props.Settings(ctx, v.ID)
	if err != nil {
		return err
	}
	as, err := a.votes.AttendanceSettingsOf(ctx, v.ID)
	if err != nil {
		return err
	}
	out := collectiveRules{Organisation: ps.CollectiveOrganisation, Remote: as.Remote, RemoteKinds: []remoteKind{},
		Basis:   "村委会组织法2026年版第二十八条第四款、农村集体经济组织法第六十四条：未设立农村集体经济组织的，由村民委员会代行其职能，讨论决定集体财产和成员权益的事项参照适用农村集体经济组织法",
		BasisEn: "V2026 Art. 28 ¶4, CEO Art. 64: where no collective economic organisation is set up, the villagers' committee acts for it, deciding collective property and members' rights under the CEO law"}
	for _, k := range []vote.MeetingKind{vote.MemberAssembly} {
		out.RemoteKinds = append(out.RemoteKinds, remoteKind{Kind: k, NameZh: k.Zh(), NameEn: k.En(),
			Basis:   "农村集体经济组织法第二十七条第一款：成员无法在现场参加会议的，可以通过即时通讯工具在线参加会议；默认不开放；村民会议、村民代表会议和居民会议只能现场参加",
			BasisEn: "CEO Art. 27 ¶1: a member who cannot attend in person may attend online; off by default; villagers', representatives' and residents' meetings are attended at the venue only"})
	}
	return c.JSON(out)
}

func (a *app) saveCollectiveRules(c *fiber.Ctx, props *proposal.Service) error {
	ctx := c.UserContext()
	v, err := a.orgs.Village(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	if v.Kind == org.KindCommunity {
		return web.New(422, "not_rural", "城市社区没有农村集体经济组织", "An urban community has no rural collective economic organisation")
	}
	var in collectiveRulesInput
	if err := a.validator.Bind(c, &in); err != nil {
		return err
	}
	// The remote setting is checked first, so a refusal writes nothing.
	if _, err := a.votes.SetAttendanceSettings(ctx, web.ActorOf(c), v.ID, vote.AttendanceSettings{Remote: in.Remote}); err != nil {
		return err
	}
	if _, err := props.SetCollectiveOrganisation(ctx, web.ActorOf(c), v, in.Organisation); err != nil {
		return err
	}
	return a.readCollectiveRules(c, props)
}
