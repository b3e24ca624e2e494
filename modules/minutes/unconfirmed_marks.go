package minutes

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Closing a meeting never drops a marked attendance without saying so, as
// closing a vote never drops a count (vote/unconfirmed.go): a mark no second
// person confirmed does not count, and after the close nobody can confirm
// it. The close answers 409 with each such mark unless the request names
// them all; acknowledged, the meeting keeps the list and the audit chain
// records it.

// LeftOutMark is a marked attendance a meeting's close leaves out.
type LeftOutMark struct {
	ResidentNo     string `json:"resident_no" bson:"resident_no"`
	Name           string `json:"name" bson:"name"`
	RecordedBy     string `json:"recorded_by" bson:"recorded_by"`
	RecordedByName string `json:"recorded_by_name,omitempty" bson:"recorded_by_name,omitempty"`
	EffectZh       string `json:"effect_zh" bson:"effect_zh"`
	EffectEn       string `json:"effect_en" bson:"effect_en"`
}

// CloseInput is the body of a meeting's close.
type CloseInput struct {
	// AcknowledgeUnconfirmed names the resident numbers of the unconfirmed
	// marks the closer was shown and leaves out.
	AcknowledgeUnconfirmed []string `json:"acknowledge_unconfirmed" validate:"max=500,dive,required,max=32"`
}

// ErrUnconfirmedMarks refuses a close that would leave out marks nobody
// acknowledged; its details list them.
var ErrUnconfirmedMarks = web.New(409, "unconfirmed_marks",
	"还有补签没有经第二人确认。现在结束会议，这些人不计入到会人数，以后也不能再确认；请先确认，或确认知情后再结束",
	"Some marked attendances are not confirmed by a second person. Closing now leaves them out of the attendance for good; confirm them first, or acknowledge them and close")

// pendingMarks lists the marks of a meeting still waiting for a second person.
func (s *Service) pendingMarks(ctx context.Context, villageID, meetingID string) ([]Attendance, error) {
	cur, err := s.store.Village(villageID).Collection(collAttendance).Find(ctx,
		bson.M{"meeting_id": meetingID, "method": MethodMarked, "counts": false}, options.Find().SetSort(bson.D{{Key: "at", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list pending marks: %w", err)
	}
	out := []Attendance{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list pending marks: %w", err)
	}
	return out, nil
}

// marksLeftOut describes each pending mark and refuses the close unless
// every one is acknowledged.
func marksLeftOut(pending []Attendance, ack []string) ([]LeftOutMark, error) {
	out := make([]LeftOutMark, 0, len(pending))
	for _, a := range pending {
		who := a.RecordedByName
		if who == "" {
			who = a.RecordedBy
		}
		out = append(out, LeftOutMark{ResidentNo: a.ResidentNo, Name: a.Name, RecordedBy: a.RecordedBy, RecordedByName: a.RecordedByName,
			EffectZh: fmt.Sprintf("%s %s 为 %s 补签，还没有人确认。现在结束会议，%s 不计入到会人数。", who, web.ClockTime(a.At), a.Name, a.Name),
			EffectEn: fmt.Sprintf("%s marked %s present at %s; nobody has confirmed it. Closing now leaves %s out of the attendance.", who, a.Name, web.ClockTime(a.At), a.Name)})
	}
	if err := web.Acknowledged(out, func(l LeftOutMark) string { return l.ResidentNo }, ack, ErrUnconfirmedMarks); err != nil {
		return nil, err
	}
	return out, nil
}

// MarksDetail is the audit line of the marks a close left out.
func MarksDetail(left []LeftOutMark) string {
	if len(left) == 0 {
		return ""
	}
	parts := make([]string, len(left))
	for i, l := range left {
		parts[i] = l.ResidentNo + " by=" + l.RecordedBy
	}
	return "left_out=[" + strings.Join(parts, "; ") + "]"
}
