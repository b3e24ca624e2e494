package proposal

import (
	"testing"

	"yishi/modules/audit"
)

// A write made through the service, with no HTTP request around it (the
// demo, a job, another module), enters the village's audit chain under the
// actor that made it; a refused write enters nothing.
func TestServiceWritesItsOwnAuditLine(t *testing.T) {
	f := newFixture(t, 10, 0)
	v := f.village
	a := resident(v, 3)
	a.Path = v.Path
	p, err := f.svc.Create(f.ctx, v, a, ProposalInput{BodyID: "council", Title: "修村口的路", Category: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Edit(f.ctx, v, resident(v, 4), p.ID, ProposalInput{BodyID: "council", Title: "改了", Category: "other"}); err == nil {
		t.Fatal("another resident edited the draft")
	}
	db := f.svc.store.Village(v.ID)
	entries, err := audit.List(f.ctx, db, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var created, edited int
	for _, e := range entries {
		switch e.Action {
		case "proposal.create":
			created++
			if e.Actor != a.AccountID || e.Role != "resident" || e.Org != v.Path || e.Object != p.ID || e.Detail != p.Title {
				t.Errorf("the line is %+v, want %s as resident at %s creating %s %q", e, a.AccountID, v.Path, p.ID, p.Title)
			}
		case "proposal.edit":
			edited++
		}
	}
	if created != 1 || edited != 0 {
		t.Errorf("%d create and %d edit lines, want 1 and 0 (the refused edit writes none)", created, edited)
	}
	if rep, err := audit.Verify(f.ctx, db); err != nil || !rep.OK {
		t.Errorf("the chain does not verify: %+v %v", rep, err)
	}
}
