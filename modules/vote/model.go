package vote

import "time"

// Status of a vote.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Mode says who holds a vote: each person, or each household through its head.
const (
	ModePersons    = "persons"
	ModeHouseholds = "households"
)

// Option is one answer a ballot may choose.
type Option struct {
	Key   string `json:"key" bson:"key" validate:"required,code"`
	Label string `json:"label" bson:"label" validate:"required,max=100"`
}

// Vote is a question put to an electorate frozen when it opened.
type Vote struct {
	ID          string      `json:"id" bson:"_id"`
	VillageID   string      `json:"village_id" bson:"village_id"`
	SubjectKind string      `json:"subject_kind" bson:"subject_kind"`
	SubjectID   string      `json:"subject_id" bson:"subject_id"`
	Title       string      `json:"title" bson:"title"`
	MeetingKind MeetingKind `json:"meeting_kind" bson:"meeting_kind"`
	// MeetingID is the meeting the vote was opened at (its subject then is
	// one of the meeting's agenda items); empty for a vote held apart.
	MeetingID    string `json:"meeting_id,omitempty" bson:"meeting_id,omitempty"`
	MeetingTitle string `json:"meeting_title,omitempty" bson:"meeting_title,omitempty"`
	BodyID       string `json:"body_id,omitempty" bson:"body_id,omitempty"`
	Group        string `json:"group,omitempty" bson:"group,omitempty"`
	Mode         string `json:"mode" bson:"mode"`
	Secret       bool   `json:"secret" bson:"secret"`
	// Election marks the election of a committee (V2026 Art. 18; U2026 Art.
	// 19): secret, with the election's proxy rule; Candidates are the
	// residents standing, who may not hold entrustments.
	Election   bool     `json:"election,omitempty" bson:"election,omitempty"`
	Candidates []string `json:"candidates,omitempty" bson:"candidates,omitempty"`
	// ChangeUntilClose lets a voter replace their ballot until the vote
	// closes; the last one counts and the earlier ones stay in its history.
	ChangeUntilClose bool      `json:"change_until_close" bson:"change_until_close"`
	Options          []Option  `json:"options" bson:"options"`
	MaxChoices       int       `json:"max_choices" bson:"max_choices"`
	Rule             Rule      `json:"rule" bson:"rule"`
	Status           string    `json:"status" bson:"status"`
	OpenedBy         string    `json:"opened_by" bson:"opened_by"`
	OpenedAt         time.Time `json:"opened_at,omitzero" bson:"opened_at"`
	ClosesAt         time.Time `json:"closes_at,omitzero" bson:"closes_at,omitempty"`
	ClosedAt         time.Time `json:"closed_at,omitzero" bson:"closed_at,omitempty"`
	EligibleCount    int       `json:"eligible_count" bson:"eligible_count"`
	HouseholdCount   int       `json:"household_count" bson:"household_count"`
	Result           *Result   `json:"result,omitempty" bson:"result,omitempty"`
	// BallotBox is how many slots the secret vote's ballot box was given
	// (ballotbox.go); 0 for open votes and for secret votes opened before
	// the box existed.
	BallotBox int `json:"-" bson:"ballot_box,omitempty"`
	// RemoteAttendance is the village's setting for the kind, frozen when
	// the vote opened: remote ballots count towards attendance only where
	// the law allows it (attendance.go).
	RemoteAttendance bool `json:"remote_attendance,omitempty" bson:"remote_attendance,omitempty"`
}

// Electorate is the frozen list of who may vote, kept apart from the vote so
// the vote document stays small. Voters maps resident number to household.
type Electorate struct {
	VoteID string            `bson:"_id"`
	Voters map[string]string `bson:"voters"`
}

// Ballot is a named (open) ballot. Its _id is vote:voter, so the store's
// unique _id makes a second ballot by the same voter impossible.
type Ballot struct {
	ID        string     `json:"-" bson:"_id"`
	Voter     string     `json:"voter" bson:"voter"`
	ProxyBy   string     `json:"proxy_by,omitempty" bson:"proxy_by,omitempty"`
	Choices   []string   `json:"choices" bson:"choices"`
	Receipt   string     `json:"receipt_hash" bson:"receipt_hash"`
	CastAt    time.Time  `json:"cast_at,omitzero" bson:"cast_at"`
	IdemKey   string     `json:"-" bson:"idem_key,omitempty"`
	History   []Previous `json:"history,omitempty" bson:"history,omitempty"`
	Household string     `json:"-" bson:"household"`
}

// Previous is a ballot replaced under change-until-close.
type Previous struct {
	Choices []string  `json:"choices" bson:"choices"`
	CastAt  time.Time `json:"cast_at,omitzero" bson:"cast_at"`
}

// SecretBallot holds what was voted and nothing about who: a random _id, no
// time, and the hash of the receipt only its voter knows. It is the
// published form; the store keeps it in a slot of the ballot box (slotDoc).
type SecretBallot struct {
	ID      string   `json:"-" bson:"_id"`
	Choices []string `json:"choices" bson:"choices"`
	Receipt string   `json:"receipt_hash,omitempty" bson:"receipt_hash"`
}

// Participation records that a voter took part in a secret vote, and nothing
// of how. Its _id (vote:voter) keeps it to one.
type Participation struct {
	ID        string `json:"-" bson:"_id"`
	Voter     string `json:"voter" bson:"voter"`
	ProxyBy   string `json:"proxy_by,omitempty" bson:"proxy_by,omitempty"`
	Household string `json:"-" bson:"household"`
	IdemHash  string `json:"-" bson:"idem_hash,omitempty"`
}

// Proxy is a written entrustment from a voter to a holder the vote's proxy
// rule allows (proxyrule.go).
type Proxy struct {
	ID         string    `json:"id" bson:"_id"` // vote:principal
	VoteID     string    `json:"vote_id" bson:"vote_id"`
	Principal  string    `json:"principal" bson:"principal"`
	Holder     string    `json:"holder" bson:"holder"`
	Relation   string    `json:"relation" bson:"relation"`
	Evidence   string    `json:"evidence" bson:"evidence"`
	Witness    string    `json:"witness,omitempty" bson:"witness,omitempty"`
	RecordedBy string    `json:"recorded_by" bson:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at,omitzero" bson:"recorded_at"`
	// PrincipalName and HolderName are the register's names, filled for
	// the page (proxy_names.go) and never stored: people read names, not
	// resident numbers.
	PrincipalName string `json:"principal_name,omitempty" bson:"-"`
	HolderName    string `json:"holder_name,omitempty" bson:"-"`
}

// Channels of counts entered by hand.
const (
	ChannelPaper = "paper"
	ChannelHands = "hands"
)

// ChannelEntry is a count of paper ballots or a show of hands, entered by one
// person and confirmed by a second before it counts. A recount is a new entry
// that supersedes the last; nothing is edited.
type ChannelEntry struct {
	ID         string         `json:"id" bson:"_id"`
	VoteID     string         `json:"vote_id" bson:"vote_id"`
	Channel    string         `json:"channel" bson:"channel"`
	Counts     map[string]int `json:"counts" bson:"counts"`
	Voters     int            `json:"voters" bson:"voters"`
	Households int            `json:"households" bson:"households"`
	Supersedes string         `json:"supersedes,omitempty" bson:"supersedes,omitempty"`
	EnteredBy  string         `json:"entered_by" bson:"entered_by"`
	// EnteredByName and ConfirmedByName are the people's names at the time,
	// so the console lists "entered by 黄伟" and never an account id.
	EnteredByName   string    `json:"entered_by_name,omitempty" bson:"entered_by_name,omitempty"`
	EnteredAt       time.Time `json:"entered_at,omitzero" bson:"entered_at"`
	ConfirmedBy     string    `json:"confirmed_by,omitempty" bson:"confirmed_by,omitempty"`
	ConfirmedByName string    `json:"confirmed_by_name,omitempty" bson:"confirmed_by_name,omitempty"`
	ConfirmedAt     time.Time `json:"confirmed_at,omitzero" bson:"confirmed_at,omitempty"`
}

// Result is the tally at close, reproducible from the stored ballots.
type Result struct {
	Counts   map[string]int `json:"counts" bson:"counts"`
	Online   map[string]int `json:"online" bson:"online"`
	Channels map[string]int `json:"channels" bson:"channels"` // voters per channel
	Voters   int            `json:"voters" bson:"voters"`
	// Unmatched counts voters recorded as taking part in a secret vote whose
	// ballot is not stored: a crash between the two writes of a batch, never
	// acknowledged to the voter (a retry with the same key restores it).
	Unmatched         int    `json:"unmatched,omitempty" bson:"unmatched,omitempty"`
	Eligible          int    `json:"eligible" bson:"eligible"`
	HouseholdsPresent int    `json:"households_present" bson:"households_present"`
	Households        int    `json:"households" bson:"households"`
	AttendanceMet     bool   `json:"attendance_met" bson:"attendance_met"`
	AttendanceBy      string `json:"attendance_by,omitempty" bson:"attendance_by,omitempty"`
	Needed            int    `json:"needed" bson:"needed"`
	// Denominator is the number the decision is divided by: those present,
	// or all members where a supermajority of all members applies; the two
	// texts say the rule and its numbers in words.
	Denominator int             `json:"denominator" bson:"denominator"`
	DecisionZh  string          `json:"decision_zh" bson:"decision_zh"`
	DecisionEn  string          `json:"decision_en" bson:"decision_en"`
	Passed      map[string]bool `json:"passed" bson:"passed"`
	Adopted     bool            `json:"adopted" bson:"adopted"`
	BallotsHash string          `json:"ballots_hash" bson:"ballots_hash"`
	// LeftOut are the unconfirmed counts the closer acknowledged and the
	// close left out (unconfirmed.go).
	LeftOut []LeftOut `json:"left_out,omitempty" bson:"left_out,omitempty"`
	// InPerson and Remote split those who took part in a vote opened at a
	// meeting: signed in at the venue (or counted by hand there), or not;
	// the two texts say both and the rule (attendance.go).
	InPerson     int    `json:"in_person,omitempty" bson:"in_person,omitempty"`
	Remote       int    `json:"remote,omitempty" bson:"remote,omitempty"`
	AttendanceZh string `json:"attendance_zh,omitempty" bson:"attendance_zh,omitempty"`
	AttendanceEn string `json:"attendance_en,omitempty" bson:"attendance_en,omitempty"`
}
