package servicedesk

import "slices"

// requesters says who each service on the service list is offered to. The
// list names who provides a service, not who asks for it: the street
// answers residents' requests, trains the village's cadres and councils,
// and the district answers what streets forward. A service missing here is
// offered to the village's cadres only, never shown to a resident by
// default.
var requesters = map[string][]string{
	"street_official:service_request.answer":   {"resident", "secretary"},
	"street_official:training.provide":         {"secretary", "council_member"},
	"district_official:service_request.answer": {"street_official"},
}

func requestersOf(key string) []string {
	if r, ok := requesters[key]; ok {
		return slices.Clone(r)
	}
	return []string{"secretary"}
}

// ServicesFor is the service list as shown to a role: the services
// offered to it.
func (s *Service) ServicesFor(role string) []ServiceLine {
	out := []ServiceLine{}
	for _, l := range s.Services() {
		if slices.Contains(l.Requesters, role) {
			out = append(out, l)
		}
	}
	return out
}
