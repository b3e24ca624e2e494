package minutes

import (
	"context"

	"yishi/modules/web"
)

// write appends the actor's line to the village's chain, after the write
// it records (audit.Log.Write says why in that order).
func (s *Service) write(ctx context.Context, villageID string, who web.Actor, action, object, detail string) error {
	return s.audit.Write(ctx, s.store.Village(villageID), who, action, object, detail)
}
