package servicedesk

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"yishi/modules/audit"
	"yishi/modules/store/storetest"
	"yishi/modules/web"
	"yishi/policies"
)

// desk is the service on a real embedded store with the published lists of
// the real Casbin enforcer (policies/policy.csv), on a fixed clock.
type desk struct {
	t   *testing.T
	ctx context.Context
	svc *Service
	now time.Time
}

const (
	village = "v1"
	answer  = "street_official:service_request.answer"
)

var (
	resident  = web.Actor{AccountID: "acc-r1", VillageID: village, ResidentNo: "R001", Role: "resident"}
	neighbour = web.Actor{AccountID: "acc-r2", VillageID: village, ResidentNo: "R002", Role: "resident"}
	secretary = web.Actor{AccountID: "acc-sec", VillageID: village, Role: "secretary"}
	official  = web.Actor{AccountID: "acc-off", Role: "street_official"}
)

func newDesk(t *testing.T) *desk {
	t.Helper()
	e, err := policies.New()
	if err != nil {
		t.Fatal(err)
	}
	d := &desk{t: t, ctx: context.Background(), now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	d.svc = NewService(storetest.Open(t), audit.New(), e.Published, func() time.Time { return d.now })
	return d
}

// refused fails unless err is the API error want.
func refused(t *testing.T, what string, err error, want *web.Error) {
	t.Helper()
	var got *web.Error
	if !errors.As(err, &got) || got.Code != want.Code {
		t.Errorf("%s: got %v, want %s", what, err, want.Code)
	}
}

// TestFileOnlyByAVillagerOfThisVillageForAListedService: a resident of the
// village files a service on the published list; a resident of another
// village, an account with no resident behind it and a service not on the
// list are refused.
func TestFileOnlyByAVillagerOfThisVillageForAListedService(t *testing.T) {
	d := newDesk(t)
	in := NewRequest{Service: answer, Text: "请安排议事规则培训"}
	r, err := d.svc.File(d.ctx, village, resident, in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusFiled || r.Kind != KindService || r.Version != 1 || len(r.History) != 1 || r.History[0].Role != "resident" || !r.FiledAt.Equal(d.now) {
		t.Errorf("filed request %+v", r)
	}
	_, err = d.svc.File(d.ctx, "v2", resident, in)
	refused(t, "another village", err, ErrNotVillager)
	_, err = d.svc.File(d.ctx, village, secretary, in)
	refused(t, "no resident behind the account", err, ErrNotVillager)
	_, err = d.svc.File(d.ctx, village, resident, NewRequest{Service: "street_official:lunch.provide", Text: "x"})
	refused(t, "not on the list", err, ErrNotOnList)
	got, err := d.svc.Get(d.ctx, village, r.ID)
	if err != nil || got.ID != r.ID || got.Text != in.Text {
		t.Errorf("stored request %+v, %v", got, err)
	}
	_, err = d.svc.Get(d.ctx, village, "nope")
	refused(t, "unknown id", err, ErrRequestNotFound)
}

// TestCertificateOnlyFromTheWhitelist: every whitelisted certificate is
// taken; any other is refused with the 2022 opinion's rule quoted.
func TestCertificateOnlyFromTheWhitelist(t *testing.T) {
	d := newDesk(t)
	for _, c := range Certificates {
		r, err := d.svc.RequestCertificate(d.ctx, village, resident, NewCertificateRequest{Certificate: c.Key, Purpose: "办理社保"})
		if err != nil || r.Kind != KindCertificate || r.Certificate != c.Key {
			t.Errorf("%s: %+v, %v", c.Key, r, err)
		}
	}
	_, err := d.svc.RequestCertificate(d.ctx, village, resident, NewCertificateRequest{Certificate: "no_criminal_record", Purpose: "求职"})
	refused(t, "unlisted certificate", err, ErrCertificate)
	if !strings.Contains(ErrCertificate.Message, "厅字〔2022〕28号") {
		t.Errorf("the refusal does not quote the rule: %s", ErrCertificate.Message)
	}
	_, err = d.svc.RequestCertificate(d.ctx, "v2", resident, NewCertificateRequest{Certificate: "residence", Purpose: "x"})
	refused(t, "another village", err, ErrNotVillager)
}

// TestRequestForwardedAnsweredClosedByItsResidentOnly walks filed →
// forwarded → answered (by the street) → closed, each step from its own
// statuses only, and the close by the resident who filed it only.
func TestRequestForwardedAnsweredClosedByItsResidentOnly(t *testing.T) {
	d := newDesk(t)
	r, err := d.svc.File(d.ctx, village, resident, NewRequest{Service: answer, Text: "路灯坏了"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.svc.Step(d.ctx, village, r.ID, official, []string{StatusForwarded}, StatusAnswered, "street", "已修")
	refused(t, "the street answers what was not forwarded", err, ErrWrongStatus)
	d.now = d.now.Add(time.Hour)
	if r, err = d.svc.Step(d.ctx, village, r.ID, secretary, []string{StatusFiled}, StatusForwarded, "", "转街道"); err != nil {
		t.Fatal(err)
	}
	if !r.Forwarded || r.Version != 2 || !r.UpdatedAt.Equal(d.now) {
		t.Errorf("forwarded %+v", r)
	}
	if r, err = d.svc.Step(d.ctx, village, r.ID, official, []string{StatusForwarded}, StatusAnswered, "street", "下周修复"); err != nil {
		t.Fatal(err)
	}
	if r.Answer != "下周修复" || r.AnsweredBy != "street" {
		t.Errorf("answered %+v", r)
	}
	_, err = d.svc.Step(d.ctx, village, r.ID, neighbour, []string{StatusAnswered}, StatusClosed, "", "")
	refused(t, "another resident closes it", err, ErrNotOwner)
	if r, err = d.svc.Step(d.ctx, village, r.ID, resident, []string{StatusAnswered}, StatusClosed, "", ""); err != nil {
		t.Fatal(err)
	}
	want := []string{StatusFiled, StatusForwarded, StatusAnswered, StatusClosed}
	var got []string
	for _, e := range r.History {
		got = append(got, e.Status)
	}
	if !slices.Equal(got, want) || r.Version != 4 {
		t.Errorf("history %v (version %d), want %v", got, r.Version, want)
	}
	_, err = d.svc.Step(d.ctx, village, r.ID, resident, []string{StatusAnswered}, StatusClosed, "", "")
	refused(t, "closed twice", err, ErrWrongStatus)
}

// TestMineIsTheResidentsOwnNewestFirst: a resident sees only their own
// requests, the newest first; an account without a resident sees none.
func TestMineIsTheResidentsOwnNewestFirst(t *testing.T) {
	d := newDesk(t)
	var ids []string
	for i, who := range []web.Actor{resident, neighbour, resident} {
		d.now = d.now.Add(time.Duration(i+1) * time.Minute)
		r, err := d.svc.File(d.ctx, village, who, NewRequest{Service: answer, Text: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if who.AccountID == resident.AccountID {
			ids = append(ids, r.ID)
		}
	}
	mine, err := d.svc.Mine(d.ctx, village, resident)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 2 || mine[0].ID != ids[1] || mine[1].ID != ids[0] {
		t.Errorf("mine %+v, want %v newest first", mine, ids)
	}
	_, err = d.svc.Mine(d.ctx, village, secretary)
	refused(t, "no resident", err, ErrNotVillager)
}

// TestTaskAdmittedOnlyWithEveryConditionOfThe2022Opinion (moved from app/,
// where the routes' permissions stay in the role × action matrix): a street
// official's task on the whitelist with its basis, a county deployment and
// funding is admitted (fields trimmed); each missing condition is refused
// with its own rule; a role without the power is refused as unlisted.
func TestTaskAdmittedOnlyWithEveryConditionOfThe2022Opinion(t *testing.T) {
	d := newDesk(t)
	kind := TaskKinds[0]
	ok := func() NewTask {
		return NewTask{Kind: kind.Key, Title: "人口普查入户登记", Basis: " " + kind.Basis + " ", Deployment: " 县委办〔2026〕3号 ", Department: " 县统计局 ", Funding: "县统计局人口普查专项经费"}
	}
	task, err := d.svc.Assign(d.ctx, village, official, ok())
	if err != nil {
		t.Fatal(err)
	}
	if task.Basis != kind.Basis || task.Deployment != "县委办〔2026〕3号" || task.Department != "县统计局" || task.Power != PowerAssign || task.AssignedBy != official.AccountID {
		t.Errorf("admitted task %+v", task)
	}
	for _, c := range []struct {
		name   string
		who    web.Actor
		change func(*NewTask)
		want   *web.Error
	}{
		{"unknown kind", official, func(n *NewTask) { n.Kind = "collect_fees" }, ErrTaskNotListed},
		{"role without the power", secretary, func(*NewTask) {}, ErrTaskNotListed},
		{"another kind's basis", official, func(n *NewTask) { n.Basis = TaskKinds[1].Basis }, ErrTaskBasis},
		{"no basis", official, func(n *NewTask) { n.Basis = "" }, ErrTaskBasis},
		{"no kind", official, func(n *NewTask) { n.Kind = "" }, ErrTaskNotListed},
		{"forms as proof", official, func(n *NewTask) { n.Proof = "form" }, ErrTaskProof},
		{"no deployment", official, func(n *NewTask) { n.Deployment = "  " }, ErrTaskNotDeployed},
		{"no funding", official, func(n *NewTask) { n.Funding = "\t" }, ErrTaskUnfunded},
		{"no entrusting department", official, func(n *NewTask) { n.Department = " " }, ErrTaskNoDepartment},
		{"screenshots as proof", official, func(n *NewTask) { n.Proof = "screenshot" }, ErrTaskProof},
		{"a new post", official, func(n *NewTask) { n.NewPost = true }, ErrTaskPost},
	} {
		in := ok()
		c.change(&in)
		_, err := d.svc.Assign(d.ctx, village, c.who, in)
		refused(t, c.name, err, c.want)
		var e *web.Error
		if c.want == ErrTaskNoDepartment {
			// The Organic Laws' own rule: the entrusting department pays.
			if !errors.As(err, &e) || !strings.Contains(e.MessageEn, "V2026 Art. 43 ¶2") || !strings.Contains(e.Message, "经费由委托部门承担") || e.Fields["department"].Message == "" {
				t.Errorf("%s: the refusal does not quote V2026 Art. 43 ¶2 on its field: %+v", c.name, e)
			}
			continue
		}
		if errors.As(err, &e) && (!strings.Contains(e.Message, "关于规范村级组织工作事务") || !strings.Contains(e.MessageEn, "2022")) {
			t.Errorf("%s: the refusal does not name the guidance: %+v", c.name, e)
		}
	}
	in := ok()
	in.Proof = "meeting_record" // a proof the opinion does not forbid
	if _, err := d.svc.Assign(d.ctx, village, official, in); err != nil {
		t.Errorf("an allowed proof refused: %v", err)
	}
}

// TestServicesForEachRoleFromThePublishedList: a resident is offered the
// street's answers, not the cadres' training; a street official the
// district's answers; every line keeps its basis.
func TestServicesForEachRoleFromThePublishedList(t *testing.T) {
	d := newDesk(t)
	keys := func(role string) []string {
		var out []string
		for _, l := range d.svc.ServicesFor(role) {
			if l.Basis == "" {
				t.Errorf("%s: line %s has no basis", role, l.Key)
			}
			out = append(out, l.Key)
		}
		return out
	}
	if got := keys("resident"); !slices.Equal(got, []string{answer}) {
		t.Errorf("resident is offered %v", got)
	}
	if got := keys("council_member"); !slices.Contains(got, "street_official:training.provide") || slices.Contains(got, answer) {
		t.Errorf("council member is offered %v", got)
	}
	if got := keys("street_official"); !slices.Equal(got, []string{"district_official:service_request.answer"}) {
		t.Errorf("street official is offered %v", got)
	}
	if len(d.svc.Services()) < 3 {
		t.Errorf("services %v", d.svc.Services())
	}
}
