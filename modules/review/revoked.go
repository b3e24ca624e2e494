package review

import "context"

// markRevoked sets RevokedBy on the filings whose decision a later decision
// revoked or changed (V2026 Art. 27; U2026 Art. 30 ¶3), reading each
// village's revocations once.
func (s *Service) markRevoked(ctx context.Context, fs []Filing) error {
	byVillage := map[string][]int{}
	for i, f := range fs {
		if f.ProposalID != "" {
			byVillage[f.VillageID] = append(byVillage[f.VillageID], i)
		}
	}
	for village, is := range byVillage {
		rs, err := s.minutes.Revocations(ctx, village)
		if err != nil {
			return err
		}
		for _, i := range is {
			if r, ok := rs[fs[i].ProposalID]; ok {
				fs[i].RevokedBy = &r
			}
		}
	}
	return nil
}
