package main

import (
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Household cards (一户一码, issue 21 item 3) through HTTP.

type cardPrint struct {
	HouseholdNo string `json:"household_no"`
	HeadSurname string `json:"head_surname"`
	Gen         int    `json:"card_gen"`
	ShortCode   string `json:"short_code"`
	CardURL     string `json:"card_url"`
	QRPNG       string `json:"qr_png"`
}

// token is the last part of the address the QR code encodes.
func (p cardPrint) token() string { return p.CardURL[strings.LastIndex(p.CardURL, "/")+1:] }

type cardAtMeeting struct {
	HouseholdNo string `json:"household_no"`
	Members     []struct {
		No       string `json:"resident_no"`
		Name     string `json:"name"`
		Eligible bool   `json:"eligible"`
		SignedIn bool   `json:"signed_in"`
		Method   string `json:"method"`
	} `json:"members"`
}

type cardResident struct {
	No        string `json:"resident_no"`
	Household string `json:"household_no"`
	Name      string `json:"name"`
}

// householdOf is the household number of a resident of the village, and
// a resident of another household.
func householdOf(t *testing.T, who *client, base, no string) (household, stranger string) {
	t.Helper()
	var reg struct{ Residents []cardResident }
	who.mustJSON("GET", base+"/residents", nil, 200, &reg)
	for _, r := range reg.Residents {
		if r.No == no {
			household = r.Household
		}
	}
	for _, r := range reg.Residents {
		if r.Household != household && household != "" {
			return household, r.No
		}
	}
	t.Fatalf("no household for %s", no)
	return "", ""
}

var printedShort = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`)

// The card is issued once, shows the household's members for the open
// meeting, signs in the one the secretary picks as "card" (counting at
// once, through the meeting's attendance), and refuses a person of another
// household, someone not on the list, and a second sign-in.
func TestHouseholdCardSignsInThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	household, stranger := householdOf(t, c.sec, c.base, "R009")
	var list struct {
		VillageName string `json:"village_name"`
		Households  []struct {
			No      string `json:"household_no"`
			Head    string `json:"head_name"`
			HasCard bool   `json:"has_card"`
		} `json:"households"`
	}
	c.sec.mustJSON("GET", c.base+"/household-cards", nil, 200, &list)
	if list.VillageName != "小罗村" || len(list.Households) == 0 {
		t.Fatalf("households: %+v", list)
	}
	var p cardPrint
	c.sec.mustJSON("POST", c.base+"/households/"+household+"/card", nil, 201, &p)
	if p.HouseholdNo != household || p.Gen != 1 || !printedShort.MatchString(p.ShortCode) || !strings.HasPrefix(p.QRPNG, "data:image/png;base64,") ||
		!strings.Contains(p.CardURL, "/#/card/"+c.xl+"/") || len(p.token()) != 32 || p.HeadSurname == "" {
		t.Fatalf("printed card: %+v", p)
	}
	if strings.Contains(p.token(), household) {
		t.Fatalf("the token carries the household number: %s", p.CardURL)
	}
	c.sec.mustError("POST", c.base+"/households/"+household+"/card", nil, 409, "card_already_issued")
	c.sec.mustError("POST", c.base+"/households/NO-SUCH/card", nil, 404, "household_not_found")
	c.sec.mustJSON("GET", c.base+"/household-cards", nil, 200, &list)
	for _, h := range list.Households {
		if h.No == household && !h.HasCard {
			t.Fatalf("the list does not show the card: %+v", h)
		}
	}

	mid := c.openMeeting("户卡议事会")
	mpath := c.base + "/meetings/" + mid
	var shown cardAtMeeting
	c.sec.mustJSON("POST", mpath+"/household-card", map[string]string{"token": p.token(), "card_village": c.xl}, 200, &shown)
	if shown.HouseholdNo != household || len(shown.Members) == 0 {
		t.Fatalf("shown: %+v", shown)
	}
	var notOnList string
	for _, m := range shown.Members {
		if m.No == "R009" && (!m.Eligible || m.SignedIn) {
			t.Fatalf("R009 at the council meeting: %+v", m)
		}
		if !m.Eligible {
			notOnList = m.No
		}
	}
	// Typed the way people type it: small letters, no dash.
	typed := strings.ToLower(strings.ReplaceAll(p.ShortCode, "-", " "))
	c.sec.mustJSON("POST", mpath+"/household-card", map[string]string{"short_code": typed}, 200, &shown)
	if shown.HouseholdNo != household {
		t.Fatalf("by short code: %+v", shown)
	}
	c.sec.mustError("POST", mpath+"/household-card", map[string]string{"short_code": "ABCD-EFGH"}, 404, "card_unknown")
	c.sec.mustError("POST", mpath+"/household-card", map[string]string{}, 422, "invalid_fields")

	c.sec.mustError("POST", mpath+"/household-card/sign-in", map[string]string{"token": p.token(), "resident_no": stranger}, 422, "not_of_household")
	if notOnList != "" {
		c.sec.mustError("POST", mpath+"/household-card/sign-in", map[string]string{"token": p.token(), "resident_no": notOnList}, 422, "member_not_on_list")
	}
	var signed struct {
		Method, Message string
		Counts          bool
		RecordedByName  string `json:"recorded_by_name"`
	}
	c.sec.mustJSON("POST", mpath+"/household-card/sign-in", map[string]string{"token": p.token(), "resident_no": "R009"}, 201, &signed)
	if signed.Method != "card" || !signed.Counts || !strings.Contains(signed.Message, "户卡议事会") || signed.RecordedByName != "居民R005" {
		t.Fatalf("signed in: %+v", signed)
	}
	c.sec.mustError("POST", mpath+"/household-card/sign-in", map[string]string{"short_code": p.ShortCode, "resident_no": "R009"}, 409, "already_signed_in")
	var att struct {
		Attendance []struct {
			ResidentNo string `json:"resident_no"`
			Method     string `json:"method"`
			Counts     bool   `json:"counts"`
		}
		Quorum struct{ Present int }
	}
	c.chair.mustJSON("GET", mpath+"/attendance", nil, 200, &att)
	if len(att.Attendance) != 1 || att.Attendance[0].ResidentNo != "R009" || att.Attendance[0].Method != "card" || !att.Attendance[0].Counts || att.Quorum.Present != 1 {
		t.Fatalf("attendance after the card: %+v", att)
	}
	c.sec.mustJSON("POST", mpath+"/household-card", map[string]string{"token": p.token()}, 200, &shown)
	for _, m := range shown.Members {
		if m.No == "R009" && (!m.SignedIn || m.Method != "card") {
			t.Fatalf("R009 after signing in: %+v", m)
		}
	}
	c.sec.mustJSON("POST", mpath+"/close", nil, 200, nil)
	c.sec.mustError("POST", mpath+"/household-card", map[string]string{"token": p.token()}, 409, "meeting_not_open")
}

// Reported lost: the old card's address and short code are refused with a
// sentence that says it was replaced, the new card works, and of two
// reissues at once exactly one wins.
func TestHouseholdCardReissueInvalidatesThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	household, _ := householdOf(t, c.sec, c.base, "R009")
	c.sec.mustError("POST", c.base+"/households/"+household+"/card/reissue", nil, 409, "no_card")
	var old, fresh cardPrint
	c.sec.mustJSON("POST", c.base+"/households/"+household+"/card", nil, 201, &old)
	c.sec.mustJSON("POST", c.base+"/households/"+household+"/card/reissue", nil, 201, &fresh)
	if fresh.Gen != 2 || fresh.token() == old.token() || fresh.ShortCode == old.ShortCode {
		t.Fatalf("reissued: %+v after %+v", fresh, old)
	}
	mid := c.openMeeting("补办后的议事会")
	mpath := c.base + "/meetings/" + mid
	for _, body := range []map[string]string{{"token": old.token()}, {"short_code": old.ShortCode}} {
		e := c.sec.mustError("POST", mpath+"/household-card", body, 409, "card_revoked")
		if !strings.Contains(e.Error.Message, "挂失") || !strings.Contains(e.Error.MessageEn, "reported lost") {
			t.Fatalf("the refusal does not say the card was reported lost: %+v", e)
		}
		body["resident_no"] = "R009"
		c.sec.mustError("POST", mpath+"/household-card/sign-in", body, 409, "card_revoked")
	}
	c.sec.mustJSON("POST", mpath+"/household-card/sign-in", map[string]string{"token": fresh.token(), "resident_no": "R009"}, 201, nil)

	var wg sync.WaitGroup
	statuses := make([]int, 4)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i], _ = c.sec.do("POST", c.base+"/households/"+household+"/card/reissue", nil)
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case 201:
			won++
		case 409:
		default:
			t.Fatalf("concurrent reissues: %v", statuses)
		}
	}
	var list struct {
		Households []struct {
			No  string `json:"household_no"`
			Gen int    `json:"card_gen"`
		} `json:"households"`
	}
	c.sec.mustJSON("GET", c.base+"/household-cards", nil, 200, &list)
	for _, h := range list.Households {
		if h.No == household && h.Gen != 2+won {
			t.Fatalf("%d reissues won, the card is at %d", won, h.Gen)
		}
	}
	if won < 1 {
		t.Fatalf("no concurrent reissue won: %v", statuses)
	}
}

// The card is no credential: another village's secretary, a street
// official and a resident cannot use or print it; a card of another
// village is refused at this village's meeting; its codes log nobody in
// and cast no ballot.
func TestHouseholdCardIsNoCredentialThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	household, _ := householdOf(t, c.sec, c.base, "R009")
	var p cardPrint
	c.sec.mustJSON("POST", c.base+"/households/"+household+"/card", nil, 201, &p)
	mid, voteID := c.openMeetingVote("表决议事会")
	mpath := c.base + "/meetings/" + mid

	// Another village's card at this meeting.
	dtSec := c.ta.login(t, "13800000002")
	dtBase := "/api/v1/orgs/" + c.dt
	dtHousehold, _ := householdOf(t, dtSec, dtBase, "R001")
	var other cardPrint
	dtSec.mustJSON("POST", dtBase+"/households/"+dtHousehold+"/card", nil, 201, &other)
	c.sec.mustError("POST", mpath+"/household-card", map[string]string{"token": other.token()}, 404, "card_unknown")
	e := c.sec.mustError("POST", mpath+"/household-card", map[string]string{"token": other.token(), "card_village": c.dt}, 422, "card_of_other_village")
	if !strings.Contains(e.Error.Message, "别的村") {
		t.Fatalf("other village: %+v", e)
	}
	c.sec.mustError("POST", mpath+"/household-card/sign-in", map[string]string{"short_code": other.ShortCode, "resident_no": "R009"}, 404, "card_unknown")

	// Who may not print or use cards here.
	official := c.ta.login(t, "13800000003")
	for _, who := range []*client{dtSec, official, c.chair, c.second} {
		who.mustError("GET", c.base+"/household-cards", nil, 403, "")
		who.mustError("POST", c.base+"/households/"+household+"/card/reissue", nil, 403, "")
		who.mustError("POST", mpath+"/household-card", map[string]string{"token": p.token()}, 403, "")
		who.mustError("POST", mpath+"/household-card/sign-in", map[string]string{"token": p.token(), "resident_no": "R009"}, 403, "")
	}

	// Holding the card, without a secretary: nothing.
	anon := c.ta.client(t)
	anon.mustError("POST", mpath+"/household-card/sign-in", map[string]string{"token": p.token(), "resident_no": "R009"}, 401, "")
	anon.mustError("POST", c.base+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{"yes"}, "token": p.token()}, 401, "")
	var me struct{ Phone string }
	c.second.mustJSON("GET", "/api/v1/me", nil, 200, &me)
	for _, password := range []string{p.token(), p.ShortCode, strings.ReplaceAll(p.ShortCode, "-", "")} {
		anon.mustError("POST", "/api/v1/auth/login", map[string]string{"phone": me.Phone, "password": password}, 401, "invalid_credentials")
	}
	anon.mustError("GET", "/api/v1/me", nil, 401, "")

	// Signed in by card, the member has still cast no ballot.
	c.sec.mustJSON("POST", mpath+"/household-card/sign-in", map[string]string{"token": p.token(), "resident_no": "R009"}, 201, nil)
	var v struct {
		Voters int `json:"voters"`
	}
	c.sec.mustJSON("GET", c.base+"/votes/"+voteID, nil, 200, &v)
	if v.Voters != 0 {
		t.Fatalf("a card sign-in cast a ballot: %+v", v)
	}
	c.second.mustJSON("POST", c.base+"/votes/"+voteID+"/ballots", map[string]any{"choices": []string{"yes"}}, 201, nil)
}

// Wrong card codes are counted per account: after ten within ten minutes
// even the right code is refused for a while, with the time to try again;
// another secretary's account is not held up.
func TestHouseholdCardWrongCodesAreThrottledThroughHTTP(t *testing.T) {
	c := newCycleKit(t)
	household, _ := householdOf(t, c.sec, c.base, "R009")
	var p cardPrint
	c.sec.mustJSON("POST", c.base+"/households/"+household+"/card", nil, 201, &p)
	mpath := c.base + "/meetings/" + c.openMeeting("议事会")
	for i := range 10 {
		c.sec.mustError("POST", mpath+"/household-card", map[string]string{"short_code": "ZZZZ-ZZZ" + string(shortAlphabetForTest[i])}, 404, "card_unknown")
	}
	e := c.sec.mustError("POST", mpath+"/household-card", map[string]string{"short_code": p.ShortCode}, 429, "too_many_card_codes")
	if !strings.Contains(e.Error.Message, "以后再试") {
		t.Fatalf("throttled: %+v", e)
	}
	other := c.account("/gz/hd/hs/xl", "R013", "resident", "secretary")
	other.mustJSON("POST", mpath+"/household-card", map[string]string{"short_code": p.ShortCode}, 200, nil)
}

const shortAlphabetForTest = "23456789AB"
