package main

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"yishi/modules/account"
	"yishi/modules/home"
	"yishi/modules/minutes"
	"yishi/modules/moralboard"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/servicedesk"
	"yishi/modules/web"
)

// homeReads are the services home reads from, kept as they are wired.
type homeReads struct {
	proposals *proposal.Service
	minutes   *minutes.Service
	moral     *moralboard.Service
	desk      *servicedesk.Service
}

// perSource caps each kind of line: home is a glance, each list has its page.
const perSource = 5

// recent is how far back home looks for answers and outcomes.
const recent = 30 * 24 * time.Hour

// mountHome mounts GET /home: the person's places are the village they
// live in and the orgs of their roles, as for the bell.
func (a *app) mountHome(api fiber.Router, accounts *account.Module) {
	home.New(home.Deps{
		Guard: accounts,
		Viewer: func(c *fiber.Ctx) (home.Viewer, error) {
			acc, err := accounts.Current(c)
			if err != nil {
				return home.Viewer{}, err
			}
			v := home.Viewer{AccountID: acc.ID, Name: acc.Name, VillageID: acc.VillageID, ResidentNo: acc.ResidentNo, Now: a.clock.now()}
			for _, in := range a.inboxesOf(c.UserContext(), acc) {
				if in.OrgID == "" {
					v.Places = append(v.Places, home.Place{Path: in.Path, Level: "root"})
					continue
				}
				o, err := a.orgs.Get(c.UserContext(), in.OrgID)
				if err != nil {
					return home.Viewer{}, err
				}
				v.Places = append(v.Places, home.Place{OrgID: o.ID, Path: o.Path, Name: o.Name, Level: o.Level})
			}
			return v, nil
		},
		Unread: func(c *fiber.Ctx, v home.Viewer) (int64, error) {
			var ids []string
			for _, p := range v.Places {
				if p.OrgID != "" {
					ids = append(ids, p.OrgID)
				}
			}
			return a.notify.Unread(c.UserContext(), v.AccountID, ids)
		},
		Sources: a.homeSources(),
	}).Mount(api)
}

// lives says whether the viewer lives in the place: the lines about "me"
// (my vote, my minutes, my case) are read only there.
func lives(v home.Viewer, p home.Place) bool { return v.ResidentNo != "" && v.VillageID == p.OrgID }

func link(view string, kv ...string) notify.Link {
	params := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		params[kv[i]] = kv[i+1]
	}
	return notify.Link{View: view, Params: params}
}

// homeSources are home's lines, in the order home shows them.
func (a *app) homeSources() []home.Source {
	r := &a.reads
	v := org.LevelVillage
	sources := []home.Source{
		// Waits for me.
		{Group: home.Waiting, Level: v, Obj: "vote", Act: "cast", Lines: a.votesToCast},
		{Group: home.Waiting, Level: v, Obj: "attendance", Act: "sign", Lines: a.meetingsInvited},
		{Group: home.Waiting, Level: v, Obj: "minutes", Act: "confirm", Lines: func(ctx context.Context, vw home.Viewer, p home.Place) ([]home.Line, error) {
			if !lives(vw, p) {
				return nil, nil
			}
			ms, err := r.minutes.ToConfirm(ctx, p.OrgID, vw.ResidentNo)
			var out []home.Line
			for _, m := range ms[:min(len(ms), perSource)] {
				out = append(out, home.Line{Kind: "minutes_to_confirm", Title: m.Title, At: m.Date,
					Link: link("minutes", "vid", p.OrgID, "meeting", m.MeetingID, "version", fmt.Sprint(m.Version))})
			}
			return out, err
		}},
		{Group: home.Waiting, Level: v, Obj: "case", Act: "read", Lines: func(ctx context.Context, vw home.Viewer, p home.Place) ([]home.Line, error) {
			if !lives(vw, p) {
				return nil, nil
			}
			cs, err := r.moral.CasesAbout(ctx, p.OrgID, vw.ResidentNo)
			var out []home.Line
			for _, c := range cs[:min(len(cs), perSource)] {
				out = append(out, home.Line{Kind: "case_about_me", Title: c.Category, DetailZh: c.Status, DetailEn: c.Status,
					At: c.NominatedAt, Link: link("moral-case", "vid", p.OrgID, "case", c.ID)})
			}
			return out, err
		}},
		{Group: home.Waiting, Level: v, Obj: "objection", Act: "create", Lines: a.objectionsAnswered},
		{Group: home.Waiting, Level: v, Obj: "service_request", Act: "create", Lines: func(ctx context.Context, vw home.Viewer, p home.Place) ([]home.Line, error) {
			if !lives(vw, p) {
				return nil, nil
			}
			rs, err := r.desk.Mine(ctx, p.OrgID, web.Actor{AccountID: vw.AccountID, VillageID: vw.VillageID, ResidentNo: vw.ResidentNo})
			var out []home.Line
			for _, q := range rs {
				if q.Status != servicedesk.StatusAnswered || len(out) == perSource {
					continue
				}
				title, _ := r.desk.Named(q)
				out = append(out, home.Line{Kind: "request_answered", Title: title, At: q.UpdatedAt,
					Link: link("desk", "vid", p.OrgID, "request", q.ID)})
			}
			return out, err
		}},
		{Group: home.Waiting, Level: v, Obj: "complaint", Act: "create", Lines: a.complaintsAnswered},
		// Waits for the secretary.
		{Group: home.Waiting, Level: v, Obj: "objection", Act: "answer", Lines: a.objectionsToAnswer},
		{Group: home.Waiting, Level: v, Obj: "vote", Act: "count", Lines: a.countsToConfirm},
		// Waits for the street.
		{Group: home.Waiting, Level: org.LevelStreet, Obj: "filing", Act: "review", Lines: a.filingsToReview},
		{Group: home.Waiting, Level: org.LevelStreet, Obj: "complaint", Act: "return", Lines: a.complaintsToAnswer},
		{Group: home.Waiting, Level: org.LevelStreet, Obj: "alert", Act: "read", Lines: a.streetAlerts},
		{Group: home.Waiting, Level: org.LevelStreet, Obj: "service_request", Act: "answer", Lines: a.requestsForwarded},
		// Open in my village.
		{Group: home.Village, Level: v, Obj: "proposal", Act: "read", Lines: a.following},
		{Group: home.Village, Level: v, Obj: "proposal", Act: "read", Lines: a.gathering},
		{Group: home.Village, Level: v, Obj: "outcome", Act: "read", Lines: a.noticesOpen},
		{Group: home.Village, Level: v, Obj: "minutes", Act: "read", Lines: a.meetingsComing},
		{Group: home.Village, Level: v, Obj: "vote", Act: "read", Lines: a.outcomes},
	}
	return append(sources, a.supervisionSources()...)
}
