package main

import (
	"strings"
	"testing"
	"time"
)

// evaluationView is an evaluation as the API returns it.
type evaluationView struct {
	ID      string `json:"id"`
	Year    int    `json:"year"`
	Status  string `json:"status"`
	BasisZh string `json:"basis_zh"`
	Members []struct {
		ResidentNo      string `json:"resident_no"`
		Name            string `json:"name"`
		VoteID          string `json:"vote_id"`
		Unfit           int    `json:"unfit"`
		Voters          int    `json:"voters"`
		Counted         bool   `json:"counted"`
		UnfitByMajority bool   `json:"unfit_by_majority"`
		OfficeEnded     bool   `json:"office_ended"`
		ResultZh        string `json:"result_zh"`
		ResultEn        string `json:"result_en"`
	} `json:"members"`
}

// evaluationKit is a village with a committee of two and three
// representatives, the supervisor who hosts and the representatives who rate.
type evaluationKit struct {
	k          *propKit
	village    string
	supervisor *client
	raters     []*client
}

func newEvaluationKit(t *testing.T, k *propKit, path, village string) *evaluationKit {
	t.Helper()
	k.operator.mustJSON("POST", "/api/v1/orgs/"+village+"/bodies", map[string]any{"id": "committee", "kind": "council", "name": "村（居）民委员会",
		"members": seats([]string{"R007", "R011"})}, 201, nil)
	reps := seedRoster(t, k, village, "E", "F", 3)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+village+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "代表",
		"members": seats(reps)}, 201, nil)
	e := &evaluationKit{k: k, village: village, supervisor: k.account(path, "R015", "resident", "supervisor")}
	for _, no := range reps {
		e.raters = append(e.raters, k.account(path, no))
	}
	return e
}

// round opens an evaluation, has the raters rate each member (an empty
// rating: that rater does not rate that member) and closes it.
func (e *evaluationKit) round(t *testing.T, ratings map[string][]string) evaluationView {
	t.Helper()
	base := "/api/v1/orgs/" + e.village + "/evaluations"
	var ev evaluationView
	e.supervisor.mustJSON("POST", base, map[string]any{"meeting_kind": "representatives_meeting"}, 201, &ev)
	e.supervisor.mustError("POST", base, map[string]any{"meeting_kind": "representatives_meeting"}, 409, "evaluation_open")
	for _, m := range ev.Members {
		for i, r := range ratings[m.ResidentNo] {
			if r != "" {
				e.raters[i].mustJSON("POST", "/api/v1/orgs/"+e.village+"/votes/"+m.VoteID+"/ballots", map[string]any{"choices": []string{r}}, 201, nil)
			}
		}
	}
	e.supervisor.mustJSON("POST", base+"/"+ev.ID+"/close", nil, 200, &ev)
	return ev
}

func memberOf(t *testing.T, ev evaluationView, no string) int {
	t.Helper()
	for i, m := range ev.Members {
		if m.ResidentNo == no {
			return i
		}
	}
	t.Fatalf("%s is not in the evaluation: %+v", no, ev.Members)
	return -1
}

// TestV2026Art38TwoConsecutiveUnfitEndOffice: in 小罗村 the supervision
// committee hosts the evaluation of its two committee members at the
// representatives' meeting (3 representatives). R007 is rated unfit by 2 of
// 3, then by 2 of 2: the second close ends R007's office, the result says so
// with V2026 Art. 38 ¶2, and R007 leaves the committee list. R011, rated
// unfit by exactly half (1 of 2) the second time, stays. Neither a street
// official nor the secretary opens an evaluation; residents read the results.
func TestV2026Art38TwoConsecutiveUnfitEndOffice(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	e := newEvaluationKit(t, k, xlPath, k.xl)
	base := "/api/v1/orgs/" + k.xl + "/evaluations"
	k.ta.login(t, "13800000003").mustError("POST", base, map[string]any{"meeting_kind": "representatives_meeting"}, 403, "")
	k.account(xlPath, "R005", "resident", "secretary").mustError("POST", base, map[string]any{"meeting_kind": "representatives_meeting"}, 403, "")
	e.supervisor.mustError("POST", base, map[string]any{"meeting_kind": "residents_meeting"}, 422, "evaluation_meeting")

	first := e.round(t, map[string][]string{"R007": {"unfit", "unfit", "fit"}, "R011": {"fit", "basic", "unfit"}})
	r007 := first.Members[memberOf(t, first, "R007")]
	if !r007.UnfitByMajority || r007.OfficeEnded || !strings.Contains(r007.ResultZh, "不称职2票") {
		t.Fatalf("R007 rated unfit by 2 of 3 the first time: %+v", r007)
	}
	if r011 := first.Members[memberOf(t, first, "R011")]; r011.UnfitByMajority {
		t.Fatalf("R011 rated unfit by 1 of 3: %+v", r011)
	}

	second := e.round(t, map[string][]string{"R007": {"unfit", "unfit", ""}, "R011": {"unfit", "fit", ""}})
	r007 = second.Members[memberOf(t, second, "R007")]
	if !r007.OfficeEnded || !strings.Contains(r007.ResultZh, "村委会组织法2026年版第三十八条第二款") || !strings.Contains(r007.ResultZh, "职务终止") ||
		!strings.Contains(r007.ResultEn, "V2026 Art. 38 ¶2") {
		t.Fatalf("R007 rated unfit twice in a row: %+v", r007)
	}
	if r011 := second.Members[memberOf(t, second, "R011")]; r011.UnfitByMajority || r011.OfficeEnded {
		t.Fatalf("R011 rated unfit by exactly half (1 of 2): %+v", r011)
	}
	var ms struct {
		Members []struct {
			ResidentNo string `json:"resident_no"`
		} `json:"members"`
	}
	resident := k.account(xlPath, "R002")
	resident.mustJSON("GET", "/api/v1/orgs/"+k.xl+"/committee-members", nil, 200, &ms)
	if len(ms.Members) != 1 || ms.Members[0].ResidentNo != "R011" {
		t.Fatalf("the committee after R007's office ended: %+v", ms)
	}
	var list struct{ Evaluations []evaluationView }
	resident.mustJSON("GET", base, nil, 200, &list)
	if len(list.Evaluations) != 2 || list.Evaluations[0].ID != second.ID || list.Evaluations[0].Status != "closed" {
		t.Fatalf("the published results as a resident reads them: %+v", list.Evaluations)
	}
}

// TestU2026Art37EvaluationInACommunity: in 东田社区 the evaluation's basis is
// U2026 Art. 37; a villagers' meeting cannot evaluate there; two consecutive
// unfit ratings end the office under U2026 Art. 37 ¶2.
func TestU2026Art37EvaluationInACommunity(t *testing.T) {
	k := newPropKit(t)
	const dtPath = "/gz/hd/hs/dt"
	e := newEvaluationKit(t, k, dtPath, k.dt)
	e.supervisor.mustError("POST", "/api/v1/orgs/"+k.dt+"/evaluations", map[string]any{"meeting_kind": "villagers_meeting"}, 422, "evaluation_meeting")
	unfit := map[string][]string{"R007": {"unfit", "unfit", "unfit"}, "R011": {"fit", "fit", "fit"}}
	first := e.round(t, unfit)
	if !strings.Contains(first.BasisZh, "居委会组织法2026年版第三十七条") {
		t.Fatalf("the basis in a community: %s", first.BasisZh)
	}
	second := e.round(t, unfit)
	if m := second.Members[memberOf(t, second, "R007")]; !m.OfficeEnded || !strings.Contains(m.ResultZh, "居委会组织法2026年版第三十七条第二款") {
		t.Fatalf("two unfit in a community: %+v", m)
	}
}

// TestV2026Art38YearWithoutEvaluationAlertsTheStreet: a village that went
// through a whole year without an evaluation (V2026 Art. 38 ¶1: at least
// once a year) gets a line on the secretary's today and an alert to the
// street; a year with one raises neither. The year the village was set up
// in is not counted.
func TestV2026Art38YearWithoutEvaluationAlertsTheStreet(t *testing.T) {
	k := newPropKit(t)
	const xlPath = "/gz/hd/hs/xl"
	e := newEvaluationKit(t, k, xlPath, k.xl)
	secretary := k.account(xlPath, "R005", "resident", "council_member", "secretary")
	official := k.ta.login(t, "13800000003")
	check := func(want bool, when string) {
		t.Helper()
		l := todayKinds(t, secretary, k.xl, "evaluation_overdue")
		a := streetAlerts(t, k, official, k.xl, "evaluation_overdue")
		if want != (len(l) == 1) || want != (len(a) == 1) {
			t.Fatalf("%s: today %+v, alerts %+v (want a line and an alert: %v)", when, l, a, want)
		}
		if want && (!strings.Contains(l[0].DetailZh, "第三十八条第一款") || !strings.Contains(a[0].Basis, "第三十八条第一款") || l[0].Link.Route != "#/v/"+k.xl+"/evaluations") {
			t.Fatalf("%s: the line %+v and the alert %+v", when, l[0], a[0])
		}
	}
	now := k.ta.clock.now()
	nextYear := func(from time.Time, month time.Month) time.Duration {
		return time.Date(from.Year()+1, month, 15, 4, 0, 0, 0, time.UTC).Sub(from)
	}
	check(false, "the year the village was set up")
	k.ta.clock.advance(nextYear(now, time.June)) // June of next year: an evaluation is held
	e.round(t, map[string][]string{"R007": {"fit", "fit", "fit"}, "R011": {"fit", "fit", "fit"}})
	now = k.ta.clock.now()
	k.ta.clock.advance(nextYear(now, time.January))
	check(false, "the January after a year with an evaluation")
	now = k.ta.clock.now()
	k.ta.clock.advance(nextYear(now, time.January))
	check(true, "the January after a year without one")
}
