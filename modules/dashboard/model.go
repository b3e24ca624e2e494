// Package dashboard is read-only insight above the village for the street,
// the district and the city: per-village figures computed from each
// village's own records (proposals, meetings, votes, notices, filings,
// complaints, service requests, the warning list), risk alerts that name
// their evidence, and hall topics grouped across villages by category and by
// similar wording. It writes nothing but its own figures (one document in
// each village's database, so a restart does not start cold), and it never
// returns residents' personal data: no names, phones, resident numbers or
// birth dates, only counts, titles, dates and record IDs.
package dashboard

import (
	"time"

	"yishi/modules/minutes"
)

// Thresholds of the alerts. They are guidance for the street, not law: a
// village is never refused anything because of them.
const (
	// TurnoutFactor: a closed vote whose turnout is below this share of the
	// median turnout of the village's earlier closed votes is flagged.
	TurnoutFactor = 0.8
	// TurnoutHistory is how many earlier closed votes make a "usual".
	TurnoutHistory = 2
	// RepeatedComplaints is how many complaints about the same matter make
	// it "raised repeatedly".
	RepeatedComplaints = 2
	// ComplaintSimilarity is the character-bigram similarity of two
	// complaint subjects above which they are one matter.
	ComplaintSimilarity = 0.5
	// TopicSimilarity is the default bigram similarity that puts two hall
	// topics in one group.
	TopicSimilarity = 0.4
	// AlertWindow is how far back vote and complaint alerts look.
	AlertWindow = 365 * 24 * time.Hour
)

// Alert codes.
const (
	AlertNoRepresentativesMeeting = "no_representatives_meeting" // V2026 Art. 30 ¶1; U2026 Art. 28 ¶2
	AlertNoVillagersMeeting       = "no_villagers_meeting"       // V2026 Art. 25 ¶3
	AlertConveneOverdue           = "convene_overdue"            // V2026 Art. 25 ¶2, Art. 30 ¶1; U2026 Art. 26 ¶2
	AlertDisclosureOverdue        = "disclosure_overdue"         // V2026 Art. 35 ¶3
	AlertFilingReviewOverdue      = "filing_review_overdue"      // V2026 Art. 31 ¶3, review.ReviewDays
	AlertComplaintRepeated        = "complaint_repeated"         // V2026 Art. 36
	AlertTurnoutLow               = "turnout_low"
	AlertWarningListExpired       = "warning_list_expired" // moralboard.MaxWarningMonths
	AlertAuditDemanded            = "audit_demanded"       // V2026 Art. 40 ¶2; U2026 Art. 38 ¶2
	AlertEvaluationOverdue        = "evaluation_overdue"   // V2026 Art. 38 ¶1; U2026 Art. 37 ¶1
)

// OrgRef names an org without anything personal.
type OrgRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
	Path  string `json:"path"`
}

// Evidence is a record an alert rests on, with the API path that reads it
// and the page that shows it (evidence.go).
type Evidence struct {
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
	Path string `json:"path"`
	Link Link   `json:"link"`
}

// Alert is one risk the village or the street should look at.
type Alert struct {
	Code      string     `json:"code"`
	Village   OrgRef     `json:"village"`
	Message   string     `json:"message"`
	MessageEn string     `json:"message_en"`
	Basis     string     `json:"basis"`
	Evidence  []Evidence `json:"evidence"`
}

// Turnout is one closed vote's participation.
type Turnout struct {
	VoteID      string    `json:"vote_id"`
	Title       string    `json:"title"`
	MeetingKind string    `json:"meeting_kind"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	Voters      int       `json:"voters"`
	Eligible    int       `json:"eligible"`
	Turnout     float64   `json:"turnout"`
}

// NoticeRunning is a notice whose notice period has not ended.
type NoticeRunning struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Title       string    `json:"title"`
	PublishedAt time.Time `json:"published_at,omitzero"`
	Deadline    time.Time `json:"deadline,omitzero"`
	DaysLeft    int       `json:"days_left"`
	Objections  int       `json:"objections"`
}

// FilingPending is a filing waiting for the street's review.
type FilingPending struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Title     string    `json:"title"`
	FiledAt   time.Time `json:"filed_at,omitzero"`
	ReviewDue time.Time `json:"review_due,omitzero"`
	AgeDays   int       `json:"age_days"`
	Overdue   bool      `json:"overdue"`
}

// ComplaintOpen is a complaint the street has not yet returned, without who
// lodged it or its text.
type ComplaintOpen struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Subject  string    `json:"subject"`
	NoticeID string    `json:"notice_id,omitempty"`
	At       time.Time `json:"at,omitzero"`
	AgeDays  int       `json:"age_days"`
}

// Meetings are the village's meetings against the quarterly rule (V2026 Art. 30 ¶1).
type Meetings struct {
	Quarter                        string `json:"quarter"`
	HeldThisQuarter                int    `json:"held_this_quarter"`
	RepresentativesHeldThisQuarter int    `json:"representatives_held_this_quarter"`
	// QuartersWithout are the recent full quarters with no representatives'
	// meeting, as the minutes module's V2026 Art. 30 ¶1 alert names them.
	QuartersWithout []string `json:"quarters_without_representatives_meeting"`
}

// RequestOpen is a service or certificate request still waiting for an
// answer, without who filed it or its text.
type RequestOpen struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Service     string    `json:"service,omitempty"`
	Certificate string    `json:"certificate,omitempty"`
	Status      string    `json:"status"`
	FiledAt     time.Time `json:"filed_at,omitzero"`
	AgeDays     int       `json:"age_days"`
}

// ServiceRequests are the village's service and certificate requests by
// status, and those still waiting for an answer (filed, or forwarded to the
// street), oldest first.
type ServiceRequests struct {
	ByStatus       map[string]int `json:"by_status"`
	Waiting        int            `json:"waiting"`
	OldestWaitDays int            `json:"oldest_waiting_days"`
	// Oldest are the oldest waiting requests, at most MaxRequestsListed.
	Oldest []RequestOpen `json:"oldest_waiting"`
}

// MaxRequestsListed is how many waiting requests a drill-down lists.
const MaxRequestsListed = 20

// Village is one village's drill-down: every figure and the items behind it.
// ComputedAt is when the figures were computed: they are kept and
// refreshed in the background, so it may be a little before the request.
type Village struct {
	Village            OrgRef            `json:"village"`
	ComputedAt         time.Time         `json:"computed_at,omitzero"`
	Proposals          map[string]int    `json:"proposals_by_status"`
	Topics             map[string]int    `json:"topics_by_status"`
	Meetings           Meetings          `json:"meetings"`
	Votes              []Turnout         `json:"votes"`
	NoticesRunning     []NoticeRunning   `json:"notices_running"`
	FilingsPending     []FilingPending   `json:"filings_pending"`
	OverdueDisclosures []minutes.DueItem `json:"overdue_disclosures"`
	ComplaintsOpen     []ComplaintOpen   `json:"complaints_open"`
	ServiceRequests    ServiceRequests   `json:"service_requests"`
	Alerts             []Alert           `json:"alerts"`
}

// Row is one village's line of a dashboard: counts only, as of ComputedAt.
type Row struct {
	Village    OrgRef    `json:"village"`
	ComputedAt time.Time `json:"computed_at,omitzero"`
	Figures
}

// Figures are the counts of a row, and of the totals.
type Figures struct {
	Proposals               map[string]int `json:"proposals_by_status"`
	ProposalsTotal          int            `json:"proposals_total"`
	TopicsTotal             int            `json:"topics_total"`
	MeetingsThisQuarter     int            `json:"meetings_this_quarter"`
	RepresentativesMeetings int            `json:"representatives_meetings_this_quarter"`
	QuartersWithoutMeeting  int            `json:"quarters_without_representatives_meeting"`
	VotesClosed             int            `json:"votes_closed"`
	Voters                  int            `json:"voters"`
	Eligible                int            `json:"eligible"`
	LastTurnout             *float64       `json:"last_turnout,omitempty"`
	Turnout                 *float64       `json:"turnout,omitempty"`
	NoticesRunning          int            `json:"notices_running"`
	FilingsPending          int            `json:"filings_pending"`
	FilingsOverdue          int            `json:"filings_overdue"`
	OldestFilingDays        int            `json:"oldest_filing_days"`
	OverdueDisclosures      int            `json:"overdue_disclosures"`
	ComplaintsOpen          int            `json:"complaints_open"`
	Requests                map[string]int `json:"service_requests_by_status"`
	RequestsWaiting         int            `json:"service_requests_waiting"`
	OldestRequestDays       int            `json:"oldest_waiting_request_days"`
	Alerts                  int            `json:"alerts"`
}

// Dashboard is an org's view of the villages under it. ComputedAt is the
// oldest of the villages' figures.
type Dashboard struct {
	Org        OrgRef    `json:"org"`
	ComputedAt time.Time `json:"computed_at,omitzero"`
	Villages   []Row     `json:"villages"`
	Totals     Figures   `json:"totals"`
}

// topic is a hall topic as decision support needs it: no proposer.
type topic struct {
	ID        string    `bson:"_id"`
	Kind      string    `bson:"kind"`
	Status    string    `bson:"status"`
	Title     string    `bson:"title"`
	Category  string    `bson:"category"`
	CreatedAt time.Time `bson:"created_at"`
}

// request is a service request as the figures need it: no resident, no text.
type request struct {
	ID          string    `bson:"_id"`
	Kind        string    `bson:"kind"`
	Service     string    `bson:"service"`
	Certificate string    `bson:"certificate"`
	Status      string    `bson:"status"`
	FiledAt     time.Time `bson:"filed_at"`
}

// TopicRef is one hall topic in a group.
type TopicRef struct {
	ID        string    `json:"id"`
	Village   OrgRef    `json:"village"`
	Title     string    `json:"title"`
	Category  string    `json:"category"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// TopicGroup is topics of similar wording, possibly from several villages.
type TopicGroup struct {
	Label    string     `json:"label"`
	Villages int        `json:"villages"`
	Topics   []TopicRef `json:"topics"`
}

// CategoryCount is how many topics of a category, and in how many villages.
type CategoryCount struct {
	Category string `json:"category"`
	Topics   int    `json:"topics"`
	Villages int    `json:"villages"`
}

// Topics is decision support: what residents raise across the villages.
type Topics struct {
	Org        OrgRef          `json:"org"`
	Threshold  float64         `json:"threshold"`
	Categories []CategoryCount `json:"categories"`
	Groups     []TopicGroup    `json:"groups"`
	ComputedAt time.Time       `json:"computed_at,omitzero"`
}
