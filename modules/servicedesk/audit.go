package servicedesk

import (
	"context"

	"yishi/modules/web"
)

// write appends the actor's line to the village's chain, after the write
// it records (audit.Log.Write says why in that order).
func (s *Service) write(ctx context.Context, villageID string, who web.Actor, action, object, detail string) error {
	return s.audit.Write(ctx, s.store.Village(villageID), who, action, object, detail)
}

// stepAction names a request's step in the audit chain by the power that
// allowed it: the desk handles (answers, forwards), the street answers what
// was forwarded, the resident who filed closes.
func stepAction(to, by string) string {
	switch {
	case to == StatusClosed:
		return "service_request.create"
	case by == "street":
		return "service_request.answer"
	default:
		return "service_request.handle"
	}
}
