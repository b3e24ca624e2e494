package main

import (
	"context"
	"testing"

	"yishi/modules/web"
)

// BenchmarkSecretaryToday is one read of "what needs me today" in a village
// with 12 closed meetings without minutes and 3 open ones, each holding 4
// marks and a vote with an unconfirmed count: the reads behind the home
// page a secretary opens many times a day.
//
//	go test ./app -run '^$' -bench BenchmarkSecretaryToday -benchmem
func BenchmarkSecretaryToday(b *testing.B) {
	c := benchCycleKit(b)
	for i := 0; i < 12; i++ {
		mid := c.openMeeting("议事会")
		c.sec.mustJSON("POST", c.base+"/meetings/"+mid+"/close", nil, 200, nil)
	}
	for i := 0; i < 3; i++ {
		mid, vid := c.openMeetingVote("议事会")
		for _, no := range []string{"R009", "R013", "R017", "R001"} {
			c.sec.mustJSON("POST", c.base+"/meetings/"+mid+"/marks", map[string]string{"resident_no": no}, 201, nil)
		}
		c.sec.mustJSON("POST", c.base+"/votes/"+vid+"/counts", map[string]any{"channel": "paper", "counts": map[string]int{"yes": 1}, "voters": 1}, 201, nil)
	}
	var out struct{ Lines []todayLine }
	c.second.mustJSON("GET", c.base+"/today", nil, 200, &out)
	if len(out.Lines) != 15 {
		b.Fatalf("%d lines, want 12 marks and 3 counts", len(out.Lines))
	}
	b.ResetTimer()
	for b.Loop() {
		c.sec.mustJSON("GET", c.base+"/today", nil, 200, nil)
	}
}

// BenchmarkShortCodeLookup is the server finding the meeting of six typed
// digits among a village's 10 open meetings (a wrong code: every meeting's
// two windows are tried).
//
//	go test ./app -run '^$' -bench BenchmarkShortCodeLookup -benchmem
func BenchmarkShortCodeLookup(b *testing.B) {
	c := benchCycleKit(b)
	for i := 0; i < 10; i++ {
		c.openMeeting("议事会")
	}
	svc := c.ta.meetings
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := svc.SignInByShortCode(ctx, c.xl, "R009", web.Actor{AccountID: "acct"}, "abcdef"); err == nil {
			b.Fatal("a wrong code signed in")
		}
	}
}
