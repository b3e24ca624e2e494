package minutes

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/vote"
	"yishi/modules/web"
)

const settingsID = "publication"

// Settings returns the village's publication settings: a 7-day notice
// period and a board readable without login unless the village chose else.
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
	return set, nil
}

// SetSettings saves the village's publication settings.
func (s *Service) SetSettings(ctx context.Context, villageID string, in Settings) (Settings, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Settings{}, err
	}
	in.ID = settingsID
	if _, err := db.Collection(collSettings).ReplaceOne(ctx, bson.M{"_id": settingsID}, in, options.Replace().SetUpsert(true)); err != nil {
		return Settings{}, fmt.Errorf("save settings: %w", err)
	}
	return in, nil
}

// NoticeInput is what the secretary publishes on the board.
type NoticeInput struct {
	Kind       string `json:"kind" validate:"required,oneof=resolution result village_rules charter affairs finance"`
	Title      string `json:"title" validate:"required,max=100"`
	Text       string `json:"text" validate:"required,max=10000"`
	MeetingID  string `json:"meeting_id" validate:"max=64"`
	Version    int    `json:"version" validate:"min=0,max=1000"`
	ProposalID string `json:"proposal_id" validate:"max=64"`
	ProjectID  string `json:"project_id" validate:"max=64"`
}

// Publish puts a notice on the board and opens its notice period. A
// resolution, village rules or a charter rest on published minutes.
func (s *Service) PublishNotice(ctx context.Context, villageID, account string, in NoticeInput) (Notice, error) {
	set, err := s.Settings(ctx, villageID)
	if err != nil {
		return Notice{}, err
	}
	n := Notice{ID: randomHex(12), VillageID: villageID, Kind: in.Kind, Title: in.Title, Text: in.Text, ProposalID: in.ProposalID,
		ProjectID: in.ProjectID, PublishedBy: account, PublishedAt: s.Now(), NoticeDays: set.NoticeDays}
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
			// Art. 27: village rules and the charter are adopted by the
			// villagers' (residents') meeting, not by its representatives,
			// a council, a board or a group.
			return Notice{}, web.New(422, "art27_rules", "依照村委会组织法第二十七条，村规民约和自治章程由村民会议制定", "Under Art. 27 village rules and the charter are adopted by the villagers' meeting")
		}
		n.MeetingID, n.MinutesID = in.MeetingID, m.ID
	}
	if _, err := s.store.Village(villageID).Collection(collNotices).InsertOne(ctx, n); err != nil {
		return Notice{}, fmt.Errorf("publish notice: %w", err)
	}
	return n, nil
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
	out := []BoardEntry{}
	for _, n := range notices {
		n.Objections, n.Unanswered = total[n.ID], unanswered[n.ID]
		out = append(out, entryOf(n, now))
	}
	return out, nil
}

// Object lodges a resident's objection during the notice period.
func (s *Service) Object(ctx context.Context, villageID, noticeID, residentNo, account, text string) (Objection, error) {
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
	o := Objection{ID: randomHex(12), NoticeID: noticeID, ResidentNo: residentNo, Account: account, Text: text, At: s.Now()}
	if _, err := s.store.Village(villageID).Collection(collObjections).InsertOne(ctx, o); err != nil {
		return Objection{}, fmt.Errorf("lodge objection: %w", err)
	}
	return o, nil
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
func (s *Service) Answer(ctx context.Context, villageID, noticeID, objectionID, account, answer string) (Objection, error) {
	if _, err := s.Notice(ctx, villageID, noticeID); err != nil {
		return Objection{}, err
	}
	coll := s.store.Village(villageID).Collection(collObjections)
	var o Objection
	err := coll.FindOneAndUpdate(ctx, bson.M{"_id": objectionID, "notice_id": noticeID, "answer": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{"answer": answer, "answered_by": account, "answered_at": s.Now()}},
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
	return o, nil
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

// Alert is an overdue statutory duty.
type Alert struct {
	Code      string `json:"code"`
	Quarter   string `json:"quarter"`
	Message   string `json:"message"`
	MessageEn string `json:"message_en"`
}

// Alerts names each of the last four full quarters (since the village was
// set up) in which no representatives' meeting was held (Art. 26: at least
// once a quarter). Villages without representatives get none.
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
	out := []Alert{}
	if !hasReps {
		return out, nil
	}
	meetings, err := s.List(ctx, villageID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	start := quarterStart(now)
	for i := 0; i < 4; i++ {
		end := start
		start = start.AddDate(0, -3, 0)
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
			q := fmt.Sprintf("%dQ%d", start.Year(), (int(start.Month())-1)/3+1)
			out = append(out, Alert{Code: "art26_quarterly", Quarter: q,
				Message:   fmt.Sprintf("%s 没有召开村民代表会议；依照村委会组织法第二十六条，村民代表会议每季度至少召开一次", q),
				MessageEn: fmt.Sprintf("No representatives' meeting was held in %s; under Art. 26 it meets at least once a quarter", q)})
		}
	}
	return out, nil
}

func quarterStart(t time.Time) time.Time {
	m := time.Month((int(t.Month())-1)/3*3 + 1)
	return time.Date(t.Year(), m, 1, 0, 0, 0, 0, time.UTC)
}
