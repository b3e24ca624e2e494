package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

// demoActivityMarker is the title of the first thing seedDemoActivity makes:
// when a proposal of this title exists, the activity was seeded before and
// nothing is made again.
const demoActivityMarker = "三号楼加装电梯"

// seedDemoActivity gives the demo's first village something happening now, so
// that a newcomer who logs in with -demo meets a living home, not a row of
// empty states: a topic in the hall gathering support, a vote the resident may
// cast, a residents' meeting coming in two weeks, and a notice in its
// objection period. It goes through the HTTP API in-process, as the demo
// accounts, so the same validation, audit lines and notifications apply as
// for a person in the page; only -demo runs it (the tests' apps do not, so
// their counts start from an empty village).
func (a *app) seedDemoActivity(ctx context.Context, now time.Time) error {
	village, err := a.orgs.ByPath(ctx, "/gz/hd/hs/dt")
	if err != nil {
		return fmt.Errorf("demo activity: the demo village: %w", err)
	}
	base := "/api/v1/orgs/" + village.ID
	resident, err := a.demoSession(ctx, "13800000001")
	if err != nil {
		return err
	}
	secretary, err := a.demoSession(ctx, "13800000002")
	if err != nil {
		return err
	}
	var list struct {
		Items []struct{ Title string } `json:"items"`
	}
	if err := resident.call("GET", base+"/proposals?limit=200", nil, &list); err != nil {
		return err
	}
	for _, p := range list.Items {
		if p.Title == demoActivityMarker {
			return nil
		}
	}

	var lamp, lift struct{ ID string }
	if err := secretary.call("POST", base+"/proposals", map[string]any{"body_id": "council", "title": demoActivityMarker,
		"category": "public_welfare", "body": "三号楼住户多为老人，提议加装电梯，费用按楼层分摊。"}, &lift); err != nil {
		return err
	}
	if err := secretary.call("POST", base+"/proposals/"+lift.ID+"/submit", nil, nil); err != nil {
		return err
	}
	if err := resident.call("POST", base+"/topics", map[string]any{"title": "村口路灯维修",
		"body": "村口三盏路灯坏了一个多月，晚上老人出门看不清路，建议尽快维修。"}, &lamp); err != nil {
		return err
	}
	if err := secretary.call("POST", base+"/topics/"+lamp.ID+"/support", nil, nil); err != nil {
		return err
	}
	if err := secretary.call("POST", base+"/votes", map[string]any{"subject_kind": "proposal", "subject_id": lift.ID,
		"meeting_kind": "residents_meeting", "secret": true}, nil); err != nil {
		return err
	}
	day := now.In(chinaTime).AddDate(0, 0, 14)
	starts := time.Date(day.Year(), day.Month(), day.Day(), 19, 30, 0, 0, chinaTime)
	if err := secretary.call("POST", base+"/meetings", map[string]any{"kind": "residents_meeting", "body_id": "council",
		"title": "第四季度居民会议", "place": "社区活动室", "starts_at": starts.Format(time.RFC3339),
		"agenda": []string{lift.ID}, "chair": "R001", "recorder": "R005"}, nil); err != nil {
		return err
	}
	return secretary.call("POST", base+"/notices", map[string]any{"kind": "finance", "title": "第三季度社区财务公开",
		"text": "收入：上级补助 12,000 元；支出：道路维修 8,600 元，活动室水电 1,150 元。有疑问请在公示期内提出。"}, nil)
}

// demoSession is a demo account logged in to the app's own router, in-process.
type demoSession struct {
	a      *app
	ctx    context.Context
	cookie string
	csrf   string
}

func (a *app) demoSession(ctx context.Context, phone string) (*demoSession, error) {
	s := &demoSession{a: a, ctx: ctx}
	var out struct {
		CSRFToken string `json:"csrf_token"`
	}
	resp, err := s.send(ctx, "POST", "/api/v1/auth/login", map[string]string{"phone": phone, "password": demoPassword})
	if err != nil {
		return nil, fmt.Errorf("demo activity: log in %s: %w", phone, err)
	}
	if err := decodeAnswer(resp, &out); err != nil {
		return nil, fmt.Errorf("demo activity: log in %s: %w", phone, err)
	}
	for _, c := range resp.Cookies() {
		s.cookie += c.Name + "=" + c.Value + "; "
	}
	s.csrf = out.CSRFToken
	return s, nil
}

func (s *demoSession) call(method, path string, body, out any) error {
	resp, err := s.send(s.ctx, method, path, body)
	if err != nil {
		return fmt.Errorf("demo activity: %s %s: %w", method, path, err)
	}
	if err := decodeAnswer(resp, out); err != nil {
		return fmt.Errorf("demo activity: %s %s: %w", method, path, err)
	}
	return nil
}

func (s *demoSession) send(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var r io.Reader
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequestWithContext(ctx, method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.cookie != "" {
		req.Header.Set("Cookie", strings.TrimSuffix(s.cookie, "; "))
	}
	if s.csrf != "" {
		req.Header.Set("X-CSRF-Token", s.csrf)
	}
	return s.a.http.Test(req, -1)
}

// decodeAnswer reads a 2xx answer into out, or turns any other answer into an error quoting it.
func decodeAnswer(resp *http.Response, out any) error {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %d: %s", resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}
