package minutes

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// Service holds the rules of meetings, minutes and publication.
type Service struct {
	store *store.Store
	orgs  *org.Service
	votes *vote.Service
	audit *audit.Log
	// now is the clock; tests set it to move through notice periods.
	now func() time.Time
	// notifier tells people what waits for them; nil sends nothing.
	notifier Notifier
	// revocations reads what revoked a decision (revoked.go); nil: nothing.
	revocations Revocations
}

var villageIndexes = map[string][]mongo.IndexModel{
	collAttendance: {{Keys: bson.D{{Key: "meeting_id", Value: 1}}}},
	collMinutes:    {{Keys: bson.D{{Key: "meeting_id", Value: 1}}}},
	collObjections: {{Keys: bson.D{{Key: "notice_id", Value: 1}}}},
	collMeetings:   {{Keys: bson.D{{Key: "starts_at", Value: 1}}}},
}

// NewService makes the service. now may be nil for the wall clock.
func NewService(st *store.Store, orgs *org.Service, votes *vote.Service, log *audit.Log, now func() time.Time) *Service {
	for coll, models := range villageIndexes {
		st.VillageIndexes(coll, models...)
	}
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, orgs: orgs, votes: votes, audit: log, now: now}
}

// Now is the service's clock, truncated as the store keeps it.
func (s *Service) Now() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func (s *Service) db(ctx context.Context, villageID string) (*mongo.Database, error) {
	if _, err := s.orgs.Village(ctx, villageID); err != nil {
		return nil, err
	}
	if err := s.store.PrepareVillage(ctx, villageID); err != nil {
		return nil, err
	}
	return s.store.Village(villageID), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// MeetingInput is what a secretary gives to schedule a meeting.
type MeetingInput struct {
	Kind     vote.MeetingKind `json:"kind" validate:"required,oneof=villagers_meeting representatives_meeting group_meeting residents_meeting council board member_assembly member_representatives_assembly"`
	BodyID   string           `json:"body_id" validate:"omitempty,code"`
	Group    string           `json:"group" validate:"omitempty,max=32"`
	Title    string           `json:"title" validate:"required,max=100"`
	StartsAt time.Time        `json:"starts_at,omitzero" validate:"required,window=meeting"`
	Place    string           `json:"place" validate:"required,max=100"`
	Agenda   []string         `json:"agenda" validate:"max=30,dive,required,max=64"`
	Convener string           `json:"convener" validate:"max=32"`
	Chair    string           `json:"chair" validate:"max=32"`
	Recorder string           `json:"recorder" validate:"max=32"`
	// ShortNoticeReason is the special circumstance that lets a meeting be
	// announced at short notice (V2026 Art. 25 ¶2; U2026 Art. 26 ¶2).
	ShortNoticeReason string `json:"short_notice_reason" validate:"max=500"`
}

// Schedule announces a meeting. A villagers' meeting announced less than 10
// days ahead is refused (V2026 Art. 25 ¶2); a representatives' roster that breaks
// V2026 Art. 29 ¶1 is scheduled with warnings.
func (s *Service) Schedule(ctx context.Context, villageID string, who web.Actor, in MeetingInput) (Meeting, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Meeting{}, err
	}
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return Meeting{}, err
	}
	now := s.Now()
	starts := in.StartsAt.UTC().Truncate(time.Millisecond)
	if !starts.After(now) {
		return Meeting{}, web.New(422, "starts_in_past", "会议时间必须在将来", "starts_at must be in the future").OnField("starts_at")
	}
	ahead, needsNotice := AnnounceAhead[in.Kind]
	short := needsNotice && starts.Sub(now) < ahead
	if err := collectiveSchedule(in.Kind, v.Kind == org.KindCommunity, short, now); err != nil {
		return Meeting{}, err
	}
	if short && strings.TrimSpace(in.ShortNoticeReason) == "" {
		return Meeting{}, announcedLate(in.Kind, now)
	}
	if !short {
		in.ShortNoticeReason = "" // nothing to excuse: not kept
	}
	if (in.Kind == vote.CouncilVote || in.Kind == vote.BoardVote) && in.BodyID == "" {
		return Meeting{}, vote.ErrBodyRequired
	}
	if in.Kind == vote.GroupMeeting && in.Group == "" {
		return Meeting{}, web.New(422, "group_required", "请选择村民小组", "Name the villager group")
	}
	m := Meeting{ID: randomHex(12), VillageID: villageID, Kind: in.Kind, BodyID: in.BodyID, Group: in.Group, Title: in.Title,
		StartsAt: starts, Place: in.Place, Agenda: in.Agenda, Convener: in.Convener, Chair: in.Chair, Recorder: in.Recorder,
		Status: MeetingScheduled, AnnouncedAt: now, ShortNoticeReason: in.ShortNoticeReason, ScheduledBy: who.AccountID, Warnings: []Warning{}, Rule: vote.RuleFor(in.Kind, v.Kind == org.KindCommunity),
		Secret: randomHex(32)}
	if m.Agenda == nil {
		m.Agenda = []string{}
	}
	if in.Kind == vote.RepresentativesMeeting {
		if m.Warnings, err = s.rosterWarnings(ctx, villageID); err != nil {
			return Meeting{}, err
		}
	}
	if err := s.nameParticipants(ctx, villageID, &m); err != nil {
		return Meeting{}, err
	}
	if _, err := db.Collection(collMeetings).InsertOne(ctx, m); err != nil {
		return Meeting{}, fmt.Errorf("schedule meeting: %w", err)
	}
	if err := s.inviteAll(ctx, villageID, m); err != nil {
		return Meeting{}, err
	}
	detail := string(m.Kind)
	if m.ShortNoticeReason != "" {
		detail += " short notice: " + m.ShortNoticeReason
	}
	return m, s.write(ctx, villageID, who, "meeting.schedule", "meeting/"+m.ID, detail)
}

// rosterWarnings applies V2026 Art. 29 ¶1 to the representatives' meeting: its
// members are the representatives body and, where it exists, the committee.
func (s *Service) rosterWarnings(ctx context.Context, villageID string) ([]Warning, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return nil, err
	}
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, err
	}
	residents, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return nil, err
	}
	gender := map[string]string{}
	for _, r := range residents {
		gender[r.No] = r.Gender
	}
	reps, members := map[string]bool{}, map[string]bool{}
	for _, b := range bodies {
		switch b.ID {
		case "representatives":
			for _, m := range b.Members {
				reps[m.ResidentNo], members[m.ResidentNo] = true, true
			}
		case "committee":
			for _, m := range b.Members {
				members[m.ResidentNo] = true
			}
		}
	}
	women := 0
	for no := range reps {
		if g := gender[no]; g == "F" || g == "女" {
			women++
		}
	}
	w := art25(len(reps), len(members), women, v.Kind == org.KindCommunity)
	if w == nil {
		w = []Warning{}
	}
	return w, nil
}

// Get returns a meeting.
func (s *Service) Get(ctx context.Context, villageID, id string) (Meeting, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Meeting{}, err
	}
	var m Meeting
	err = db.Collection(collMeetings).FindOne(ctx, bson.M{"_id": id}).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Meeting{}, ErrMeetingNotFound
	}
	if err != nil {
		return Meeting{}, fmt.Errorf("get meeting %s: %w", id, err)
	}
	return m, nil
}

// List returns the village's meetings, newest first.
func (s *Service) List(ctx context.Context, villageID string) ([]Meeting, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collMeetings).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "starts_at", Value: -1}}).SetLimit(200))
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	out := []Meeting{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	return out, nil
}

// Open opens a meeting at or after its time and freezes who may attend. A
// villagers' meeting announced late is refused (V2026 Art. 25 ¶2).
func (s *Service) Open(ctx context.Context, villageID, id string, who web.Actor) (Meeting, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Meeting{}, err
	}
	if m.Status != MeetingScheduled {
		return Meeting{}, ErrNotScheduled
	}
	now := s.Now()
	if now.Before(m.StartsAt) {
		// Said with the time it may be opened, so the secretary knows when.
		return Meeting{}, web.New(409, ErrTooEarly.Code,
			fmt.Sprintf("会议时间还没到，不能开会：%s %s 起可以开会", web.DateZh(m.StartsAt), web.ClockTime(m.StartsAt)),
			fmt.Sprintf("The meeting's time has not come yet: it can be opened from %s, %s", web.DateEn(m.StartsAt), web.ClockTime(m.StartsAt)))
	}
	if ahead, ok := AnnounceAhead[m.Kind]; ok && m.StartsAt.Sub(m.AnnouncedAt) < ahead && m.ShortNoticeReason == "" {
		return Meeting{}, announcedLate(m.Kind, m.AnnouncedAt)
	}
	electorate, households, err := s.electorate(ctx, villageID, m, now)
	if err != nil {
		return Meeting{}, err
	}
	res, err := s.store.Village(villageID).Collection(collMeetings).UpdateOne(ctx, bson.M{"_id": id, "status": MeetingScheduled},
		bson.M{"$set": bson.M{"status": MeetingOpen, "opened_at": now, "electorate": electorate, "households": households}})
	if err != nil {
		return Meeting{}, fmt.Errorf("open meeting %s: %w", id, err)
	}
	if res.ModifiedCount == 0 {
		return Meeting{}, ErrChanged
	}
	out, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Meeting{}, err
	}
	return out, s.write(ctx, villageID, who, "meeting.open", "meeting/"+out.ID, "")
}

// Close ends a meeting; attendance is final from then on. A vote of the
// meeting still open refuses it, and so does a mark nobody confirmed unless
// the closer acknowledged it (unconfirmed_marks.go).
func (s *Service) Close(ctx context.Context, villageID, id string, who web.Actor) (Meeting, error) {
	return s.CloseAcknowledging(ctx, villageID, id, who, nil)
}

// CloseAcknowledging closes a meeting, leaving out the unconfirmed marks
// whose resident numbers ack names.
func (s *Service) CloseAcknowledging(ctx context.Context, villageID, id string, who web.Actor, ack []string) (Meeting, error) {
	if _, err := s.Get(ctx, villageID, id); err != nil {
		return Meeting{}, err
	}
	if err := s.votesOpen(ctx, villageID, id); err != nil {
		return Meeting{}, err
	}
	pending, err := s.pendingMarks(ctx, villageID, id)
	if err != nil {
		return Meeting{}, err
	}
	left, err := marksLeftOut(pending, ack)
	if err != nil {
		return Meeting{}, err
	}
	set := bson.M{"status": MeetingClosed, "closed_at": s.Now()}
	if len(left) > 0 {
		set["left_out_marks"] = left
	}
	res, err := s.store.Village(villageID).Collection(collMeetings).UpdateOne(ctx, bson.M{"_id": id, "status": MeetingOpen}, bson.M{"$set": set})
	if err != nil {
		return Meeting{}, fmt.Errorf("close meeting %s: %w", id, err)
	}
	if res.MatchedCount == 0 {
		return Meeting{}, ErrNotOpen
	}
	out, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Meeting{}, err
	}
	return out, s.write(ctx, villageID, who, "meeting.close", "meeting/"+out.ID, MarksDetail(out.LeftOutMarks))
}

// electorate is who counts for the meeting's quorum, computed as the vote
// engine does: residents aged 18+ (of the group) for statutory assemblies,
// with all their households; the members of the body otherwise.
func (s *Service) electorate(ctx context.Context, villageID string, m Meeting, day time.Time) (map[string]string, int, error) {
	residents, err := s.orgs.Residents(ctx, villageID)
	if err != nil {
		return nil, 0, err
	}
	adult := func(r org.Resident) bool {
		age, ok := org.AgeOn(r.BirthDate, day)
		return ok && age >= 18
	}
	out := map[string]string{}
	houses := map[string]bool{}
	switch m.Kind {
	case vote.MemberAssembly, vote.MemberRepresentativesAssembly:
		return s.collectiveElectorate(ctx, villageID, m.Kind, residents, adult)
	case vote.VillagersMeeting, vote.ResidentsMeeting, vote.GroupMeeting:
		for _, r := range residents {
			if m.Kind == vote.GroupMeeting && r.Group != m.Group {
				continue
			}
			houses[r.HouseholdNo] = true
			if adult(r) {
				out[r.No] = r.HouseholdNo
			}
		}
	default:
		bodyID := m.BodyID
		if m.Kind == vote.RepresentativesMeeting {
			bodyID = "representatives"
		}
		bodies, err := s.orgs.Bodies(ctx, villageID)
		if err != nil {
			return nil, 0, err
		}
		i := slices.IndexFunc(bodies, func(b org.Body) bool { return b.ID == bodyID })
		if i < 0 {
			return nil, 0, org.ErrBodyNotFound
		}
		byNo := map[string]org.Resident{}
		for _, r := range residents {
			byNo[r.No] = r
		}
		for _, mem := range bodies[i].Members {
			if r, ok := byNo[mem.ResidentNo]; ok && adult(r) {
				out[r.No] = r.HouseholdNo
				houses[r.HouseholdNo] = true
			}
		}
	}
	return out, len(houses), nil
}

// SignInCode is the code the secretary's screen shows now, and when it
// stops being accepted.
func (s *Service) SignInCode(ctx context.Context, villageID, id string) (string, time.Time, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return "", time.Time{}, err
	}
	if m.Status != MeetingOpen {
		return "", time.Time{}, ErrNotOpen
	}
	w := s.now().Unix() / int64(SignInWindow/time.Second)
	expires := time.Unix((w+2)*int64(SignInWindow/time.Second), 0).UTC()
	return code(m, w), expires, nil
}

// code is the HMAC of the meeting and the time window under the meeting's
// own secret: it cannot be guessed, and a photo of it is useless a minute
// later.
func code(m Meeting, window int64) string {
	mac := hmac.New(sha256.New, []byte(m.Secret))
	mac.Write([]byte(m.ID + ":" + strconv.FormatInt(window, 10)))
	return hex.EncodeToString(mac.Sum(nil))[:20]
}

func (s *Service) resident(ctx context.Context, villageID string, m Meeting, no string) (org.Resident, error) {
	if no == "" {
		return org.Resident{}, ErrNotResident
	}
	if _, ok := m.Electorate[no]; !ok {
		return org.Resident{}, ErrNotAttendee
	}
	return s.orgs.Resident(ctx, villageID, no)
}

// SignIn records a resident who scanned the code shown at the meeting.
func (s *Service) SignIn(ctx context.Context, villageID, id, residentNo string, who web.Actor, token string) (Attendance, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Attendance{}, err
	}
	if m.Status != MeetingOpen {
		return Attendance{}, ErrNotOpen
	}
	w := s.now().Unix() / int64(SignInWindow/time.Second)
	if !hmac.Equal([]byte(token), []byte(code(m, w))) && !hmac.Equal([]byte(token), []byte(code(m, w-1))) {
		return Attendance{}, ErrBadCode
	}
	r, err := s.resident(ctx, villageID, m, residentNo)
	if err != nil {
		return Attendance{}, err
	}
	a := Attendance{ID: id + ":" + r.No, MeetingID: id, ResidentNo: r.No, Name: r.Name, Household: r.HouseholdNo,
		Method: MethodQR, RecordedBy: who.AccountID, At: s.Now(), Counts: true}
	if err := s.insertAttendance(ctx, villageID, a); err != nil {
		return a, err
	}
	return a, s.write(ctx, villageID, who, "attendance.sign", "meeting/"+a.MeetingID, a.ResidentNo)
}

func (s *Service) insertAttendance(ctx context.Context, villageID string, a Attendance) error {
	_, err := s.store.Village(villageID).Collection(collAttendance).InsertOne(ctx, a)
	if store.IsDuplicate(err) {
		return ErrAlreadySignedIn
	}
	if err != nil {
		return fmt.Errorf("record attendance: %w", err)
	}
	return nil
}

// Mark records a resident without a phone; it counts once a second
// authorised person confirms it.
func (s *Service) Mark(ctx context.Context, villageID, id, residentNo string, who web.Actor, note string) (Attendance, error) {
	a, err := s.recordFor(ctx, villageID, id, residentNo, func(a *Attendance) {
		a.Method, a.Evidence, a.RecordedBy, a.RecordedByName = MethodMarked, note, who.AccountID, who.Name
	})
	if err != nil {
		return Attendance{}, err
	}
	return a, s.write(ctx, villageID, who, "attendance.mark", "meeting/"+a.MeetingID, a.ResidentNo)
}

// recordFor signs in a resident on someone else's word, under the rules of
// every sign-in (the meeting open, the resident on its list, once); fill
// adds what that way of signing in records.
func (s *Service) recordFor(ctx context.Context, villageID, id, residentNo string, fill func(a *Attendance)) (Attendance, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Attendance{}, err
	}
	if m.Status != MeetingOpen {
		return Attendance{}, ErrNotOpen
	}
	r, err := s.resident(ctx, villageID, m, residentNo)
	if err != nil {
		return Attendance{}, err
	}
	a := Attendance{ID: id + ":" + r.No, MeetingID: id, ResidentNo: r.No, Name: r.Name, Household: r.HouseholdNo, At: s.Now()}
	fill(&a)
	return a, s.insertAttendance(ctx, villageID, a)
}

// ConfirmMark makes a marked attendance count; the confirmer must not be the
// one who marked it.
func (s *Service) ConfirmMark(ctx context.Context, villageID, id, residentNo string, who web.Actor) (Attendance, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Attendance{}, err
	}
	if m.Status != MeetingOpen {
		// Attendance is final once the meeting closed (unconfirmed_marks.go).
		return Attendance{}, ErrNotOpen
	}
	coll := s.store.Village(villageID).Collection(collAttendance)
	var a Attendance
	err = coll.FindOne(ctx, bson.M{"_id": id + ":" + residentNo}).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) || err == nil && (a.Method != MethodMarked || a.Counts) {
		return Attendance{}, ErrNothingToConfirm
	}
	if err != nil {
		return Attendance{}, fmt.Errorf("find mark: %w", err)
	}
	if a.RecordedBy == who.AccountID {
		return Attendance{}, ErrSamePerson
	}
	res, err := coll.UpdateOne(ctx, bson.M{"_id": a.ID, "counts": false}, bson.M{"$set": bson.M{"counts": true, "confirmed_by": who.AccountID, "confirmed_by_name": who.Name}})
	if err != nil {
		return Attendance{}, fmt.Errorf("confirm mark: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Attendance{}, ErrNothingToConfirm
	}
	a.Counts, a.ConfirmedBy, a.ConfirmedByName = true, who.AccountID, who.Name
	return a, s.write(ctx, villageID, who, "attendance.confirm", "meeting/"+a.MeetingID, a.ResidentNo)
}

// ProxyInput is a written entrustment for an absent resident.
type ProxyInput struct {
	Principal string `json:"principal" validate:"required,max=32"`
	Holder    string `json:"holder" validate:"required,max=32"`
	Relation  string `json:"relation" validate:"required,max=32"`
	Evidence  string `json:"evidence" validate:"required,max=200"`
}

// RecordProxy records that an absent resident is represented by a holder
// who signed in, under the village's proxy rule for meetings and its cap
// (vote.MeetingProxyRule, vote.TakeProxyPlace: one rule for votes and
// meetings).
func (s *Service) RecordProxy(ctx context.Context, villageID, id string, who web.Actor, in ProxyInput) (Attendance, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Attendance{}, err
	}
	if m.Status != MeetingOpen {
		return Attendance{}, ErrNotOpen
	}
	rule, err := s.votes.MeetingProxyRule(ctx, villageID)
	if err != nil {
		return Attendance{}, err
	}
	if err := rule.Check(vote.Entrustment{Principal: in.Principal, Holder: in.Holder, Relation: in.Relation,
		PrincipalHousehold: m.Electorate[in.Principal], HolderHousehold: m.Electorate[in.Holder]}); err != nil {
		return Attendance{}, err
	}
	r, err := s.resident(ctx, villageID, m, in.Principal)
	if err != nil {
		return Attendance{}, err
	}
	db := s.store.Village(villageID)
	coll := db.Collection(collAttendance)
	var holder Attendance
	if err := coll.FindOne(ctx, bson.M{"_id": id + ":" + in.Holder}).Decode(&holder); err != nil || !holder.Counts || holder.Method == MethodProxy {
		return Attendance{}, ErrHolderAbsent
	}
	now := s.Now()
	giveBack, err := vote.TakeProxyPlace(ctx, db, "meeting:"+id, in.Holder, in.Principal, rule.Cap, now, func(ctx context.Context, principal string) (bool, error) {
		var a Attendance
		err := coll.FindOne(ctx, bson.M{"_id": id + ":" + principal}).Decode(&a)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return false, nil
		}
		return err == nil && a.Method == MethodProxy && a.ProxyHolder == in.Holder, err
	})
	if err != nil {
		if errors.Is(err, vote.ErrPlacesTaken) {
			return Attendance{}, vote.ProxyCapReached(rule)
		}
		return Attendance{}, err
	}
	a := Attendance{ID: id + ":" + r.No, MeetingID: id, ResidentNo: r.No, Name: r.Name, Household: r.HouseholdNo,
		Method: MethodProxy, ProxyHolder: in.Holder, Relation: in.Relation, Evidence: in.Evidence, RecordedBy: who.AccountID, At: now, Counts: true}
	if err := s.insertAttendance(ctx, villageID, a); err != nil {
		giveBack()
		return Attendance{}, err
	}
	return a, s.write(ctx, villageID, who, "attendance.proxy", "meeting/"+a.MeetingID, a.ResidentNo+"→"+a.ProxyHolder)
}

// Attendance lists who signed in and the live quorum.
func (s *Service) Attendance(ctx context.Context, villageID, id string) ([]Attendance, Quorum, error) {
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return nil, Quorum{}, err
	}
	cur, err := s.store.Village(villageID).Collection(collAttendance).Find(ctx, bson.M{"meeting_id": id}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, Quorum{}, fmt.Errorf("list attendance: %w", err)
	}
	list := []Attendance{}
	if err := cur.All(ctx, &list); err != nil {
		return nil, Quorum{}, fmt.Errorf("list attendance: %w", err)
	}
	return list, quorumOf(m, list), nil
}

// quorumOf counts attendance against the rule of the meeting's kind.
func quorumOf(m Meeting, list []Attendance) Quorum {
	q := Quorum{Eligible: len(m.Electorate), Households: m.Households, Basis: m.Rule.Basis}
	houses := map[string]bool{}
	for _, a := range list {
		if !a.Counts {
			q.Pending++
			continue
		}
		q.Present++
		houses[a.Household] = true
	}
	q.HouseholdsPresent = len(houses)
	q.Met, q.By = m.Rule.AttendanceMet(q.Present, q.Eligible, q.HouseholdsPresent, q.Households)
	return q
}
