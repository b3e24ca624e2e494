package moralboard

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/org"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// Nomination is what a resident or board member files.
type Nomination struct {
	BodyID      string   `json:"body_id" validate:"omitempty,code"`
	SubjectKind string   `json:"subject_kind" validate:"required,oneof=resident household"`
	SubjectNo   string   `json:"subject_no" validate:"required,max=32"`
	Category    string   `json:"category" validate:"required,max=32"`
	Description string   `json:"description" validate:"required,max=4000"`
	Evidence    []string `json:"evidence" validate:"max=20,dive,url,max=500"`
	Clause      string   `json:"clause" validate:"required,max=500"`
}

// Nominate opens a case and tells its subject.
func (s *Service) Nominate(ctx context.Context, villageID string, by web.Actor, in Nomination) (Case, error) {
	if !by.Villager(villageID) {
		return Case{}, ErrNotVillager
	}
	b, err := s.body(ctx, villageID, in.BodyID)
	if err != nil {
		return Case{}, err
	}
	if !slices.Contains(categoriesOf(b), in.Category) {
		return Case{}, ErrBadCategory
	}
	c := Case{ID: randomID(), VillageID: villageID, BodyID: b.ID, Category: in.Category, SubjectKind: in.SubjectKind,
		SubjectNo: in.SubjectNo, Description: in.Description, Evidence: in.Evidence, Clause: in.Clause,
		NominatedBy: by.AccountID, NominatorNo: by.ResidentNo, NominatedAt: s.clock(), Status: StatusNominated, Hearings: []Hearing{}}
	if c.Evidence == nil {
		c.Evidence = []string{}
	}
	switch in.SubjectKind {
	case SubjectResident:
		r, err := s.orgs.Resident(ctx, villageID, in.SubjectNo)
		if err != nil {
			return Case{}, err
		}
		if r.No == by.ResidentNo {
			return Case{}, ErrSelfNomination
		}
		c.SubjectHousehold, c.SubjectGroup, c.SubjectSurname = r.HouseholdNo, r.Group, surname(r.Name)
	case SubjectHousehold:
		members, err := s.householdMembers(ctx, villageID, in.SubjectNo)
		if err != nil {
			return Case{}, err
		}
		if len(members) == 0 {
			return Case{}, ErrHouseholdAbsent
		}
		head := members[0]
		for _, r := range members {
			if r.HouseholdHead {
				head = r
			}
		}
		c.SubjectHousehold, c.SubjectGroup, c.SubjectSurname = in.SubjectNo, head.Group, surname(head.Name)
	}
	c.event(c.NominatedAt, "nominated", by.AccountID, in.Category)
	if _, err := s.db(villageID).Collection(collCases).InsertOne(ctx, c); err != nil {
		return Case{}, fmt.Errorf("nominate: %w", err)
	}
	if err := s.notify(ctx, c, "nominated"); err != nil {
		return Case{}, err
	}
	return c, s.write(ctx, villageID, by, "case.create", c.ID, c.BodyID+" "+c.Category)
}

// List returns the village's cases for the board.
func (s *Service) List(ctx context.Context, villageID, status string) ([]Case, error) {
	if err := s.settle(ctx, villageID); err != nil {
		return nil, err
	}
	filter := bson.M{}
	if status != "" {
		filter["status"] = status
	}
	return s.list(ctx, villageID, filter)
}

// View returns a case to a party: a board member (board: the caller may
// hear cases here), the nominator or the subject. The subject does not
// learn who nominated them.
func (s *Service) View(ctx context.Context, villageID, id string, who web.Actor, board bool) (Case, error) {
	if err := s.settle(ctx, villageID); err != nil {
		return Case{}, err
	}
	c, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Case{}, err
	}
	if board || who.Villager(villageID) && who.ResidentNo == c.NominatorNo {
		return c, nil
	}
	household, err := s.householdOf(ctx, villageID, who)
	if err != nil {
		return Case{}, err
	}
	if !c.isSubject(who.VillageID, who.ResidentNo, household) {
		return Case{}, ErrNotParty
	}
	if err := s.markTold(ctx, &c, who, "app"); err != nil {
		return Case{}, err
	}
	return subjectView(c), nil
}

// subjectView hides the nominator from the subject, so a neighbour's report
// does not become a feud.
func subjectView(c Case) Case {
	c.NominatedBy, c.NominatorNo = "", ""
	tl := make([]Event, len(c.Timeline))
	for i, e := range c.Timeline {
		e.Actor = ""
		tl[i] = e
	}
	c.Timeline = tl
	return c
}

func (s *Service) householdOf(ctx context.Context, villageID string, who web.Actor) (string, error) {
	if !who.Villager(villageID) {
		return "", nil
	}
	r, err := s.orgs.Resident(ctx, villageID, who.ResidentNo)
	if err != nil {
		var we *web.Error
		if errors.As(err, &we) && we.Status == 404 {
			return "", nil
		}
		return "", err
	}
	return r.HouseholdNo, nil
}

// markTold records that the subject has seen the case in the app.
func (s *Service) markTold(ctx context.Context, c *Case, who web.Actor, how string) error {
	if c.ToldAt != nil {
		return nil
	}
	now := s.clock()
	c.ToldAt, c.ToldHow = &now, how
	c.event(now, "told", who.AccountID, how)
	return s.save(ctx, c)
}

// Mine is a resident's cases: those about them (as their subject sees
// them) with their notifications, and those they nominated.
type Mine struct {
	Cases         []Case         `json:"cases"`
	Notifications []Notification `json:"notifications"`
	Nominated     []Case         `json:"nominated"`
}

// MyCases returns the cases whose subject is the caller (or their
// household), and marks their notifications read: the subject is told. It
// also returns the cases the caller nominated, so a nominator can follow
// them.
func (s *Service) MyCases(ctx context.Context, villageID string, who web.Actor) (Mine, error) {
	if !who.Villager(villageID) {
		return Mine{}, ErrNotVillager
	}
	if err := s.settle(ctx, villageID); err != nil {
		return Mine{}, err
	}
	household, err := s.householdOf(ctx, villageID, who)
	if err != nil {
		return Mine{}, err
	}
	all, err := s.list(ctx, villageID, bson.M{"$or": bson.A{
		bson.M{"subject_kind": SubjectResident, "subject_no": who.ResidentNo},
		bson.M{"subject_kind": SubjectHousehold, "subject_no": household},
	}})
	if err != nil {
		return Mine{}, err
	}
	out := Mine{Cases: []Case{}, Notifications: []Notification{}}
	if out.Nominated, err = s.list(ctx, villageID, bson.M{"nominator_no": who.ResidentNo}); err != nil {
		return Mine{}, err
	}
	for _, c := range all {
		if err := s.markTold(ctx, &c, who, "app"); err != nil {
			return Mine{}, err
		}
		out.Cases = append(out.Cases, subjectView(c))
	}
	db := s.db(villageID).Collection(collNotifications)
	cur, err := db.Find(ctx, bson.M{"resident_no": who.ResidentNo})
	if err != nil {
		return Mine{}, fmt.Errorf("list notifications: %w", err)
	}
	if err := cur.All(ctx, &out.Notifications); err != nil {
		return Mine{}, fmt.Errorf("list notifications: %w", err)
	}
	if _, err := db.UpdateMany(ctx, bson.M{"resident_no": who.ResidentNo, "read_at": nil}, bson.M{"$set": bson.M{"read_at": s.clock()}}); err != nil {
		return Mine{}, fmt.Errorf("mark notifications read: %w", err)
	}
	return out, nil
}

// Respond records the subject's answer, before the hearing.
func (s *Service) Respond(ctx context.Context, villageID, id string, who web.Actor, text string) (Case, error) {
	c, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Case{}, err
	}
	household, err := s.householdOf(ctx, villageID, who)
	if err != nil {
		return Case{}, err
	}
	if !c.isSubject(who.VillageID, who.ResidentNo, household) {
		return Case{}, ErrNotSubject
	}
	if c.Status != StatusNominated && c.Status != StatusNoVerdict {
		return Case{}, ErrWrongStatus
	}
	if c.Response != nil {
		return Case{}, ErrResponded
	}
	now := s.clock()
	c.Response = &Response{ResidentNo: who.ResidentNo, Text: text, At: now}
	if c.ToldAt == nil {
		c.ToldAt, c.ToldHow = &now, "app"
	}
	c.event(now, "responded", who.AccountID, "")
	if err := s.save(ctx, &c); err != nil {
		return Case{}, err
	}
	return subjectView(c), s.write(ctx, villageID, who, "case.respond", c.ID, "")
}

// RecordNotice records that a board member told the subject in person or
// on paper: a subject without an account is told too.
func (s *Service) RecordNotice(ctx context.Context, villageID, id string, who web.Actor, how, note string) (Case, error) {
	c, b, err := s.boardCase(ctx, villageID, id, who)
	if err != nil {
		return Case{}, err
	}
	_ = b
	if c.ToldAt != nil {
		return c, s.write(ctx, villageID, who, "case.notice", c.ID, how)
	}
	now := s.clock()
	c.ToldAt, c.ToldHow = &now, how
	c.event(now, "told", who.AccountID, how+" "+note)
	if err := s.save(ctx, &c); err != nil {
		return Case{}, err
	}
	return c, s.write(ctx, villageID, who, "case.notice", c.ID, how)
}

// Declare records a member's own recusal (a relative the register does not
// show, or another conflict), before the next hearing opens.
func (s *Service) Declare(ctx context.Context, villageID, id string, who web.Actor, note string) (Case, error) {
	c, _, err := s.boardCase(ctx, villageID, id, who)
	if err != nil {
		return Case{}, err
	}
	if c.Status == StatusHearing || c.Status == StatusAppealHearing || c.Status == StatusFinal {
		return Case{}, ErrWrongStatus
	}
	if !slices.ContainsFunc(c.Declared, func(r Recusal) bool { return r.ResidentNo == who.ResidentNo }) {
		c.Declared = append(c.Declared, Recusal{ResidentNo: who.ResidentNo, Reason: RecusedDeclared, Note: note})
		c.event(s.clock(), "recused", who.AccountID, note)
		if err := s.save(ctx, &c); err != nil {
			return Case{}, err
		}
	}
	return c, s.write(ctx, villageID, who, "case.recuse", c.ID, who.ResidentNo)
}

// boardCase loads a case for a member of the body that hears it.
func (s *Service) boardCase(ctx context.Context, villageID, id string, who web.Actor) (Case, org.Body, error) {
	c, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Case{}, org.Body{}, err
	}
	b, err := s.body(ctx, villageID, c.BodyID)
	if err != nil {
		return Case{}, org.Body{}, err
	}
	if !who.Villager(villageID) || !isMember(b, who.ResidentNo) {
		return Case{}, org.Body{}, ErrNotMember
	}
	return c, b, nil
}

// recusals are the members of b who do not hear c: who nominated it, who
// shares the subject's household in the register, and who declared.
func (s *Service) recusals(ctx context.Context, c Case, b org.Body) ([]Recusal, error) {
	residents, err := s.orgs.Residents(ctx, c.VillageID)
	if err != nil {
		return nil, err
	}
	household := map[string]string{}
	for _, r := range residents {
		household[r.No] = r.HouseholdNo
	}
	out := []Recusal{}
	for _, m := range b.Members {
		switch {
		case m.ResidentNo == c.NominatorNo:
			out = append(out, Recusal{ResidentNo: m.ResidentNo, Reason: RecusedNominator})
		case household[m.ResidentNo] != "" && household[m.ResidentNo] == c.SubjectHousehold:
			out = append(out, Recusal{ResidentNo: m.ResidentNo, Reason: RecusedRelative})
		default:
			if i := slices.IndexFunc(c.Declared, func(r Recusal) bool { return r.ResidentNo == m.ResidentNo }); i >= 0 {
				out = append(out, c.Declared[i])
			}
		}
	}
	return out, nil
}

func recused(rs []Recusal, residentNo string) bool {
	return slices.ContainsFunc(rs, func(r Recusal) bool { return r.ResidentNo == residentNo })
}

// OpenHearing opens the board's vote on the case (or on its appeal), with
// the recused members left out of the electorate.
func (s *Service) OpenHearing(ctx context.Context, villageID, id string, who web.Actor, closesAt *time.Time) (Case, error) {
	c, b, err := s.boardCase(ctx, villageID, id, who)
	if err != nil {
		return Case{}, err
	}
	stage := "hearing"
	switch c.Status {
	case StatusNominated, StatusNoVerdict:
		if c.ToldAt == nil {
			return Case{}, ErrSubjectNotTold
		}
		if c.Response == nil && s.clock().Before(c.ToldAt.Add(ResponseDays*24*time.Hour)) {
			return Case{}, ErrResponseWindow
		}
	case StatusAppealed:
		stage = "appeal"
	default:
		return Case{}, ErrWrongStatus
	}
	rs, err := s.recusals(ctx, c, b)
	if err != nil {
		return Case{}, err
	}
	if recused(rs, who.ResidentNo) {
		return Case{}, ErrRecused
	}
	exclude := make([]string, 0, len(rs))
	for _, r := range rs {
		exclude = append(exclude, r.ResidentNo)
	}
	opts := make([]vote.Option, 0, len(verdictOptions))
	for _, o := range verdictOptions {
		opts = append(opts, vote.Option{Key: o.Key, Label: o.Label})
	}
	v, err := s.votes.OpenWithout(context.WithValue(ctx, hearingKey{}, c.ID), villageID, who, vote.OpenRequest{
		SubjectKind: "case", SubjectID: c.ID, MeetingKind: vote.BoardVote, BodyID: b.ID, Options: opts, MaxChoices: 1, ClosesAt: closesAt,
	}, exclude)
	if err != nil {
		return Case{}, err
	}
	now := s.clock()
	c.Hearings = append(c.Hearings, Hearing{Stage: stage, VoteID: v.ID, OpenedAt: now, Recusals: rs})
	if stage == "appeal" {
		c.Status = StatusAppealHearing
	} else {
		c.Status = StatusHearing
	}
	c.event(now, stage+"_opened", who.AccountID, fmt.Sprintf("vote %s, %d recused", v.ID, len(rs)))
	if err := s.save(ctx, &c); err != nil {
		return Case{}, err
	}
	if err := s.notify(ctx, c, stage+"_opened"); err != nil {
		return Case{}, err
	}
	if err := s.tellBoardVote(ctx, c); err != nil {
		return Case{}, err
	}
	h := c.Hearings[len(c.Hearings)-1]
	return c, s.write(ctx, villageID, who, "case.hear", c.ID, fmt.Sprintf("%s vote %s recused %d", h.Stage, h.VoteID, len(h.Recusals)))
}

// Decide closes the hearing's vote (if still open) and records the verdict:
// the option that passed, or none. An appeal without a majority for any
// verdict leaves the first verdict standing.
func (s *Service) Decide(ctx context.Context, villageID, id string, who web.Actor) (Case, error) {
	c, _, err := s.boardCase(ctx, villageID, id, who)
	if err != nil {
		return Case{}, err
	}
	if c.Status != StatusHearing && c.Status != StatusAppealHearing {
		return Case{}, ErrWrongStatus
	}
	h := &c.Hearings[len(c.Hearings)-1]
	if recused(h.Recusals, who.ResidentNo) {
		return Case{}, ErrRecused
	}
	v, err := s.votes.Close(ctx, villageID, h.VoteID, who)
	if errors.Is(err, vote.ErrClosed) {
		v, _, err = s.votes.Get(ctx, villageID, h.VoteID)
	}
	if err != nil {
		return Case{}, err
	}
	verdict := ""
	if v.Result != nil {
		for _, o := range verdictOptions {
			if v.Result.Passed[o.Key] {
				verdict = o.Key
				break
			}
		}
		h.Counts = v.Result.Counts
	}
	now := s.clock()
	h.ClosedAt, h.Verdict = &now, verdict
	settings, err := s.Settings(ctx, villageID)
	if err != nil {
		return Case{}, err
	}
	table, err := s.currentTable(ctx, villageID)
	if err != nil {
		return Case{}, err
	}
	detail := verdict
	if detail == "" {
		detail = "no majority"
	}
	if h.Stage == "appeal" {
		c.event(now, "appeal_decided", who.AccountID, detail)
		if verdict != "" && verdict != c.Verdict {
			c.Verdict, c.DecidedAt, c.PointsVersion = verdict, &now, table.Version
		}
		s.finalise(&c, now, settings)
	} else {
		c.event(now, "decided", who.AccountID, detail)
		if verdict == "" {
			c.Status = StatusNoVerdict
		} else {
			c.Verdict, c.DecidedAt, c.PointsVersion = verdict, &now, table.Version
			if appealable(verdict) {
				deadline := now.AddDate(0, 0, settings.AppealDays)
				c.Status, c.AppealDeadline = StatusDecided, &deadline
			} else {
				s.finalise(&c, now, settings)
			}
		}
	}
	if err := s.save(ctx, &c); err != nil {
		return Case{}, err
	}
	if c.Status == StatusFinal {
		if err := s.award(ctx, c); err != nil {
			return Case{}, err
		}
	}
	if err := s.notify(ctx, c, "verdict"); err != nil {
		return Case{}, err
	}
	return c, s.write(ctx, villageID, who, "case.decide", c.ID, c.Status+" "+c.Verdict)
}

// finalise makes the verdict final at 'at'; a criticism goes on the warning
// list from then until the village's period ends.
func (s *Service) finalise(c *Case, at time.Time, st Settings) {
	c.Status, c.FinalAt = StatusFinal, &at
	if c.Verdict == VerdictCriticism {
		until := at.AddDate(0, st.WarningMonths, 0)
		c.ListedUntil = &until
	}
}

// AppealCase files the subject's one appeal, within the appeal period.
func (s *Service) AppealCase(ctx context.Context, villageID, id string, who web.Actor, reason string) (Case, error) {
	if err := s.settle(ctx, villageID); err != nil {
		return Case{}, err
	}
	c, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Case{}, err
	}
	household, err := s.householdOf(ctx, villageID, who)
	if err != nil {
		return Case{}, err
	}
	if !c.isSubject(who.VillageID, who.ResidentNo, household) {
		return Case{}, ErrNotSubject
	}
	if c.Appeal != nil {
		return Case{}, ErrAppealUsed
	}
	if c.Verdict == "" || !appealable(c.Verdict) {
		return Case{}, ErrNotAppealable
	}
	now := s.clock()
	if c.Status != StatusDecided || c.AppealDeadline == nil || !now.Before(*c.AppealDeadline) {
		return Case{}, ErrAppealPeriod
	}
	c.Appeal = &Appeal{ResidentNo: who.ResidentNo, Reason: reason, FiledAt: now}
	c.Status = StatusAppealed
	c.event(now, "appealed", who.AccountID, "")
	if err := s.save(ctx, &c); err != nil {
		return Case{}, err
	}
	return subjectView(c), s.write(ctx, villageID, who, "case.appeal", c.ID, "")
}

// settle makes final the verdicts whose appeal period has passed without
// an appeal. It runs before reads, so no timer is needed: the final time is
// the deadline itself, whenever settle notices it.
func (s *Service) settle(ctx context.Context, villageID string) error {
	due, err := s.list(ctx, villageID, bson.M{"status": StatusDecided, "appeal_deadline": bson.M{"$lte": s.clock()}})
	if err != nil {
		return err
	}
	if len(due) == 0 {
		return nil
	}
	settings, err := s.Settings(ctx, villageID)
	if err != nil {
		return err
	}
	for _, c := range due {
		s.finalise(&c, *c.AppealDeadline, settings)
		c.event(*c.AppealDeadline, "final", "", "appeal period passed")
		if err := s.save(ctx, &c); err != nil {
			if errors.Is(err, web.ErrConflict) {
				continue // another request settled it
			}
			return err
		}
		if err := s.award(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// Outcomes are the village's cases without their subjects: what a street
// official (outcome.read) may see.
func (s *Service) Outcomes(ctx context.Context, villageID string) ([]Outcome, error) {
	if err := s.settle(ctx, villageID); err != nil {
		return nil, err
	}
	cases, err := s.list(ctx, villageID, bson.M{})
	if err != nil {
		return nil, err
	}
	out := make([]Outcome, 0, len(cases))
	for _, c := range cases {
		o := Outcome{CaseID: c.ID, BodyID: c.BodyID, Category: c.Category, Clause: c.Clause, Status: c.Status, Verdict: c.Verdict,
			DecidedAt: c.DecidedAt, Appealed: c.Appeal != nil, VoteIDs: []string{}}
		for _, h := range c.Hearings {
			o.VoteIDs = append(o.VoteIDs, h.VoteID)
		}
		out = append(out, o)
	}
	return out, nil
}
