// Package moralboard is the moral review board (道德评议会) and the
// associations that share its machinery (禁毒禁赌会, 红白理事会): cases
// nominated by residents, the subject's notice and response, the board's
// verdict by the vote engine with recusals, one appeal, the honour roll and
// the warning list, and points by a table the villagers adopted.
package moralboard

import "time"

// Case statuses.
const (
	StatusNominated     = "nominated"      // the subject is told and may respond
	StatusHearing       = "hearing"        // the board's vote is open
	StatusNoVerdict     = "no_verdict"     // no option had a majority; the board may hear it again
	StatusDecided       = "decided"        // a verdict the subject may still appeal
	StatusAppealed      = "appealed"       // appeal filed, the fresh hearing not yet open
	StatusAppealHearing = "appeal_hearing" // the appeal vote is open
	StatusFinal         = "final"          // the verdict stands
)

// Verdicts, the options of a hearing's vote.
const (
	VerdictCommendation = "commendation" // 表彰
	VerdictCriticism    = "criticism"    // 批评教育
	VerdictPersuasion   = "persuasion"   // 劝导
	VerdictNoAction     = "no_action"    // 不予处理
)

// verdictOptions are the ballot's options, in order.
var verdictOptions = []struct{ Key, Label string }{
	{VerdictCommendation, "表彰 Commendation"},
	{VerdictCriticism, "批评教育 Criticism and education"},
	{VerdictPersuasion, "劝导 Persuasion"},
	{VerdictNoAction, "不予处理 No action"},
}

// appealable says which verdicts the subject may appeal: those against them.
func appealable(verdict string) bool {
	return verdict == VerdictCriticism || verdict == VerdictPersuasion
}

// Subject kinds: a person or a household of the register.
const (
	SubjectResident  = "resident"
	SubjectHousehold = "household"
)

// Recusal reasons.
const (
	RecusedNominator = "nominator" // nominated the case
	RecusedRelative  = "relative"  // same household as the subject in the register
	RecusedDeclared  = "declared"  // declared by the member (a relative the register does not show)
)

// Case is one conduct case before a board.
type Case struct {
	ID        string `json:"id" bson:"_id"`
	VillageID string `json:"village_id" bson:"village_id"`
	BodyID    string `json:"body_id" bson:"body_id"`
	Category  string `json:"category" bson:"category"`
	// The subject: a resident number or a household number, with the
	// household and group from the register and the surname the warning
	// list may show.
	SubjectKind      string   `json:"subject_kind" bson:"subject_kind"`
	SubjectNo        string   `json:"subject_no" bson:"subject_no"`
	SubjectHousehold string   `json:"subject_household" bson:"subject_household"`
	SubjectGroup     string   `json:"subject_group,omitempty" bson:"subject_group,omitempty"`
	SubjectSurname   string   `json:"-" bson:"subject_surname"`
	Description      string   `json:"description" bson:"description"`
	Evidence         []string `json:"evidence" bson:"evidence"`
	Clause           string   `json:"clause" bson:"clause"`
	// NominatedBy is the account; NominatorNo the nominator's resident
	// number, who recuses if they sit on the board.
	NominatedBy string    `json:"nominated_by,omitempty" bson:"nominated_by"`
	NominatorNo string    `json:"nominator_no,omitempty" bson:"nominator_no"`
	NominatedAt time.Time `json:"nominated_at,omitzero" bson:"nominated_at"`
	Status      string    `json:"status" bson:"status"`
	// ToldAt is when the subject learnt of the case: they opened it in the
	// app, responded, or a board member recorded notice given in person.
	ToldAt   *time.Time `json:"told_at,omitempty" bson:"told_at,omitempty"`
	ToldHow  string     `json:"told_how,omitempty" bson:"told_how,omitempty"`
	Response *Response  `json:"response,omitempty" bson:"response,omitempty"`
	Declared []Recusal  `json:"declared_recusals,omitempty" bson:"declared_recusals,omitempty"`
	Hearings []Hearing  `json:"hearings" bson:"hearings"`
	Appeal   *Appeal    `json:"appeal,omitempty" bson:"appeal,omitempty"`
	// Verdict is the verdict in force; FinalAt when it could no longer be
	// appealed (the end of the appeal period, or the appeal's verdict).
	Verdict        string     `json:"verdict,omitempty" bson:"verdict,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty" bson:"decided_at,omitempty"`
	AppealDeadline *time.Time `json:"appeal_deadline,omitempty" bson:"appeal_deadline,omitempty"`
	FinalAt        *time.Time `json:"final_at,omitempty" bson:"final_at,omitempty"`
	// ListedUntil is when a criticism leaves the warning list; the settings
	// in force at the verdict decide it.
	ListedUntil *time.Time `json:"listed_until,omitempty" bson:"listed_until,omitempty"`
	// PointsVersion is the points table in force when the verdict was given.
	PointsVersion int       `json:"points_version,omitempty" bson:"points_version,omitempty"`
	Timeline      []Event   `json:"timeline" bson:"timeline"`
	Version       int       `json:"-" bson:"version"`
	UpdatedAt     time.Time `json:"updated_at,omitzero" bson:"updated_at"`
}

// Response is the subject's answer before the hearing.
type Response struct {
	ResidentNo string    `json:"resident_no" bson:"resident_no"`
	Text       string    `json:"text" bson:"text"`
	At         time.Time `json:"at,omitzero" bson:"at"`
}

// Recusal is a board member who does not take part in a hearing, and why.
type Recusal struct {
	ResidentNo string `json:"resident_no" bson:"resident_no"`
	Reason     string `json:"reason" bson:"reason"`
	Note       string `json:"note,omitempty" bson:"note,omitempty"`
}

// Hearing is one vote of the board on the case: the first, or the appeal.
type Hearing struct {
	Stage    string         `json:"stage" bson:"stage"` // "hearing" or "appeal"
	VoteID   string         `json:"vote_id" bson:"vote_id"`
	OpenedAt time.Time      `json:"opened_at,omitzero" bson:"opened_at"`
	Recusals []Recusal      `json:"recusals" bson:"recusals"`
	ClosedAt *time.Time     `json:"closed_at,omitempty" bson:"closed_at,omitempty"`
	Counts   map[string]int `json:"counts,omitempty" bson:"counts,omitempty"`
	Verdict  string         `json:"verdict,omitempty" bson:"verdict,omitempty"` // empty: no majority
}

// Appeal is the subject's one appeal.
type Appeal struct {
	ResidentNo string    `json:"resident_no" bson:"resident_no"`
	Reason     string    `json:"reason" bson:"reason"`
	FiledAt    time.Time `json:"filed_at,omitzero" bson:"filed_at"`
}

// Event is a line of the case's timeline.
type Event struct {
	At     time.Time `json:"at,omitzero" bson:"at"`
	Action string    `json:"action" bson:"action"`
	Actor  string    `json:"actor,omitempty" bson:"actor,omitempty"`
	Detail string    `json:"detail,omitempty" bson:"detail,omitempty"`
}

// Notification tells a subject about their case in the app.
type Notification struct {
	ID         string     `json:"id" bson:"_id"`
	CaseID     string     `json:"case_id" bson:"case_id"`
	ResidentNo string     `json:"-" bson:"resident_no"`
	Kind       string     `json:"kind" bson:"kind"`
	At         time.Time  `json:"at,omitzero" bson:"at"`
	ReadAt     *time.Time `json:"read_at,omitempty" bson:"read_at,omitempty"`
}

// Settings are a village's choices, within the limits the rules allow.
type Settings struct {
	// AppealDays is the appeal period: 15 days unless the village gives
	// more (never less).
	AppealDays int `json:"appeal_days" bson:"appeal_days" validate:"min=15,max=60"`
	// WarningMonths is how long a criticism stays on the warning list: 6
	// months unless the village shortens it (never longer).
	WarningMonths int `json:"warning_months" bson:"warning_months" validate:"min=1,max=6"`
	// RankingPublic shows the households' points ranking without login.
	RankingPublic bool `json:"ranking_public" bson:"ranking_public"`
}

// DefaultSettings apply until a village sets its own.
var DefaultSettings = Settings{AppealDays: 15, WarningMonths: 6}

// ResponseDays is how long a told subject has to respond before the
// hearing may open without their response.
const ResponseDays = 3

// HonourEntry is a line of the honour roll (红榜).
type HonourEntry struct {
	Name     string    `json:"name"`
	Group    string    `json:"group,omitempty"`
	Category string    `json:"category"`
	Since    time.Time `json:"since,omitzero"`
}

// WarningEntry is a line of the warning list (黑榜): the surname and the
// villager group, never the full name, phone, address or resident number.
type WarningEntry struct {
	Surname  string    `json:"surname"`
	Group    string    `json:"group"`
	Category string    `json:"category"`
	Since    time.Time `json:"since,omitzero"`
	Until    time.Time `json:"until,omitzero"`
}

// Outcome is a case as a street official or any resident may see it: the
// decision and its basis, without the subject.
type Outcome struct {
	CaseID    string     `json:"case_id"`
	BodyID    string     `json:"body_id"`
	Category  string     `json:"category"`
	Clause    string     `json:"clause"`
	Status    string     `json:"status"`
	Verdict   string     `json:"verdict,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	Appealed  bool       `json:"appealed"`
	VoteIDs   []string   `json:"vote_ids"`
}

// PointsRow is one line of a points table: the points a verdict (or a
// service, Kind "service") earns in a category; negative for criticism.
type PointsRow struct {
	Category string `json:"category" bson:"category" validate:"required,max=32"`
	Kind     string `json:"kind" bson:"kind" validate:"required,oneof=commendation criticism persuasion no_action service"`
	Points   int    `json:"points" bson:"points" validate:"min=-1000,max=1000"`
}

// PointsTable is a version of the village's points table, adopted by a
// villagers' (residents') or representatives' meeting vote.
type PointsTable struct {
	Version   int         `json:"version" bson:"_id"`
	Rows      []PointsRow `json:"rows" bson:"rows"`
	VoteID    string      `json:"vote_id" bson:"vote_id"`
	AdoptedAt time.Time   `json:"adopted_at,omitzero" bson:"adopted_at"`
	AdoptedBy string      `json:"adopted_by" bson:"adopted_by"`
}

// LedgerEntry is one change of a household's points. Its _id (case:ID or
// service:ID) keeps a case from being counted twice.
type LedgerEntry struct {
	ID           string    `json:"id" bson:"_id"`
	HouseholdNo  string    `json:"household_no" bson:"household_no"`
	ResidentNo   string    `json:"resident_no,omitempty" bson:"resident_no,omitempty"`
	Points       int       `json:"points" bson:"points"`
	Category     string    `json:"category" bson:"category"`
	Kind         string    `json:"kind" bson:"kind"`
	CaseID       string    `json:"case_id,omitempty" bson:"case_id,omitempty"`
	Service      string    `json:"service,omitempty" bson:"service,omitempty"`
	TableVersion int       `json:"table_version" bson:"table_version"`
	At           time.Time `json:"at,omitzero" bson:"at"`
	By           string    `json:"by,omitempty" bson:"by,omitempty"`
}

// RankEntry is a household's total in the public ranking: the household's
// surname and group only.
type RankEntry struct {
	Rank    int    `json:"rank"`
	Surname string `json:"surname"`
	Group   string `json:"group,omitempty"`
	Points  int    `json:"points"`
}
