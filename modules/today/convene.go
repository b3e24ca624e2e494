package today

import (
	"context"
	"fmt"
	"time"

	"yishi/modules/web"
)

// ConveneOwed is a demand to convene that reached its threshold and that no
// meeting answers yet: the committee must convene (V2026 Art. 25 ¶2, Art. 30
// ¶1; U2026 Art. 26 ¶2).
const ConveneOwed = "convene_owed"

// demands are the secretary's obligations to convene, earliest deadline
// first, each opening the schedule form.
func (s *Service) demands(ctx context.Context, villageID string, _ Caller) ([]Line, error) {
	if s.Owed == nil {
		return nil, nil
	}
	ds, err := s.Owed(ctx, villageID)
	if err != nil {
		return nil, err
	}
	now := s.Minutes.Now()
	out := []Line{}
	for _, d := range ds {
		zh, en := d.Meeting.Zh(), d.Meeting.En()
		detailZh := fmt.Sprintf("依法须召集%s：“%s”联名已达法定人数，须在%s前召集（%s）", zh, d.Title, web.DateZh(d.Deadline), d.BasisZh)
		detailEn := fmt.Sprintf("You must convene the %s: “%s” reached its legal threshold; convene it by %s (%s)", en, d.Title, web.DateEn(d.Deadline), d.BasisEn)
		if now.After(d.Deadline) {
			late := int(now.Sub(d.Deadline) / (24 * time.Hour))
			detailZh = fmt.Sprintf("召集期限已过 %d 天：“%s”联名已达法定人数，须召集%s，已告知街道（%s）", late, d.Title, zh, d.BasisZh)
			detailEn = fmt.Sprintf("%s past the deadline: “%s” reached its threshold and the %s must be convened; the street is alerted (%s)", web.DaysEn(late), d.Title, en, d.BasisEn)
		}
		out = append(out, Line{Kind: ConveneOwed, Title: d.Title, DetailZh: detailZh, DetailEn: detailEn, At: d.ReachedAt, Due: d.Deadline,
			Link: link("meeting-schedule", map[string]string{"vid": villageID})})
	}
	return out, nil
}
