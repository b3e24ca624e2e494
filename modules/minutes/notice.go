package minutes

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/vote"
	"yishi/modules/web"
)

const settingsID = "publication"

// Settings returns the village's publication settings: a 15-day notice
// period and a board readable without login unless the village chose else.
// A period saved before the statutory floor applied (the default was 7
// days) is raised to it here, once, with a line in the village's audit
// chain: the first read after the upgrade makes the change.
func (s *Service) Settings(ctx context.Context, villageID string) (Settings, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Settings{}, err
	}
	set := Settings{NoticeDays: DefaultNoticeDays, BoardPublic: true}
	err = db.Collection(collSettings).FindOne(ctx, bson.M{"_id": settingsID}).Decode(&set)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return Settings{}, fmt.Errorf("read settings: %w", err)
	}
	if set.NoticeDays < MinNoticeDays {
		if err := s.raiseNoticeDays(ctx, db, villageID, set.NoticeDays); err != nil {
			return Settings{}, err
		}
		set.NoticeDays = MinNoticeDays
	}
	return set, nil
}

// raiseNoticeDays lifts a stored period below the floor. The update matches
// only a period still below it, so of two readers racing one writes the
// audit line and the other finds nothing to do.
func (s *Service) raiseNoticeDays(ctx context.Context, db *mongo.Database, villageID string, was int) error {
	res, err := db.Collection(collSettings).UpdateOne(ctx, bson.M{"_id": settingsID, "notice_days": bson.M{"$lt": MinNoticeDays}},
		bson.M{"$set": bson.M{"notice_days": MinNoticeDays}})
	if err != nil {
		return fmt.Errorf("raise notice period: %w", err)
	}
	if res.ModifiedCount == 0 {
		return nil
	}
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return err
	}
	upgrade := web.Actor{AccountID: "system", Role: "upgrade", Path: v.Path}
	if err := s.write(ctx, villageID, upgrade, "publication.settings.upgrade", "settings",
		fmt.Sprintf("notice_days %d -> %d (%s)", was, MinNoticeDays, noticeBasis)); err != nil {
		return fmt.Errorf("audit the raised notice period: %w", err)
	}
	return nil
}

// SetSettings saves the village's publication settings. The notice period
// may only be lengthened beyond the statutory floor; left out, it stays.
func (s *Service) SetSettings(ctx context.Context, villageID string, who web.Actor, in Settings) (Settings, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Settings{}, err
	}
	if in.NoticeDays == 0 {
		cur, err := s.Settings(ctx, villageID)
		if err != nil {
			return Settings{}, err
		}
		in.NoticeDays = cur.NoticeDays
	}
	if in.NoticeDays < MinNoticeDays {
		return Settings{}, ErrNoticeTooShort
	}
	in.ID = settingsID
	if _, err := db.Collection(collSettings).ReplaceOne(ctx, bson.M{"_id": settingsID}, in, options.Replace().SetUpsert(true)); err != nil {
		return Settings{}, fmt.Errorf("save settings: %w", err)
	}
	return in, s.write(ctx, villageID, who, "publication.settings", "settings", strconv.Itoa(in.NoticeDays))
}

// NoticeInput is what the secretary publishes on the board.
type NoticeInput struct {
	Kind       string `json:"kind" validate:"required,oneof=resolution result village_rules charter affairs finance consultation"`
	Title      string `json:"title" validate:"required,max=100"`
	Text       string `json:"text" validate:"required,max=10000"`
	MeetingID  string `json:"meeting_id" validate:"max=64"`
	Version    int    `json:"version" validate:"min=0,max=1000"`
	ProposalID string `json:"proposal_id" validate:"max=64"`
	ProjectID  string `json:"project_id" validate:"max=64"`
}

// Publish puts a notice on the board and opens its notice period. A
// resolution, village rules or a charter rest on published minutes.
func (s *Service) PublishNotice(ctx context.Context, villageID string, who web.Actor, in NoticeInput) (Notice, error) {
	set, err := s.Settings(ctx, villageID)
	if err != nil {
		return Notice{}, err
	}
	n := Notice{ID: randomHex(12), VillageID: villageID, Kind: in.Kind, Title: in.Title, Text: in.Text, ProposalID: in.ProposalID,
		ProjectID: in.ProjectID, PublishedBy: who.AccountID, PublishedAt: s.Now(), NoticeDays: set.NoticeDays}
	n.Deadline = n.PublishedAt.Add(time.Duration(set.NoticeDays) * 24 * time.Hour)
	switch in.Kind {
	case NoticeResult:
		// The second disclosure of 4+2 names the project it reports on.
		if in.ProjectID != "" {
			if _, err := s.Project(ctx, villageID, in.ProjectID); err != nil {
				return Notice{}, err
			}
		}
	case NoticeResolution, NoticeVillageRules, NoticeCharter:
		if in.MeetingID == "" || in.Version == 0 {
			return Notice{}, web.New(422, "minutes_required", "决议须依据已公布的会议记录：请写明会议和记录版本", "A resolution rests on published minutes: name the meeting and the version")
		}
		m, err := s.Version(ctx, villageID, in.MeetingID, in.Version)
		if err != nil {
			return Notice{}, err
		}
		if m.Status != MinutesPublished {
			return Notice{}, web.New(409, "minutes_not_published", "会议记录还没有公布", "The minutes are not published yet")
		}
		if in.Kind == NoticeResolution {
			// Publishing the minutes opened it already (publish_notice.go).
			exists, err := s.hasResolutionNotice(ctx, s.store.Village(villageID), m.ID)
			if err != nil {
				return Notice{}, err
			}
			if exists {
				return Notice{}, ErrNoticeExists
			}
		}
		if in.Kind != NoticeResolution && m.Kind != vote.VillagersMeeting && m.Kind != vote.ResidentsMeeting {
			// V2026 Art. 31 ¶1: village rules and the charter are adopted by the
			// villagers' (residents') meeting, not by its representatives,
			// a council, a board or a group.
			return Notice{}, web.New(422, "art27_rules", "依照村委会组织法2026年版第三十一条，村规民约和自治章程由村民会议制定", "Under V2026 Art. 31 ¶1 village rules and the charter are adopted by the villagers' meeting")
		}
		n.MeetingID, n.MinutesID = in.MeetingID, m.ID
	}
	if _, err := s.store.Village(villageID).Collection(collNotices).InsertOne(ctx, n); err != nil {
		return Notice{}, fmt.Errorf("publish notice: %w", err)
	}
	return n, s.write(ctx, villageID, who, "notice.publish", "notice/"+n.ID, n.Kind)
}

// Notice returns a notice with its objection counts.
func (s *Service) Notice(ctx context.Context, villageID, id string) (Notice, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Notice{}, err
	}
	var n Notice
	err = db.Collection(collNotices).FindOne(ctx, bson.M{"_id": id}).Decode(&n)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Notice{}, ErrNoticeNotFound
	}
	if err != nil {
		return Notice{}, fmt.Errorf("get notice: %w", err)
	}
	return n, s.countObjections(ctx, db, &n)
}

func (s *Service) countObjections(ctx context.Context, db *mongo.Database, n *Notice) error {
	var err error
	coll := db.Collection(collObjections)
	total, err := coll.CountDocuments(ctx, bson.M{"notice_id": n.ID})
	if err != nil {
		return fmt.Errorf("count objections: %w", err)
	}
	unanswered, err := coll.CountDocuments(ctx, bson.M{"notice_id": n.ID, "answer": bson.M{"$exists": false}})
	if err != nil {
		return fmt.Errorf("count objections: %w", err)
	}
	n.Objections, n.Unanswered = int(total), int(unanswered)
	return nil
}

// BoardEntry is a notice as the board shows it, with its countdown and its
// end date written out (a printed notice says the date, not "6 days left").
type BoardEntry struct {
	Notice
	Open             bool   `json:"open"`
	RemainingSeconds int64  `json:"remaining_seconds"`
	EndsOn           string `json:"ends_on"` // the local day the period ends, 2026-03-15
	EndsOnZh         string `json:"ends_on_zh"`
	EndsOnEn         string `json:"ends_on_en"`
}

// entryOf is the notice as the board shows it at now.
func entryOf(n Notice, now time.Time) BoardEntry {
	e := BoardEntry{Notice: n, Open: now.Before(n.Deadline), EndsOn: web.LocalDay(n.Deadline), EndsOnZh: web.DateZh(n.Deadline), EndsOnEn: web.DateEn(n.Deadline)}
	if e.Open {
		e.RemainingSeconds = int64(n.Deadline.Sub(now) / time.Second)
	}
	return e
}

// Board lists the village's notices, newest first, with their countdowns.
func (s *Service) Board(ctx context.Context, villageID string) ([]BoardEntry, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collNotices).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "published_at", Value: -1}}).SetLimit(100))
	if err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	var notices []Notice
	if err := cur.All(ctx, &notices); err != nil {
		return nil, fmt.Errorf("list notices: %w", err)
	}
	// One read of the objections for the whole board, counted here: a count
	// per notice would scan the collection twice for each of them.
	cur, err = db.Collection(collObjections).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"notice_id": 1, "answer": 1}))
	if err != nil {
		return nil, fmt.Errorf("count objections: %w", err)
	}
	var objections []Objection
	if err := cur.All(ctx, &objections); err != nil {
		return nil, fmt.Errorf("count objections: %w", err)
	}
	total, unanswered := map[string]int{}, map[string]int{}
	for _, o := range objections {
		total[o.NoticeID]++
		if o.Answer == "" {
			unanswered[o.NoticeID]++
		}
	}
	now := s.Now()
	marked := make([]*Notice, len(notices))
	for i := range notices {
		marked[i] = &notices[i]
	}
	if err := s.markRevoked(ctx, villageID, marked); err != nil {
		return nil, err
	}
	out := []BoardEntry{}
	for _, n := range notices {
		n.Objections, n.Unanswered = total[n.ID], unanswered[n.ID]
		out = append(out, entryOf(n, now))
	}
	return out, nil
}

// Object lodges a resident's objection during the notice period.
func (s *Service) Object(ctx context.Context, villageID, noticeID, residentNo string, who web.Actor, text string) (Objection, error) {
	return s.ObjectCiting(ctx, villageID, noticeID, residentNo, who, text, "")
}

// ObjectCiting lodges an objection that may cite a receipt code missing from
// a vote's published ballot box (objection_receipt.go).
func (s *Service) ObjectCiting(ctx context.Context, villageID, noticeID, residentNo string, who web.Actor, text, missingReceipt string) (Objection, error) {
	n, err := s.Notice(ctx, villageID, noticeID)
	if err != nil {
		return Objection{}, err
	}
	if residentNo == "" {
		return Objection{}, ErrNotResident
	}
	if !s.Now().Before(n.Deadline) {
		return Objection{}, ErrNoticeClosed
	}
	if err := s.receiptMissing(ctx, villageID, n, missingReceipt); err != nil {
		return Objection{}, err
	}
	o := Objection{ID: randomHex(12), NoticeID: noticeID, ResidentNo: residentNo, Account: who.AccountID, Text: text, At: s.Now(),
		MissingReceipt: missingReceipt}
	if _, err := s.store.Village(villageID).Collection(collObjections).InsertOne(ctx, o); err != nil {
		return Objection{}, fmt.Errorf("lodge objection: %w", err)
	}
	return o, s.write(ctx, villageID, who, "objection.create", "notice/"+o.NoticeID, o.ID)
}

// Objections lists a notice's objections and answers.
func (s *Service) Objections(ctx context.Context, villageID, noticeID string) ([]Objection, error) {
	if _, err := s.Notice(ctx, villageID, noticeID); err != nil {
		return nil, err
	}
	cur, err := s.store.Village(villageID).Collection(collObjections).Find(ctx, bson.M{"notice_id": noticeID}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list objections: %w", err)
	}
	out := []Objection{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list objections: %w", err)
	}
	return out, nil
}

// Answer records the written answer to an objection, once.
func (s *Service) Answer(ctx context.Context, villageID, noticeID, objectionID string, who web.Actor, answer string) (Objection, error) {
	if _, err := s.Notice(ctx, villageID, noticeID); err != nil {
		return Objection{}, err
	}
	coll := s.store.Village(villageID).Collection(collObjections)
	var o Objection
	err := coll.FindOneAndUpdate(ctx, bson.M{"_id": objectionID, "notice_id": noticeID, "answer": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"answer": answer, "answered_by": who.AccountID, "answered_at": s.Now()}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&o)
	if errors.Is(err, mongo.ErrNoDocuments) {
		if err := coll.FindOne(ctx, bson.M{"_id": objectionID, "notice_id": noticeID}).Err(); errors.Is(err, mongo.ErrNoDocuments) {
			return Objection{}, ErrObjectionNotFound
		}
		return Objection{}, ErrAnswered
	}
	if err != nil {
		return Objection{}, fmt.Errorf("answer objection: %w", err)
	}
	return o, s.write(ctx, villageID, who, "objection.answer", "notice/"+o.NoticeID, o.ID)
}

// Errors a filing meets.
var (
	ErrNoticeRunning = web.New(409, "notice_period_running", "公示期还没有结束，不能报备", "The notice period has not ended; the outcome cannot be filed yet")
	ErrUnanswered    = web.New(409, "objection_unanswered", "还有异议没有书面答复，不能报备", "An objection has not been answered in writing; the outcome cannot be filed")
)

// ReadyToFile returns the notice if it may be filed with the street: its
// notice period is over and every objection has a written answer.
func (s *Service) ReadyToFile(ctx context.Context, villageID, noticeID string) (Notice, error) {
	n, blockers, err := s.NoticeBlockers(ctx, villageID, noticeID)
	if err != nil {
		return Notice{}, err
	}
	if len(blockers) > 0 {
		return Notice{}, blockers[0].err()
	}
	return n, nil
}

// Alert is an overdue statutory duty. Quarter names the period without a
// meeting: a quarter (2026Q1) in a village, a half-year (2026H1) in a
// community.
type Alert struct {
	Code      string `json:"code"`
	Quarter   string `json:"quarter"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
	Basis     string `json:"basis"`
}

// representativesCadence is how often a representatives' meeting must be
// held: every quarter in a village (V2026 Art. 30 ¶1: 每季度召开一次), at
// least every half-year in a community (U2026 Art. 28 ¶2: 每半年至少召开一次).
type representativesCadence struct {
	months, periods int
	code, basis     string
	name            func(start time.Time) string
	zh, en          string
}

var (
	quarterly = representativesCadence{months: 3, periods: 4, code: "art26_quarterly", basis: "V2026 Art. 30 ¶1",
		name: func(t time.Time) string { return fmt.Sprintf("%dQ%d", t.Year(), (int(t.Month())-1)/3+1) },
		zh:   "%s 没有召开村民代表会议；依照村委会组织法2026年版第三十条第一款，村民代表会议每季度召开一次",
		en:   "No representatives' meeting was held in %s; under V2026 Art. 30 ¶1 it meets every quarter"}
	halfYearly = representativesCadence{months: 6, periods: 2, code: "half_yearly", basis: "U2026 Art. 28 ¶2",
		name: func(t time.Time) string { return fmt.Sprintf("%dH%d", t.Year(), (int(t.Month())-1)/6+1) },
		zh:   "%s 没有召开居民代表会议；依照居委会组织法2026年版第二十八条第二款，居民代表会议每半年至少召开一次",
		en:   "No residents' representatives' meeting was held in %s; under U2026 Art. 28 ¶2 it meets at least every half-year"}
)

// Alerts names each full period of the last year (since the village was
// set up) in which no representatives' meeting was held: quarters in a
// village, half-years in a community. Villages without representatives get
// none of these. A rural village is also alerted for the last calendar year
// it spent wholly on the platform without a villagers' meeting (V2026 Art.
// 25 ¶3: 村民会议每年至少召开一次; the urban law sets no such number).
func (s *Service) Alerts(ctx context.Context, villageID string) ([]Alert, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return nil, err
	}
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, err
	}
	hasReps := false
	for _, b := range bodies {
		hasReps = hasReps || b.ID == "representatives"
	}
	meetings, err := s.List(ctx, villageID)
	if err != nil {
		return nil, err
	}
	out := []Alert{}
	if v.Kind != org.KindCommunity {
		out = append(out, yearlyAlert(meetings, v.CreatedAt, s.Now())...)
	}
	if !hasReps {
		return out, nil
	}
	cad := quarterly
	if v.Kind == org.KindCommunity {
		cad = halfYearly
	}
	start := periodStart(s.Now(), cad.months)
	for i := 0; i < cad.periods; i++ {
		end := start
		start = start.AddDate(0, -cad.months, 0)
		if end.Before(v.CreatedAt) {
			break
		}
		held := false
		for _, m := range meetings {
			if m.Kind == vote.RepresentativesMeeting && m.Status != MeetingScheduled && !m.StartsAt.Before(start) && m.StartsAt.Before(end) {
				held = true
			}
		}
		if !held {
			q := cad.name(start)
			out = append(out, Alert{Code: cad.code, Quarter: q, Message: fmt.Sprintf(cad.zh, q), MessageEn: fmt.Sprintf(cad.en, q), Basis: cad.basis})
		}
	}
	return out, nil
}

// YearlyCode is the alert of a year without a villagers' meeting.
const YearlyCode = "yearly_villagers_meeting"

// yearlyAlert checks the last calendar year before now, if the village
// existed for all of it: a year joined midway is not held against it.
func yearlyAlert(meetings []Meeting, created, now time.Time) []Alert {
	end := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(-1, 0, 0)
	if start.Before(created) {
		return nil
	}
	for _, m := range meetings {
		if m.Kind == vote.VillagersMeeting && m.Status != MeetingScheduled && !m.StartsAt.Before(start) && m.StartsAt.Before(end) {
			return nil
		}
	}
	y := strconv.Itoa(start.Year())
	return []Alert{{Code: YearlyCode, Quarter: y, Basis: "V2026 Art. 25 ¶3",
		Message:   y + "年没有召开村民会议；依照村委会组织法2026年版第二十五条第三款，村民会议每年至少召开一次",
		MessageEn: "No villagers' meeting was held in " + y + "; under V2026 Art. 25 ¶3 it meets at least once a year"}}
}

// periodStart is the first day of the quarter (months 3) or half-year
// (months 6) that holds t.
func periodStart(t time.Time, months int) time.Time {
	m := time.Month((int(t.Month())-1)/months*months + 1)
	return time.Date(t.Year(), m, 1, 0, 0, 0, 0, time.UTC)
}
