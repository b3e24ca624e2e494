// Package notify is the one notification capability every module uses: an
// event names its recipients and the page it concerns, and Send writes one
// notification per recipient in the event's own request. There is no queue
// and no goroutine, so a notification is never lost after its event is
// answered; a retried event notifies nobody twice, because a notification's
// _id is derived from the event's key and the recipient.
package notify

import (
	"context"
	"time"
)

// Kinds of event. The page words each kind in both languages; Title and
// Detail carry what is particular to one event.
const (
	// A resident may cast a vote that has opened.
	KindVoteOpened = "vote_opened"
	// A meeting the recipient is invited to was scheduled (or changed).
	KindMeetingScheduled = "meeting_scheduled"
	// A meeting the recipient is invited to has opened: sign in (the day's
	// notice, sent by the opening).
	KindMeetingToday = "meeting_today"
	// Minutes of a meeting the recipient attended wait for their confirmation.
	KindMinutesToConfirm = "minutes_to_confirm"
	// A proposal the recipient made or follows: its next step, its
	// signatures reached the threshold, it was adopted or not, it went from
	// the hall to the council.
	KindProposalStep      = "proposal_step"
	KindProposalThreshold = "proposal_threshold"
	KindProposalCompleted = "proposal_completed"
	KindProposalRejected  = "proposal_not_adopted"
	KindProposalEscalated = "proposal_escalated"
	// A comment, an amendment or an amendment's decision on what the
	// recipient follows.
	KindComment          = "comment"
	KindAmendment        = "amendment"
	KindAmendmentDecided = "amendment_decided"
	// An answer to the recipient's objection, service request or complaint.
	KindObjectionAnswered = "objection_answered"
	KindRequestAnswered   = "request_answered"
	KindComplaintAnswered = "complaint_answered"
	// A moral-board case about the recipient: its notice, its hearing, its
	// verdict.
	KindCaseNotice  = "case_notice"
	KindCaseHearing = "case_hearing"
	KindCaseVerdict = "case_verdict"
	// For secretaries: a new objection to a notice; a count (paper or show
	// of hands) waiting for a second person's confirmation.
	KindObjectionNew   = "objection_new"
	KindCountToConfirm = "count_to_confirm"
	// For street officials: a service request the village forwarded.
	KindRequestForwarded = "request_forwarded"
	// For street officials: a new filing to review; a resident's complaint.
	KindFilingNew    = "filing_new"
	KindComplaintNew = "complaint_new"
	// For secretaries: the street accepted or returned a filing; the
	// street ordered the village to publish after a complaint.
	KindFilingReviewed = "filing_reviewed"
	KindComplaintOrder = "complaint_order"
	// Assisted participation (modules/assist): an assisted action waits for
	// a second person; an action was done for the recipient by a helper.
	KindAssistToConfirm = "assist_to_confirm"
	KindAssisted        = "assisted"
)

// Link names the page a notification opens: a view of the page's route
// table and its parameters, never an address, so the route table stays the
// one place that builds addresses. Nobody types what is in it.
type Link struct {
	View   string            `bson:"view" json:"view"`
	Params map[string]string `bson:"params,omitempty" json:"params,omitempty"`
}

// Event is something that happened that some people must hear of.
type Event struct {
	// Key identifies the event within its inbox org, e.g.
	// "vote_opened:<vote id>" or "comment:<comment id>". Sending the same
	// key again (a retried request) notifies each recipient at most once.
	Key  string
	Kind string
	// Org is the org the event belongs to: its name is shown with the
	// notification.
	Org string
	// Inbox is the org whose store holds the recipients' notifications: the
	// village for villagers and its secretaries, the street for street
	// officials. Empty means Org.
	Inbox string
	// Recipients are account IDs, told in Inbox. Duplicates and empty IDs
	// are ignored.
	Recipients []string
	// Residents are resident numbers of Org (a village's register): the
	// accounts linked to them are told, in the village's inbox. A resident
	// without an account is told nothing.
	Residents []string
	// Holders are actions at Org: everyone the policy allows one of them is
	// told, in the inbox of the org their role is assigned at (a street
	// official in the street's). {"objection", "answer"} names the
	// village's secretaries, {"filing", "review"} the officials reviewing
	// its filings; who is told follows from the policy lines.
	Holders []Action
	// Except is never told: the one who did it.
	Except string
	Link   Link
	// Title is what the event is about, e.g. the proposal's or meeting's
	// title; Detail is one optional line in each language (a step's name, a
	// date). Neither may ever name how anyone voted.
	Title    string
	DetailZh string
	DetailEn string
	// At is when it happened; zero means now.
	At time.Time
}

// Action is a policy line's object and action.
type Action struct{ Obj, Act string }

// Sender is what a module needs to notify people. Send writes the
// notifications before it returns; an error means some were not written
// and sending the same event again completes them without repeating any.
type Sender interface {
	Send(ctx context.Context, e Event) error
}

// Discard is a Sender that notifies nobody, for modules wired without
// notifications (tests of one module).
type Discard struct{}

// Send implements Sender.
func (Discard) Send(context.Context, Event) error { return nil }

// chinaTime is the time the villages live by: dates in a notification are
// written as the board would write them.
var chinaTime = time.FixedZone("CST", 8*60*60)

// When writes a moment for a notification's detail, in both languages:
// "2026年3月5日 14:30", "5 Mar 2026 14:30".
func When(t time.Time) (zh, en string) {
	t = t.In(chinaTime)
	return t.Format("2006年1月2日 15:04"), t.Format("2 Jan 2006 15:04")
}

// Day writes a date for a notification's detail: "2026年3月5日", "5 Mar 2026".
func Day(t time.Time) (zh, en string) {
	t = t.In(chinaTime)
	return t.Format("2006年1月2日"), t.Format("2 Jan 2006")
}
