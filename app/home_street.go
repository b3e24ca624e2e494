package main

import (
	"context"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/dashboard"
	"yishi/modules/home"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/servicedesk"
)

// The street official's lines beside the filings and complaints of
// home_lines.go: the alerts of the villages under the street, and the
// service requests villages forwarded. Each names its village (never who
// asked) and opens the page that shows it.

// streetAlerts are the alerts of the street's villages, each opening the
// page of its first evidence.
func (a *app) streetAlerts(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	as, _, err := a.dashboard.Alerts(ctx, p.OrgID)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, x := range as[:min(len(as), perSource)] {
		out = append(out, home.Line{Kind: "alert", Title: x.Village.Name, DetailZh: x.Message, DetailEn: x.MessageEn,
			Link: alertLink(x)})
	}
	return out, nil
}

// alertLink is the page of an alert's first evidence; an alert kept before
// its evidence named pages opens the village's figures.
func alertLink(x dashboard.Alert) notify.Link {
	for _, e := range x.Evidence {
		if e.Link.View != "" {
			return notify.Link{View: e.Link.View, Params: e.Link.Params}
		}
	}
	return link("village-figures", "vid", x.Village.ID)
}

// requestsForwarded are the service requests the street's villages
// forwarded and the street has not answered, oldest first, named by the
// service asked for.
func (a *app) requestsForwarded(ctx context.Context, _ home.Viewer, p home.Place) ([]home.Line, error) {
	orgs, err := a.orgs.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, v := range orgs {
		if v.Level != org.LevelVillage || !strings.HasPrefix(v.Path, p.Path+"/") {
			continue
		}
		rs, err := a.reads.desk.List(ctx, v.ID, bson.M{"forwarded": true, "status": servicedesk.StatusForwarded})
		if err != nil {
			return nil, err
		}
		slices.Reverse(rs) // the desk lists the newest first
		for _, q := range rs {
			if len(out) == perSource {
				return out, nil
			}
			zh, en := a.reads.desk.Named(q)
			out = append(out, home.Line{Kind: "request_forwarded", Title: v.Name, DetailZh: zh, DetailEn: en, At: q.UpdatedAt,
				Link: link("desk-forwarded", "vid", v.ID)})
		}
	}
	return out, nil
}
