package vote

import (
	"context"
	"slices"

	"yishi/modules/web"
)

// OpenWithout opens a vote whose electorate leaves out the named residents:
// board members who recuse themselves from a case (they nominated it, or
// they are close relatives of its subject). The exclusion is not part of the
// HTTP request, so nobody can strike voters off through the generic route.
func (s *Service) OpenWithout(ctx context.Context, villageID string, who web.Actor, in OpenRequest, exclude []string) (Vote, error) {
	in.exclude = slices.Clone(exclude)
	return s.Open(ctx, villageID, who, in)
}
