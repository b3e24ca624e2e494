package vote

import "context"

// nameProxies fills each entrustment's names from the village's register,
// so the page says "陈伟 委托 李芳" rather than "R013 委托 R001". A number
// the register no longer holds keeps no name; the page then shows the number.
func (s *Service) nameProxies(ctx context.Context, villageID string, ps []Proxy) {
	if s.orgs == nil {
		return
	}
	names := map[string]string{}
	name := func(no string) string {
		if n, ok := names[no]; ok {
			return n
		}
		r, err := s.orgs.Resident(ctx, villageID, no)
		if err != nil {
			r.Name = ""
		}
		names[no] = r.Name
		return r.Name
	}
	for i := range ps {
		ps[i].PrincipalName = name(ps[i].Principal)
		ps[i].HolderName = name(ps[i].Holder)
	}
}
