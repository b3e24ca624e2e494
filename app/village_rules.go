package main

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/web"
)

// villageRules are the rules a village may tighten, each with the bound the
// law (or the deployment's provincial rule) sets and the basis. The values
// live with the modules that apply them; this page only gathers them, so the
// operator enters what the villagers' meeting decided in one place.
type villageRules struct {
	NoticeDays           int                  `json:"notice_days"`
	ProxyCap             int                  `json:"proxy_cap"`
	ConveneDeadlineDays  int                  `json:"convene_deadline_days"`
	HallSupportThreshold int                  `json:"hall_support_threshold"`
	Bounds               map[string]ruleBound `json:"bounds"`
}

// ruleBound is how far a village may go: at least Min, at most Max, and why.
type ruleBound struct {
	Min     int    `json:"min"`
	Max     int    `json:"max"`
	Basis   string `json:"basis"`
	BasisEn string `json:"basis_en"`
}

type villageRulesInput struct {
	NoticeDays           int `json:"notice_days"`
	ProxyCap             int `json:"proxy_cap"`
	ConveneDeadlineDays  int `json:"convene_deadline_days"`
	HallSupportThreshold int `json:"hall_support_threshold"`
}

func (a *app) ruleBounds() map[string]ruleBound {
	cap := a.votes.DeploymentProxyCap()
	return map[string]ruleBound{
		"notice_days": {Min: minutes.MinNoticeDays, Max: minutes.MaxNoticeDays,
			Basis:   fmt.Sprintf("村委会组织法2026年版第三十五条第四款：公布不少于%d日；本村只能延长", minutes.MinNoticeDays),
			BasisEn: fmt.Sprintf("V2026 Art. 35 ¶4: posted at least %d days; a village may only lengthen it", minutes.MinNoticeDays)},
		"proxy_cap": {Min: 0, Max: cap,
			Basis:   fmt.Sprintf("每人受托不得超过%d人（村委会组织法2026年版第十八条第四款及本省规定）；本村只能降低；0为按上限", cap),
			BasisEn: fmt.Sprintf("One person holds at most %d entrustments (V2026 Art. 18 ¶4 and the provincial rule); a village may only lower it; 0 takes the cap", cap)},
		"convene_deadline_days": {Min: 1, Max: proposal.DefaultConveneDeadlineDays,
			Basis:   fmt.Sprintf("联名达到门槛后须在%d日内召集会议；本村只能缩短", proposal.DefaultConveneDeadlineDays),
			BasisEn: fmt.Sprintf("A meeting demanded by enough residents is convened within %d days; a village may only shorten it", proposal.DefaultConveneDeadlineDays)},
		"hall_support_threshold": {Min: 0, Max: 10,
			Basis:   "村委会组织法2026年版第三十三条第一款：10名居民或十八周岁以上居民的十分之一，取较小者；本村只能降低；0为按法定",
			BasisEn: "V2026 Art. 33 ¶1: 10 residents or 1/10 of residents aged 18+, whichever is smaller; a village may only lower it; 0 takes the statute's"},
	}
}

// mountVillageRules serves the operator's page of a village's own rules.
func (a *app) mountVillageRules(api fiber.Router, accounts *account.Module, orgs *org.Module, props *proposal.Service) {
	g := accounts.Require("village_rules", "set", orgs.Path)
	api.Get("/orgs/:id/village-rules", g, func(c *fiber.Ctx) error { return a.readVillageRules(c, props) })
	api.Put("/orgs/:id/village-rules", g, func(c *fiber.Ctx) error { return a.saveVillageRules(c, props) })
}

func (a *app) readVillageRules(c *fiber.Ctx, props *proposal.Service) error {
	ctx := c.UserContext()
	v, err := a.orgs.Village(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	pub, err := a.meetings.Settings(ctx, v.ID)
	if err != nil {
		return err
	}
	px, err := a.votes.ProxySettingsOf(ctx, v.ID)
	if err != nil {
		return err
	}
	ps, err := props.Settings(ctx, v.ID)
	if err != nil {
		return err
	}
	return c.JSON(villageRules{NoticeDays: pub.NoticeDays, ProxyCap: px.Cap, ConveneDeadlineDays: ps.ConveneDeadlineDays,
		HallSupportThreshold: ps.HallSupportThreshold, Bounds: a.ruleBounds()})
}

// saveVillageRules checks every value against its bound before writing any,
// so a refused field leaves all four as they were; each refusal quotes its
// rule next to the field.
func (a *app) saveVillageRules(c *fiber.Ctx, props *proposal.Service) error {
	ctx, who := c.UserContext(), web.ActorOf(c)
	v, err := a.orgs.Village(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	var in villageRulesInput
	if err := a.validator.Bind(c, &in); err != nil {
		return err
	}
	bounds := a.ruleBounds()
	bad := map[string]web.FieldError{}
	for name, val := range map[string]int{"notice_days": in.NoticeDays, "proxy_cap": in.ProxyCap,
		"convene_deadline_days": in.ConveneDeadlineDays, "hall_support_threshold": in.HallSupportThreshold} {
		if b := bounds[name]; val < b.Min || val > b.Max {
			bad[name] = web.FieldError{Message: fmt.Sprintf("须在%d到%d之间。%s", b.Min, b.Max, b.Basis),
				MessageEn: fmt.Sprintf("must be between %d and %d. %s", b.Min, b.Max, b.BasisEn)}
		}
	}
	if len(bad) > 0 {
		e := *web.New(422, "rule_out_of_bounds", "本村规则不能比法律规定的更宽松", "A village's rule may only be stricter than the law's")
		e.Fields = bad
		return &e
	}
	pub, err := a.meetings.Settings(ctx, v.ID)
	if err != nil {
		return err
	}
	pub.NoticeDays = in.NoticeDays
	if _, err := a.meetings.SetSettings(ctx, v.ID, who, pub); err != nil {
		return err
	}
	px, err := a.votes.ProxySettingsOf(ctx, v.ID)
	if err != nil {
		return err
	}
	px.Cap = in.ProxyCap
	if _, err := a.votes.SetProxySettings(ctx, v.ID, who, px); err != nil {
		return err
	}
	// Each module's setting writes its own audit line (publication.settings,
	// proxy.settings, proposal.settings), as its own route does.
	if _, err := props.SaveSettings(ctx, v, who, proposal.SettingsInput{ConveneDeadlineDays: in.ConveneDeadlineDays, HallSupportThreshold: in.HallSupportThreshold}); err != nil {
		return err
	}
	return a.readVillageRules(c, props)
}
