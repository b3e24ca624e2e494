// Package minutes is what every body's meetings share: scheduling with the
// statutory notice rules, sign-in by rotating QR code (or marked by the
// secretary and confirmed by a second person), proxies, live attendance
// against the quorum of the meeting kind, minutes with versions whose hashes
// enter the village's audit chain, publication on the public board with a
// notice period, objections and their written answers.
//
// Everything lives in the village's database; every write is one insert
// guarded by a unique _id or one conditional single-document update.
package minutes

import (
	"time"

	"yishi/modules/vote"
	"yishi/modules/web"
)

// Collections in each village's database.
const (
	collMeetings   = "meetings"
	collAttendance = "attendance"
	collMinutes    = "minutes"
	collNotices    = "notices"
	collObjections = "objections"
	collSettings   = "minutes_settings"
	collProjects   = "projects"
)

// Meeting statuses.
const (
	MeetingScheduled = "scheduled"
	MeetingOpen      = "open"
	MeetingClosed    = "closed"
)

// Meeting is a meeting of a body or a statutory meeting.
type Meeting struct {
	ID        string           `json:"id" bson:"_id"`
	VillageID string           `json:"village_id" bson:"village_id"`
	Kind      vote.MeetingKind `json:"kind" bson:"kind"`
	BodyID    string           `json:"body_id,omitempty" bson:"body_id,omitempty"`
	Group     string           `json:"group,omitempty" bson:"group,omitempty"`
	Title     string           `json:"title" bson:"title"`
	StartsAt  time.Time        `json:"starts_at,omitzero" bson:"starts_at"`
	Place     string           `json:"place" bson:"place"`
	Agenda    []string         `json:"agenda" bson:"agenda"`
	Convener  string           `json:"convener,omitempty" bson:"convener,omitempty"`
	Chair     string           `json:"chair,omitempty" bson:"chair,omitempty"`
	Recorder  string           `json:"recorder,omitempty" bson:"recorder,omitempty"`
	// The names of convener, chair and recorder when they were picked from
	// the register by resident number (meeting_kinds.go).
	ConvenerName string    `json:"convener_name,omitempty" bson:"convener_name,omitempty"`
	ChairName    string    `json:"chair_name,omitempty" bson:"chair_name,omitempty"`
	RecorderName string    `json:"recorder_name,omitempty" bson:"recorder_name,omitempty"`
	Status       string    `json:"status" bson:"status"`
	AnnouncedAt  time.Time `json:"announced_at,omitzero" bson:"announced_at"`
	// ShortNoticeReason is the recorded special circumstance of a meeting
	// announced at short notice; empty when the notice was full.
	ShortNoticeReason string    `json:"short_notice_reason,omitempty" bson:"short_notice_reason,omitempty"`
	ScheduledBy       string    `json:"scheduled_by" bson:"scheduled_by"`
	OpenedAt          time.Time `json:"opened_at,omitzero" bson:"opened_at,omitempty"`
	ClosedAt          time.Time `json:"closed_at,omitzero" bson:"closed_at,omitempty"`
	Warnings          []Warning `json:"warnings" bson:"warnings"`
	Rule              vote.Rule `json:"rule" bson:"rule"`
	// Secret keys the rotating sign-in code; it never leaves the server.
	Secret string `json:"-" bson:"secret"`
	// Electorate is who may attend and count for the quorum (resident →
	// household), frozen when the meeting opens.
	Electorate map[string]string `json:"-" bson:"electorate,omitempty"`
	Households int               `json:"households" bson:"households"`
	// LeftOutMarks are the unconfirmed marks the close left out, as the
	// closer acknowledged them.
	LeftOutMarks []LeftOutMark `json:"left_out_marks,omitempty" bson:"left_out_marks,omitempty"`
}

// Warning is a rule the meeting breaks that does not stop it, e.g. V2026 Art. 29 ¶1.
type Warning struct {
	Code      string `json:"code" bson:"code"`
	Message   string `json:"message" bson:"message"`
	MessageEn string `json:"message_en" bson:"message_en"`
}

// Attendance methods.
const (
	MethodQR     = "qr"
	MethodCode   = "code" // the six-digit short code, typed
	MethodMarked = "marked"
	MethodProxy  = "proxy"
)

// Attendance is one resident at one meeting; its _id is meeting:resident, so
// a resident attends once however often they scan.
type Attendance struct {
	ID          string `json:"-" bson:"_id"`
	MeetingID   string `json:"meeting_id" bson:"meeting_id"`
	ResidentNo  string `json:"resident_no" bson:"resident_no"`
	Name        string `json:"name" bson:"name"`
	Household   string `json:"household" bson:"household"`
	Method      string `json:"method" bson:"method"`
	ProxyHolder string `json:"proxy_holder,omitempty" bson:"proxy_holder,omitempty"`
	Relation    string `json:"relation,omitempty" bson:"relation,omitempty"`
	Evidence    string `json:"evidence,omitempty" bson:"evidence,omitempty"`
	RecordedBy  string `json:"recorded_by" bson:"recorded_by"`
	ConfirmedBy string `json:"confirmed_by,omitempty" bson:"confirmed_by,omitempty"`
	// The names of who recorded and confirmed, at the time: the console
	// lists "marked by 黄伟", never an account id.
	RecordedByName  string    `json:"recorded_by_name,omitempty" bson:"recorded_by_name,omitempty"`
	ConfirmedByName string    `json:"confirmed_by_name,omitempty" bson:"confirmed_by_name,omitempty"`
	At              time.Time `json:"at,omitzero" bson:"at"`
	// Counts is false for a mark not yet confirmed by a second person.
	Counts bool `json:"counts" bson:"counts"`
	// Assisted says a helper signed the resident in, with them present,
	// and a second person confirmed it (modules/assist).
	Assisted *web.Assisted `json:"assisted,omitempty" bson:"assisted,omitempty"`
}

// Quorum is live attendance against the meeting kind's rule.
type Quorum struct {
	Present           int    `json:"present"`
	Eligible          int    `json:"eligible"`
	HouseholdsPresent int    `json:"households_present"`
	Households        int    `json:"households"`
	Met               bool   `json:"met"`
	By                string `json:"by,omitempty"`
	Basis             string `json:"basis"`
	Pending           int    `json:"pending"`
}

// Minutes statuses.
const (
	MinutesDraft     = "draft"
	MinutesPublished = "published"
)

// Minutes is one version of a meeting's minutes; its _id is meeting:version.
type Minutes struct {
	ID          string           `json:"id" bson:"_id"`
	MeetingID   string           `json:"meeting_id" bson:"meeting_id"`
	Version     int              `json:"version" bson:"version"`
	Status      string           `json:"status" bson:"status"`
	Reason      string           `json:"reason,omitempty" bson:"reason,omitempty"`
	Supersedes  string           `json:"supersedes,omitempty" bson:"supersedes,omitempty"`
	Title       string           `json:"title" bson:"title"`
	Kind        vote.MeetingKind `json:"kind" bson:"kind"`
	Date        time.Time        `json:"date,omitzero" bson:"date"`
	Place       string           `json:"place" bson:"place"`
	Convener    string           `json:"convener" bson:"convener"`
	Chair       string           `json:"chair" bson:"chair"`
	Recorder    string           `json:"recorder" bson:"recorder"`
	Attendance  []Attendee       `json:"attendance" bson:"attendance"`
	Quorum      Quorum           `json:"quorum" bson:"quorum"`
	Agenda      []string         `json:"agenda" bson:"agenda"`
	Opinions    []Opinion        `json:"opinions" bson:"opinions"`
	Votes       []VoteRecord     `json:"votes" bson:"votes"`
	Notes       string           `json:"notes,omitempty" bson:"notes,omitempty"`
	DraftedBy   string           `json:"drafted_by" bson:"drafted_by"`
	DraftedAt   time.Time        `json:"drafted_at,omitzero" bson:"drafted_at"`
	Confirmed   []Confirmation   `json:"confirmations" bson:"confirmations"`
	PublishedBy string           `json:"published_by,omitempty" bson:"published_by,omitempty"`
	PublishedAt time.Time        `json:"published_at,omitzero" bson:"published_at,omitempty"`
	Hash        string           `json:"hash,omitempty" bson:"hash,omitempty"`
	Rev         int              `json:"-" bson:"rev"`
}

// Attendee is a line of the minutes' attendance, copied from sign-in.
type Attendee struct {
	ResidentNo  string `json:"resident_no" bson:"resident_no"`
	Name        string `json:"name" bson:"name"`
	Method      string `json:"method" bson:"method"`
	ProxyHolder string `json:"proxy_holder,omitempty" bson:"proxy_holder,omitempty"`
}

// Opinion is a speech or opinion recorded under an agenda item.
type Opinion struct {
	Item    string `json:"item" bson:"item" validate:"max=64"`
	Speaker string `json:"speaker" bson:"speaker" validate:"required,max=32"`
	Text    string `json:"text" bson:"text" validate:"required,max=2000"`
}

// VoteRecord is a vote's counts and result, copied from the vote record.
type VoteRecord struct {
	VoteID        string         `json:"vote_id" bson:"vote_id"`
	Title         string         `json:"title" bson:"title"`
	MeetingKind   string         `json:"meeting_kind" bson:"meeting_kind"`
	Counts        map[string]int `json:"counts" bson:"counts"`
	Voters        int            `json:"voters" bson:"voters"`
	Eligible      int            `json:"eligible" bson:"eligible"`
	AttendanceMet bool           `json:"attendance_met" bson:"attendance_met"`
	Adopted       bool           `json:"adopted" bson:"adopted"`
	BallotsHash   string         `json:"ballots_hash" bson:"ballots_hash"`
}

// Confirmation is an attendee's confirmation of a draft.
type Confirmation struct {
	ResidentNo string    `json:"resident_no" bson:"resident_no"`
	Account    string    `json:"account" bson:"account"`
	At         time.Time `json:"at,omitzero" bson:"at"`
}

// Notice kinds: what a village publishes on its board.
const (
	NoticeResolution   = "resolution"    // 决议公开
	NoticeResult       = "result"        // 实施结果公开
	NoticeVillageRules = "village_rules" // 村规民约
	NoticeCharter      = "charter"       // 自治章程
	NoticeAffairs      = "affairs"       // quarterly village affairs (V2026 Art. 35 ¶3)
	NoticeFinance      = "finance"       // monthly finances (V2026 Art. 35 ¶3)
	// NoticeConsultation is what a consultation (议事会, 听证会, 恳谈会)
	// agreed and how it is carried out (V2026 Art. 33, Art. 35 ¶2(4);
	// U2026 Art. 32, Art. 34 ¶2(5)).
	NoticeConsultation = "consultation"
)

// Notice is a publication on the village's public board, with its notice
// period (公示期).
type Notice struct {
	ID        string `json:"id" bson:"_id"`
	VillageID string `json:"village_id" bson:"village_id"`
	Kind      string `json:"kind" bson:"kind"`
	Title     string `json:"title" bson:"title"`
	Text      string `json:"text" bson:"text"`
	MeetingID string `json:"meeting_id,omitempty" bson:"meeting_id,omitempty"`
	MinutesID string `json:"minutes_id,omitempty" bson:"minutes_id,omitempty"`
	// VoteID is the adopted vote a resolution notice opened by publishing
	// the minutes carries (publish_notice.go).
	VoteID      string    `json:"vote_id,omitempty" bson:"vote_id,omitempty"`
	ProposalID  string    `json:"proposal_id,omitempty" bson:"proposal_id,omitempty"`
	ProjectID   string    `json:"project_id,omitempty" bson:"project_id,omitempty"`
	PublishedBy string    `json:"published_by" bson:"published_by"`
	PublishedAt time.Time `json:"published_at,omitzero" bson:"published_at"`
	NoticeDays  int       `json:"notice_days" bson:"notice_days"`
	Deadline    time.Time `json:"deadline,omitzero" bson:"deadline"`
	Objections  int       `json:"objections" bson:"objections"`
	Unanswered  int       `json:"unanswered" bson:"unanswered"`
	// RevokedBy is the decision that revoked or changed the one this
	// notice publishes (revoked.go); read, never stored.
	RevokedBy *Revocation `json:"revoked_by,omitempty" bson:"-"`
}

// Objection is a resident's objection during a notice period and its
// written answer.
type Objection struct {
	ID         string    `json:"id" bson:"_id"`
	NoticeID   string    `json:"notice_id" bson:"notice_id"`
	ResidentNo string    `json:"resident_no,omitempty" bson:"resident_no"`
	Account    string    `json:"-" bson:"account"`
	Text       string    `json:"text" bson:"text"`
	At         time.Time `json:"at,omitzero" bson:"at"`
	// MissingReceipt is the receipt code of a ballot the resident did not
	// find in a vote's published box (issue 21 (6)), when they cite one.
	MissingReceipt string    `json:"missing_receipt,omitempty" bson:"missing_receipt,omitempty"`
	Answer         string    `json:"answer,omitempty" bson:"answer,omitempty"`
	AnsweredBy     string    `json:"answered_by,omitempty" bson:"answered_by,omitempty"`
	AnsweredAt     time.Time `json:"answered_at,omitzero" bson:"answered_at,omitempty"`
}

// Settings are a village's publication settings.
type Settings struct {
	ID          string `json:"-" bson:"_id"`
	NoticeDays  int    `json:"notice_days" bson:"notice_days" validate:"min=0,max=90"`
	BoardPublic bool   `json:"board_public" bson:"board_public"`
	// ManyTransactions: the village's collective finances have many
	// transactions, so finances are published monthly, not quarterly (V2026 Art. 35 ¶3).
	ManyTransactions bool `json:"many_transactions" bson:"many_transactions"`
}
