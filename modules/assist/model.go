// Package assist is assisted participation (代办): a resident who cannot use
// a phone is helped by a secretary or a council member (the village's grid
// worker sits on the council, see README), with the resident present. The
// helper records the action as pending (the resident picked from the
// register, the action and its target from lists); a second person, never
// the helper, confirms it; only the confirmation performs it, through the
// module that owns the record (a sign-in at a meeting, a co-signature, a
// certificate request), which keeps the assisted mark with the record. A
// vote is never assisted here: an absent or helped voter may only entrust a
// proxy in writing (the vote module), never let a helper see a secret choice.
package assist

import (
	"context"
	"time"

	"yishi/modules/org"
	"yishi/modules/web"
)

// Kinds of assisted action: the actions a villager may delegate.
const (
	KindSignIn      = "sign_in"     // sign in at an open meeting
	KindCosign      = "cosign"      // co-sign a proposal
	KindCertificate = "certificate" // request a certificate on the whitelist
)

// Kinds are the kinds in the order the page offers them.
var Kinds = []string{KindSignIn, KindCosign, KindCertificate}

// Statuses of an assisted action: pending → done, or pending → cancelled.
const (
	StatusPending   = "pending"
	StatusDone      = "done"
	StatusCancelled = "cancelled"
)

// Collections in each village's database.
const (
	collActions = "assisted_actions"
	// collClaims holds one document per confirmation under way or done:
	// its _id is the action's, so of any number of racing confirmations one
	// inserts it and acts; the others find it and act not at all.
	collClaims = "assisted_claims"
)

// Action is one assisted action, as the helper, the second person and the
// resident see it. Account IDs stay in the store; the page shows names.
type Action struct {
	ID            string    `bson:"_id" json:"id"`
	Kind          string    `bson:"kind" json:"kind"`
	ResidentNo    string    `bson:"resident_no" json:"resident_no"`
	ResidentName  string    `bson:"resident_name" json:"resident_name"`
	Target        string    `bson:"target" json:"target"`
	TargetTitle   string    `bson:"target_title" json:"target_title"`
	TargetTitleEn string    `bson:"target_title_en,omitempty" json:"target_title_en,omitempty"`
	Purpose       string    `bson:"purpose,omitempty" json:"purpose,omitempty"`
	Status        string    `bson:"status" json:"status"`
	Helper        string    `bson:"helper" json:"-"`
	HelperName    string    `bson:"helper_name" json:"helper_name"`
	Confirmer     string    `bson:"confirmer,omitempty" json:"-"`
	ConfirmerName string    `bson:"confirmer_name,omitempty" json:"confirmer_name,omitempty"`
	Record        string    `bson:"record,omitempty" json:"record,omitempty"` // the ID of the record the action made
	CreatedAt     time.Time `bson:"created_at" json:"created_at,omitzero"`
	ConfirmedAt   time.Time `bson:"confirmed_at,omitempty" json:"confirmed_at,omitzero"`
	CancelledAt   time.Time `bson:"cancelled_at,omitempty" json:"cancelled_at,omitzero"`
	// Mine is true for the caller's own record: they cannot confirm it.
	Mine bool `bson:"-" json:"mine"`
}

// NewAction is what the helper records.
type NewAction struct {
	Kind       string `json:"kind" validate:"required,oneof=sign_in cosign certificate"`
	ResidentNo string `json:"resident_no" validate:"required,max=32"`
	Target     string `json:"target" validate:"required,max=64"`
	Purpose    string `json:"purpose" validate:"max=500"`
	// Present is the helper's statement that the resident is with them.
	Present bool `json:"resident_present"`
}

// Choice is one target the page lists for a kind: an open meeting, a
// proposal gathering signatures, a certificate on the whitelist.
type Choice struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	TitleEn string    `json:"title_en,omitempty"`
	At      time.Time `json:"at,omitzero"`
}

// Resident is the person helped, as a performer needs them: the register's
// number and name and the account linked to them ("" without one).
type Resident struct {
	No, Name, Account string
}

// Performer does one kind of action through the module that owns it.
type Performer interface {
	// Choices are the targets the action may be done to now.
	Choices(ctx context.Context, v org.Org) ([]Choice, error)
	// Perform does it for the resident, with the mark kept on the record,
	// and returns the record's ID. The owning module's rules hold.
	Perform(ctx context.Context, v org.Org, r Resident, target, purpose string, mark web.Assisted) (string, error)
}
