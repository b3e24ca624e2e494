package moralboard

import (
	"context"

	"go.mongodb.org/mongo-driver/bson"
	"yishi/modules/web"
)

// CasesAbout are the cases about a resident or their household that are
// not yet final, for their home. Reading them here does not tell the
// subject (opening the case does, MyCases); the nominator is left out.
func (s *Service) CasesAbout(ctx context.Context, villageID, residentNo string) ([]Case, error) {
	who := web.Actor{VillageID: villageID, ResidentNo: residentNo}
	household, err := s.householdOf(ctx, villageID, who)
	if err != nil {
		return nil, err
	}
	all, err := s.list(ctx, villageID, bson.M{"status": bson.M{"$ne": StatusFinal}, "$or": bson.A{
		bson.M{"subject_kind": SubjectResident, "subject_no": residentNo},
		bson.M{"subject_kind": SubjectHousehold, "subject_no": household},
	}})
	if err != nil {
		return nil, err
	}
	out := make([]Case, len(all))
	for i, c := range all {
		out[i] = subjectView(c)
	}
	return out, nil
}
