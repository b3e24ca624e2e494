package minutes

import (
	"context"
	"time"
)

// Revocation is, on a notice or a filing of a decision, the adopted decision
// that revoked or changed it (V2026 Art. 27; U2026 Art. 30 ¶3): the revoked
// decision shows it everywhere it appears. It is read from the proposals,
// never stored with the notice, so a published notice stays as it was.
type Revocation struct {
	ID      string    `json:"id"` // the revoking proposal
	Title   string    `json:"title"`
	Mode    string    `json:"mode"` // revoke or change
	Meeting string    `json:"meeting"`
	At      time.Time `json:"at,omitzero"`
}

// Revocations maps each revoked or changed decision (a proposal id) of a
// village to what revoked it.
type Revocations func(ctx context.Context, villageID string) (map[string]Revocation, error)

// SetRevocations names where revocations are read; without it nothing shows
// as revoked.
func (s *Service) SetRevocations(r Revocations) { s.revocations = r }

// Revocations are the village's revoked decisions (an empty map when none
// or when nothing was wired).
func (s *Service) Revocations(ctx context.Context, villageID string) (map[string]Revocation, error) {
	if s.revocations == nil {
		return map[string]Revocation{}, nil
	}
	return s.revocations(ctx, villageID)
}

// markRevoked sets RevokedBy on the notices of revoked decisions.
func (s *Service) markRevoked(ctx context.Context, villageID string, ns []*Notice) error {
	rs, err := s.Revocations(ctx, villageID)
	if err != nil || len(rs) == 0 {
		return err
	}
	for _, n := range ns {
		if r, ok := rs[n.ProposalID]; ok && n.ProposalID != "" {
			n.RevokedBy = &r
		}
	}
	return nil
}

// NoticeShown is a notice as its page shows it: with what revoked its
// decision, if anything did.
func (s *Service) NoticeShown(ctx context.Context, villageID, id string) (Notice, error) {
	n, err := s.Notice(ctx, villageID, id)
	if err != nil {
		return Notice{}, err
	}
	return n, s.markRevoked(ctx, villageID, []*Notice{&n})
}
