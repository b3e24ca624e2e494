// Package account handles who a user is: accounts with argon2id passwords,
// server-side sessions behind an HttpOnly cookie, CSRF protection, login
// throttling, and the guard that checks every route against the policy.
package account

import (
	"time"

	"yishi/policies"
)

// Account is a person who can log in. Roles are role assignments over org
// paths; they are the g lines of the policy.
type Account struct {
	ID           string                `bson:"_id" json:"id"`
	Phone        string                `bson:"phone" json:"phone"`
	Name         string                `bson:"name" json:"name"`
	PasswordHash string                `bson:"password_hash" json:"-"`
	Roles        []policies.Assignment `bson:"roles" json:"roles"`
	VillageID    string                `bson:"village_id,omitempty" json:"village_id,omitempty"`
	ResidentNo   string                `bson:"resident_no,omitempty" json:"resident_no,omitempty"`
	CreatedAt    time.Time             `bson:"created_at" json:"created_at,omitzero"`
	// Preferences are the account's page settings (preferences.go).
	Preferences *Preferences `bson:"preferences,omitempty" json:"-"`
}

// Session is a login. Its _id is the SHA-256 of the cookie token, so a copy
// of the store does not hand out live sessions.
type Session struct {
	ID        string `bson:"_id"`
	AccountID string `bson:"account_id"`
	// The account's village and resident number when it logged in: casting a
	// ballot needs them and no other read.
	VillageID  string `bson:"village_id,omitempty"`
	ResidentNo string `bson:"resident_no,omitempty"`
	// Name and phone as at login, so a request never reads the accounts
	// collection; a renamed account shows its new name from the next login.
	Name      string    `bson:"name,omitempty"`
	Phone     string    `bson:"phone,omitempty"`
	CSRF      string    `bson:"csrf"`
	CreatedAt time.Time `bson:"created_at"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// RoleView is a role assignment as shown to the user.
type RoleView struct {
	Role      string `json:"role"`
	RoleZh    string `json:"role_zh"`
	RoleEn    string `json:"role_en"`
	Scope     string `json:"scope"`
	ScopeName string `json:"scope_name"`
}

// Power is something the user may do, for the home page.
type Power struct {
	Role  string `json:"role"`
	Obj   string `json:"obj"`
	Act   string `json:"act"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Basis string `json:"basis"`
}

// Me is the answer to "who am I".
type Me struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	CSRFToken string `json:"csrf_token"`
	VillageID string `json:"village_id,omitempty"`
	// ResidentNo links the account to the village register: the voter.
	ResidentNo string     `json:"resident_no,omitempty"`
	Roles      []RoleView `json:"roles"`
	Powers     []Power    `json:"powers"`
}
