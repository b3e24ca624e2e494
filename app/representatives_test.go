package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"yishi/modules/org"
)

// seedRoster adds n residents of one gender, each a household of their own,
// and returns their numbers.
func seedRoster(t *testing.T, k *propKit, village, prefix, gender string, n int) []string {
	t.Helper()
	var rs []org.Resident
	var nos []string
	for i := range n {
		no := fmt.Sprintf("%s%02d", prefix, i)
		rs = append(rs, org.Resident{No: no, HouseholdNo: "H" + no, Name: "代表", Gender: gender, BirthDate: "1975-01-01"})
		nos = append(nos, no)
	}
	if err := k.ta.orgs.SeedResidents(context.Background(), village, rs); err != nil {
		t.Fatal(err)
	}
	return nos
}

func seats(nos ...[]string) []map[string]string {
	var out []map[string]string
	for _, ns := range nos {
		for _, no := range ns {
			out = append(out, map[string]string{"resident_no": no, "role": "member"})
		}
	}
	return out
}

// V2026 Art. 29 ¶1: women representatives are at least 1/3 of ALL members
// of the representatives' meeting, the committee included. With 3 committee
// members and 12 representatives (15 members), 5 women is exactly 1/3 and
// passes; 4 women is 1/3 of the representatives but not of the members, and
// is warned. A community's residents' representatives' meeting has no women
// quota (U2026 Art. 28 ¶1) and rests on U2026 Art. 29.
func TestV2026Art29WomenAtLeastOneThirdOfAllMembers(t *testing.T) {
	k := newPropKit(t)
	secretary := k.account("/gz/hd/hs/xl", "R005", "resident", "secretary")
	committee := seedRoster(t, k, k.xl, "C", "M", 3)
	women := seedRoster(t, k, k.xl, "W", "F", 5)
	men := seedRoster(t, k, k.xl, "M", "M", 8)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "committee", "kind": "council", "name": "村民委员会", "members": seats(committee)}, 201, nil)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "村民代表", "members": seats(women, men[:7])}, 201, nil)

	schedule := func(c *client, village string) meetingView {
		t.Helper()
		var m meetingView
		c.mustJSON("POST", "/api/v1/orgs/"+village+"/meetings", map[string]any{"kind": "representatives_meeting", "title": "代表会议",
			"place": "会议室", "starts_at": k.ta.clock.now().Add(24 * time.Hour)}, 201, &m)
		return m
	}
	warned := func(m meetingView, code string) bool {
		for _, w := range m.Warnings {
			if w.Code == code {
				return true
			}
		}
		return false
	}
	if m := schedule(secretary, k.xl); len(m.Warnings) != 0 {
		t.Fatalf("5 women of 15 members (exactly 1/3), 12 representatives: warnings %+v", m.Warnings)
	}
	k.operator.mustJSON("PUT", "/api/v1/orgs/"+k.xl+"/bodies/representatives/members", map[string]any{"members": seats(women[:4], men)}, 200, nil)
	if m := schedule(secretary, k.xl); !warned(m, "art25_women") || warned(m, "art25_representatives") {
		t.Fatalf("4 women of 15 members (1/3 of the 12 representatives, not of the members): warnings %+v", m.Warnings)
	}

	// 东田社区: five men as residents' representatives, no committee body.
	dtSecretary := k.ta.login(t, "13800000002")
	reps := seedRoster(t, k, k.dt, "D", "M", 5)
	k.operator.mustJSON("POST", "/api/v1/orgs/"+k.dt+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "居民代表", "members": seats(reps)}, 201, nil)
	m := schedule(dtSecretary, k.dt)
	if len(m.Warnings) != 0 {
		t.Errorf("a community has no women quota: warnings %+v", m.Warnings)
	}
	var got struct {
		Rule struct{ Basis string } `json:"rule"`
	}
	dtSecretary.mustJSON("GET", "/api/v1/orgs/"+k.dt+"/meetings/"+m.ID, nil, 200, &got)
	if got.Rule.Basis != "U2026 Art. 29" {
		t.Errorf("a community's representatives' meeting rests on %q", got.Rule.Basis)
	}
}

// V2026 Art. 30 ¶1: a village's representatives' meeting meets every
// quarter; U2026 Art. 28 ¶2: a community's at least every half-year. Seven
// months on with no meeting, the village is alerted per quarter and the
// community per half-year, each alert citing its own law.
func TestV2026Art30QuarterlyAndU2026Art28HalfYearlyAlerts(t *testing.T) {
	k := newPropKit(t)
	for _, id := range []string{k.xl, k.dt} {
		reps := seedRoster(t, k, id, "Q", "F", 5)
		k.operator.mustJSON("POST", "/api/v1/orgs/"+id+"/bodies", map[string]any{"id": "representatives", "kind": "association", "name": "代表", "members": seats(reps)}, 201, nil)
	}
	k.ta.clock.advance(7 * 31 * 24 * time.Hour)
	type alerts struct {
		Alerts []struct {
			Code, Quarter, Basis, Message string
			MessageEn                     string `json:"message_en"`
		} `json:"alerts"`
	}
	var xl, dt alerts
	k.account("/gz/hd/hs/xl", "R005", "resident", "secretary").mustJSON("GET", "/api/v1/orgs/"+k.xl+"/meeting-alerts", nil, 200, &xl)
	k.ta.login(t, "13800000002").mustJSON("GET", "/api/v1/orgs/"+k.dt+"/meeting-alerts", nil, 200, &dt)
	if len(xl.Alerts) < 2 {
		t.Fatalf("village alerts %+v", xl.Alerts)
	}
	for _, a := range xl.Alerts {
		if a.Code != "art26_quarterly" || a.Basis != "V2026 Art. 30 ¶1" || !strings.Contains(a.Quarter, "Q") || !strings.Contains(a.Message, "每季度召开一次") {
			t.Errorf("village alert %+v", a)
		}
	}
	if len(dt.Alerts) != 2 {
		t.Fatalf("community alerts %+v, want the two half-years", dt.Alerts)
	}
	for _, a := range dt.Alerts {
		if a.Code != "half_yearly" || a.Basis != "U2026 Art. 28 ¶2" || !strings.Contains(a.Quarter, "H") || !strings.Contains(a.MessageEn, "every half-year") {
			t.Errorf("community alert %+v", a)
		}
	}
}

// V2026 Art. 25 ¶3: a villagers' meeting at least once a year. A village
// that spent a whole calendar year on the platform without one is alerted
// for it (the dashboard shows it as no_villagers_meeting); a year with a meeting
// held is not; a community is never (the urban law sets no such number).
func TestV2026Art25VillagersMeetingYearlyAlert(t *testing.T) {
	k := newPropKit(t)
	secretary := k.account("/gz/hd/hs/xl", "R005", "resident", "secretary")
	jan2 := func(years int) time.Time {
		return time.Date(k.ta.clock.now().UTC().Year()+years, 1, 2, 0, 0, 0, 0, time.UTC)
	}
	yearly := func(id string, c *client) []string {
		t.Helper()
		var got struct {
			Alerts []struct{ Code, Quarter, Basis string } `json:"alerts"`
		}
		c.mustJSON("GET", "/api/v1/orgs/"+id+"/meeting-alerts", nil, 200, &got)
		var years []string
		for _, a := range got.Alerts {
			if a.Code == "yearly_villagers_meeting" {
				if a.Basis != "V2026 Art. 25 ¶3" {
					t.Errorf("basis %q", a.Basis)
				}
				years = append(years, a.Quarter)
			}
		}
		return years
	}
	if y := yearly(k.xl, secretary); len(y) != 0 {
		t.Fatalf("a village set up this year is alerted: %v", y)
	}
	k.ta.clock.advance(time.Until(jan2(2)) - time.Duration(k.ta.clock.offset.Load()))
	first := fmt.Sprint(jan2(0).Year() - 1)
	if y := yearly(k.xl, secretary); len(y) != 1 || y[0] != first {
		t.Fatalf("a whole year without a villagers' meeting: %v, want [%s]", y, first)
	}
	if y := yearly(k.dt, k.ta.login(t, "13800000002")); len(y) != 0 {
		t.Errorf("a community alerted: %v", y)
	}
	// This year a meeting is held: next January there is no alert for it.
	var m meetingView
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/meetings", map[string]any{"kind": "villagers_meeting", "title": "村民会议",
		"place": "村委会礼堂", "starts_at": k.ta.clock.now().Add(11 * 24 * time.Hour)}, 201, &m)
	k.ta.clock.advance(11*24*time.Hour + time.Minute)
	secretary.mustJSON("POST", "/api/v1/orgs/"+k.xl+"/meetings/"+m.ID+"/open", nil, 200, nil)
	k.ta.clock.advance(time.Until(jan2(1)) - time.Duration(k.ta.clock.offset.Load()))
	if y := yearly(k.xl, secretary); len(y) != 0 {
		t.Errorf("a year with a villagers' meeting alerted: %v", y)
	}
}
