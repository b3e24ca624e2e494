package minutes

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/law"
	"yishi/modules/org"
	"yishi/modules/vote"
	"yishi/modules/web"
)

// The collective economic organisation's assemblies as meetings (the rules
// are the vote module's, ceo_rules.go): announced to all members 10 days
// ahead with time, place and matters (CEO Art. 27 ¶1), which the law does
// not let a special circumstance shorten; held only in a rural village; and
// their sign-in list is the collective's members, or its representatives.

func (s *Service) collectiveElectorate(ctx context.Context, villageID string, kind vote.MeetingKind, residents []org.Resident, adult func(org.Resident) bool) (map[string]string, int, error) {
	bodies, err := s.orgs.Bodies(ctx, villageID)
	if err != nil {
		return nil, 0, err
	}
	out, err := vote.CollectiveElectorate(kind, residents, bodies, adult)
	if err != nil {
		return nil, 0, err
	}
	houses := map[string]bool{}
	for _, h := range out {
		houses[h] = true
	}
	return out, len(houses), nil
}

// collectiveSchedule refuses the collective's assemblies in an urban
// community, and short notice of them.
func collectiveSchedule(kind vote.MeetingKind, community, short bool, now time.Time) error {
	if !vote.CollectiveKind(kind) {
		return nil
	}
	if community {
		return vote.ErrCEONotCommunity
	}
	if short {
		earliest := now.Add(AnnounceAhead[kind])
		return web.New(422, ErrAnnouncedLate.Code,
			fmt.Sprintf("依照农村集体经济组织法第二十七条第一款，%s应当于会议召开十日前将时间、地点和审议的事项通知全体成员，法律没有规定可以临时通知：最早可以定在 %s %s 以后", kind.Zh(), web.DateZh(earliest), web.ClockTime(earliest)),
			fmt.Sprintf("Under CEO Art. 27 ¶1 a %s is announced to all members with its time, place and matters 10 days ahead, and the law allows no short notice: the earliest start is after %s %s", kind.En(), web.DateEn(earliest), web.ClockTime(earliest))).
			OnField("starts_at").WithDetails(map[string]any{"earliest_starts_at": earliest, "basis": AnnounceBasis[kind]})
	}
	return nil
}

// SignedIn implements vote.Venue: whether the resident's attendance at the
// meeting counts (signed in, or a mark confirmed by a second person).
func (s *Service) SignedIn(ctx context.Context, villageID, meetingID, residentNo string) (bool, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return false, err
	}
	var a Attendance
	err = db.Collection(collAttendance).FindOne(ctx, bson.M{"_id": meetingID + ":" + residentNo}, options.FindOne().SetProjection(bson.M{"counts": 1})).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read attendance: %w", err)
	}
	return a.Counts, nil
}

// SignedInSet implements vote.Venue: everyone whose attendance counts.
func (s *Service) SignedInSet(ctx context.Context, villageID, meetingID string) (map[string]bool, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collAttendance).Find(ctx, bson.M{"meeting_id": meetingID, "counts": true}, options.Find().SetProjection(bson.M{"resident_no": 1}))
	var list []Attendance
	if err == nil {
		err = cur.All(ctx, &list)
	}
	if err != nil {
		return nil, fmt.Errorf("read attendance: %w", err)
	}
	out := make(map[string]bool, len(list))
	for _, a := range list {
		out[a.ResidentNo] = true
	}
	return out, nil
}

// collectiveRuleTable is the announcement rule of the collective's
// assemblies as the rules page lists it.
func collectiveRuleTable() []law.Rule {
	return []law.Rule{
		{Table: "announce", Key: string(vote.MemberAssembly),
			Zh:    fmt.Sprintf("成员大会应当于会议召开%d日前将时间、地点和审议的事项通知全体成员；法律没有规定临时通知", days(AnnounceAhead[vote.MemberAssembly])),
			En:    fmt.Sprintf("A member assembly is announced to all members with its time, place and matters at least %d days ahead; the law allows no short notice", days(AnnounceAhead[vote.MemberAssembly])),
			Basis: AnnounceBasis[vote.MemberAssembly]},
	}
}
