package minutes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// MinutesInput is what the secretary writes; attendance, quorum and vote
// counts are never typed: they come from sign-in and the vote records.
type MinutesInput struct {
	Convener string    `json:"convener" validate:"max=32"`
	Chair    string    `json:"chair" validate:"required,max=32"`
	Recorder string    `json:"recorder" validate:"max=32"`
	Opinions []Opinion `json:"opinions" validate:"max=200,dive"`
	VoteIDs  []string  `json:"vote_ids" validate:"max=20,dive,required,max=64"`
	Notes    string    `json:"notes" validate:"max=5000"`
}

// CorrectionInput is a new version of published minutes, with its reason.
type CorrectionInput struct {
	MinutesInput
	Reason string `json:"reason" validate:"required,max=500"`
}

func minutesID(meetingID string, version int) string { return meetingID + ":" + strconv.Itoa(version) }

// build fills the minutes from the meeting, its attendance and the votes.
func (s *Service) build(ctx context.Context, villageID string, m Meeting, account string, in MinutesInput) (Minutes, error) {
	list, q, err := s.Attendance(ctx, villageID, m.ID)
	if err != nil {
		return Minutes{}, err
	}
	out := Minutes{MeetingID: m.ID, Status: MinutesDraft, Title: m.Title, Kind: m.Kind, Date: m.StartsAt, Place: m.Place,
		Convener: in.Convener, Chair: in.Chair, Recorder: in.Recorder, Attendance: []Attendee{}, Quorum: q, Agenda: m.Agenda,
		Opinions: in.Opinions, Votes: []VoteRecord{}, Notes: in.Notes, DraftedBy: account, DraftedAt: s.Now(), Confirmed: []Confirmation{}}
	if out.Convener == "" {
		out.Convener = m.Convener
	}
	if out.Recorder == "" {
		out.Recorder = m.Recorder
	}
	if out.Opinions == nil {
		out.Opinions = []Opinion{}
	}
	for _, a := range list {
		if a.Counts {
			out.Attendance = append(out.Attendance, Attendee{ResidentNo: a.ResidentNo, Name: a.Name, Method: a.Method, ProxyHolder: a.ProxyHolder})
		}
	}
	for _, id := range in.VoteIDs {
		v, _, err := s.votes.Get(ctx, villageID, id)
		if err != nil {
			return Minutes{}, err
		}
		if v.MeetingID != "" && v.MeetingID != m.ID {
			return Minutes{}, ErrVoteOfOtherMeeting.OnField("vote_ids")
		}
		if v.Status != vote.StatusClosed || v.Result == nil {
			return Minutes{}, ErrVoteNotClosed.OnField("vote_ids")
		}
		out.Votes = append(out.Votes, VoteRecord{VoteID: v.ID, Title: v.Title, MeetingKind: string(v.MeetingKind), Counts: v.Result.Counts,
			Voters: v.Result.Voters, Eligible: v.Result.Eligible, AttendanceMet: v.Result.AttendanceMet, Adopted: v.Result.Adopted,
			BallotsHash: v.Result.BallotsHash})
	}
	return out, nil
}

// Draft writes version 1 of a closed meeting's minutes.
func (s *Service) Draft(ctx context.Context, villageID, meetingID string, who web.Actor, in MinutesInput) (Minutes, error) {
	m, err := s.Get(ctx, villageID, meetingID)
	if err != nil {
		return Minutes{}, err
	}
	if m.Status != MeetingClosed {
		return Minutes{}, ErrNotClosed
	}
	out, err := s.build(ctx, villageID, m, who.AccountID, in)
	if err != nil {
		return Minutes{}, err
	}
	out.ID, out.Version = minutesID(meetingID, 1), 1
	if _, err := s.store.Village(villageID).Collection(collMinutes).InsertOne(ctx, out); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return Minutes{}, ErrMinutesExist
		}
		return Minutes{}, fmt.Errorf("draft minutes: %w", err)
	}
	if err := s.askToConfirm(ctx, villageID, out); err != nil {
		return out, err
	}
	return out, s.write(ctx, villageID, who, "minutes.draft", "minutes/"+out.ID, "")
}

// Version returns one version of a meeting's minutes.
func (s *Service) Version(ctx context.Context, villageID, meetingID string, version int) (Minutes, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Minutes{}, err
	}
	var out Minutes
	err = db.Collection(collMinutes).FindOne(ctx, bson.M{"_id": minutesID(meetingID, version)}).Decode(&out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Minutes{}, ErrMinutesNotFound
	}
	if err != nil {
		return Minutes{}, fmt.Errorf("get minutes: %w", err)
	}
	return out, nil
}

// Versions returns every version of a meeting's minutes, oldest first: all
// stay readable.
func (s *Service) Versions(ctx context.Context, villageID, meetingID string) ([]Minutes, error) {
	if _, err := s.Get(ctx, villageID, meetingID); err != nil {
		return nil, err
	}
	cur, err := s.store.Village(villageID).Collection(collMinutes).Find(ctx, bson.M{"meeting_id": meetingID}, options.Find().SetSort(bson.D{{Key: "version", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list minutes: %w", err)
	}
	out := []Minutes{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list minutes: %w", err)
	}
	return out, nil
}

// Edit changes a draft. Published minutes never change.
func (s *Service) Edit(ctx context.Context, villageID, meetingID string, version int, who web.Actor, in MinutesInput) (Minutes, error) {
	cur, err := s.Version(ctx, villageID, meetingID, version)
	if err != nil {
		return Minutes{}, err
	}
	if cur.Status != MinutesDraft {
		return Minutes{}, ErrMinutesPublished
	}
	m, err := s.Get(ctx, villageID, meetingID)
	if err != nil {
		return Minutes{}, err
	}
	out, err := s.build(ctx, villageID, m, who.AccountID, in)
	if err != nil {
		return Minutes{}, err
	}
	out.ID, out.Version, out.Reason, out.Supersedes, out.Rev = cur.ID, cur.Version, cur.Reason, cur.Supersedes, cur.Rev+1
	// Confirmations were of the old text: an edit needs them again.
	res, err := s.store.Village(villageID).Collection(collMinutes).ReplaceOne(ctx, bson.M{"_id": cur.ID, "status": MinutesDraft, "rev": cur.Rev}, out)
	if err != nil {
		return Minutes{}, fmt.Errorf("edit minutes: %w", err)
	}
	if res.MatchedCount == 0 {
		return Minutes{}, ErrMinutesPublished
	}
	return out, s.write(ctx, villageID, who, "minutes.edit_draft", "minutes/"+out.ID, "")
}

// Correct starts a new version of the latest published minutes, with the
// reason for the correction; it is confirmed and published like the first.
func (s *Service) Correct(ctx context.Context, villageID, meetingID string, version int, who web.Actor, in CorrectionInput) (Minutes, error) {
	all, err := s.Versions(ctx, villageID, meetingID)
	if err != nil {
		return Minutes{}, err
	}
	if len(all) == 0 || version < 1 || version > len(all) {
		return Minutes{}, ErrMinutesNotFound
	}
	last := all[len(all)-1]
	if last.Version != version || last.Status != MinutesPublished {
		return Minutes{}, ErrNotLatest
	}
	m, err := s.Get(ctx, villageID, meetingID)
	if err != nil {
		return Minutes{}, err
	}
	out, err := s.build(ctx, villageID, m, who.AccountID, in.MinutesInput)
	if err != nil {
		return Minutes{}, err
	}
	out.Version = version + 1
	out.ID, out.Reason, out.Supersedes = minutesID(meetingID, out.Version), in.Reason, last.ID
	if _, err := s.store.Village(villageID).Collection(collMinutes).InsertOne(ctx, out); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return Minutes{}, ErrNotLatest
		}
		return Minutes{}, fmt.Errorf("correct minutes: %w", err)
	}
	if err := s.askToConfirm(ctx, villageID, out); err != nil {
		return out, err
	}
	return out, s.write(ctx, villageID, who, "minutes.correct", "minutes/"+out.ID, in.Reason)
}

// Confirm records an attendee's confirmation of a draft.
func (s *Service) Confirm(ctx context.Context, villageID, meetingID string, version int, residentNo string, who web.Actor) (Minutes, error) {
	cur, err := s.Version(ctx, villageID, meetingID, version)
	if err != nil {
		return Minutes{}, err
	}
	if cur.Status != MinutesDraft {
		return Minutes{}, ErrMinutesPublished
	}
	attended := false
	for _, a := range cur.Attendance {
		attended = attended || a.ResidentNo == residentNo && a.Method != MethodProxy
	}
	if residentNo == "" || !attended {
		return Minutes{}, ErrNotAttendee
	}
	for _, c := range cur.Confirmed {
		if c.ResidentNo == residentNo {
			return Minutes{}, ErrAlreadyConfirmed
		}
	}
	c := Confirmation{ResidentNo: residentNo, Account: who.AccountID, At: s.Now()}
	res, err := s.store.Village(villageID).Collection(collMinutes).UpdateOne(ctx, bson.M{"_id": cur.ID, "status": MinutesDraft, "rev": cur.Rev},
		bson.M{"$push": bson.M{"confirmations": c}, "$inc": bson.M{"rev": 1}})
	if err != nil {
		return Minutes{}, fmt.Errorf("confirm minutes: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Minutes{}, ErrChanged
	}
	out, err := s.Version(ctx, villageID, meetingID, version)
	if err != nil {
		return Minutes{}, err
	}
	return out, s.write(ctx, villageID, who, "minutes.confirm", "minutes/"+out.ID, residentNo)
}

// confirmedEnough: every attendee, or the chair and two other attendees.
func confirmedEnough(m Minutes) bool {
	done := map[string]bool{}
	for _, c := range m.Confirmed {
		done[c.ResidentNo] = true
	}
	all := true
	for _, a := range m.Attendance {
		if a.Method != MethodProxy && !done[a.ResidentNo] {
			all = false
		}
	}
	if all && len(done) > 0 {
		return true
	}
	return done[m.Chair] && len(done) >= 3
}

// Hash is the SHA-256 of the minutes as published: every field but the
// hash itself and the store's revision counter.
func Hash(m Minutes) string {
	m.Hash, m.Rev = "", 0
	norm := func(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }
	m.Date, m.DraftedAt, m.PublishedAt = norm(m.Date), norm(m.DraftedAt), norm(m.PublishedAt)
	for i := range m.Confirmed {
		m.Confirmed[i].At = norm(m.Confirmed[i].At)
	}
	b, _ := json.Marshal(m)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Publish publishes a confirmed draft, enters its hash in the village's
// audit chain and opens the notice of each resolution it records
// (publish_notice.go).
func (s *Service) Publish(ctx context.Context, villageID, meetingID string, version int, who web.Actor) (PublishedMinutes, error) {
	m, err := s.publish(ctx, villageID, meetingID, version, who)
	if err != nil {
		return PublishedMinutes{}, err
	}
	notices, err := s.openResolutionNotices(ctx, villageID, m, who.AccountID)
	if err != nil {
		return PublishedMinutes{}, err
	}
	for _, n := range notices {
		if err := s.write(ctx, villageID, who, "notice.publish", "notice/"+n.ID, fmt.Sprintf("%s days=%d minutes/%s", n.Kind, n.NoticeDays, m.ID)); err != nil {
			return PublishedMinutes{}, err
		}
	}
	return PublishedMinutes{Minutes: m, Notices: notices}, nil
}

func (s *Service) publish(ctx context.Context, villageID, meetingID string, version int, who web.Actor) (Minutes, error) {
	cur, err := s.Version(ctx, villageID, meetingID, version)
	if err != nil {
		return Minutes{}, err
	}
	if cur.Status != MinutesDraft {
		return Minutes{}, ErrMinutesPublished
	}
	if !confirmedEnough(cur) {
		return Minutes{}, ErrNotConfirmed
	}
	cur.Status, cur.PublishedBy, cur.PublishedAt = MinutesPublished, who.AccountID, s.Now()
	cur.Hash = Hash(cur)
	db := s.store.Village(villageID)
	res, err := db.Collection(collMinutes).UpdateOne(ctx, bson.M{"_id": cur.ID, "status": MinutesDraft, "rev": cur.Rev},
		bson.M{"$set": bson.M{"status": MinutesPublished, "published_by": who.AccountID, "published_at": cur.PublishedAt, "hash": cur.Hash}})
	if err != nil {
		return Minutes{}, fmt.Errorf("publish minutes: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Minutes{}, ErrChanged
	}
	if err := s.write(ctx, villageID, who, "minutes.publish", "minutes/"+cur.ID, "sha256:"+cur.Hash); err != nil {
		return Minutes{}, err
	}
	return cur, nil
}

// Problem is a published version that does not match its hash.
type Problem struct {
	MinutesID string `json:"minutes_id"`
	Reason    string `json:"reason"`
}

// Check is the result of recomputing every published version's hash.
type Check struct {
	OK       bool         `json:"ok"`
	Checked  int          `json:"checked"`
	Problems []Problem    `json:"problems"`
	Chain    audit.Report `json:"chain"`
}

// Verify recomputes the hash of every published version of the village's
// minutes and compares it with the hash its publication entered in the
// audit chain (and verifies the chain), so a minutes document changed
// directly in the store is found.
func (s *Service) Verify(ctx context.Context, villageID string) (Check, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Check{}, err
	}
	out := Check{Problems: []Problem{}}
	if out.Chain, err = audit.Verify(ctx, db); err != nil {
		return Check{}, err
	}
	cur, err := db.Collection(audit.Collection).Find(ctx, bson.M{"action": "minutes.publish"})
	if err != nil {
		return Check{}, fmt.Errorf("read audit chain: %w", err)
	}
	var entries []audit.Entry
	if err := cur.All(ctx, &entries); err != nil {
		return Check{}, fmt.Errorf("read audit chain: %w", err)
	}
	sealed := map[string]string{}
	for _, e := range entries {
		sealed[strings.TrimPrefix(e.Object, "minutes/")] = strings.TrimPrefix(e.Detail, "sha256:")
	}
	mc, err := db.Collection(collMinutes).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return Check{}, fmt.Errorf("read minutes: %w", err)
	}
	var all []Minutes
	if err := mc.All(ctx, &all); err != nil {
		return Check{}, fmt.Errorf("read minutes: %w", err)
	}
	seen := map[string]bool{}
	for _, m := range all {
		want, inChain := sealed[m.ID]
		if m.Status != MinutesPublished {
			if inChain {
				out.Problems = append(out.Problems, Problem{m.ID, "published in the audit chain but no longer published in the store"})
			}
			continue
		}
		seen[m.ID] = true
		out.Checked++
		switch {
		case !inChain:
			out.Problems = append(out.Problems, Problem{m.ID, "published but its hash is not in the audit chain"})
		case Hash(m) != want:
			out.Problems = append(out.Problems, Problem{m.ID, "changed after publication: its hash differs from the audit chain"})
		}
	}
	for id := range sealed {
		if !seen[id] && !containsID(all, id) {
			out.Problems = append(out.Problems, Problem{id, "published minutes are missing from the store"})
		}
	}
	out.OK = out.Chain.OK && len(out.Problems) == 0
	return out, nil
}

func containsID(all []Minutes, id string) bool {
	for _, m := range all {
		if m.ID == id {
			return true
		}
	}
	return false
}
