package vote

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Attendance is physical at the villagers', representatives', group and
// residents' meetings, and at the collective's member representatives'
// assembly: none of their laws provides for taking part from elsewhere, so
// at a vote opened at such a meeting only someone signed in at the venue
// (QR, short code, marked and confirmed, household card, or holding a proxy
// signed in that way) casts a ballot, and the ballot counts towards
// attendance. The member assembly is the one meeting a law lets members
// attend online (CEO Art. 27 ¶1: 通过即时通讯工具在线参加会议): there a
// village may allow remote attendance (a setting per meeting kind, default
// off), and a remote ballot then counts. Councils and boards are forms of
// consultation and may vote fully online. The result says how many took
// part in person and how many remotely.

// physicalBasis is the article of each meeting whose attendance is at the
// venue, as the refusal and the result text cite it.
var physicalBasis = map[MeetingKind][2]string{
	VillagersMeeting:              {"村委会组织法2026年版第二十六条第一款", "V2026 Art. 26 ¶1"},
	RepresentativesMeeting:        {"村委会组织法2026年版第三十条第二款", "V2026 Art. 30 ¶2"},
	GroupMeeting:                  {"村委会组织法2026年版第三十二条第二款", "V2026 Art. 32 ¶2"},
	ResidentsMeeting:              {"居委会组织法2026年版第二十七条", "U2026 Art. 27"},
	MemberAssembly:                {"农村集体经济组织法第二十七条第一款", "CEO Art. 27 ¶1"},
	MemberRepresentativesAssembly: {"农村集体经济组织法第二十八条第五款", "CEO Art. 28 ¶5"},
}

// RemoteAllowedByLaw are the meeting kinds whose law lets members attend
// from elsewhere, with the article: only these may have remote attendance.
var RemoteAllowedByLaw = map[MeetingKind]string{MemberAssembly: "CEO Art. 27 ¶1"}

// PhysicalKind reports whether attendance at a meeting of the kind is at
// the venue (unless remote attendance is allowed for it).
func PhysicalKind(k MeetingKind) bool { _, ok := physicalBasis[k]; return ok }

// Venue tells the vote engine who is signed in at a meeting. The minutes
// module owns sign-in and implements it beside Meetings.
type Venue interface {
	SignedIn(ctx context.Context, villageID, meetingID, residentNo string) (bool, error)
	SignedInSet(ctx context.Context, villageID, meetingID string) (map[string]bool, error)
}

// AttendanceSettings is a village's choice of remote attendance, by kind.
type AttendanceSettings struct {
	ID     string        `json:"-" bson:"_id"`
	Remote []MeetingKind `json:"remote" bson:"remote"`
}

const attendanceSettingsID = "attendance"

// ErrRemoteNotLawful refuses remote attendance at a kind whose law does not
// provide for it.
func ErrRemoteNotLawful(k MeetingKind) *web.Error {
	b := physicalBasis[k]
	if b[0] == "" {
		b = [2]string{"法律", "the law"}
	}
	return web.New(422, "remote_not_lawful",
		fmt.Sprintf("%s没有规定可以在线参加，%s只能现场参加；只有农村集体经济组织成员大会可以在线参加（农村集体经济组织法第二十七条第一款）", b[0], k.Zh()),
		fmt.Sprintf("%s provides for no remote attendance: a %s is attended at the venue; only the member assembly may be attended online (CEO Art. 27 ¶1)", b[1], k.En()))
}

// AttendanceSettingsOf is the village's setting (remote off everywhere when
// it set none).
func (s *Service) AttendanceSettingsOf(ctx context.Context, villageID string) (AttendanceSettings, error) {
	var out AttendanceSettings
	err := s.db(villageID).Collection(collVoteSettings).FindOne(ctx, bson.M{"_id": attendanceSettingsID}).Decode(&out)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return AttendanceSettings{}, fmt.Errorf("read attendance settings: %w", err)
	}
	if out.Remote == nil {
		out.Remote = []MeetingKind{}
	}
	return out, nil
}

// SetAttendanceSettings records the village's setting; a kind whose law does
// not allow remote attendance is refused.
func (s *Service) SetAttendanceSettings(ctx context.Context, who web.Actor, villageID string, in AttendanceSettings) (AttendanceSettings, error) {
	for _, k := range in.Remote {
		if _, ok := RemoteAllowedByLaw[k]; !ok {
			return AttendanceSettings{}, ErrRemoteNotLawful(k)
		}
	}
	in.ID = attendanceSettingsID
	if in.Remote == nil {
		in.Remote = []MeetingKind{}
	}
	if _, err := s.db(villageID).Collection(collVoteSettings).ReplaceOne(ctx, bson.M{"_id": attendanceSettingsID}, in, options.Replace().SetUpsert(true)); err != nil {
		return AttendanceSettings{}, fmt.Errorf("set attendance settings: %w", err)
	}
	return in, s.write(ctx, villageID, who, "attendance.settings", villageID, fmt.Sprintf("remote=%v", in.Remote))
}

// remoteAllowed is the setting for a kind, frozen with a vote when it opens.
func (s *Service) remoteAllowed(ctx context.Context, villageID string, k MeetingKind) (bool, error) {
	if _, ok := RemoteAllowedByLaw[k]; !ok {
		return false, nil
	}
	set, err := s.AttendanceSettingsOf(ctx, villageID)
	if err != nil {
		return false, err
	}
	return slices.Contains(set.Remote, k), nil
}

// ErrNotAtVenue refuses a ballot from someone not signed in at a meeting
// whose attendance is physical.
func ErrNotAtVenue(k MeetingKind) *web.Error {
	b := physicalBasis[k]
	if _, lawful := RemoteAllowedByLaw[k]; lawful {
		return web.New(403, "not_at_venue",
			fmt.Sprintf("请先在会场签到再投票：%s允许在线参加%s，但本村没有开放在线参加", b[0], k.Zh()),
			fmt.Sprintf("Sign in at the venue first, then vote: %s allows attending a %s online, but this village has not opened it", b[1], k.En()))
	}
	return web.New(403, "not_at_venue",
		fmt.Sprintf("%s须现场参加：请先在会场扫码或输入签到码签到，再投票（%s；法律没有规定可以在线参加）", k.Zh(), b[0]),
		fmt.Sprintf("A %s is attended at the venue: sign in there first (scan the code or type it), then vote (%s; the law provides for no remote attendance)", k.En(), b[1]))
}

func (s *Service) venue() Venue {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, _ := s.meetings.(Venue)
	return v
}

// physicalOnly says whether a vote's ballots must come from the venue.
func physicalOnly(v Vote) bool {
	return v.MeetingID != "" && PhysicalKind(v.MeetingKind) && !v.RemoteAttendance
}

// atVenue refuses the cast of someone not signed in at the vote's meeting,
// where attendance is physical. caster is who casts (a proxy holder casts
// in person for the principal).
func (s *Service) atVenue(ctx context.Context, v Vote, caster string) error {
	if !physicalOnly(v) {
		return nil
	}
	venue := s.venue()
	if venue == nil {
		return ErrNotAtVenue(v.MeetingKind)
	}
	ok, err := venue.SignedIn(ctx, v.VillageID, v.MeetingID, caster)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotAtVenue(v.MeetingKind)
	}
	return nil
}

// splitAttendance counts, for a vote opened at a meeting, who took part in
// person (signed in at the venue, or counted by hand there) and who
// remotely; where attendance is physical only those in person count for
// it. The result text says both numbers and the rule.
func (s *Service) splitAttendance(ctx context.Context, v Vote, r *Result) error {
	if v.MeetingID == "" || !PhysicalKind(v.MeetingKind) {
		return nil
	}
	venue := s.venue()
	signed := map[string]bool{}
	if venue != nil {
		var err error
		if signed, err = venue.SignedInSet(ctx, v.VillageID, v.MeetingID); err != nil {
			return err
		}
	}
	coll := ballotsColl(v.ID)
	if v.Secret {
		coll = turnoutColl(v.ID)
	}
	cur, err := s.db(v.VillageID).Collection(coll).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"voter": 1, "proxy_by": 1}).SetBatchSize(tallyBatch))
	var parts []Participation
	if err == nil {
		err = cur.All(ctx, &parts)
	}
	if err != nil {
		return fmt.Errorf("read who took part in %s: %w", v.ID, err)
	}
	hand := 0
	for _, n := range r.Channels {
		hand += n
	}
	r.InPerson, r.Remote = hand, 0
	for _, p := range parts {
		if signed[p.Voter] || p.ProxyBy != "" && signed[p.ProxyBy] {
			r.InPerson++
		} else {
			r.Remote++
		}
	}
	if physicalOnly(v) && r.Remote > 0 {
		// Only those at the venue make the quorum.
		r.AttendanceMet, r.AttendanceBy = v.Rule.AttendanceMet(r.InPerson, r.Eligible, r.HouseholdsPresent, r.Households)
		for key := range r.Passed {
			r.Passed[key] = r.Passed[key] && r.AttendanceMet
		}
		r.Adopted = r.Passed["yes"]
	}
	r.AttendanceZh, r.AttendanceEn = attendanceWords(v, r.InPerson, r.Remote)
	return nil
}

// attendanceWords says how many took part in person and remotely, and the
// rule that decides whether the remote ones count.
func attendanceWords(v Vote, inPerson, remote int) (zh, en string) {
	zh = fmt.Sprintf("现场参加%d人，在线参加%d人", inPerson, remote)
	en = fmt.Sprintf("%d attended in person, %d remotely", inPerson, remote)
	b := physicalBasis[v.MeetingKind]
	if _, lawful := RemoteAllowedByLaw[v.MeetingKind]; lawful && !v.RemoteAttendance {
		return zh + fmt.Sprintf("；%s允许在线参加，但本村没有开放，只有在会场签到的人计入到会人数", b[0]),
			en + fmt.Sprintf("; %s allows online attendance, but this village has not opened it: only those signed in at the venue count as attending", b[1])
	}
	if v.RemoteAttendance {
		return zh + fmt.Sprintf("；依照%s，成员可以通过即时通讯工具在线参加会议，在线参加的计入到会人数", b[0]),
			en + fmt.Sprintf("; under %s members may attend online, and those who did count as attending", b[1])
	}
	return zh + fmt.Sprintf("；%s须现场参加（%s），只有在会场签到的人计入到会人数", v.MeetingKind.Zh(), b[0]),
		en + fmt.Sprintf("; a %s is attended at the venue (%s): only those signed in there count as attending", v.MeetingKind.En(), b[1])
}
