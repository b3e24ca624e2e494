package main

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestProxyCapOnBothRoutesUnderConcurrency: the deployment's cap
// (-proxy-cap, here 2 from YISHI_PROXY_CAP) holds on the vote's proxy route
// and on the meeting's, with 100 entrustments to one holder sent at once:
// exactly the cap accepted on each, the rest refused with the rule. A
// holder who is not an eligible resident is refused on both.
func TestProxyCapOnBothRoutesUnderConcurrency(t *testing.T) {
	t.Setenv("YISHI_PROXY_CAP", "2")
	k := newPropKit(t)
	ta, xl := k.ta, k.xl
	const xlPath = "/gz/hd/hs/xl"
	// 100 more adults, each a household of their own, so only the cap can
	// refuse them under a rule that allows any villager.
	seedAdults(t, ta, xl, "P", 100)
	secretary, second := k.counters()
	base := "/api/v1/orgs/" + xl
	var set struct {
		Rule struct {
			Holders string `json:"holders"`
			Cap     int    `json:"cap"`
		} `json:"rule"`
	}
	secretary.mustJSON("GET", base+"/proxy-settings", nil, 200, &set)
	if set.Rule.Holders != "same_household" || set.Rule.Cap != 2 {
		t.Fatalf("default rule %+v, want same household and the deployment's cap of 2", set.Rule)
	}
	secretary.mustError("PUT", base+"/proxy-settings", map[string]any{"holders": "relative_or_villager", "cap": 3}, 422, "proxy_cap_raised")
	secretary.mustJSON("PUT", base+"/proxy-settings", map[string]any{"holders": "relative_or_villager", "basis": "村民自治章程第12条"}, 200, &set)

	entrustAll := func(path string, body func(i int) map[string]any) (ok, capped int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				status, data := secretary.do("POST", path, body(i))
				var e apiError
				_ = json.Unmarshal(data, &e)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case status == 201:
					ok++
				case status == 409 && e.Error.Code == "proxy_cap":
					capped++
				default:
					t.Errorf("entrustment %d: %d %s", i, status, data)
				}
			})
		}
		wg.Wait()
		return ok, capped
	}

	// The vote's route.
	p := submitted(k.account(xlPath, "R003"), xl, map[string]any{"body_id": "council", "title": "村道照明", "category": "public_order"})
	var v struct{ ID string }
	secretary.mustJSON("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": p.ID, "meeting_kind": "villagers_meeting"}, 201, &v)
	vpath := base + "/votes/" + v.ID + "/proxies"
	secretary.mustError("POST", vpath, map[string]any{"principal": "P000", "holder": "NOBODY", "relation": "villager", "evidence": "书面委托"}, 422, "proxy_holder_ineligible")
	ok, capped := entrustAll(vpath, func(i int) map[string]any {
		return map[string]any{"principal": fmt.Sprintf("P%03d", i), "holder": "R001", "relation": "villager", "evidence": "书面委托"}
	})
	if ok != 2 || capped != 98 {
		t.Fatalf("vote route: %d accepted, %d refused by the cap; want 2 and 98", ok, capped)
	}

	// The meeting's route: the holder signs in, then 100 entrustments.
	mpath := meetingWithHolder(ta, secretary, second, base, "R001")
	secretary.mustError("POST", mpath+"/proxies", map[string]any{"principal": "P000", "holder": "NOBODY", "relation": "villager", "evidence": "书面委托"}, 422, "proxy_holder_ineligible")
	ok, capped = entrustAll(mpath+"/proxies", func(i int) map[string]any {
		return map[string]any{"principal": fmt.Sprintf("P%03d", i), "holder": "R001", "relation": "villager", "evidence": "书面委托"}
	})
	if ok != 2 || capped != 98 {
		t.Fatalf("meeting route: %d accepted, %d refused by the cap; want 2 and 98", ok, capped)
	}
	var att struct {
		Quorum struct {
			Present int `json:"present"`
		} `json:"quorum"`
	}
	secretary.mustJSON("GET", mpath+"/attendance", nil, 200, &att)
	if att.Quorum.Present != 3 {
		t.Fatalf("present %d, want the holder and the 2 entrustments", att.Quorum.Present)
	}
}

// TestMeetingProxyDefaultRuleThroughHTTP: with no village setting, a
// meeting entrustment goes to an adult of the principal's household.
func TestMeetingProxyDefaultRuleThroughHTTP(t *testing.T) {
	k := newPropKit(t)
	ta, xl := k.ta, k.xl
	secretary := k.account("/gz/hd/hs/xl", "R005", "resident", "secretary")
	second := k.account("/gz/hd/hs/xl", "R009", "resident", "secretary")
	base := "/api/v1/orgs/" + xl
	mpath := meetingWithHolder(ta, secretary, second, base, "R001")
	// R005 lives in H02, R002 in H01 with R001.
	e := secretary.mustError("POST", mpath+"/proxies", map[string]any{"principal": "R005", "holder": "R001", "relation": "friend", "evidence": "委托书"}, 422, "proxy_not_household")
	if e.Error.Message == "" {
		t.Fatal("no reason given")
	}
	secretary.mustJSON("POST", mpath+"/proxies", map[string]any{"principal": "R002", "holder": "R001", "relation": "spouse", "evidence": "委托书"}, 201, nil)
}

// TestProxyCapFlagMayOnlyLowerTheStatutoryThree (V2026 Art. 18 ¶4): a
// deployment cap above 3, or below 1, stops the start.
func TestProxyCapFlagMayOnlyLowerTheStatutoryThree(t *testing.T) {
	for _, n := range []string{"0", "4"} {
		if _, err := parseConfig([]string{"-proxy-cap", n}); err == nil {
			t.Fatalf("-proxy-cap %s accepted", n)
		}
	}
	c, err := parseConfig([]string{"-proxy-cap", "1"})
	if err != nil || c.ProxyCap != 1 {
		t.Fatalf("-proxy-cap 1: %+v %v", c.ProxyCap, err)
	}
}

// meetingWithHolder schedules a villagers' meeting, opens it when its time
// comes, and signs the holder in (marked, confirmed by a second person); it
// returns the meeting's path.
func meetingWithHolder(ta *testApp, secretary, second *client, base, holder string) string {
	var m meetingView
	secretary.mustJSON("POST", base+"/meetings", map[string]any{"kind": "villagers_meeting", "title": "村民会议", "place": "礼堂",
		"starts_at": ta.clock.now().Add(11 * 24 * time.Hour)}, 201, &m)
	ta.clock.advance(11*24*time.Hour + time.Minute)
	mpath := base + "/meetings/" + m.ID
	secretary.mustJSON("POST", mpath+"/open", nil, 200, nil)
	secretary.mustJSON("POST", mpath+"/marks", map[string]string{"resident_no": holder}, 201, nil)
	second.mustJSON("POST", mpath+"/marks/"+holder+"/confirm", nil, 200, nil)
	return mpath
}
