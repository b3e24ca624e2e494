package minutes

import (
	"context"

	"yishi/modules/web"
)

// SignInAssisted signs in a resident who cannot use a phone, helped by a
// grid worker or secretary with the resident present and a second person
// confirming (modules/assist decides that; this only records it). It is a
// marked attendance already confirmed: recorded by the helper, confirmed by
// the second person, and it carries the assisted mark. The meeting's rules
// hold as for every sign-in: open, the resident invited, once.
func (s *Service) SignInAssisted(ctx context.Context, villageID, id, residentNo string, mark web.Assisted) (Attendance, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Attendance{}, err
	}
	if m.Status != MeetingOpen {
		return Attendance{}, ErrNotOpen
	}
	r, err := s.resident(ctx, villageID, m, residentNo)
	if err != nil {
		return Attendance{}, err
	}
	a := Attendance{ID: id + ":" + r.No, MeetingID: id, ResidentNo: r.No, Name: r.Name, Household: r.HouseholdNo,
		Method: MethodMarked, Evidence: "代办 assisted", RecordedBy: mark.Helper, RecordedByName: mark.HelperName,
		ConfirmedBy: mark.Confirmer, ConfirmedByName: mark.ConfirmerName, At: s.Now(), Counts: true, Assisted: &mark}
	return a, s.insertAttendance(ctx, villageID, a)
}
