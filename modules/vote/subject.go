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
}

// Subjects looks subjects up in the module that owns them.
type Subjects interface {
	Subject(ctx context.Context, villageID, id string) (Subject, error)
}
