// Package gen is the data generator: it fills a store with a township,
// deterministically from a seed, in the shapes the modules write, so the app
// serves what it wrote. The command `yishi gen` (app/) and the bench drive it.
package gen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/account"
	"yishi/modules/minutes"
	"yishi/modules/moralboard"
	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/review"
	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/policies"
)

// The generator, as the command runs it:
//
//	yishi gen -villages 20 -residents 2000 -proposals 250 -ballots 10000 -seed 1 -data DIR
//
// Documents go in with InsertMany in batches of 1,000, which is as fast as
// the store takes them; the services would take hours at this size.

// Config is the shape of the township.
type Config struct {
	// Password is every generated account's password (the demo's, which
	// the README gives); it is not a flag.
	Password          string
	Villages          int
	Residents         int // per village; raised to Ballots when that is larger
	Proposals         int // per village
	Ballots           int // ballots of the one closed vote of each village
	Accounts          int // resident accounts per village
	Meetings          int // meetings with published minutes per village
	Cases             int // moral review cases per village
	VillagesPerStreet int
	Seed              uint64
}

func Flags(fs *flag.FlagSet) *Config {
	g := &Config{}
	fs.IntVar(&g.Villages, "villages", 20, "number of villages")
	fs.IntVar(&g.Residents, "residents", 2000, "residents per village (at least -ballots)")
	fs.IntVar(&g.Proposals, "proposals", 250, "proposals per village, with comments and history")
	fs.IntVar(&g.Ballots, "ballots", 10000, "ballots of the closed vote of each village")
	fs.IntVar(&g.Accounts, "accounts", 50, "resident accounts per village (the first is the council secretary)")
	fs.IntVar(&g.Meetings, "meetings", 12, "meetings with published minutes, notices and filings per village")
	fs.IntVar(&g.Cases, "cases", 24, "moral review cases per village (nominated, heard, listed, expired)")
	fs.IntVar(&g.VillagesPerStreet, "per-street", 20, "villages per street (township)")
	fs.Uint64Var(&g.Seed, "seed", 1, "seed: the same seed gives the same township")
	return g
}

// Township is what was generated: enough IDs for the benchmark to address it.
type Township struct {
	Streets   []Street
	Villages  []Village
	Documents int
	Took      time.Duration
}

type Street struct {
	ID, Name, Path, OfficialID, OfficialPhone string
}

type Village struct {
	ID, Name, Path, StreetID string
	Kind                     string
	AccountIDs               []string
	AccountPhones            []string
	Residents                []org.Resident
	ProposalIDs              []string
	VoteID                   string
	MeetingIDs               []string
}

// ID is a 24-hex-digit ID derived from the seed and the parts, so the
// same seed names every document the same way.
func ID(seed uint64, parts ...any) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%d|%v", seed, parts))
	return hex.EncodeToString(h[:12])
}

var (
	genSurnames   = []string{"陈", "李", "黄", "张", "梁", "刘", "何", "罗", "林", "周", "吴", "徐", "王", "邓", "冯"}
	genGiven      = []string{"建国", "秀英", "志强", "小明", "桂芳", "伟", "丽华", "子涵", "国强", "淑珍", "海燕", "俊杰", "玉兰", "家豪", "美玲", "德明", "翠花", "浩然", "春梅", "文轩"}
	genStreets    = []string{"花山镇", "炭步镇", "赤坭镇", "狮岭镇", "梯面镇", "花东镇", "新华街", "秀全街", "新雅街", "花城街"}
	genPlaces     = []string{"东", "西", "南", "北", "上", "下", "新", "旧", "大", "小", "平", "和", "石", "岗", "龙", "凤", "田", "塘", "坑", "岭"}
	genTopics     = []string{"修缮村道", "安装路灯", "垃圾分类收集点", "公共厕所改造", "河涌清淤", "村民活动中心", "老人饭堂", "停车场规划", "集体土地流转", "公益金使用"}
	genComments   = []string{"同意，早该修了。", "建议先算清楚费用再表决。", "我家门口也需要。", "资金从哪里出？", "支持，希望年底前完成。", "要公开招标。", "建议分两期实施。", "请议事会尽快商议。"}
	genOpinions   = []string{"同意按方案实施", "建议公开账目", "要求按期完工", "建议听取老人意见"}
	genCategories = []string{"public_welfare", "environment", "public_order", "culture", "collective_project"}
	genChoiceMix  = []string{"yes", "yes", "yes", "yes", "yes", "yes", "no", "no", "abstain", "abstain"}
)

// Generate writes the township into st. With a progress writer it first
// runs the same seed without writing, only counting, so the bar's total is
// the true number of documents (households, comments and notices are drawn
// at random, so no formula gives it) and the ETA rests on it.
func Generate(ctx context.Context, st *store.Store, g Config, progress io.Writer) (Township, error) {
	if g.Villages < 1 || g.Residents < 1 || g.VillagesPerStreet < 1 || g.Accounts < 1 {
		return Township{}, errors.New("gen: -villages, -residents, -accounts and -per-street must be positive")
	}
	if g.Password == "" {
		return Township{}, errors.New("gen: no password for the accounts")
	}
	g.Residents = max(g.Residents, g.Ballots)
	g.Accounts = min(g.Accounts, g.Residents)
	start := time.Now()
	hash, err := account.HashPassword(g.Password)
	if err != nil {
		return Township{}, err
	}
	w := &bulkWriter{out: progress}
	if progress != nil {
		count := &bulkWriter{dry: true}
		if _, err := writeTownship(ctx, st, g, count, hash); err != nil {
			return Township{}, err
		}
		w.total = count.done
	}
	w.start = time.Now()
	w.last = w.start
	w.draw()
	t, err := writeTownship(ctx, st, g, w, hash)
	if err != nil {
		return t, err
	}
	w.finish()
	t.Documents, t.Took = w.done, time.Since(start)
	return t, nil
}

// Plan is the township Generate writes for g, without writing it: the IDs
// a benchmark needs to address a store generated earlier with the same
// flags and seed.
func Plan(ctx context.Context, st *store.Store, g Config) (Township, error) {
	g.Residents = max(g.Residents, g.Ballots)
	g.Accounts = min(g.Accounts, g.Residents)
	count := &bulkWriter{dry: true, plan: true}
	t, err := writeTownship(ctx, st, g, count, "")
	t.Documents = count.done
	return t, err
}

// writeTownship writes (or, on a dry writer, only counts) the township of
// g's seed.
func writeTownship(ctx context.Context, st *store.Store, g Config, w *bulkWriter, hash string) (Township, error) {
	rng := rand.New(rand.NewPCG(g.Seed, 0x5eed))
	// The clock is fixed too: the same seed writes the same documents (maps,
	// such as a result's counts, encode their keys in any order).
	base := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	t := Township{}
	shared := st.Shared()
	city := org.Org{ID: ID(g.Seed, "city"), Code: "gz", Name: "广州市", Level: org.LevelCity, Path: "/gz", CreatedAt: base}
	district := org.Org{ID: ID(g.Seed, "district"), Code: "hd", Name: "花都区", Level: org.LevelDistrict, Path: "/gz/hd", ParentID: city.ID, CreatedAt: base}
	orgs := []any{city, district}
	var accounts []any
	streets := (g.Villages + g.VillagesPerStreet - 1) / g.VillagesPerStreet
	for s := range streets {
		name := genStreets[s%len(genStreets)]
		if s >= len(genStreets) {
			name = fmt.Sprintf("%s%d", name, s/len(genStreets)+1)
		}
		o := org.Org{ID: ID(g.Seed, "street", s), Code: fmt.Sprintf("s%02d", s+1), Name: name, Level: org.LevelStreet,
			Path: fmt.Sprintf("/gz/hd/s%02d", s+1), ParentID: district.ID, CreatedAt: base}
		orgs = append(orgs, o)
		gs := Street{ID: o.ID, Name: o.Name, Path: o.Path, OfficialID: ID(g.Seed, "official", s), OfficialPhone: fmt.Sprintf("137%08d", s+1)}
		accounts = append(accounts, account.Account{ID: gs.OfficialID, Phone: gs.OfficialPhone, Name: "街道干部" + o.Name, PasswordHash: hash,
			Roles: []policies.Assignment{{Role: "street_official", Scope: o.Path}}, CreatedAt: base})
		t.Streets = append(t.Streets, gs)
	}
	for v := range g.Villages {
		street := t.Streets[v/g.VillagesPerStreet]
		kind, suffix := org.KindVillage, "村"
		if v%5 == 4 {
			kind, suffix = org.KindCommunity, "社区"
		}
		code := fmt.Sprintf("v%03d", v+1)
		name := genPlaces[rng.IntN(len(genPlaces))] + genPlaces[rng.IntN(len(genPlaces))] + suffix
		o := org.Org{ID: ID(g.Seed, "village", v), Code: code, Name: name, Level: org.LevelVillage, Kind: kind,
			Path: street.Path + "/" + code, ParentID: street.ID, CreatedAt: base}
		orgs = append(orgs, o)
		t.Villages = append(t.Villages, Village{ID: o.ID, Name: name, Path: o.Path, StreetID: street.ID, Kind: kind})
	}
	if err := w.insert(ctx, org.OrgsIn(shared), orgs); err != nil {
		return t, err
	}
	for i := range t.Villages {
		acc, err := genVillageData(ctx, st, w, rng, g, i, &t.Villages[i], hash, base)
		if err != nil {
			return t, err
		}
		if w.dry && !w.plan {
			t.Villages[i].Residents = nil // a count keeps no county's register in memory
		}
		accounts = append(accounts, acc...)
	}
	if err := w.insert(ctx, account.AccountsIn(shared), accounts); err != nil {
		return t, err
	}
	return t, nil
}

// genVillageData writes one village's register, bodies, proposals, vote,
// meetings, minutes, notices and filings, and returns its accounts.
func genVillageData(ctx context.Context, st *store.Store, w *bulkWriter, rng *rand.Rand, g Config, vi int, gv *Village, hash string, base time.Time) ([]any, error) {
	if !w.dry {
		if err := st.PrepareVillage(ctx, gv.ID); err != nil {
			return nil, err
		}
	}
	db := st.Village(gv.ID)
	// Register: households of 1 to 6; children only where the vote leaves room.
	children := max(0, min(g.Residents/5, g.Residents-g.Ballots))
	var residents, households []any
	var adults []org.Resident
	for i, h := 0, 0; i < g.Residents; h++ {
		size := min(1+rng.IntN(6), g.Residents-i)
		surname := genSurnames[rng.IntN(len(genSurnames))]
		hh := org.Household{No: fmt.Sprintf("H%05d", h+1), Group: fmt.Sprintf("第%d组", h%8+1), Members: size}
		for m := 0; m < size; m++ {
			birth := fmt.Sprintf("%d-%02d-%02d", 1940+rng.IntN(65), 1+rng.IntN(12), 1+rng.IntN(28))
			if m >= 2 && children > 0 {
				birth = fmt.Sprintf("%d-%02d-%02d", 2012+rng.IntN(10), 1+rng.IntN(12), 1+rng.IntN(28))
				children--
			}
			r := org.Resident{No: fmt.Sprintf("R%05d", i+1), HouseholdNo: hh.No, Name: surname + genGiven[rng.IntN(len(genGiven))],
				Gender: []string{"M", "F"}[rng.IntN(2)], BirthDate: birth, Group: hh.Group, HouseholdHead: m == 0, UpdatedAt: base}
			if m == 0 {
				hh.Head = r.No
			}
			if age, _ := org.AgeOn(birth, base); age >= 18 {
				adults = append(adults, r)
			}
			residents = append(residents, r)
			gv.Residents = append(gv.Residents, r)
			i++
		}
		households = append(households, hh)
	}
	if err := w.insert(ctx, org.ResidentsIn(db), residents); err != nil {
		return nil, err
	}
	if err := w.insert(ctx, org.HouseholdsIn(db), households); err != nil {
		return nil, err
	}
	members := func(from int) []org.Member {
		out := []org.Member{}
		for k := 0; k < 5 && from+4*k < len(adults); k++ {
			role := org.MemberMember
			if k == 0 {
				role = org.MemberChair
			} else if k == 1 && from == 0 {
				role = org.MemberSecretary
			}
			out = append(out, org.Member{ResidentNo: adults[from+4*k].No, Role: role})
		}
		return out
	}
	bodies := []any{
		org.Body{ID: "council", Kind: org.BodyCouncil, Name: "村民议事会", Members: members(0), CreatedAt: base},
		org.Body{ID: "moralboard", Kind: org.BodyMoralBoard, Name: "道德评议会", Members: members(1), CreatedAt: base},
		org.Body{ID: "hall", Kind: org.BodyHall, Name: "村民议事堂", Members: []org.Member{}, CreatedAt: base},
	}
	if err := w.insert(ctx, org.BodiesIn(db), bodies); err != nil {
		return nil, err
	}
	// Accounts of the first adults; the first is the council secretary.
	var accounts []any
	for k := 0; k < g.Accounts && k < len(adults); k++ {
		r := adults[k]
		roles := []policies.Assignment{{Role: "resident", Scope: gv.Path}}
		if k == 0 {
			roles = append(roles, policies.Assignment{Role: "council_member", Scope: gv.Path}, policies.Assignment{Role: "secretary", Scope: gv.Path})
		}
		a := account.Account{ID: ID(g.Seed, "account", vi, k), Phone: fmt.Sprintf("15%03d%06d", vi, k), Name: r.Name, PasswordHash: hash,
			Roles: roles, VillageID: gv.ID, ResidentNo: r.No, CreatedAt: base}
		accounts = append(accounts, a)
		gv.AccountIDs = append(gv.AccountIDs, a.ID)
		gv.AccountPhones = append(gv.AccountPhones, a.Phone)
	}
	if err := genProposals(ctx, db, w, rng, g, vi, gv, adults, base); err != nil {
		return nil, err
	}
	if err := genVote(ctx, db, w, rng, g, vi, gv, adults, len(households), base); err != nil {
		return nil, err
	}
	if err := genMeetings(ctx, db, w, rng, g, vi, gv, adults, base); err != nil {
		return nil, err
	}
	if err := genCases(ctx, db, w, rng, g, vi, gv, adults, base); err != nil {
		return nil, err
	}
	return accounts, nil
}

func genProposals(ctx context.Context, db *mongo.Database, w *bulkWriter, rng *rand.Rand, g Config, vi int, gv *Village, adults []org.Resident, base time.Time) error {
	var docs, comments []any
	for p := 0; p < g.Proposals; p++ {
		id := ID(g.Seed, "proposal", vi, p)
		at := base.Add(time.Duration(p) * 7 * time.Hour)
		author := adults[rng.IntN(len(adults))]
		flow := proposal.ShippedFlows[rng.IntN(len(proposal.ShippedFlows))]
		topic := genTopics[rng.IntN(len(genTopics))]
		history := []proposal.HistoryEntry{
			{Action: "create", Actor: author.No, ActorName: author.Name, Role: "resident", At: at},
			{Step: flow.Steps[0].Key, Action: "submit", Actor: author.No, ActorName: author.Name, Role: "resident", At: at.Add(time.Hour)},
		}
		status, step := proposal.StatusInProgress, min(1+rng.IntN(len(flow.Steps)), len(flow.Steps))
		for s := 0; s < step && s < len(flow.Steps)-1; s++ {
			history = append(history, proposal.HistoryEntry{Step: flow.Steps[s].Key, Action: "complete", Actor: "secretary",
				ActorName: "秘书", Role: "secretary", At: at.Add(time.Duration(s+2) * time.Hour), Note: "按程序办理"})
		}
		var current *proposal.Current
		if step >= len(flow.Steps) {
			status = proposal.StatusCompleted
		} else {
			s := flow.Steps[step]
			current = &proposal.Current{Index: step, Key: s.Key, NameZh: s.NameZh, NameEn: s.NameEn, Kind: s.Kind}
		}
		n := rng.IntN(9)
		for c := 0; c < n; c++ {
			who := adults[rng.IntN(len(adults))]
			comments = append(comments, proposal.Comment{ID: ID(g.Seed, "comment", vi, p, c), ProposalID: id, Author: who.No,
				AuthorName: who.Name, Body: genComments[rng.IntN(len(genComments))], At: at.Add(time.Duration(c+1) * 30 * time.Minute)})
		}
		f := flow
		cat, _ := proposal.CategoryByKey(genCategories[rng.IntN(len(genCategories))])
		docs = append(docs, proposal.Proposal{ID: id, Kind: proposal.KindProposal, BodyID: "council", BodyKind: org.BodyCouncil,
			Title:    fmt.Sprintf("关于%s的建议（第%d号）", topic, p+1),
			Body:     "村里的" + topic + "问题群众反映较多。建议由议事会商议后提交表决，所需资金从公益金列支，完成后公开结果。",
			Category: cat.Key, Art24: cat.Art24, FlowKey: flow.Key, Status: status, Proposer: gv.AccountIDs[0], ProposerNo: author.No,
			ProposerName: author.Name, Flow: &f, Current: current, History: history, Counts: proposal.Counts{Signatures: rng.IntN(30)},
			Links: []proposal.Link{}, Files: []proposal.Attachment{}, CommentCount: n, CreatedAt: at, SubmittedAt: at.Add(time.Hour),
			ActivityAt: at.Add(time.Duration(n+2) * time.Hour), Rev: int64(len(history))})
		gv.ProposalIDs = append(gv.ProposalIDs, id)
	}
	if err := w.insert(ctx, proposal.ProposalsIn(db), docs); err != nil {
		return err
	}
	return w.insert(ctx, proposal.CommentsIn(db), comments)
}

// genVote writes one closed vote of the villagers' (or residents') meeting
// with g.Ballots open ballots and its result.
func genVote(ctx context.Context, db *mongo.Database, w *bulkWriter, rng *rand.Rand, g Config, vi int, gv *Village, adults []org.Resident, households int, base time.Time) error {
	if g.Ballots == 0 {
		return nil
	}
	kind := vote.VillagersMeeting
	if gv.Kind == org.KindCommunity {
		kind = vote.ResidentsMeeting
	}
	rule, err := vote.Tighten(kind, nil, nil)
	if err != nil {
		return err
	}
	subject := ""
	if len(gv.ProposalIDs) > 0 {
		subject = gv.ProposalIDs[0]
	}
	opened := base.Add(30 * 24 * time.Hour)
	v := vote.Vote{ID: ID(g.Seed, "vote", vi), VillageID: gv.ID, SubjectKind: "proposal", SubjectID: subject, Title: "村民会议表决",
		MeetingKind: kind, Mode: vote.ModePersons, Options: vote.DefaultOptions, MaxChoices: 1, Rule: rule, Status: vote.StatusClosed,
		OpenedBy: gv.AccountIDs[0], OpenedAt: opened, ClosedAt: opened.Add(2 * time.Hour), EligibleCount: len(adults), HouseholdCount: households}
	voters := make(map[string]string, len(adults))
	for _, r := range adults {
		voters[r.No] = r.HouseholdNo
	}
	ballots := make([]vote.Ballot, 0, g.Ballots)
	docs := make([]any, 0, g.Ballots)
	for i := 0; i < g.Ballots && i < len(adults); i++ {
		r := adults[i]
		b := vote.Ballot{ID: v.ID + ":" + r.No, Voter: r.No, Choices: []string{genChoiceMix[rng.IntN(len(genChoiceMix))]},
			Receipt: vote.ReceiptHash(v.ID, ID(g.Seed, "receipt", vi, i)), CastAt: opened.Add(time.Duration(i) * 500 * time.Millisecond), Household: r.HouseholdNo}
		ballots = append(ballots, b)
		docs = append(docs, b)
	}
	result := vote.ResultOf(v, ballots)
	v.Result = &result
	if err := w.insert(ctx, vote.ElectoratesIn(db), []any{vote.Electorate{VoteID: v.ID, Voters: voters}}); err != nil {
		return err
	}
	if err := w.insert(ctx, vote.BallotsIn(db, v.ID), docs); err != nil {
		return err
	}
	tally, markers := vote.BulkTally(v, ballots)
	if err := w.insert(ctx, vote.TallyIn(db, v.ID), []any{tally}); err != nil {
		return err
	}
	if err := w.insert(ctx, vote.HouseholdMarkersIn(db, v.ID), markers); err != nil {
		return err
	}
	gv.VoteID = v.ID
	return w.insert(ctx, vote.VotesIn(db), []any{v})
}

// genMeetings writes monthly council meetings, each with published minutes,
// a notice on the board, a few objections and a filing with the street.
func genMeetings(ctx context.Context, db *mongo.Database, w *bulkWriter, rng *rand.Rand, g Config, vi int, gv *Village, adults []org.Resident, base time.Time) error {
	var meetings, mins, notices, objections, filings []any
	rule, err := vote.Tighten(vote.CouncilVote, nil, nil)
	if err != nil {
		return err
	}
	for m := 0; m < g.Meetings; m++ {
		id := ID(g.Seed, "meeting", vi, m)
		at := base.Add(time.Duration(m) * 30 * 24 * time.Hour)
		agenda := []string{genTopics[rng.IntN(len(genTopics))], genTopics[rng.IntN(len(genTopics))]}
		meetings = append(meetings, minutes.Meeting{ID: id, VillageID: gv.ID, Kind: vote.CouncilVote, BodyID: "council",
			Title: fmt.Sprintf("第%d次议事会会议", m+1), StartsAt: at, Place: "村委会议室", Agenda: agenda, Status: minutes.MeetingClosed,
			AnnouncedAt: at.Add(-5 * 24 * time.Hour), ScheduledBy: gv.AccountIDs[0], OpenedAt: at, ClosedAt: at.Add(2 * time.Hour),
			Warnings: []minutes.Warning{}, Rule: rule, Secret: ID(g.Seed, "secret", vi, m), Households: 0})
		var attendees []minutes.Attendee
		var opinions []minutes.Opinion
		for k := 0; k < 5 && k < len(adults); k++ {
			attendees = append(attendees, minutes.Attendee{ResidentNo: adults[4*k%len(adults)].No, Name: adults[4*k%len(adults)].Name, Method: minutes.MethodQR})
			opinions = append(opinions, minutes.Opinion{Item: agenda[k%2], Speaker: adults[4*k%len(adults)].Name, Text: genOpinions[rng.IntN(len(genOpinions))]})
		}
		minID := id + ":1"
		published := at.Add(24 * time.Hour)
		mins = append(mins, minutes.Minutes{ID: minID, MeetingID: id, Version: 1, Status: minutes.MinutesPublished,
			Title: fmt.Sprintf("第%d次议事会会议纪要", m+1), Kind: vote.CouncilVote, Date: at, Place: "村委会议室",
			Convener: adults[0].Name, Chair: adults[0].Name, Recorder: adults[min(4, len(adults)-1)].Name, Attendance: attendees,
			Quorum: minutes.Quorum{Present: len(attendees), Eligible: 5, Met: true, Basis: rule.Basis}, Agenda: agenda, Opinions: opinions,
			Votes: []minutes.VoteRecord{}, DraftedBy: gv.AccountIDs[0], DraftedAt: at.Add(3 * time.Hour), Confirmed: []minutes.Confirmation{},
			PublishedBy: gv.AccountIDs[0], PublishedAt: published, Hash: ID(g.Seed, "minutes-hash", vi, m) + ID(g.Seed, "minutes-hash2", vi, m)[:16], Rev: 2})
		noticeID := ID(g.Seed, "notice", vi, m)
		notices = append(notices, minutes.Notice{ID: noticeID, VillageID: gv.ID, Kind: minutes.NoticeResolution, Title: fmt.Sprintf("第%d次议事会决议公示", m+1),
			Text: "经议事会商议，决定：" + strings.Join(agenda, "；"), MeetingID: id, MinutesID: minID, PublishedBy: gv.AccountIDs[0],
			PublishedAt: published, NoticeDays: minutes.DefaultNoticeDays, Deadline: published.Add(minutes.DefaultNoticeDays * 24 * time.Hour)})
		for k := 0; k < rng.IntN(3); k++ {
			objections = append(objections, minutes.Objection{ID: ID(g.Seed, "objection", vi, m, k), NoticeID: noticeID,
				ResidentNo: adults[rng.IntN(len(adults))].No, Account: gv.AccountIDs[0], Text: "对费用有疑问，请说明。", At: published.Add(time.Hour),
				Answer: "费用明细已在公示栏张贴。", AnsweredBy: gv.AccountIDs[0], AnsweredAt: published.Add(2 * time.Hour)})
		}
		status := review.StatusAccepted
		if m >= g.Meetings-3 {
			status = review.StatusFiled // the last three wait in the street's queue
		}
		filedAt := published.Add((minutes.DefaultNoticeDays + 1) * 24 * time.Hour)
		filings = append(filings, review.Filing{ID: noticeID + ":1", VillageID: gv.ID, VillagePath: gv.Path, Kind: minutes.NoticeResolution,
			NoticeID: noticeID, Attempt: 1, Title: fmt.Sprintf("第%d次议事会决议", m+1), MinutesID: minID, FiledBy: gv.AccountIDs[0],
			FiledAt: filedAt, ReviewDue: filedAt.Add(review.ReviewDays * 24 * time.Hour), Status: status})
		gv.MeetingIDs = append(gv.MeetingIDs, id)
	}
	for _, c := range []struct {
		coll *mongo.Collection
		docs []any
	}{{minutes.MeetingsIn(db), meetings}, {minutes.MinutesIn(db), mins}, {minutes.NoticesIn(db), notices},
		{minutes.ObjectionsIn(db), objections}, {review.FilingsIn(db), filings}} {
		if err := w.insert(ctx, c.coll, c.docs); err != nil {
			return err
		}
	}
	return nil
}

// genCases writes the moral review board's cases, one every 20 days from
// the base date: the newest still before the hearing, the rest decided by a
// board vote; criticisms are listed for 180 days from when they became final
// (so the older ones have expired), commendations go on the honour roll.
func genCases(ctx context.Context, db *mongo.Database, w *bulkWriter, rng *rand.Rand, g Config, vi int, gv *Village, adults []org.Resident, base time.Time) error {
	categories := []string{"filial_piety", "neighbourliness", "frugal_ceremonies", "environment", "anti_gambling", "anti_drug"}
	verdicts := []string{moralboard.VerdictCommendation, moralboard.VerdictCommendation, moralboard.VerdictCriticism, moralboard.VerdictPersuasion, moralboard.VerdictNoAction}
	docs := make([]any, 0, g.Cases)
	for k := 0; k < g.Cases; k++ {
		subject, nominator := adults[rng.IntN(len(adults))], adults[rng.IntN(len(adults))]
		at := base.Add(time.Duration(k) * 20 * 24 * time.Hour)
		c := moralboard.Case{ID: ID(g.Seed, "case", vi, k), VillageID: gv.ID, BodyID: "moralboard", Category: categories[k%len(categories)],
			SubjectKind: moralboard.SubjectResident, SubjectNo: subject.No, SubjectHousehold: subject.HouseholdNo, SubjectGroup: subject.Group,
			SubjectSurname: string([]rune(subject.Name)[:1]), Description: genTopics[rng.IntN(len(genTopics))] + "：经村民反映，情况属实。",
			Evidence: []string{"村民证言"}, Clause: "村规民约第五条", NominatorNo: nominator.No, NominatedBy: gv.AccountIDs[0], NominatedAt: at,
			Status: moralboard.StatusNominated, Hearings: []moralboard.Hearing{}, Version: 1, UpdatedAt: at,
			Timeline: []moralboard.Event{{At: at, Action: "nominated", Actor: gv.AccountIDs[0]}}}
		if k < g.Cases-2 {
			verdict := verdicts[rng.IntN(len(verdicts))]
			heard, decided := at.Add(5*24*time.Hour), at.Add(6*24*time.Hour)
			final := decided.Add(15 * 24 * time.Hour)
			c.Status, c.Verdict, c.DecidedAt, c.FinalAt = moralboard.StatusFinal, verdict, &decided, &final
			c.Hearings = []moralboard.Hearing{{Stage: "hearing", VoteID: ID(g.Seed, "case-vote", vi, k), OpenedAt: heard, Recusals: []moralboard.Recusal{},
				ClosedAt: &decided, Counts: map[string]int{verdict: 4, moralboard.VerdictNoAction: 1}, Verdict: verdict}}
			c.Timeline = append(c.Timeline, moralboard.Event{At: heard, Action: "hearing_opened"}, moralboard.Event{At: decided, Action: "decided", Detail: verdict}, moralboard.Event{At: final, Action: "final", Detail: "appeal period passed"})
			if verdict == moralboard.VerdictCriticism {
				until := final.Add(180 * 24 * time.Hour)
				c.ListedUntil = &until
			}
			c.UpdatedAt = final
		}
		docs = append(docs, c)
	}
	return w.insert(ctx, moralboard.CasesIn(db), docs)
}

// bulkWriter inserts in batches of 1,000 and draws a progress bar. A dry
// writer only counts what it would insert.
type bulkWriter struct {
	total, done int
	dry         bool
	plan        bool // dry, keeping the township's registers (Plan)
	out         io.Writer
	start, last time.Time
}

func (w *bulkWriter) insert(ctx context.Context, coll *mongo.Collection, docs []any) error {
	if w.dry {
		w.done += len(docs)
		return nil
	}
	for len(docs) > 0 {
		n := min(1000, len(docs))
		if _, err := coll.InsertMany(ctx, docs[:n], options.InsertMany().SetOrdered(false)); err != nil {
			return fmt.Errorf("gen: insert into %s.%s: %w", coll.Database().Name(), coll.Name(), err)
		}
		docs = docs[n:]
		w.done += n
		if time.Since(w.last) > 250*time.Millisecond {
			w.draw()
		}
	}
	return nil
}

func (w *bulkWriter) draw() {
	if w.out == nil {
		return
	}
	w.last = time.Now()
	frac := min(1, float64(w.done)/float64(max(1, w.total)))
	bar := strings.Repeat("█", int(frac*30)) + strings.Repeat("·", 30-int(frac*30))
	el := time.Since(w.start).Seconds()
	rate := float64(w.done) / max(el, 0.001)
	fmt.Fprintf(w.out, "\rgen [%s] %3.0f%% %d/%d documents, %.0f documents/s, ETA %s ", bar, frac*100, w.done, w.total, rate, eta(w.total-w.done, rate))
}

// eta is the time left at the rate so far, or "?" before there is a rate.
func eta(left int, rate float64) string {
	if rate <= 0 {
		return "?"
	}
	return time.Duration(float64(left) / rate * float64(time.Second)).Round(time.Second).String()
}

func (w *bulkWriter) finish() {
	if w.out == nil {
		return
	}
	w.draw()
	fmt.Fprintln(w.out)
}
