package minutes

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"yishi/modules/org"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// What the schedule form needs: the meeting kinds of the village's kind with
// their statutory announcement deadline (how long ahead, AnnounceAhead, and
// the article), the earliest time a meeting of each kind may start when it
// is announced now, and the people eligible for a meeting by name, so chair
// and recorder are picked, never typed.

// AnnounceBasis is the article behind each AnnounceAhead entry.
var AnnounceBasis = map[vote.MeetingKind]string{
	vote.VillagersMeeting:              "V2026 Art. 25 ¶2",
	vote.ResidentsMeeting:              "U2026 Art. 26 ¶2",
	vote.MemberAssembly:                "CEO Art. 27 ¶1",
	vote.MemberRepresentativesAssembly: "CEO Art. 27 ¶1",
}

// announceBasisZh is AnnounceBasis as Chinese messages cite it.
var announceBasisZh = map[vote.MeetingKind]string{
	vote.VillagersMeeting:              "村委会组织法2026年版第二十五条第二款",
	vote.ResidentsMeeting:              "居委会组织法2026年版第二十六条第二款",
	vote.MemberAssembly:                "农村集体经济组织法第二十七条第一款",
	vote.MemberRepresentativesAssembly: "农村集体经济组织法第二十七条第一款",
}

// KindInfo is one meeting kind as the schedule form offers it.
type KindInfo struct {
	Kind             vote.MeetingKind `json:"kind"`
	NameZh           string           `json:"name_zh"`
	NameEn           string           `json:"name_en"`
	AnnounceDays     int              `json:"announce_days"`
	AnnounceBasis    string           `json:"announce_basis,omitempty"`
	AnnounceZh       string           `json:"announce_zh"`
	AnnounceEn       string           `json:"announce_en"`
	EarliestStartsAt time.Time        `json:"earliest_starts_at,omitzero"`
	NeedsBody        bool             `json:"needs_body"`
	NeedsGroup       bool             `json:"needs_group"`
	// BodyKinds are the kinds of body that may hold it (needs_body).
	BodyKinds []string `json:"body_kinds,omitempty"`
}

// kindsOf are the meeting kinds of a village's kind, in the form's order.
func kindsOf(villageKind string) []vote.MeetingKind {
	if villageKind == org.KindCommunity {
		return []vote.MeetingKind{vote.ResidentsMeeting, vote.RepresentativesMeeting, vote.CouncilVote, vote.BoardVote}
	}
	return []vote.MeetingKind{vote.VillagersMeeting, vote.RepresentativesMeeting, vote.GroupMeeting, vote.MemberAssembly, vote.MemberRepresentativesAssembly, vote.CouncilVote, vote.BoardVote}
}

// announceRule is the sentence of a kind's announcement deadline.
func announceRule(k vote.MeetingKind) (zh, en string) {
	n := struct{ zh, en string }{k.Zh(), k.En()}
	ahead, ok := AnnounceAhead[k]
	if !ok {
		return n.zh + "没有法定的提前通知期限", "The law sets no announcement deadline for a " + n.en
	}
	days := int(ahead / (24 * time.Hour))
	return fmt.Sprintf("依照%s（%s），%s须提前 %d 天通知", announceBasisZh[k], AnnounceBasis[k], n.zh, days),
		fmt.Sprintf("A %s is announced at least %d days ahead (%s)", n.en, days, AnnounceBasis[k])
}

// MeetingKinds lists the kinds the village may schedule, each with its
// earliest start when announced now.
func (s *Service) MeetingKinds(ctx context.Context, villageID string) ([]KindInfo, time.Time, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return nil, time.Time{}, err
	}
	now := s.Now()
	out := []KindInfo{}
	for _, k := range kindsOf(v.Kind) {
		zh, en := announceRule(k)
		ahead := AnnounceAhead[k]
		info := KindInfo{Kind: k, NameZh: k.Zh(), NameEn: k.En(), AnnounceDays: int(ahead / (24 * time.Hour)),
			AnnounceBasis: AnnounceBasis[k], AnnounceZh: zh, AnnounceEn: en, EarliestStartsAt: now.Add(ahead).Add(time.Minute),
			NeedsBody: k == vote.CouncilVote || k == vote.BoardVote, NeedsGroup: k == vote.GroupMeeting}
		switch k {
		case vote.CouncilVote:
			info.BodyKinds = []string{org.BodyCouncil}
		case vote.BoardVote:
			info.BodyKinds = []string{org.BodyMoralBoard, org.BodyAssociation}
		}
		out = append(out, info)
	}
	return out, now, nil
}

// announcedLate is the refusal of a start too early for the kind, under the
// date field, with the rule and the earliest time it may start.
func announcedLate(k vote.MeetingKind, now time.Time) error {
	zh, en := announceRule(k)
	earliest := now.Add(AnnounceAhead[k])
	e := web.New(422, ErrAnnouncedLate.Code,
		fmt.Sprintf("%s：最早可以定在 %s %s 以后；遇有特殊情况临时召开的，请写明特殊情况", zh, web.DateZh(earliest), web.ClockTime(earliest)),
		fmt.Sprintf("%s: the earliest start is after %s %s; for short notice in special circumstances, record the reason", en, web.DateEn(earliest), web.ClockTime(earliest)))
	return e.OnField("starts_at").WithDetails(map[string]any{"earliest_starts_at": earliest, "basis": AnnounceBasis[k]})
}

// Person is someone eligible for a meeting, as a picker shows them.
type Person struct {
	ResidentNo        string `json:"resident_no"`
	Name              string `json:"name"`
	Group             string `json:"group,omitempty"`
	HouseholdNo       string `json:"household_no"`
	HouseholdHeadName string `json:"household_head_name,omitempty"`
	// Role is the person's role in the meeting's body (chair, secretary,
	// member), empty for an assembly.
	Role string `json:"role,omitempty"`
}

// PeopleQuery is who to list: the meeting's kind, body and group, and a
// part of the name.
type PeopleQuery struct {
	Kind   vote.MeetingKind `query:"kind" json:"kind" validate:"required,oneof=villagers_meeting representatives_meeting group_meeting residents_meeting council board member_assembly member_representatives_assembly"`
	BodyID string           `query:"body_id" json:"body_id" validate:"omitempty,code"`
	Group  string           `query:"group" json:"group" validate:"omitempty,max=32"`
	Q      string           `query:"q" json:"q" validate:"omitempty,max=32"`
	Limit  int              `query:"limit" json:"limit" validate:"omitempty,min=1,max=200"`
}

// People lists those eligible for a meeting of the kind, by name: the
// body's members first (chair, secretary, members), then the others by
// name; q keeps those whose name holds it.
func (s *Service) People(ctx context.Context, villageID string, in PeopleQuery) ([]Person, int, error) {
	if (in.Kind == vote.CouncilVote || in.Kind == vote.BoardVote) && in.BodyID == "" {
		return nil, 0, vote.ErrBodyRequired.OnField("body_id")
	}
	if in.Kind == vote.GroupMeeting && in.Group == "" {
		return nil, 0, web.New(422, "group_required", "请选择村民小组", "Name the villager group").OnField("group")
	}
	electorate, _, err := s.electorate(ctx, villageID, Meeting{Kind: in.Kind, BodyID: in.BodyID, Group: in.Group}, s.Now())
	if err != nil {
		return nil, 0, err
	}
	residents, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return nil, 0, err
	}
	heads := map[string]string{}
	for _, r := range residents {
		if r.HouseholdHead {
			heads[r.HouseholdNo] = r.Name
		}
	}
	roles := map[string]string{}
	if bodyID := in.BodyID; bodyID != "" || in.Kind == vote.RepresentativesMeeting || in.Kind == vote.MemberRepresentativesAssembly {
		if in.Kind == vote.RepresentativesMeeting {
			bodyID = "representatives"
		}
		if in.Kind == vote.MemberRepresentativesAssembly {
			bodyID = vote.MemberRepresentativesBody
		}
		bodies, err := s.orgs.Bodies(ctx, villageID)
		if err != nil {
			return nil, 0, err
		}
		for _, b := range bodies {
			if b.ID == bodyID {
				for _, m := range b.Members {
					roles[m.ResidentNo] = m.Role
				}
			}
		}
	}
	out := []Person{}
	for _, r := range residents {
		if _, ok := electorate[r.No]; !ok || in.Q != "" && !strings.Contains(r.Name, in.Q) {
			continue
		}
		out = append(out, Person{ResidentNo: r.No, Name: r.Name, Group: r.Group, HouseholdNo: r.HouseholdNo,
			HouseholdHeadName: heads[r.HouseholdNo], Role: roles[r.No]})
	}
	rank := map[string]int{org.MemberChair: 0, org.MemberSecretary: 1, org.MemberMember: 2, "": 3}
	names := collate.New(language.SimplifiedChinese) // pinyin order, as a register is read
	slices.SortStableFunc(out, func(a, b Person) int {
		if d := rank[a.Role] - rank[b.Role]; d != 0 {
			return d
		}
		return names.CompareString(a.Name, b.Name)
	})
	total := len(out)
	limit := in.Limit
	if limit == 0 {
		limit = 50
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, total, nil
}

// nameParticipants keeps the names of convener, chair and recorder given
// as resident numbers of the register; free text stays as typed.
func (s *Service) nameParticipants(ctx context.Context, villageID string, m *Meeting) error {
	for _, p := range []struct {
		no   string
		name *string
	}{{m.Convener, &m.ConvenerName}, {m.Chair, &m.ChairName}, {m.Recorder, &m.RecorderName}} {
		if p.no == "" {
			continue
		}
		if r, err := s.orgs.Resident(ctx, villageID, p.no); err == nil {
			*p.name = r.Name
		}
	}
	return nil
}
