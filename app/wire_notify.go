package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"yishi/modules/account"
	"yishi/modules/notify"
	"yishi/modules/org"
)

// notifyInboxes decides where an org's notifications live: a village's in
// its own database, any other org's (a street's officials) in the database
// the street already keeps. Each collection a bell reads stays small.
type notifyInboxes struct {
	a        *app
	prepared sync.Map // org ID → true once its indexes exist
}

func (n *notifyInboxes) db(ctx context.Context, orgID string) (*mongo.Database, error) {
	o, err := n.a.orgs.Get(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if o.Level == org.LevelVillage {
		// Village indexes are registered with the store (wireNotify) and
		// made when the village is prepared.
		if err := n.a.store.PrepareVillage(ctx, o.ID); err != nil {
			return nil, err
		}
		return n.a.store.Village(o.ID), nil
	}
	db := n.a.store.Street(o.ID)
	if _, done := n.prepared.Load(o.ID); !done {
		for coll, models := range notify.Indexes() {
			if _, err := db.Collection(coll).Indexes().CreateMany(ctx, models); err != nil {
				return nil, fmt.Errorf("notification indexes of %s: %w", o.ID, err)
			}
		}
		n.prepared.Store(o.ID, true)
	}
	return db, nil
}

// wireNotify makes the one notification service every module sends to.
// It must run before any village is prepared, so village databases get its
// indexes.
func (a *app) wireNotify() {
	for coll, models := range notify.Indexes() {
		a.store.VillageIndexes(coll, models...)
	}
	inboxes := &notifyInboxes{a: a}
	a.notify = notify.NewService(notify.Deps{
		Inbox: inboxes.db,
		OrgName: func(ctx context.Context, id string) string {
			o, err := a.orgs.Get(ctx, id)
			if err != nil {
				return ""
			}
			return o.Name
		},
		Residents: func(ctx context.Context, villageID string, nos []string) ([]string, error) {
			return a.accounts.OfResidents(ctx, villageID, nos)
		},
		Holders: func(ctx context.Context, orgID, obj, act string) ([]notify.Recipient, error) {
			o, err := a.orgs.Get(ctx, orgID)
			if err != nil {
				return nil, err
			}
			hs, err := a.enforcer.Holders(o.Path, obj, act)
			if err != nil {
				return nil, err
			}
			out := make([]notify.Recipient, 0, len(hs))
			for _, h := range hs {
				if h.Scope == "/" { // the root keeps no notifications
					continue
				}
				at, err := a.orgs.ByPath(ctx, h.Scope)
				if err != nil {
					return nil, fmt.Errorf("org of %s: %w", h.Scope, err)
				}
				out = append(out, notify.Recipient{Account: h.Subject, Inbox: at.ID})
			}
			return out, nil
		},
		Now: a.clock.now,
	})
}

// mountNotify mounts the bell's routes: account-wide, across the village
// the caller lives in and every org it holds a role in.
func (a *app) mountNotify(api fiber.Router, accounts *account.Module) {
	notify.New(notify.ModuleDeps{
		Service:   a.notify,
		Guard:     accounts,
		Validator: a.validator,
		Inboxes: func(c *fiber.Ctx) (string, []notify.Inbox, error) {
			acc, err := accounts.Current(c)
			if err != nil {
				return "", nil, err
			}
			return acc.ID, a.inboxesOf(c.UserContext(), acc), nil
		},
	}).Mount(api)
}

// inboxesOf are the orgs an account may have notifications in: its village
// and the org of each role it holds (the root, the operator's, holds none).
func (a *app) inboxesOf(ctx context.Context, acc account.Account) []notify.Inbox {
	var out []notify.Inbox
	seen := map[string]bool{}
	add := func(o org.Org) {
		if !seen[o.ID] {
			seen[o.ID] = true
			out = append(out, notify.Inbox{OrgID: o.ID, Path: o.Path})
		}
	}
	if acc.VillageID != "" {
		if o, err := a.orgs.Get(ctx, acc.VillageID); err == nil {
			add(o)
		}
	}
	for _, r := range acc.Roles {
		if r.Scope == "/" {
			if !seen["/"] {
				seen["/"] = true
				out = append(out, notify.Inbox{Path: "/"})
			}
			continue
		}
		if o, err := a.orgs.ByPath(ctx, r.Scope); err == nil {
			add(o)
		}
	}
	return out
}
