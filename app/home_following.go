package main

import (
	"context"

	"yishi/modules/home"
)

// following are the proposals the viewer follows (their own, those they
// co-signed, those they chose) that are under way, each with its next
// step (journeys.md, Resident 2: "proposals I follow and their next
// step"). One still gathering signatures or support is gathering's line.
func (a *app) following(ctx context.Context, v home.Viewer, p home.Place) ([]home.Line, error) {
	if !lives(v, p) {
		return nil, nil
	}
	ps, err := a.reads.proposals.Followed(ctx, p.OrgID, v.AccountID, 20)
	if err != nil {
		return nil, err
	}
	var out []home.Line
	for _, x := range ps {
		if len(out) == perSource {
			break
		}
		if _, gathering := x.StillNeeded(); gathering {
			continue
		}
		zh, en := "等待开始办理", "waiting to start"
		if x.Current != nil {
			zh, en = "下一步："+x.Current.NameZh, "next: "+x.Current.NameEn
		}
		out = append(out, home.Line{Kind: "following", Title: x.Title, At: x.ActivityAt, DetailZh: zh, DetailEn: en,
			Link: link("proposal", "vid", p.OrgID, "pid", x.ID)})
	}
	return out, nil
}
