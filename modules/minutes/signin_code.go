package minutes

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"
	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/web"
)

// Sign-in at a meeting, as the console shows it: a QR image of the sign-in
// address carrying the rotating code, and under it a six-digit short code a
// person can type. Both come from the meeting's own secret and the time
// window (SignInWindow), so a photo of either is useless a minute later. The
// short code names no meeting: the server finds the village's open meeting
// whose current or previous window has it.

// ShortCodeDigits is the length of the code a person types.
const ShortCodeDigits = 6

// shortCode is six digits of an HMAC of the meeting and window, apart from
// the QR's code so that one never gives away the other.
func shortCode(m Meeting, window int64) string {
	mac := hmac.New(sha256.New, []byte(m.Secret))
	mac.Write([]byte(m.ID + ":short:" + strconv.FormatInt(window, 10)))
	n := binary.BigEndian.Uint64(mac.Sum(nil)[:8]) % 1_000_000
	return fmt.Sprintf("%06d", n)
}

func (s *Service) window() int64 { return s.now().Unix() / int64(SignInWindow/time.Second) }

// SignInDisplay is what the console shows for sign-in.
type SignInDisplay struct {
	Code      string    `json:"code"`
	ShortCode string    `json:"short_code"`
	SignInURL string    `json:"sign_in_url"`
	QRPNG     string    `json:"qr_png"` // a data:image/png;base64 URL
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	Rotates   int       `json:"rotates_every_seconds"`
}

// SignInPath is the page address the QR code opens (the web page's route).
func SignInPath(villageID, meetingID, code string) string {
	return "/#/v/" + villageID + "/m/" + meetingID + "/sign-in/" + code
}

// Display is the sign-in code, short code, address and QR image now;
// base is the public address of the site (scheme and host).
func (s *Service) Display(ctx context.Context, villageID, id, base string) (SignInDisplay, error) {
	code, expires, err := s.SignInCode(ctx, villageID, id)
	if err != nil {
		return SignInDisplay{}, err
	}
	m, err := s.Get(ctx, villageID, id)
	if err != nil {
		return SignInDisplay{}, err
	}
	d := SignInDisplay{Code: code, ShortCode: shortCode(m, s.window()), ExpiresAt: expires, Rotates: int(SignInWindow.Seconds()),
		SignInURL: strings.TrimRight(base, "/") + SignInPath(villageID, id, code)}
	png, err := QRPNG(d.SignInURL, 512)
	if err != nil {
		return SignInDisplay{}, err
	}
	d.QRPNG = "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	return d, nil
}

// QRPNG is a QR image of text, size pixels square, readable from across a
// room (medium error correction).
func QRPNG(text string, size int) ([]byte, error) {
	png, err := qrcode.Encode(text, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return png, nil
}

// ErrAmbiguousCode is the one-in-a-million case of two open meetings of a
// village showing the same short code in the same window: scan instead.
var ErrAmbiguousCode = web.New(409, "ambiguous_sign_in_code", "这个签到码同时对应两个会议，请扫描二维码签到", "This code belongs to two meetings at once; scan the QR code instead")

// SignInByShortCode signs the resident in to the village's open meeting
// whose current or previous window shows the short code.
func (s *Service) SignInByShortCode(ctx context.Context, villageID, residentNo string, who web.Actor, short string) (Attendance, Meeting, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Attendance{}, Meeting{}, err
	}
	cur, err := db.Collection(collMeetings).Find(ctx, bson.M{"status": MeetingOpen})
	if err != nil {
		return Attendance{}, Meeting{}, fmt.Errorf("find open meetings: %w", err)
	}
	var open []Meeting
	if err := cur.All(ctx, &open); err != nil {
		return Attendance{}, Meeting{}, fmt.Errorf("find open meetings: %w", err)
	}
	w := s.window()
	var found []Meeting
	for _, m := range open {
		if hmac.Equal([]byte(short), []byte(shortCode(m, w))) || hmac.Equal([]byte(short), []byte(shortCode(m, w-1))) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		return Attendance{}, Meeting{}, ErrBadCode.OnField("short_code")
	case 1:
	default:
		return Attendance{}, Meeting{}, ErrAmbiguousCode
	}
	m := found[0]
	r, err := s.resident(ctx, villageID, m, residentNo)
	if err != nil {
		return Attendance{}, m, err
	}
	a := Attendance{ID: m.ID + ":" + r.No, MeetingID: m.ID, ResidentNo: r.No, Name: r.Name, Household: r.HouseholdNo,
		Method: MethodCode, RecordedBy: who.AccountID, At: s.Now(), Counts: true}
	if err := s.insertAttendance(ctx, villageID, a); err != nil {
		return a, m, err
	}
	return a, m, s.write(ctx, villageID, who, "attendance.sign", "meeting/"+a.MeetingID, a.ResidentNo+" code")
}

// SignedIn is a sign-in's answer: the attendance, the meeting, and the
// sentence the page shows.
type SignedIn struct {
	Attendance
	Meeting   MeetingBrief `json:"meeting"`
	Message   string       `json:"message"`
	MessageEn string       `json:"message_en"`
}

// MeetingBrief names a meeting to the person signing in.
type MeetingBrief struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Place    string    `json:"place"`
	StartsAt time.Time `json:"starts_at,omitzero"`
}

// SignedInAnswer says "signed in to <meeting> at <time>".
func SignedInAnswer(a Attendance, m Meeting) SignedIn {
	return SignedIn{Attendance: a, Meeting: MeetingBrief{ID: m.ID, Title: m.Title, Place: m.Place, StartsAt: m.StartsAt},
		Message:   fmt.Sprintf("已签到：%s，%s，%s", m.Title, m.Place, web.ClockTime(a.At)),
		MessageEn: fmt.Sprintf("Signed in to %s (%s) at %s", m.Title, m.Place, web.ClockTime(a.At))}
}
