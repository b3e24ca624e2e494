package web

import "time"

// Assisted marks a record a helper made for a resident who cannot use a
// phone (代办, modules/assist): the resident was present, the helper did it
// and a second person confirmed it, both named. The module that owns the
// record (a co-signature, a sign-in, a request) keeps the mark with it, so
// the record itself says it was assisted. Account IDs stay in the store;
// the page shows the names.
type Assisted struct {
	ID            string    `bson:"id" json:"id"` // the assisted action's ID in modules/assist
	Helper        string    `bson:"helper" json:"-"`
	HelperName    string    `bson:"helper_name" json:"helper_name"`
	Confirmer     string    `bson:"confirmer" json:"-"`
	ConfirmerName string    `bson:"confirmer_name" json:"confirmer_name"`
	At            time.Time `bson:"at" json:"at,omitzero"`
}
