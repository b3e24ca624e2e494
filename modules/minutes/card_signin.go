package minutes

import (
	"context"
	"slices"

	"yishi/modules/web"
)

// Sign-in by household card (一户一码, issue 21): the card names a
// household, never a person; the secretary running the meeting picks the
// member who is present from the household's members on this meeting's
// list and confirms. The attendance is recorded as the other sign-ins are
// (insertAttendance: once per person), with the method "card" and the
// secretary as its recorder, and it counts at once: the secretary saw the
// person, as for a mark, and the card is the household's proof.

// MethodCard is a sign-in by household card, confirmed by the secretary.
const MethodCard = "card"

// ErrNotOfHousehold refuses a person the card's household does not hold.
var ErrNotOfHousehold = web.New(422, "not_of_household", "这个人不是这张户卡上的家庭成员", "This person is not a member of the card's household")

// ErrMemberNotOnList refuses a member who is not on the meeting's list
// (under 18, or not a member of the body meeting).
var ErrMemberNotOnList = web.New(422, "member_not_on_list", "这个人不在这次会议的应到名单里", "This person is not on this meeting's list")

// HouseholdMember is one member of a household as the card sign-in lists
// them for a meeting: whether they are on its list and already signed in.
type HouseholdMember struct {
	ResidentNo string `json:"resident_no"`
	Name       string `json:"name"`
	Head       bool   `json:"household_head"`
	Eligible   bool   `json:"eligible"`
	SignedIn   bool   `json:"signed_in"`
	Method     string `json:"method,omitempty"`
}

// HouseholdAtMeeting lists the members of the household for the open
// meeting: who may attend (the meeting's frozen list) and who signed in.
func (s *Service) HouseholdAtMeeting(ctx context.Context, villageID, meetingID, householdNo string) (Meeting, []HouseholdMember, error) {
	m, err := s.Get(ctx, villageID, meetingID)
	if err != nil {
		return Meeting{}, nil, err
	}
	if m.Status != MeetingOpen {
		return m, nil, ErrNotOpen
	}
	residents, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return m, nil, err
	}
	list, _, err := s.Attendance(ctx, villageID, meetingID)
	if err != nil {
		return m, nil, err
	}
	out := []HouseholdMember{}
	for _, r := range residents {
		if r.HouseholdNo != householdNo {
			continue
		}
		_, eligible := m.Electorate[r.No]
		hm := HouseholdMember{ResidentNo: r.No, Name: r.Name, Head: r.HouseholdHead, Eligible: eligible}
		if i := slices.IndexFunc(list, func(a Attendance) bool { return a.ResidentNo == r.No }); i >= 0 {
			hm.SignedIn, hm.Method = true, list[i].Method
		}
		out = append(out, hm)
	}
	return m, out, nil
}

// SignInByCard records the member of the card's household whom the
// secretary saw and confirmed.
func (s *Service) SignInByCard(ctx context.Context, villageID, meetingID, householdNo, residentNo string, who web.Actor) (Attendance, Meeting, error) {
	m, err := s.Get(ctx, villageID, meetingID)
	if err != nil {
		return Attendance{}, Meeting{}, err
	}
	if m.Status != MeetingOpen {
		return Attendance{}, m, ErrNotOpen
	}
	r, err := s.orgs.Resident(ctx, villageID, residentNo)
	if err != nil || r.HouseholdNo != householdNo {
		return Attendance{}, m, ErrNotOfHousehold.OnField("resident_no")
	}
	if _, ok := m.Electorate[r.No]; !ok {
		return Attendance{}, m, ErrMemberNotOnList.OnField("resident_no")
	}
	a := Attendance{ID: m.ID + ":" + r.No, MeetingID: m.ID, ResidentNo: r.No, Name: r.Name, Household: r.HouseholdNo,
		Method: MethodCard, Evidence: "household card", RecordedBy: who.AccountID, RecordedByName: who.Name, At: s.Now(), Counts: true}
	if err := s.insertAttendance(ctx, villageID, a); err != nil {
		return a, m, err
	}
	return a, m, s.write(ctx, villageID, who, "attendance.sign", "meeting/"+a.MeetingID, a.ResidentNo+" household card")
}
