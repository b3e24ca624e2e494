package moralboard

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store/storetest"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// board is the service on a real embedded store with the real vote engine:
// a village of 20 residents in households of four (H01: R001–R004, …,
// group 第1组 for H01 and H02), its moral review board (R002 chair, R006,
// R010, R014, R018: one in each household) and a 红白理事会 (R010), on a
// clock the test moves.
type board struct {
	t       *testing.T
	ctx     context.Context
	svc     *Service
	votes   *vote.Service
	village string
	now     time.Time
}

func newBoard(t *testing.T) *board {
	t.Helper()
	st := storetest.Open(t)
	ctx := context.Background()
	orgs := org.NewService(st, audit.New())
	if err := orgs.Init(ctx); err != nil {
		t.Fatal(err)
	}
	b := &board{t: t, ctx: ctx, now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	var parent string
	for _, o := range []org.NewOrg{{Code: "c", Name: "市", Level: org.LevelCity}, {Code: "d", Name: "区", Level: org.LevelDistrict},
		{Code: "s", Name: "镇", Level: org.LevelStreet}, {Code: "v", Name: "村", Level: org.LevelVillage, Kind: org.KindVillage}} {
		o.ParentID = parent
		made, err := orgs.Ensure(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		parent = made.ID
	}
	b.village = parent
	var rs []org.Resident
	names := []string{"陈建国", "陈秀英", "欧阳志强", "陈小明"}
	for i := range 20 {
		rs = append(rs, org.Resident{No: fmt.Sprintf("R%03d", i+1), HouseholdNo: fmt.Sprintf("H%02d", i/4+1), Name: names[i%4],
			Gender: "F", BirthDate: "1970-01-01", Group: fmt.Sprintf("第%d组", i/8+1), HouseholdHead: i%4 == 0})
	}
	if err := orgs.SeedResidents(ctx, b.village, rs); err != nil {
		t.Fatal(err)
	}
	members := []org.Member{{ResidentNo: "R002", Role: org.MemberChair}}
	for _, no := range []string{"R006", "R010", "R014", "R018"} {
		members = append(members, org.Member{ResidentNo: no, Role: org.MemberMember})
	}
	for _, body := range []org.NewBody{
		{ID: "moralboard", Kind: org.BodyMoralBoard, Name: "道德评议会", Members: members},
		{ID: "hongbai", Kind: org.BodyAssociation, Name: "红白理事会", Members: []org.Member{{ResidentNo: "R010", Role: org.MemberChair}}},
		{ID: "council", Kind: org.BodyCouncil, Name: "议事会", Members: []org.Member{{ResidentNo: "R001", Role: org.MemberChair}}},
	} {
		if err := orgs.EnsureBody(ctx, b.village, body); err != nil {
			t.Fatal(err)
		}
	}
	b.votes = vote.NewService(st, orgs, vote.Config{})
	b.svc = NewService(st, orgs, b.votes, audit.New(), func() time.Time { return b.now })
	b.votes.RegisterSubjects("case", b.svc)
	return b
}

// resident is the actor for resident no of the village.
func (b *board) resident(no string) web.Actor {
	return web.Actor{AccountID: "acc-" + no, VillageID: b.village, ResidentNo: no}
}

// member is a board member's actor (case.hear).
func (b *board) member(no string) web.Actor {
	a := b.resident(no)
	a.Role = "moralboard_member"
	return a
}

func (b *board) nominate(by, subject, category string) Case {
	b.t.Helper()
	c, err := b.svc.Nominate(b.ctx, b.village, b.resident(by), Nomination{SubjectKind: SubjectResident, SubjectNo: subject,
		Category: category, Description: "多次在巷口焚烧垃圾", Clause: "村规民约第五条"})
	if err != nil {
		b.t.Fatalf("nominate %s: %v", subject, err)
	}
	return c
}

// heard takes a told, answered case through a hearing where the members
// vote for verdict, and decides it.
func (b *board) heard(c Case, verdict string, voters ...string) Case {
	b.t.Helper()
	c, err := b.svc.OpenHearing(b.ctx, b.village, c.ID, b.member("R010"), nil)
	if err != nil {
		b.t.Fatalf("open hearing: %v", err)
	}
	vid := c.Hearings[len(c.Hearings)-1].VoteID
	for _, no := range voters {
		if _, err := b.votes.Cast(b.ctx, b.village, vid, vote.Voter{VillageID: b.village, ResidentNo: no}, vote.CastRequest{Choices: []string{verdict}}); err != nil {
			b.t.Fatalf("%s casts: %v", no, err)
		}
	}
	c, err = b.svc.Decide(b.ctx, b.village, c.ID, b.member("R014"))
	if err != nil {
		b.t.Fatalf("decide: %v", err)
	}
	return c
}

// answered has the subject respond, so the hearing may open at once.
func (b *board) answered(c Case, subject string) Case {
	b.t.Helper()
	c, err := b.svc.Respond(b.ctx, b.village, c.ID, b.resident(subject), "我已经改正")
	if err != nil {
		b.t.Fatalf("respond: %v", err)
	}
	got, err := b.svc.Get(b.ctx, b.village, c.ID)
	if err != nil {
		b.t.Fatal(err)
	}
	return got
}

func wantErr(t *testing.T, what string, err error, want *web.Error) {
	t.Helper()
	wantCode(t, what, err, want.Code)
}

// wantCode fails unless err is an API error with this code.
func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var got *web.Error
	if !errors.As(err, &got) || got.Code != code {
		t.Errorf("%s: got %v, want %s", what, err, code)
	}
}
