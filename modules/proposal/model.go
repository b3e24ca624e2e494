// Package proposal is what the council, the moral review board and the
// deliberation hall share: proposals (hall topics are proposals of the hall),
// the flows they move through (flows are data), co-signatures and their
// statutory thresholds, deliberation (comments, amendments, follows and
// notifications), the V2026 Art. 28 routing of decisions and search.
//
// Everything of a proposal lives in its village's database. Every write is a
// single-document update or an insert guarded by a unique key, because the
// store has no transactions.
package proposal

import (
	"context"
	"time"

	"yishi/modules/web"
)

// Kinds of proposal: a proposal of a council or board, or a hall topic.
const (
	KindProposal = "proposal"
	KindTopic    = "topic"
)

// Statuses of a proposal.
const (
	StatusDraft      = "draft"       // only the proposer sees it
	StatusSubmitted  = "submitted"   // in its flow, first step not yet done
	StatusInProgress = "in_progress" // in its flow
	StatusCompleted  = "completed"   // every step done
	StatusNotAdopted = "not_adopted" // a vote or review did not pass
	StatusOpen       = "open"        // a hall topic gathering support
	StatusEscalated  = "escalated"   // a hall topic put to the council
)

// Meeting kinds, as the vote module names them.
const (
	MeetingVillagers       = "villagers_meeting"
	MeetingRepresentatives = "representatives_meeting"
	MeetingGroup           = "group_meeting"
	MeetingResidents       = "residents_meeting"
	MeetingCouncil         = "council"
	MeetingBoard           = "board"
)

// RepresentativesBody is the ID of the body whose members are the village's
// representatives (村民代表). There is no representatives' module yet; a
// village that sets up a body with this ID gets the representatives' routes
// of V2026 Art. 25 ¶2 and V2026 Art. 30 ¶1.
const RepresentativesBody = "representatives"

// VoteOutcome is what the vote module says about a vote.
type VoteOutcome struct {
	SubjectID   string
	MeetingKind string
	Closed      bool
	Passed      bool
}

// VoteOutcomes looks votes up in the vote module. The decision step of a
// flow is passed only by naming a vote that is closed, passed, about the
// proposal and held by a meeting the law allows for its category.
type VoteOutcomes interface {
	Outcome(ctx context.Context, villageID, voteID string) (VoteOutcome, error)
}

// SubjectInfo is what the vote module needs to know about a proposal before
// opening a vote on it.
type SubjectInfo struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Category string `json:"category"`
	// Art24 marks a matter only a villagers' meeting, or a representatives'
	// meeting it authorised, may decide.
	Art24  bool   `json:"art24"`
	Status string `json:"status"`
	// AuthorisedForRepresentatives says the villagers' meeting authorised
	// the representatives' meeting to decide this category.
	AuthorisedForRepresentatives bool `json:"authorised_for_representatives"`
	// RevocationAuthorised says the villagers' meeting authorised the
	// representatives' meeting to revoke the committee's decisions (V2026 Art. 27 ¶2).
	RevocationAuthorised bool `json:"revocation_authorised"`
	// Revokes is the decision the proposal revokes or changes, if any.
	Revokes *Revokes `json:"revokes,omitempty"`
	// CEOItem and CollectiveOrganisation route a collective matter
	// (collective.go).
	CEOItem                int  `json:"ceo_item,omitempty"`
	CollectiveOrganisation bool `json:"collective_organisation,omitempty"`
}

// Step is one step of a flow.
type Step struct {
	Key    string `bson:"key" json:"key" validate:"required,max=40"`
	NameZh string `bson:"name_zh" json:"name_zh" validate:"required,max=40"`
	NameEn string `bson:"name_en" json:"name_en" validate:"required,max=80"`
	// Performer is the role, body kind or meeting that performs the step,
	// e.g. party_branch, council, villagers_meeting, secretary.
	Performer string `bson:"performer" json:"performer" validate:"required,max=40"`
	Kind      string `bson:"kind" json:"kind" validate:"required,oneof=propose deliberate review vote publish result support escalate"`
	// Meetings are the meeting kinds whose vote may pass a vote step.
	Meetings []string `bson:"meetings,omitempty" json:"meetings,omitempty" validate:"omitempty,max=6,dive,oneof=villagers_meeting representatives_meeting group_meeting residents_meeting council board member_assembly member_representatives_assembly"`
}

// Flow is an ordered list of steps. Version 1 of each key is shipped; a
// village's adjusted versions count up from 2.
type Flow struct {
	Key       string    `bson:"key" json:"key"`
	Version   int       `bson:"version" json:"version"`
	NameZh    string    `bson:"name_zh" json:"name_zh"`
	NameEn    string    `bson:"name_en" json:"name_en"`
	Statutory bool      `bson:"statutory" json:"statutory"`
	Steps     []Step    `bson:"steps" json:"steps"`
	SavedBy   string    `bson:"saved_by,omitempty" json:"saved_by,omitempty"`
	SavedAt   time.Time `bson:"saved_at,omitempty" json:"saved_at,omitzero"`
}

// Current is the step a proposal waits on, kept on the proposal so lists
// need not read the flow.
type Current struct {
	Index  int    `bson:"index" json:"index"`
	Key    string `bson:"key" json:"key"`
	NameZh string `bson:"name_zh" json:"name_zh"`
	NameEn string `bson:"name_en" json:"name_en"`
	Kind   string `bson:"kind" json:"kind"`
}

// HistoryEntry is one thing that happened to a proposal.
type HistoryEntry struct {
	Step      string        `bson:"step,omitempty" json:"step,omitempty"`
	Action    string        `bson:"action" json:"action"`
	Actor     string        `bson:"actor" json:"actor"`
	ActorName string        `bson:"actor_name,omitempty" json:"actor_name,omitempty"`
	Role      string        `bson:"role,omitempty" json:"role,omitempty"`
	At        time.Time     `bson:"at" json:"at,omitzero"`
	Note      string        `bson:"note,omitempty" json:"note,omitempty"`
	VoteID    string        `bson:"vote_id,omitempty" json:"vote_id,omitempty"`
	Meeting   string        `bson:"meeting,omitempty" json:"meeting,omitempty"`
	Review    *ReviewCounts `bson:"review,omitempty" json:"review,omitempty"`
	Opinion   string        `bson:"opinion,omitempty" json:"opinion,omitempty"`
	// Topic marks entries copied from the hall topic a proposal came from.
	Topic string `bson:"topic,omitempty" json:"topic,omitempty"`
}

// ReviewCounts are the counts of a Party members' meeting review.
type ReviewCounts struct {
	Members int `bson:"members" json:"members" validate:"min=1,max=100000"`
	Present int `bson:"present" json:"present" validate:"min=0,max=100000"`
	Approve int `bson:"approve" json:"approve" validate:"min=0,max=100000"`
}

// Counts are a proposal's signatures (co-signatures, or supports of a hall
// topic), and the ones that count for each threshold route.
type Counts struct {
	Signatures      int `bson:"signatures" json:"signatures"`
	Adults          int `bson:"adults" json:"adults"`
	HouseholdHeads  int `bson:"household_heads" json:"household_heads"`
	Representatives int `bson:"representatives" json:"representatives"`
}

// Threshold is a co-signature threshold frozen when the proposal was
// submitted: reaching any route is enough.
type Threshold struct {
	Meeting string  `bson:"meeting" json:"meeting"`
	Routes  []Route `bson:"routes" json:"routes"`
}

// Route is one way to reach a threshold: Required of the Counts counter,
// computed from Num/Den of Base (what Of counts on the day of submission).
type Route struct {
	Counts   string `bson:"counts" json:"counts"`
	Of       string `bson:"of" json:"of"`
	Base     int    `bson:"base" json:"base"`
	Num      int    `bson:"num" json:"num"`
	Den      int    `bson:"den" json:"den"`
	Required int    `bson:"required" json:"required"`
	BasisZh  string `bson:"basis_zh" json:"basis_zh"`
	BasisEn  string `bson:"basis_en" json:"basis_en"`
}

// Obligation is the duty to convene a meeting, recorded when a demand to
// convene reaches its threshold.
type Obligation struct {
	Meeting   string    `bson:"meeting" json:"meeting"`
	ReachedAt time.Time `bson:"reached_at" json:"reached_at,omitzero"`
	Deadline  time.Time `bson:"deadline" json:"deadline,omitzero"`
	BasisZh   string    `bson:"basis_zh" json:"basis_zh"`
	BasisEn   string    `bson:"basis_en" json:"basis_en"`
}

// Link is an attachment that is a web address.
type Link struct {
	Title string `bson:"title" json:"title" validate:"required,max=100"`
	URL   string `bson:"url" json:"url" validate:"required,max=500,url"`
}

// Proposal is a proposal of a body, or a hall topic.
type Proposal struct {
	ID       string `bson:"_id" json:"id"`
	Kind     string `bson:"kind" json:"kind"`
	BodyID   string `bson:"body_id" json:"body_id"`
	BodyKind string `bson:"body_kind" json:"body_kind"`
	Title    string `bson:"title" json:"title"`
	Body     string `bson:"body,omitempty" json:"body,omitempty"`
	Category string `bson:"category" json:"category"`
	Art24    bool   `bson:"art24" json:"art24"`
	Convene  string `bson:"convene,omitempty" json:"convene,omitempty"`
	// Petition makes the proposal an audit or recall petition
	// (petitions.go); Recall names the member a recall petition names.
	Petition string  `bson:"petition,omitempty" json:"petition,omitempty"`
	Recall   *Recall `bson:"recall,omitempty" json:"recall,omitempty"`
	FlowKey  string  `bson:"flow_key" json:"flow_key"`
	Status   string  `bson:"status" json:"status"`
	Proposer string  `bson:"proposer" json:"proposer"` // account ID
	// ProposerNo is the proposer's resident number.
	ProposerNo   string `bson:"proposer_no" json:"proposer_no"`
	ProposerName string `bson:"proposer_name" json:"proposer_name"`
	// Flow is the copy of the flow the proposal started with; it keeps it
	// whatever the village changes later.
	Flow             *Flow          `bson:"flow,omitempty" json:"flow,omitempty"`
	Current          *Current       `bson:"current,omitempty" json:"current,omitempty"`
	History          []HistoryEntry `bson:"history,omitempty" json:"history,omitempty"`
	Counts           Counts         `bson:"counts" json:"counts"`
	Threshold        *Threshold     `bson:"threshold,omitempty" json:"threshold,omitempty"`
	SignaturesLocked bool           `bson:"signatures_locked" json:"signatures_locked"`
	Obligation       *Obligation    `bson:"obligation,omitempty" json:"obligation,omitempty"`
	Links            []Link         `bson:"links" json:"links"`
	// Files are the attachments kept in the store, without their contents.
	Files        []Attachment `bson:"files" json:"files"`
	FileCount    int          `bson:"file_count" json:"file_count"`
	CommentCount int          `bson:"comment_count" json:"comment_count"`
	FromTopic    string       `bson:"from_topic,omitempty" json:"from_topic,omitempty"`
	EscalatedTo  string       `bson:"escalated_to,omitempty" json:"escalated_to,omitempty"`
	// Revokes is the decision this proposal revokes or changes (revoke.go).
	Revokes *Revokes `bson:"revokes,omitempty" json:"revokes,omitempty"`
	// RevokedBy, on a list, is the adopted proposal that revoked or changed
	// this decision (revoke.go); read, never stored.
	RevokedBy   *Revoked  `bson:"-" json:"revoked_by,omitempty"`
	CreatedAt   time.Time `bson:"created_at" json:"created_at,omitzero"`
	SubmittedAt time.Time `bson:"submitted_at,omitempty" json:"submitted_at,omitzero"`
	ActivityAt  time.Time `bson:"activity_at" json:"activity_at,omitzero"`
	// Rev counts the updates of the document (see villageCache).
	Rev int64 `bson:"rev" json:"-"`
}

// Open says whether the proposal is in its flow (or, for a topic, gathering
// support): deliberation and signatures are open.
func (p Proposal) Open() bool {
	switch p.Status {
	case StatusSubmitted, StatusInProgress, StatusOpen:
		return true
	}
	return false
}

// Signature is one co-signature (or support of a hall topic). Its _id is
// proposal/resident, and a unique index on the pair backs it up, so one
// resident signs a proposal once however many requests race.
type Signature struct {
	ID             string    `bson:"_id" json:"-"`
	ProposalID     string    `bson:"proposal_id" json:"proposal_id"`
	ResidentNo     string    `bson:"resident_no" json:"-"`
	Account        string    `bson:"account" json:"-"`
	Name           string    `bson:"name" json:"name"`
	Adult          bool      `bson:"adult" json:"adult"`
	HouseholdHead  bool      `bson:"household_head" json:"household_head"`
	Representative bool      `bson:"representative" json:"representative"`
	Proposer       bool      `bson:"proposer" json:"proposer"`
	At             time.Time `bson:"at" json:"at,omitzero"`
	// Assisted says a helper signed for the resident, who was present, and
	// a second person confirmed it (modules/assist).
	Assisted *web.Assisted `bson:"assisted,omitempty" json:"assisted,omitempty"`
}

// Comment is a comment, or a reply to a top-level comment.
type Comment struct {
	ID         string    `bson:"_id" json:"id"`
	ProposalID string    `bson:"proposal_id" json:"proposal_id"`
	ParentID   string    `bson:"parent_id,omitempty" json:"parent_id,omitempty"`
	Author     string    `bson:"author" json:"author"`
	AuthorName string    `bson:"author_name" json:"author_name"`
	Body       string    `bson:"body" json:"body"`
	At         time.Time `bson:"at" json:"at,omitzero"`
	Replies    []Comment `bson:"-" json:"replies,omitempty"`
}

// Amendment statuses.
const (
	AmendmentPending  = "pending"
	AmendmentAccepted = "accepted"
	AmendmentRejected = "rejected"
)

// Amendment is a change proposed to a proposal, accepted or rejected by
// its proposer.
type Amendment struct {
	ID         string    `bson:"_id" json:"id"`
	ProposalID string    `bson:"proposal_id" json:"proposal_id"`
	Author     string    `bson:"author" json:"author"`
	AuthorName string    `bson:"author_name" json:"author_name"`
	Text       string    `bson:"text" json:"text"`
	Status     string    `bson:"status" json:"status"`
	At         time.Time `bson:"at" json:"at,omitzero"`
	DecidedBy  string    `bson:"decided_by,omitempty" json:"decided_by,omitempty"`
	DecidedAt  time.Time `bson:"decided_at,omitempty" json:"decided_at,omitzero"`
	Note       string    `bson:"note,omitempty" json:"note,omitempty"`
}

// Attachment is a small file kept in the store. Data never leaves in JSON.
type Attachment struct {
	ID          string    `bson:"_id" json:"id"`
	ProposalID  string    `bson:"proposal_id" json:"proposal_id"`
	Name        string    `bson:"name" json:"name"`
	ContentType string    `bson:"content_type" json:"content_type"`
	Size        int       `bson:"size" json:"size"`
	Data        []byte    `bson:"data,omitempty" json:"-"`
	By          string    `bson:"by" json:"by"`
	At          time.Time `bson:"at" json:"at,omitzero"`
}

// Authorisation records which V2026 Art. 28 categories the villagers' meeting
// authorised the representatives' meeting to decide, whether it authorised it
// to revoke or change the committee's improper decisions (V2026 Art. 27 ¶2),
// and by which resolution.
type Authorisation struct {
	Categories []string `bson:"categories" json:"categories"`
	// Revocations: the representatives' meeting may revoke or change the
	// committee's decisions (V2026 Art. 27 ¶2).
	Revocations bool `bson:"revocations" json:"revocations"`
	// ResolutionID is the villagers' meeting decision picked from its
	// adopted ones, when the authorisation was recorded from it.
	ResolutionID  string    `bson:"resolution_id,omitempty" json:"resolution_id,omitempty"`
	ResolvedOn    string    `bson:"resolved_on" json:"resolved_on"`
	ResolutionRef string    `bson:"resolution_ref" json:"resolution_ref"`
	RecordedBy    string    `bson:"recorded_by" json:"recorded_by"`
	RecordedAt    time.Time `bson:"recorded_at" json:"recorded_at,omitzero"`
}

// Settings are a village's choices for this module.
type Settings struct {
	// ConveneDeadlineDays is how long after a demand reaches its threshold
	// the meeting must be convened.
	ConveneDeadlineDays int `bson:"convene_deadline_days" json:"convene_deadline_days"`
	// HallSupportThreshold, when set, lowers the hall's support threshold.
	HallSupportThreshold int            `bson:"hall_support_threshold" json:"hall_support_threshold"`
	Authorisation        *Authorisation `bson:"authorisation,omitempty" json:"authorisation,omitempty"`
	// Authorisations are every authorisation ever recorded, newest last.
	Authorisations []Authorisation `bson:"authorisations" json:"authorisations"`
	// CollectiveOrganisation says the village has its own collective
	// economic organisation, whose assemblies alone decide collective
	// matters; false: the villagers' committee acts for it (collective.go).
	CollectiveOrganisation bool `bson:"collective_organisation" json:"collective_organisation"`
}

// RevocationAuthorised says whether the villagers' meeting authorised the
// representatives' meeting to revoke or change the committee's decisions
// (V2026 Art. 27 ¶2).
func (s Settings) RevocationAuthorised() bool {
	return s.Authorisation != nil && s.Authorisation.Revocations
}

// Authorised says whether the representatives' meeting may decide category.
func (s Settings) Authorised(category string) bool {
	if s.Authorisation == nil {
		return false
	}
	for _, c := range s.Authorisation.Categories {
		if c == category {
			return true
		}
	}
	return false
}
