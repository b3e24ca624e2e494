package org

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// The village affairs supervision committee (村务监督委员会, V2026 Art. 37; urban
// 居务监督委员会, U2026 Art. 36) is its own body: elected by the villagers'
// (residents') meeting or the representatives' meeting, its term equal to the
// committee's, and no member of the villagers' (residents') committee nor a
// close relative of one may sit on it. The register records the close
// relatives residents declared, so the bar can be checked; the committee is
// the body of kind committee (or, as the representatives' roster has it, the
// body whose code is "committee").

// More body kinds.
const (
	BodySupervision = "supervision"
	BodyCommittee   = "committee"
)

// CommitteeBodyID is the code of the villagers' (residents') committee's body.
const CommitteeBodyID = "committee"

// collRelatives holds the declared close relatives, one document a resident,
// apart from the register so that re-importing the register keeps them.
const collRelatives = "relatives"

// Decision is the meeting decision that elected a body: a closed vote of the
// villagers' (residents') meeting or the representatives' meeting, picked by
// its title.
type Decision struct {
	VoteID      string    `bson:"vote_id" json:"vote_id" validate:"required,max=64"`
	Title       string    `bson:"title" json:"title"`
	MeetingKind string    `bson:"meeting_kind" json:"meeting_kind"`
	ClosedAt    time.Time `bson:"closed_at,omitempty" json:"closed_at,omitzero"`
}

// Relatives are the close relatives one resident declared, by number.
type Relatives struct {
	ResidentNo string   `bson:"_id" json:"resident_no"`
	Relatives  []string `bson:"relatives" json:"relatives"`
}

// Errors of the supervision committee.
var (
	ErrElectedBy = web.New(422, "supervision_elected_by",
		"村务监督委员会由村民会议或者村民代表会议推选产生（《村民委员会组织法》第三十七条第一款）：请选出推选它的那次会议的决定",
		"Under V2026 Art. 37 ¶1 the supervision committee is elected by the villagers' meeting or the representatives' meeting: pick the decision that elected it")
	ErrBadRelative = web.New(422, "bad_relative", "近亲属须是本村名册上的其他人", "A close relative must be someone else in the village's register")
)

// SupervisionBasis is the article of the bar, by the village's kind.
func SupervisionBasis(v Org) string {
	if v.Kind == KindCommunity {
		return "U2026 Art. 36 ¶1"
	}
	return "V2026 Art. 37 ¶1"
}

// barred is the refusal of a member the bar keeps out, under the members
// field, naming the person, why, and the article.
func barred(v Org, who, why, whyEn string) error {
	law, lawEn := "《村民委员会组织法》第三十七条第一款", "V2026 Art. 37 ¶1"
	body, bodyEn := "村民委员会成员及其近亲属不得担任村务监督机构成员", "members of the villagers' committee and their close relatives may not be members of the supervision committee"
	if v.Kind == KindCommunity {
		law, lawEn = "《城市居民委员会组织法》第三十六条第一款", "U2026 Art. 36 ¶1"
		body, bodyEn = "居民委员会成员及其近亲属不得担任居务监督委员会成员", "members of the residents' committee and their close relatives may not be members of the supervision committee"
	}
	return web.New(422, "supervision_bar", fmt.Sprintf("%s%s：%s（%s）", who, why, body, law),
		fmt.Sprintf("%s %s: under %s %s", who, whyEn, lawEn, bodyEn)).OnField("members").WithDetails(map[string]any{"basis": lawEn})
}

// SetRelatives records the close relatives a resident declared (it
// replaces the earlier list); each must be another resident of the register.
func (s *Service) SetRelatives(ctx context.Context, who web.Actor, villageID, no string, nos []string) (Relatives, error) {
	if _, err := s.Resident(ctx, villageID, no); err != nil {
		return Relatives{}, err
	}
	out := Relatives{ResidentNo: no, Relatives: []string{}}
	for _, r := range nos {
		if r == no {
			return Relatives{}, ErrBadRelative.OnField("relatives")
		}
		if _, err := s.Resident(ctx, villageID, r); err != nil {
			return Relatives{}, ErrBadRelative.OnField("relatives")
		}
		if !slices.Contains(out.Relatives, r) {
			out.Relatives = append(out.Relatives, r)
		}
	}
	_, err := s.store.Village(villageID).Collection(collRelatives).ReplaceOne(ctx, bson.M{"_id": no}, out, options.Replace().SetUpsert(true))
	if err != nil {
		return Relatives{}, fmt.Errorf("set relatives of %s: %w", no, err)
	}
	return out, s.audit.Write(ctx, s.store.Village(villageID), who, "relatives.record", "resident/"+out.ResidentNo, "")
}

// AllRelatives lists every resident's declared close relatives.
func (s *Service) AllRelatives(ctx context.Context, villageID string) ([]Relatives, error) {
	cur, err := s.store.Village(villageID).Collection(collRelatives).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list relatives: %w", err)
	}
	out := []Relatives{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list relatives: %w", err)
	}
	return out, nil
}

// related says whether two residents are close relatives by anyone's
// declaration: a relation declared by one side binds both.
func related(rs []Relatives, a, b string) bool {
	for _, r := range rs {
		if r.ResidentNo == a && slices.Contains(r.Relatives, b) || r.ResidentNo == b && slices.Contains(r.Relatives, a) {
			return true
		}
	}
	return false
}

// isCommittee says whether a body is the villagers' (residents') committee.
func isCommittee(b Body) bool { return b.Kind == BodyCommittee || b.ID == CommitteeBodyID }

// checkBar applies the bar to a body's members before they are stored: a
// supervision committee may hold no committee member nor their relative,
// and a committee no supervision member nor their relative.
func (s *Service) checkBar(ctx context.Context, villageID, bodyID, kind string, members []Member) error {
	var other func(Body) bool
	switch {
	case kind == BodySupervision:
		other = isCommittee
	case kind == BodyCommittee || bodyID == CommitteeBodyID:
		other = func(b Body) bool { return b.Kind == BodySupervision }
	default:
		return nil
	}
	v, err := s.Village(ctx, villageID)
	if err != nil {
		return err
	}
	bodies, err := s.Bodies(ctx, villageID)
	if err != nil {
		return err
	}
	rels, err := s.AllRelatives(ctx, villageID)
	if err != nil {
		return err
	}
	for _, b := range bodies {
		if b.ID == bodyID || !other(b) {
			continue
		}
		for _, m := range members {
			for _, o := range b.Members {
				if m.ResidentNo != o.ResidentNo && !related(rels, m.ResidentNo, o.ResidentNo) {
					continue
				}
				who, whom := s.nameOf(ctx, villageID, m.ResidentNo), s.nameOf(ctx, villageID, o.ResidentNo)
				if m.ResidentNo == o.ResidentNo {
					return barred(v, who, "是"+b.Name+"成员", "sits on "+b.Name)
				}
				return barred(v, who, "是"+b.Name+"成员"+whom+"申报的近亲属", "is a declared close relative of "+whom+" of "+b.Name)
			}
		}
	}
	return nil
}

func (s *Service) nameOf(ctx context.Context, villageID, no string) string {
	r, err := s.Resident(ctx, villageID, no)
	if err != nil || strings.TrimSpace(r.Name) == "" {
		return no
	}
	return r.Name
}

// planBody checks what a new body needs beyond its fields: the bar, and for
// a supervision committee the decision that elected it (one of the
// village's, from Decisions) and the committee's term.
func (s *Service) planBody(ctx context.Context, villageID string, b *Body, in NewBody) error {
	if err := s.checkBar(ctx, villageID, b.ID, b.Kind, b.Members); err != nil {
		return err
	}
	b.TermEnds = in.TermEnds
	if b.Kind != BodySupervision {
		return nil
	}
	if in.ElectedBy == nil || s.Decisions == nil {
		return ErrElectedBy.OnField("elected_by")
	}
	ds, err := s.Decisions(ctx, villageID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(ds, func(d Decision) bool { return d.VoteID == in.ElectedBy.VoteID })
	if i < 0 {
		return ErrElectedBy.OnField("elected_by")
	}
	b.ElectedBy = &ds[i]
	// Its term is the committee's (V2026 Art. 37 ¶1; U2026 Art. 36 ¶1).
	bodies, err := s.Bodies(ctx, villageID)
	if err != nil {
		return err
	}
	b.TermEnds = ""
	for _, c := range bodies {
		if isCommittee(c) {
			b.TermEnds = c.TermEnds
		}
	}
	return nil
}

// bodyKind is the kind of a stored body, for the bar on a change of members.
func (s *Service) bodyKind(ctx context.Context, villageID, bodyID string) (Body, error) {
	var b Body
	err := s.store.Village(villageID).Collection(collBodies).FindOne(ctx, bson.M{"_id": bodyID}).Decode(&b)
	if err == mongo.ErrNoDocuments {
		return Body{}, ErrBodyNotFound
	}
	if err != nil {
		return Body{}, fmt.Errorf("find body %s: %w", bodyID, err)
	}
	return b, nil
}
