package main

import ()

// serviceRequestView is a service request as the API returns it.
type serviceRequestView struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Service     string `json:"service"`
	Certificate string `json:"certificate"`
	ResidentNo  string `json:"resident_no"`
	Status      string `json:"status"`
	Answer      string `json:"answer"`
	AnsweredBy  string `json:"answered_by"`
	History     []struct {
		Status string `json:"status"`
		Role   string `json:"role"`
		Note   string `json:"note"`
	} `json:"history"`
}

// serviceKit is the demo community 东田社区 with its resident (R003), its
// secretary (the desk), the street official and a resident of 西岭.
type serviceKit struct {
	*propKit
	resident, secretary, official *client
}

func (s *serviceKit) path(rest string) string { return "/api/v1/orgs/" + s.dt + rest }

func (s *serviceKit) file(service string) serviceRequestView {
	s.t.Helper()
	var r serviceRequestView
	s.resident.mustJSON("POST", s.path("/service-requests"), map[string]any{"service": service, "text": "希望街道为议事会成员安排一次议事规则培训"}, 201, &r)
	return r
}
