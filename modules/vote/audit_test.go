package vote

import (
	"testing"

	"yishi/modules/audit"
	"yishi/modules/web"
)

// A vote opened and closed through the service alone (as the moral board's
// hearing and the bench do) is in the village's audit chain, under who did
// it, with the same lines the HTTP routes produce.
func TestServiceOpensAndClosesAudited(t *testing.T) {
	f := newFixture(t, 8, "")
	v := f.open(t, OpenRequest{SubjectKind: "proposal", SubjectID: "p-minor", MeetingKind: VillagersMeeting})
	f.cast(t, v.ID, 0, "yes")
	closer := web.Actor{AccountID: "acc-chair", Role: "secretary", Path: f.village.Path}
	if _, err := f.svc.Close(f.ctx, f.village.ID, v.ID, closer); err != nil {
		t.Fatal(err)
	}
	db := f.svc.store.Village(f.village.ID)
	entries, err := audit.List(f.ctx, db, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]audit.Entry{}
	for _, e := range entries {
		if e.Object == v.ID {
			got[e.Action] = e
		}
	}
	if e, ok := got["vote.open"]; !ok || e.Actor != "secretary" {
		t.Errorf("vote.open line %+v, want one by secretary", e)
	}
	if e, ok := got["vote.close"]; !ok || e.Actor != closer.AccountID || e.Role != closer.Role || e.Org != closer.Path {
		t.Errorf("vote.close line %+v, want one by %+v", e, closer)
	}
	if rep, err := audit.Verify(f.ctx, db); err != nil || !rep.OK {
		t.Errorf("the chain does not verify: %+v %v", rep, err)
	}
}
