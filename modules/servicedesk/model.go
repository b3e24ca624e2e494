package servicedesk

import (
	"time"

	"yishi/modules/web"
)

// Request kinds.
const (
	KindService     = "service"
	KindCertificate = "certificate"
)

// Request statuses: filed → answered | forwarded → answered; closed.
const (
	StatusFiled     = "filed"     // waiting for the village desk
	StatusForwarded = "forwarded" // the desk forwarded it to the street
	StatusAnswered  = "answered"  // answered by the desk or the street
	StatusClosed    = "closed"    // the resident closed it
)

// Request is a resident's service or certificate request, tracked to its end.
type Request struct {
	ID          string `json:"id" bson:"_id"`
	VillageID   string `json:"village_id" bson:"village_id"`
	Kind        string `json:"kind" bson:"kind"`
	Service     string `json:"service,omitempty" bson:"service,omitempty"`
	Certificate string `json:"certificate,omitempty" bson:"certificate,omitempty"`
	// CertificateZh and En are the certificate's name when it was asked for.
	CertificateZh string    `json:"-" bson:"certificate_zh,omitempty"`
	CertificateEn string    `json:"-" bson:"certificate_en,omitempty"`
	ResidentNo    string    `json:"resident_no" bson:"resident_no"`
	AccountID     string    `json:"-" bson:"account_id"`
	Text          string    `json:"text" bson:"text"`
	Status        string    `json:"status" bson:"status"`
	Answer        string    `json:"answer,omitempty" bson:"answer,omitempty"`
	AnsweredBy    string    `json:"answered_by,omitempty" bson:"answered_by,omitempty"` // "village" or "street"
	Forwarded     bool      `json:"forwarded" bson:"forwarded"`
	History       []Event   `json:"history" bson:"history"`
	FiledAt       time.Time `json:"filed_at,omitzero" bson:"filed_at"`
	UpdatedAt     time.Time `json:"updated_at,omitzero" bson:"updated_at"`
	Version       int       `json:"version" bson:"version"`
	// Assisted says a helper filed it for the resident, who was present,
	// and a second person confirmed it (modules/assist).
	Assisted *web.Assisted `json:"assisted,omitempty" bson:"assisted,omitempty"`
}

// Event is one step of a request's history.
type Event struct {
	At     time.Time `json:"at,omitzero" bson:"at"`
	Status string    `json:"status" bson:"status"`
	Actor  string    `json:"actor" bson:"actor"`
	Role   string    `json:"role,omitempty" bson:"role,omitempty"`
	Note   string    `json:"note,omitempty" bson:"note,omitempty"`
}

// NewRequest is a resident's service request.
type NewRequest struct {
	Service string `json:"service" validate:"required,max=100"`
	Text    string `json:"text" validate:"required,max=2000"`
}

// NewCertificateRequest is a resident's certificate request.
type NewCertificateRequest struct {
	Certificate string `json:"certificate" validate:"required,max=64"`
	Purpose     string `json:"purpose" validate:"required,max=500"`
}

// Reply answers or forwards a request.
type Reply struct {
	Text string `json:"text" validate:"required,max=2000"`
}

// NewTask is a task a government role assigns to a village. Kind, basis,
// deployment and funding are checked by the rules, so that a refusal names
// the rule rather than a field.
type NewTask struct {
	Kind       string `json:"kind" validate:"max=64"`
	Title      string `json:"title" validate:"required,max=200"`
	Basis      string `json:"basis" validate:"max=200"`
	Deployment string `json:"deployment" validate:"max=200"` // the county-level deployment document
	Department string `json:"department" validate:"max=100"` // the entrusting department, which bears the cost
	Funding    string `json:"funding" validate:"max=200"`    // the funding source
	Proof      string `json:"proof,omitempty" validate:"max=64"`
	NewPost    bool   `json:"new_post,omitempty"`
}

// Task is an admitted task.
type Task struct {
	ID         string    `json:"id" bson:"_id"`
	VillageID  string    `json:"village_id" bson:"village_id"`
	Kind       string    `json:"kind" bson:"kind"`
	Title      string    `json:"title" bson:"title"`
	Basis      string    `json:"basis" bson:"basis"`
	Power      string    `json:"power" bson:"power"`
	Deployment string    `json:"deployment" bson:"deployment"`
	Department string    `json:"department,omitempty" bson:"department,omitempty"`
	Funding    string    `json:"funding" bson:"funding"`
	Proof      string    `json:"proof,omitempty" bson:"proof,omitempty"`
	AssignedBy string    `json:"assigned_by" bson:"assigned_by"`
	AssignedAt time.Time `json:"assigned_at,omitzero" bson:"assigned_at"`
}

// ServiceLine is a line of the published service list with the key a
// request names.
type ServiceLine struct {
	Key    string `json:"key"`
	Role   string `json:"role"`
	RoleZh string `json:"role_zh"`
	RoleEn string `json:"role_en"`
	Basis  string `json:"basis"`
	Zh     string `json:"zh"`
	En     string `json:"en"`
	// Requesters are the roles a service is offered to (audience.go): the
	// desk shows a resident only what a resident may ask for.
	Requesters []string `json:"requesters"`
}

// Named is what a request asks for in words: the service list's line or
// the certificate's name, never its key (a resident's home and the bell
// show this, not "street_official:training.provide").
func (s *Service) Named(r Request) (zh, en string) {
	if r.Certificate != "" {
		if r.CertificateZh != "" {
			return r.CertificateZh, r.CertificateEn
		}
		if n, ok := retiredCertificates[r.Certificate]; ok {
			return n[0], n[1]
		}
		for _, c := range Certificates {
			if c.Key == r.Certificate {
				return c.Zh, c.En
			}
		}
		return r.Certificate, r.Certificate
	}
	for _, l := range s.Services() {
		if l.Key == r.Service {
			return l.Zh, l.En
		}
	}
	return r.Service, r.Service
}
