package assist

import (
	"context"

	"yishi/modules/web"
)

// write appends the line of a write the actor made to the village's audit
// chain. The record is written first and its line after: they are not one
// document, and a line without its record would claim a change that never
// happened (the store has no transactions).
func (s *Service) write(ctx context.Context, villageID string, who web.Actor, action, object, detail string) error {
	return s.audit.Write(ctx, s.store.Village(villageID), who, action, object, detail)
}
