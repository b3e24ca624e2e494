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
	return s.recordFor(ctx, villageID, id, residentNo, func(a *Attendance) {
		a.Method, a.Evidence, a.RecordedBy, a.RecordedByName = MethodMarked, "代办 assisted", mark.Helper, mark.HelperName
		a.ConfirmedBy, a.ConfirmedByName, a.Counts, a.Assisted = mark.Confirmer, mark.ConfirmerName, true, &mark
	})
}
