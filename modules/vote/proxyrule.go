package vote

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// The rule of proxies, in one place, for both routes that record them (a
// vote's entrustments here, a meeting's in the minutes module).
//
// Elections (V2026 Art. 18 ¶4; U2026 Art. 19): a registered voter who is
// away may entrust in writing a close relative, or another villager with
// voting rights in the village; one person holds at most 3; a candidate
// holds none; the list of who entrusted whom is published. Where the
// residents' representatives elect the committee (U2026 Art. 19), or any
// body votes by its members, nobody votes by proxy.
//
// Meetings: the organic laws say nothing, so the village charter or a
// provincial rule decides, recorded as the village's proxy setting. By
// default an absent member entrusts in writing an adult of the same
// household (as CEO Art. 27 allows at the member assembly); the setting may
// instead allow a close relative, or any villager with voting rights. The
// cap is the deployment's (-proxy-cap, a provincial rule) or lower, never
// above 3. The list is published.

// Who may hold an entrustment.
const (
	HoldersHousehold = "same_household"       // an adult of the principal's household
	HoldersRelative  = "close_relative"       // a close relative, as declared and evidenced
	HoldersVoter     = "relative_or_villager" // a close relative or any villager with voting rights
)

// StatutoryProxyCap is the most entrustments one person may hold in an
// election (V2026 Art. 18 ¶4); a meeting's setting may only lower it.
const StatutoryProxyCap = 3

// closeRelatives are the relations the entrustment declares; "household"
// and "villager" name a holder who is none of them.
var closeRelatives = []string{"spouse", "parent", "child", "sibling", "grandparent", "grandchild"}

// ProxyRule is who may hold entrustments in one vote or meeting, and how
// many each.
type ProxyRule struct {
	Basis   string `json:"basis"`
	Allowed bool   `json:"allowed"`
	Holders string `json:"holders,omitempty"`
	Cap     int    `json:"cap,omitempty"`
}

// Entrustment is what the rule checks: the principal and the holder, with
// what the register and the electorate say of them.
type Entrustment struct {
	Principal, Holder string
	Relation          string
	// Households of the two in the frozen electorate; "" when not in it.
	PrincipalHousehold, HolderHousehold string
	HolderIsCandidate                   bool
}

// Errors of the proxy rule.
var (
	ErrProxyExists     = web.New(409, "proxy_exists", "这位选民已经委托过别人", "This voter has already entrusted someone")
	ErrNoProxy         = web.New(403, "no_proxy", "没有这位选民给您的书面委托", "There is no written entrustment from this voter to you")
	ErrProxyIneligible = web.New(422, "proxy_ineligible", "委托人必须是本次表决（会议）的选民，且不能委托自己", "The principal must be a voter of this vote or meeting, and cannot entrust themselves")
	ErrProxyHolder     = web.New(422, "proxy_holder_ineligible", "受托人必须是本村有表决权的成年村民，且在本次表决（会议）的名单上", "The holder must be an adult villager with voting rights, on this vote's or meeting's list")
	ErrProxyCandidate  = web.New(422, "proxy_candidate", "候选人不得接受委托（村委会组织法2026年版第十八条第四款）", "A candidate may not hold an entrustment (V2026 Art. 18 ¶4)")
	ErrProxyNone       = web.New(422, "proxy_not_allowed", "由代表选举或由成员表决时不得委托投票（居委会组织法2026年版第十九条）", "Nobody votes by proxy where representatives or members vote (U2026 Art. 19)")
	ErrProxyHousehold  = web.New(422, "proxy_not_household", "按本村规定，只能委托同户的成年家庭成员", "Under this village's rule only an adult of the same household may hold the entrustment")
	ErrProxyRelation   = web.New(422, "proxy_relation", "按规定，受托人须是近亲属（配偶、父母、子女、兄弟姐妹、祖父母外祖父母、孙子女外孙子女）", "Under the rule the holder must be a close relative (spouse, parent, child, sibling, grandparent, grandchild)")
)

// ProxyCapReached is the refusal when the holder holds the cap already.
func ProxyCapReached(r ProxyRule) *web.Error {
	zh, en := r.Basis, r.Basis
	if r.Basis == "" {
		zh, en = "平台默认，本村未另行规定", "the platform's default; the village set no rule of its own"
	}
	return web.New(409, "proxy_cap",
		fmt.Sprintf("受托人代投的人数已达上限（%d人，%s）", r.Cap, zh),
		fmt.Sprintf("The holder already holds the most entrustments allowed (%d, %s)", r.Cap, en))
}

// CheckProxyCap refuses a deployment cap the statute does not allow.
func CheckProxyCap(n int) error {
	if n < 1 || n > StatutoryProxyCap {
		return fmt.Errorf("%d entrustments: the cap is 1 to %d (V2026 Art. 18 ¶4; a provincial rule may only lower it)", n, StatutoryProxyCap)
	}
	return nil
}

// Check applies the rule to one entrustment.
func (r ProxyRule) Check(e Entrustment) error {
	if !r.Allowed {
		return ErrProxyNone
	}
	if e.Principal == e.Holder || e.PrincipalHousehold == "" {
		return ErrProxyIneligible
	}
	if e.HolderHousehold == "" {
		return ErrProxyHolder
	}
	if e.HolderIsCandidate {
		return ErrProxyCandidate
	}
	switch r.Holders {
	case HoldersHousehold:
		if e.PrincipalHousehold != e.HolderHousehold {
			return ErrProxyHousehold
		}
	case HoldersRelative:
		if !slices.Contains(closeRelatives, e.Relation) {
			return ErrProxyRelation
		}
	}
	return nil
}

// electionProxyRule is the rule of an election vote.
func electionProxyRule(v Vote, cap int) ProxyRule {
	if v.MeetingKind != VillagersMeeting && v.MeetingKind != ResidentsMeeting && v.MeetingKind != GroupMeeting {
		return ProxyRule{Basis: "U2026 Art. 19", Allowed: false}
	}
	return ProxyRule{Basis: "V2026 Art. 18 ¶4; U2026 Art. 19", Allowed: true, Holders: HoldersVoter, Cap: cap}
}

// ProxySettings is a village's rule for proxies at meetings (its charter or
// the provincial rule).
type ProxySettings struct {
	ID      string `json:"-" bson:"_id"`
	Holders string `json:"holders" bson:"holders" validate:"required,oneof=same_household close_relative relative_or_villager"`
	// Cap is how many one person may hold; 0 is the deployment's cap.
	Cap int `json:"cap" bson:"cap" validate:"min=0,max=3"`
	// Basis names the charter article or provincial rule.
	Basis string `json:"basis" bson:"basis" validate:"max=200"`
}

const (
	collVoteSettings = "vote_settings"
	proxySettingsID  = "proxies"
)

var defaultProxySettings = ProxySettings{ID: proxySettingsID, Holders: HoldersHousehold}

// ProxySettingsOf returns the village's proxy setting (the default when it
// set none).
func (s *Service) ProxySettingsOf(ctx context.Context, villageID string) (ProxySettings, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return ProxySettings{}, err
	}
	var out ProxySettings
	err := s.db(villageID).Collection(collVoteSettings).FindOne(ctx, bson.M{"_id": proxySettingsID}).Decode(&out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return defaultProxySettings, nil
	}
	if err != nil {
		return ProxySettings{}, fmt.Errorf("read proxy settings: %w", err)
	}
	return out, nil
}

// SetProxySettings records the village's rule. The cap may only lower the
// deployment's.
func (s *Service) SetProxySettings(ctx context.Context, villageID string, who web.Actor, in ProxySettings) (ProxySettings, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return ProxySettings{}, err
	}
	if in.Cap > s.cfg.ProxyCap {
		return ProxySettings{}, web.New(422, "proxy_cap_raised",
			fmt.Sprintf("本村只能降低受托上限，不能高于%d人", s.cfg.ProxyCap),
			fmt.Sprintf("A village may only lower the cap of entrustments, not raise it above %d", s.cfg.ProxyCap))
	}
	in.ID = proxySettingsID
	if _, err := s.db(villageID).Collection(collVoteSettings).ReplaceOne(ctx, bson.M{"_id": proxySettingsID}, in, options.Replace().SetUpsert(true)); err != nil {
		return ProxySettings{}, fmt.Errorf("set proxy settings: %w", err)
	}
	return in, s.write(ctx, villageID, who, "proxy.settings", "settings", fmt.Sprintf("holders=%s cap=%d", in.Holders, in.Cap))
}

// MeetingProxyRule is the rule of proxies at the village's meetings and in
// its votes that are not elections.
func (s *Service) MeetingProxyRule(ctx context.Context, villageID string) (ProxyRule, error) {
	set, err := s.ProxySettingsOf(ctx, villageID)
	if err != nil {
		return ProxyRule{}, err
	}
	cap := s.cfg.ProxyCap
	if set.Cap > 0 && set.Cap < cap {
		cap = set.Cap
	}
	// Without a rule of its own the village has the platform's default (an
	// adult of the same household, as CEO Art. 27 allows its member
	// assembly); the basis is then empty and each page names the default in
	// its own language.
	return ProxyRule{Basis: set.Basis, Allowed: true, Holders: set.Holders, Cap: cap}, nil
}

// ProxyRuleOf is the rule of a vote: an election's, or the village's.
func (s *Service) ProxyRuleOf(ctx context.Context, v Vote) (ProxyRule, error) {
	if v.Election {
		return electionProxyRule(v, s.cfg.ProxyCap), nil
	}
	return s.MeetingProxyRule(ctx, v.VillageID)
}

// DeploymentProxyCap is the cap this deployment runs with (-proxy-cap): the
// bound a village's own cap may not exceed.
func (s *Service) DeploymentProxyCap() int { return s.cfg.ProxyCap }
