package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson/primitive"

	"yishi/modules/proposal"
)

// proposalBench is a village with proposals and a logged-in resident.
type proposalBench struct {
	c       *client
	village string
	ids     []string
}

// newProposalBench starts the demo app. With bulk 0 the village (东田社区)
// gets 20 proposals made through the API, on top of the demo data; with
// bulk n it gets n proposals (plus amendments) inserted with the driver.
func newProposalBench(b *testing.B, bulk int) *proposalBench {
	b.Helper()
	testLogLevel = slog.LevelInfo
	ta := startTestApp(b)
	pb := &proposalBench{c: ta.login(b, "13800000001"), village: ta.orgID(b, "/gz/hd/hs/dt")}
	if bulk == 0 {
		for i := 0; i < 20; i++ {
			var p struct{ ID string }
			pb.c.mustJSON("POST", proposalsPath(pb.village), map[string]any{"body_id": "council", "title": fmt.Sprintf("议题%d：修缮公共设施", i),
				"body": "具体说明", "category": "public_order"}, 201, &p)
			pb.c.mustJSON("POST", proposalsPath(pb.village, "/", p.ID, "/submit"), nil, 200, nil)
			pb.ids = append(pb.ids, p.ID)
		}
		return pb
	}
	ctx := context.Background()
	acc, err := ta.accounts.ByPhone(ctx, "13800000001")
	if err != nil {
		b.Fatal(err)
	}
	flow := proposal.ShippedFlows[1] // the short flow
	now := time.Now().UTC().Truncate(time.Millisecond)
	docs := make([]any, 0, bulk)
	var amendments []any
	for i := 0; i < bulk; i++ {
		id := primitive.NewObjectID().Hex()
		at := now.Add(-time.Duration(bulk-i) * time.Minute)
		history := []proposal.HistoryEntry{
			{Action: "create", Actor: acc.ID, ActorName: acc.Name, Role: "resident", At: at},
			{Step: "proposal", Action: "submit", Actor: acc.ID, ActorName: acc.Name, Role: "resident", At: at},
			{Step: "proposal", Action: "complete", Actor: "secretary", ActorName: "秘书", Role: "secretary", At: at, Note: "列入议程"},
			{Step: "deliberation", Action: "opinion", Actor: "member", ActorName: "委员", Role: "council_member", At: at, Opinion: "support", Note: "同意"},
		}
		f := flow
		docs = append(docs, proposal.Proposal{ID: id, Kind: proposal.KindProposal, BodyID: "council", BodyKind: "council",
			Title:    fmt.Sprintf("第%d号议题：关于改善村里公共设施和环境卫生的建议", i),
			Body:     "村里的道路、路灯和垃圾收集点需要修缮。建议由议事会商议后提交表决，所需资金从公益金列支，完成后公开结果。",
			Category: "environment", FlowKey: flow.Key, Status: proposal.StatusInProgress, Proposer: acc.ID, ProposerNo: acc.ResidentNo,
			ProposerName: acc.Name, Flow: &f, Current: &proposal.Current{Index: 1, Key: "deliberation", NameZh: "商议", NameEn: "Deliberation", Kind: "deliberate"},
			History: history, Counts: proposal.Counts{Signatures: i % 17, Adults: i % 17}, Links: []proposal.Link{},
			CreatedAt: at, SubmittedAt: at, ActivityAt: at})
		if i%2 == 0 {
			amendments = append(amendments, proposal.Amendment{ID: primitive.NewObjectID().Hex(), ProposalID: id, Author: acc.ID,
				AuthorName: acc.Name, Text: "建议分两期实施", Status: proposal.AmendmentPending, At: at})
		}
		pb.ids = append(pb.ids, id)
	}
	db := ta.store.Village(pb.village)
	if _, err := db.Collection("proposals").InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Collection("amendments").InsertMany(ctx, amendments); err != nil {
		b.Fatal(err)
	}
	return pb
}

// measure runs get b.N times and reports the median and 95th percentile.
func measure(b *testing.B, get func(i int)) {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		get(i)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(float64(len(lat)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// BenchmarkProposalList: GET /api/v1/orgs/{id}/proposals (the first page of
// 20, latest activity first) on the demo data and on a village of 2,000
// proposals.
func BenchmarkProposalList(b *testing.B) {
	for _, c := range []struct {
		name string
		bulk int
	}{{"demo", 0}, {"2000", 2000}} {
		pb := newProposalBench(b, c.bulk)
		b.Run(c.name, func(b *testing.B) {
			measure(b, func(int) {
				pb.c.mustJSON("GET", proposalsPath(pb.village), nil, 200, nil)
			})
		})
	}
}

// BenchmarkProposalDetail: GET /api/v1/orgs/{id}/proposals/{pid} (the
// proposal with its flow, history, amendments, attachments and the
// reader's signature and follow) on the same two villages.
func BenchmarkProposalDetail(b *testing.B) {
	for _, c := range []struct {
		name string
		bulk int
	}{{"demo", 0}, {"2000", 2000}} {
		pb := newProposalBench(b, c.bulk)
		b.Run(c.name, func(b *testing.B) {
			measure(b, func(i int) {
				pb.c.mustJSON("GET", proposalsPath(pb.village, "/", pb.ids[i%len(pb.ids)]), nil, 200, nil)
			})
		})
	}
}
