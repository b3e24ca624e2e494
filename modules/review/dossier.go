package review

import (
	"context"
	"fmt"
	"slices"

	"yishi/modules/minutes"
)

// Dossier is everything the street reads to review one filing, in one read:
// the filing and its earlier attempts, the village's name, the notice with
// its objections and answers, and every version of the minutes behind it (the vote's counts,
// quorum and the rule applied are in the minutes). A street official may
// read the outcome (outcome.read) but not the village's minutes routes, so
// the review page reads this instead of the village's own pages.
type Dossier struct {
	Filing      Filing              `json:"filing"`
	VillageName string              `json:"village_name"`
	StreetID    string              `json:"street_id"`
	Notice      minutes.Notice      `json:"notice"`
	Objections  []minutes.Objection `json:"objections"`
	Minutes     []minutes.Minutes   `json:"minutes"`
	// Earlier are the earlier attempts at this filing, the first first,
	// each with the street's order to correct.
	Earlier []Filing `json:"earlier"`
}

// Dossier gathers the filing's dossier.
func (s *Service) Dossier(ctx context.Context, villageID, id string) (Dossier, error) {
	f, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Dossier{}, err
	}
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Dossier{}, err
	}
	n, err := s.minutes.NoticeShown(ctx, villageID, f.NoticeID)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier notice: %w", err)
	}
	objs, err := s.minutes.Objections(ctx, villageID, f.NoticeID)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier objections: %w", err)
	}
	prior, err := s.byNotice(ctx, villageID, f.NoticeID)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier attempts: %w", err)
	}
	earlier := []Filing{}
	for _, p := range prior {
		if p.Attempt < f.Attempt {
			earlier = append(earlier, p)
		}
	}
	slices.SortFunc(earlier, func(a, b Filing) int { return a.Attempt - b.Attempt })
	d := Dossier{Filing: f, VillageName: v.Name, StreetID: v.ParentID, Notice: n, Objections: objs, Minutes: []minutes.Minutes{}, Earlier: earlier}
	if d.Objections == nil {
		d.Objections = []minutes.Objection{}
	}
	if n.MeetingID != "" {
		all, err := s.minutes.Versions(ctx, villageID, n.MeetingID)
		if err != nil {
			return Dossier{}, fmt.Errorf("dossier minutes: %w", err)
		}
		d.Minutes = append(d.Minutes, all...)
	}
	return d, nil
}
