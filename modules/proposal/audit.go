package proposal

import (
	"context"

	"yishi/modules/web"
)

// write appends the actor's line to the village's chain, after the write
// it records (audit.Log.Write says why in that order).
func (s *Service) write(ctx context.Context, villageID string, a web.Actor, action, object, detail string) error {
	return s.audit.Write(ctx, s.store.Village(villageID), a, action, object, detail)
}

// wrote audits a signature-like change (object: the proposal) once it
// succeeded.
func (s *Service) wrote(ctx context.Context, villageID string, a web.Actor, action string, p Proposal, err error) (Proposal, error) {
	if err != nil {
		return p, err
	}
	return p, s.write(ctx, villageID, a, action, p.ID, "")
}
