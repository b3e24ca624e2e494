package minutes

import (
	"context"
	"slices"
	"time"

	"yishi/modules/vote"
)

// Demand is a demand to convene that reached its threshold: a tenth of the
// villagers or a third of the representatives for the villagers' meeting
// (V2026 Art. 25 ¶2), a fifth of the representatives for theirs (V2026
// Art. 30 ¶1), the urban thresholds (U2026 Art. 26 ¶2). The committee must
// then convene that meeting on the matter, within the village's set time.
type Demand struct {
	ProposalID string
	Title      string
	Meeting    vote.MeetingKind
	ReachedAt  time.Time
	Deadline   time.Time
	BasisZh    string
	BasisEn    string
}

// AnsweredBy says whether m is the meeting the demand obliges: of the
// demanded kind, announced once the demand stood, with the matter on its
// agenda. A meeting of another kind, or one that leaves the matter out,
// does not discharge it.
func (d Demand) AnsweredBy(m Meeting) bool {
	return m.Kind == d.Meeting && !m.AnnouncedAt.Before(d.ReachedAt) && slices.Contains(m.Agenda, d.ProposalID)
}

// Owed are the demands no meeting of the village answers yet, the earliest
// deadline first.
func (s *Service) Owed(ctx context.Context, villageID string, ds []Demand) ([]Demand, error) {
	if len(ds) == 0 {
		return nil, nil
	}
	ms, err := s.List(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(slices.Clone(ds), func(d Demand) bool {
		return slices.ContainsFunc(ms, d.AnsweredBy)
	})
	slices.SortFunc(out, func(a, b Demand) int { return a.Deadline.Compare(b.Deadline) })
	return out, nil
}
