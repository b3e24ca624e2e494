// Package org keeps the org tree (city → district → street → village), the
// bodies of each village and the resident register, with its CSV import.
package org

import "time"

// Levels of the org tree.
const (
	LevelCity     = "city"
	LevelDistrict = "district"
	LevelStreet   = "street"
	LevelVillage  = "village"
)

// Kinds of a village-level org: urban community or rural village.
const (
	KindCommunity = "community"
	KindVillage   = "village"
)

// parentLevel says what level an org's parent must have.
var parentLevel = map[string]string{
	LevelDistrict: LevelCity,
	LevelStreet:   LevelDistrict,
	LevelVillage:  LevelStreet,
}

// Org is a node of the tree. Path is its ancestry of codes, e.g. /gz/hd/hs/dt.
type Org struct {
	ID        string    `bson:"_id" json:"id"`
	Code      string    `bson:"code" json:"code"`
	Name      string    `bson:"name" json:"name"`
	Level     string    `bson:"level" json:"level"`
	Kind      string    `bson:"kind,omitempty" json:"kind,omitempty"`
	Path      string    `bson:"path" json:"path"`
	ParentID  string    `bson:"parent_id,omitempty" json:"parent_id,omitempty"`
	CreatedAt time.Time `bson:"created_at" json:"created_at,omitzero"`
}

// Body kinds.
const (
	BodyCouncil     = "council"
	BodyMoralBoard  = "moralboard"
	BodyHall        = "hall"
	BodyAssociation = "association"
)

// Member roles within a body.
const (
	MemberChair     = "chair"
	MemberSecretary = "secretary"
	MemberMember    = "member"
)

// Body is a council, board, hall or association of one village.
type Body struct {
	ID        string    `bson:"_id" json:"id"`
	Kind      string    `bson:"kind" json:"kind"`
	Name      string    `bson:"name" json:"name"`
	Members   []Member  `bson:"members" json:"members"`
	CreatedAt time.Time `bson:"created_at" json:"created_at,omitzero"`
	// ElectedBy and TermEnds: the decision that elected a supervision
	// committee, and the term (the committee's) it sits for (supervision.go).
	ElectedBy *Decision `bson:"elected_by,omitempty" json:"elected_by,omitempty"`
	TermEnds  string    `bson:"term_ends,omitempty" json:"term_ends,omitempty"`
}

// Member is a resident's seat in a body.
type Member struct {
	ResidentNo string `bson:"resident_no" json:"resident_no" validate:"required,max=32"`
	Role       string `bson:"role" json:"role" validate:"required,oneof=chair secretary member"`
}

// Resident is one person in a village's register. BirthDate decides the 18+
// rule on the day a vote opens; Gender feeds the V2026 Art. 29 ¶1 roster check.
type Resident struct {
	No            string `bson:"_id" json:"resident_no"`
	HouseholdNo   string `bson:"household_no" json:"household_no"`
	Name          string `bson:"name" json:"name"`
	Gender        string `bson:"gender" json:"gender"`
	BirthDate     string `bson:"birth_date" json:"birth_date"`
	Phone         string `bson:"phone,omitempty" json:"phone,omitempty"`
	Group         string `bson:"group,omitempty" json:"group,omitempty"`
	HouseholdHead bool   `bson:"household_head" json:"household_head"`
	// CollectiveMember says whether the resident is a member of the
	// village's collective economic organisation (CEO Art. 11-12): "" is
	// the default, a member, as a household member registered in the
	// village; "no" records someone the register holds who is not (moved in
	// without membership, say); "yes" records membership explicitly
	// (collective.go).
	CollectiveMember string    `bson:"collective_member,omitempty" json:"collective_member,omitempty"`
	Batch            string    `bson:"batch,omitempty" json:"-"`
	UpdatedAt        time.Time `bson:"updated_at" json:"updated_at,omitzero"`
}

// Household groups residents; some meetings count households, not persons.
type Household struct {
	No      string `bson:"_id" json:"household_no"`
	Head    string `bson:"head,omitempty" json:"head,omitempty"`
	Group   string `bson:"group,omitempty" json:"group,omitempty"`
	Members int    `bson:"members" json:"members"`
}

// AgeOn returns the age in whole years on the given day; birth is YYYY-MM-DD.
func AgeOn(birth string, day time.Time) (int, bool) {
	b, err := time.Parse(time.DateOnly, birth)
	if err != nil {
		return 0, false
	}
	age := day.Year() - b.Year()
	if day.Month() < b.Month() || day.Month() == b.Month() && day.Day() < b.Day() {
		age--
	}
	return age, true
}
