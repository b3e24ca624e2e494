package main

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/minutes"
	"yishi/modules/org"
	"yishi/modules/proposal"
)

// offsetClock is the wall clock plus an offset tests can move, so notice
// periods and review deadlines can be crossed without waiting.
type offsetClock struct{ offset atomic.Int64 }

func (c *offsetClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *offsetClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// mountMinutes wires meetings, sign-in, minutes, the public board and
// notices, and filing and review by the street.
func (a *app) mountMinutes(api fiber.Router, accounts *account.Module, orgs *org.Module, proposals *proposal.Service) *minutes.Service {
	svc := minutes.NewService(a.store, a.orgs, a.votes, a.audit, a.clock.now)
	a.reads.minutes = svc
	a.votes.SetMeetings(svc)
	svc.SetRevocations(revocationsOf(proposals))
	minutes.New(minutes.Deps{Service: svc, Guard: accounts, Domain: orgs.Path, Validator: a.validator,
		Notify: a.notify, Log: a.log, PublicURL: a.cfg.PublicURL, Published: a.minutesPublished}).Mount(api)
	a.mountReview(api, accounts, orgs, svc, proposals)
	return svc
}

// revocationsOf lets notices and filings show that their decision was
// revoked or changed (V2026 Art. 27), read from the proposals.
func revocationsOf(proposals *proposal.Service) minutes.Revocations {
	return func(ctx context.Context, villageID string) (map[string]minutes.Revocation, error) {
		rs, err := proposals.Revocations(ctx, villageID)
		if err != nil {
			return nil, err
		}
		out := make(map[string]minutes.Revocation, len(rs))
		for id, r := range rs {
			out[id] = minutes.Revocation{ID: r.ID, Title: r.Title, Mode: r.Mode, Meeting: r.Meeting, At: r.At}
		}
		return out, nil
	}
}
