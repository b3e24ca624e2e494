// Package home answers "what is happening now" for the logged-in person in
// one small read: first what waits for them (a vote they can cast, a
// meeting they are invited to, minutes they must confirm, a case about
// them, answers to what they asked), then what is open in their village.
// It owns no data: each line comes from a Source the app wires to the
// module that keeps the record, and each Source is held to the policy line
// of the record it reads.
package home

import (
	"context"
	"time"

	"yishi/modules/notify"
)

// Groups of lines.
const (
	Waiting = "waiting" // waits for me
	Village = "village" // open in my village
)

// Line is one line of home. The page words it by Kind; Title is the
// record's own title, Detail one line particular to it.
type Line struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	DetailZh string `json:"detail_zh,omitempty"`
	DetailEn string `json:"detail_en,omitempty"`
	// At is when it happens or happened (a meeting's start, an outcome's
	// close); Due when it must be done by (a vote's close, a notice
	// period's end).
	At  time.Time `json:"at,omitzero"`
	Due time.Time `json:"due,omitzero"`
	// Count is the line's number: signatures still needed, objections to
	// answer, filings to review.
	Count int `json:"count,omitempty"`
	// Today marks a meeting held today: the page shows its sign-in button.
	Today   bool        `json:"today,omitempty"`
	OrgID   string      `json:"org_id"`
	OrgName string      `json:"org_name"`
	Link    notify.Link `json:"link"`
}

// Place is an org whose lines the person sees: the village they live in,
// or an org they hold a role in.
type Place struct {
	OrgID, Path, Name, Level string
}

// Viewer is the logged-in person.
type Viewer struct {
	AccountID  string
	Name       string
	VillageID  string // the village they live in, if any
	ResidentNo string
	Places     []Place
	Now        time.Time
}

// Source makes one kind of line for one place.
type Source struct {
	Group string
	// Level is the org level of the places it reads (village, street).
	Level string
	// Obj and Act are the policy line the viewer must hold at the place.
	Obj, Act string
	// Lines reads the place's lines; at most a few, most pressing first.
	Lines func(ctx context.Context, v Viewer, p Place) ([]Line, error)
}

// Home is the answer of GET /home.
type Home struct {
	Waiting []Line `json:"waiting"`
	Village []Line `json:"village"`
	Unread  int64  `json:"unread"`
	// VillageID and VillageName are the village the person lives in ("" for
	// officials), for the page's heading.
	VillageID   string `json:"village_id,omitempty"`
	VillageName string `json:"village_name,omitempty"`
}
