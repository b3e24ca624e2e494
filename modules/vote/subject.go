package vote

import "context"

// Subject is what a vote decides: a proposal or a moral review case, as the
// module that owns it describes it.
type Subject struct {
	Title    string
	Category string
	// Art24 marks a matter that only a villagers' meeting (or a
	// representatives' meeting it authorised) may decide.
	Art24                        bool
	AuthorisedForRepresentatives bool
	// Allows, when set, is the subject's own rule on which meeting may
	// decide it (a revocation: V2026 Art. 27), checked before the vote opens
	// so nobody votes where the decision could not stand.
	Allows func(meeting MeetingKind, community bool) error
	// CEOItem is the item of CEO Art. 26 ¶1 a collective matter falls
	// under (0: not a collective matter), and CollectiveOrganisation says
	// the village has its own collective economic organisation, whose
	// assemblies then alone decide it (ceo_rules.go).
	CEOItem                int
	CollectiveOrganisation bool
}

// Subjects looks subjects up in the module that owns them.
type Subjects interface {
	Subject(ctx context.Context, villageID, id string) (Subject, error)
}
