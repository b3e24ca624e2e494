package servicedesk_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"

	"yishi/modules/account/accounttest"
	"yishi/modules/org"
	"yishi/modules/servicedesk"
)

// The desk's behaviour through HTTP: the module's routes on the account
// module's guard and the real enforcer, on the embedded store (moved from
// app/, where each test started the whole app and its demo).

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

// serviceKit is the community 东田社区 with its resident (R003), its
// secretary (the desk, R005), the street official, the operator and a
// client with no session, on the desk's own wiring (as app/wire_servicedesk.go).
type serviceKit struct {
	t                                             *testing.T
	site                                          *accounttest.Site
	anon, resident, secretary, official, operator *accounttest.Client
	dt                                            string
}

func newServiceKit(t *testing.T) *serviceKit {
	t.Helper()
	site := accounttest.New(t, nil)
	cityOf := func(ctx context.Context, villageID string) (string, error) {
		v, err := site.Orgs.Get(ctx, villageID)
		if err != nil {
			return "", err
		}
		code, _, _ := strings.Cut(strings.TrimPrefix(v.Path, "/"), "/")
		city, err := site.Orgs.ByPath(ctx, "/"+code)
		if err != nil {
			return "", fmt.Errorf("city /%s: %w", code, err)
		}
		return city.ID, nil
	}
	svc := servicedesk.NewService(site.Store, site.Audit, site.Enforcer.Published, time.Now).UseCities(cityOf)
	village := func(c *fiber.Ctx) (string, error) {
		o, err := site.Orgs.Village(c.UserContext(), c.Params("id"))
		if err != nil {
			return "", err
		}
		return o.ID, nil
	}
	city := func(c *fiber.Ctx) (string, error) {
		o, err := site.Orgs.Get(c.UserContext(), c.Params("id"))
		if err != nil {
			return "", err
		}
		if o.Level != org.LevelCity {
			return "", servicedesk.ErrNotCity
		}
		return o.ID, nil
	}
	servicedesk.New(servicedesk.Deps{Service: svc, Guard: site.Guard, Domain: site.OrgRoutes.Path,
		Validator: site.Validator, Village: village, City: city, Notify: site.Sent, Log: site.Log}).Mount(site.API)
	return &serviceKit{t: t, site: site, anon: site.Anonymous(), dt: site.Community.ID,
		resident:  site.Resident(site.Community, "R003"),
		secretary: site.Resident(site.Community, "R005", "resident", "council_member", "secretary"),
		official:  site.Official("street_official", site.Street.Path),
		operator:  site.Official("operator", "/")}
}

func (s *serviceKit) path(rest string) string { return "/api/v1/orgs/" + s.dt + rest }

func (s *serviceKit) file(service string) serviceRequestView {
	s.t.Helper()
	var r serviceRequestView
	s.resident.JSON("POST", s.path("/service-requests"), map[string]any{"service": service, "text": "希望街道为议事会成员安排一次议事规则培训"}, 201, &r)
	return r
}

type serviceRequestList struct {
	Requests []serviceRequestView `json:"requests"`
}

func (r serviceRequestView) statuses() []string {
	var out []string
	for _, e := range r.History {
		out = append(out, e.Status)
	}
	return out
}

func (s *serviceKit) mine(c *accounttest.Client) map[string]serviceRequestView {
	s.t.Helper()
	var out serviceRequestList
	c.JSON("GET", s.path("/my-service-requests"), nil, 200, &out)
	m := map[string]serviceRequestView{}
	for _, r := range out.Requests {
		m[r.ID] = r
	}
	return m
}

// TestServiceRequestForwardedAnsweredClosed walks a request from the
// published service list through the desk and the street to its end, with
// each refusal on the way.
func TestServiceRequestForwardedAnsweredClosed(t *testing.T) {
	s := newServiceKit(t)

	// The service list is public and is the enforced policy's service list.
	var list struct {
		Services []struct {
			Key string `json:"key"`
			Zh  string `json:"zh"`
		} `json:"services"`
	}
	s.anon.JSON("GET", s.path("/services"), nil, 200, &list)
	var keys []string
	for _, l := range list.Services {
		keys = append(keys, l.Key)
	}
	for _, want := range []string{"street_official:training.provide", "street_official:service_request.answer"} {
		if !slices.Contains(keys, want) {
			t.Fatalf("service list %v lacks %s", keys, want)
		}
	}
	s.anon.Error("GET", "/api/v1/orgs/nope/services", nil, 404, "")

	s.resident.Error("POST", s.path("/service-requests"), map[string]any{"service": "street_official:road.build", "text": "修路"}, 422, "service_not_listed")
	r := s.file("street_official:training.provide")
	if r.Status != "filed" || r.ResidentNo != "R003" {
		t.Fatalf("filed request = %+v", r)
	}

	// A resident is not the desk; the street official is not the desk either.
	s.resident.Error("GET", s.path("/service-requests"), nil, 403, "")
	s.official.Error("GET", s.path("/service-requests"), nil, 403, "")
	s.official.Error("POST", s.path("/service-requests/"+r.ID+"/answer"), map[string]any{"text": "已安排"}, 403, "")
	s.official.Error("POST", s.path("/service-requests/"+r.ID+"/forward"), map[string]any{"text": "转交"}, 403, "")
	// The street answers only what the village forwarded.
	s.official.Error("POST", s.path("/service-requests/"+r.ID+"/street-answer"), map[string]any{"text": "已安排"}, 409, "service_request_status")

	var desk serviceRequestList
	s.secretary.JSON("GET", s.path("/service-requests?status=filed"), nil, 200, &desk)
	if !slices.ContainsFunc(desk.Requests, func(x serviceRequestView) bool { return x.ID == r.ID }) {
		t.Fatalf("the desk does not see request %s", r.ID)
	}
	s.secretary.JSON("POST", s.path("/service-requests/"+r.ID+"/forward"), map[string]any{"text": "培训由街道组织，转交街道"}, 200, &r)
	if r.Status != "forwarded" {
		t.Fatalf("status after forward = %s", r.Status)
	}
	s.secretary.Error("POST", s.path("/service-requests/"+r.ID+"/answer"), map[string]any{"text": "重复答复"}, 409, "service_request_status")

	var fwd serviceRequestList
	s.official.JSON("GET", s.path("/forwarded-requests"), nil, 200, &fwd)
	if len(fwd.Requests) != 1 || fwd.Requests[0].ID != r.ID {
		t.Fatalf("forwarded requests = %+v", fwd.Requests)
	}
	s.secretary.Error("POST", s.path("/service-requests/"+r.ID+"/street-answer"), map[string]any{"text": "代街道答复"}, 403, "")
	s.official.JSON("POST", s.path("/service-requests/"+r.ID+"/street-answer"), map[string]any{"text": "下月10日在街道会议室培训"}, 200, &r)

	// The resident sees the answer and the whole history.
	got := s.mine(s.resident)[r.ID]
	if got.Status != "answered" || got.AnsweredBy != "street" || got.Answer != "下月10日在街道会议室培训" {
		t.Fatalf("resident sees %+v", got)
	}
	if want := []string{"filed", "forwarded", "answered"}; !slices.Equal(got.statuses(), want) {
		t.Fatalf("history = %v, want %v", got.statuses(), want)
	}

	// Only the resident who filed it closes it.
	other := s.site.Resident(s.site.Community, "R007")
	if _, ok := s.mine(other)[r.ID]; ok {
		t.Fatal("another resident sees R003's request")
	}
	other.Error("POST", s.path("/service-requests/"+r.ID+"/close"), nil, 403, "not_request_owner")
	s.resident.JSON("POST", s.path("/service-requests/"+r.ID+"/close"), nil, 200, &r)
	if want := []string{"filed", "forwarded", "answered", "closed"}; r.Status != "closed" || !slices.Equal(r.statuses(), want) {
		t.Fatalf("closed request = %s %v", r.Status, r.statuses())
	}
	s.resident.Error("POST", s.path("/service-requests/"+r.ID+"/close"), nil, 409, "service_request_status")

	// A request the desk answers itself never reaches the street.
	r2 := s.file("street_official:service_request.answer")
	s.secretary.JSON("POST", s.path("/service-requests/"+r2.ID+"/answer"), map[string]any{"text": "村里已答复"}, 200, &r2)
	if r2.Status != "answered" || r2.AnsweredBy != "village" {
		t.Fatalf("desk answer = %+v", r2)
	}
	s.official.Error("POST", s.path("/service-requests/"+r2.ID+"/street-answer"), map[string]any{"text": "x"}, 409, "service_request_status")
}

// TestServiceRequestVillageWritesRefusedToStreetAndOtherVillages: the street
// official files nothing for residents, and a resident of another village
// sees and files nothing here.
func TestServiceRequestVillageWritesRefusedToStreetAndOtherVillages(t *testing.T) {
	s := newServiceKit(t)
	r := s.file("street_official:training.provide")

	s.official.Error("POST", s.path("/service-requests"), map[string]any{"service": "street_official:training.provide", "text": "代填"}, 403, "")
	s.official.Error("POST", s.path("/certificate-requests"), map[string]any{"certificate": "household_hardship", "purpose": "代办"}, 403, "")
	s.official.Error("GET", s.path("/my-service-requests"), nil, 403, "")
	s.official.Error("POST", s.path("/service-requests/"+r.ID+"/close"), nil, 403, "")

	outsider := s.site.Resident(s.site.Village, "R003")
	outsider.Error("GET", s.path("/my-service-requests"), nil, 403, "")
	outsider.Error("GET", s.path("/service-requests"), nil, 403, "")
	outsider.Error("GET", s.path("/forwarded-requests"), nil, 403, "")
	outsider.Error("POST", s.path("/service-requests"), map[string]any{"service": "street_official:training.provide", "text": "x"}, 403, "")
	outsider.Error("POST", s.path("/service-requests/"+r.ID+"/close"), nil, 403, "")
	// In their own village they see only their own (none).
	var own serviceRequestList
	outsider.JSON("GET", "/api/v1/orgs/"+s.site.Village.ID+"/my-service-requests", nil, 200, &own)
	if len(own.Requests) != 0 {
		t.Fatalf("outsider sees %+v", own.Requests)
	}
}

// TestCertificateWhitelist: a certificate on the whitelist is a request the
// desk answers; any other is refused with the rule that forbids it.
func TestCertificateWhitelist(t *testing.T) {
	s := newServiceKit(t)
	var wl struct {
		Basis        string `json:"basis"`
		Certificates []struct {
			Key string `json:"key"`
		} `json:"certificates"`
	}
	s.anon.JSON("GET", s.path("/certificates"), nil, 200, &wl)
	var keys []string
	for _, c := range wl.Certificates {
		keys = append(keys, c.Key)
	}
	// The national default holds none of the 20 of 民发〔2020〕20号: proof of
	// residence, family relationship and a death at home are refused unless
	// the city's catalogue keeps one with its exception.
	if !slices.Contains(keys, "household_hardship") || slices.Contains(keys, "residence") || slices.Contains(keys, "family_relationship") ||
		slices.Contains(keys, "death_at_home") || !strings.Contains(wl.Basis, "2022") {
		t.Fatalf("whitelist = %v (%s)", keys, wl.Basis)
	}

	for _, off := range []string{"residence", "family_relationship", "death_at_home", "no_criminal_record", "marital_status", "good_conduct", ""} {
		body := map[string]any{"certificate": off, "purpose": "单位要求"}
		if off == "" {
			s.resident.Error("POST", s.path("/certificate-requests"), body, 422, "invalid_fields")
			continue
		}
		e := s.resident.Error("POST", s.path("/certificate-requests"), body, 422, "certificate_not_allowed")
		if !strings.Contains(e.Error.Message, "关于规范村级组织工作事务、机制牌子和证明事项的意见") || !strings.Contains(e.Error.MessageEn, "2022") {
			t.Fatalf("refusal does not name the guidance: %+v", e.Error)
		}
	}

	var r serviceRequestView
	s.resident.JSON("POST", s.path("/certificate-requests"), map[string]any{"certificate": "household_hardship", "purpose": "申请低保"}, 201, &r)
	if r.Kind != "certificate" || r.Certificate != "household_hardship" || r.Status != "filed" {
		t.Fatalf("certificate request = %+v", r)
	}
	s.secretary.JSON("POST", s.path("/service-requests/"+r.ID+"/answer"), map[string]any{"text": "已出具，请到村委会领取"}, 200, &r)
	if got := s.mine(s.resident)[r.ID]; got.Status != "answered" || got.Answer != "已出具，请到村委会领取" {
		t.Fatalf("resident sees %+v", got)
	}
}

// TestServiceDeskShowsEachRoleItsOwnServices (issue 16 item 4): a
// resident's desk lists what a resident may ask for; what the street
// offers the village's cadres, or the district the streets, is not on it.
func TestServiceDeskShowsEachRoleItsOwnServices(t *testing.T) {
	k := newServiceKit(t)
	path := k.path("/services")
	keys := func(query string) []string {
		t.Helper()
		var list struct {
			Services []struct {
				Key        string   `json:"key"`
				Requesters []string `json:"requesters"`
			} `json:"services"`
		}
		k.anon.JSON("GET", path+query, nil, 200, &list)
		var out []string
		for _, s := range list.Services {
			out = append(out, s.Key)
		}
		return out
	}
	if got := keys("?for=resident"); !slices.Equal(got, []string{"street_official:service_request.answer"}) {
		t.Errorf("a resident's services: %v", got)
	}
	if got := keys("?for=secretary"); !slices.Contains(got, "street_official:training.provide") {
		t.Errorf("a secretary's services: %v", got)
	}
	if got := keys("?for=street_official"); !slices.Equal(got, []string{"district_official:service_request.answer"}) {
		t.Errorf("a street official's services: %v", got)
	}
	if got := keys(""); len(got) != 3 {
		t.Errorf("the whole list: %v", got)
	}
	k.anon.Error("GET", path+"?for=mayor", nil, 422, "invalid_fields")
}

type catalogueView struct {
	CityID  string `json:"city_id"`
	Entries []struct {
		Key, Zh, Basis, Exception string
		ListedAs                  string `json:"listed_as"`
	} `json:"entries"`
	NotIssued []struct{ Key, Zh string } `json:"not_issued"`
}

// TestMinfa2020No20CityCatalogueKeepsAListedCertificateOnlyWithItsException:
// the operator enters the city's published certificate list. A certificate
// of the national list of 20 that villages no longer issue (民发〔2020〕20号)
// is refused unless the entry names the exception and the document that
// makes it; any entry needs its basis; the list is set on a city only, by
// the operator only. Once saved, the city's villages offer it, a resident
// requests it, and the request keeps its name.
func TestMinfa2020No20CityCatalogueKeepsAListedCertificateOnlyWithItsException(t *testing.T) {
	s := newServiceKit(t)
	op := s.operator
	city := "/api/v1/orgs/" + s.site.City.ID + "/certificate-catalogue"

	var empty catalogueView
	op.JSON("GET", city, nil, 200, &empty)
	if len(empty.Entries) != 0 || len(empty.NotIssued) != 20 {
		t.Fatalf("a new city's catalogue = %d entries, national list %d (want 0, 20)", len(empty.Entries), len(empty.NotIssued))
	}

	const kinship = "亲属关系证明（限无法通过户籍等公共记录查证的）"
	const basis = "《广州市村（居）民委员会证明事项保留清单》"
	for _, c := range []struct {
		name  string
		entry map[string]any
		field string
	}{
		{"a listed certificate without its exception", map[string]any{"zh": kinship, "basis": basis}, "entries.0.exception"},
		{"named as listed but no exception", map[string]any{"zh": kinship, "basis": basis, "listed_as": "kinship"}, "entries.0.exception"},
		{"proof of residence is identity information", map[string]any{"zh": "居住证明", "basis": basis}, "entries.0.exception"},
		{"no basis", map[string]any{"zh": "村民小组成员身份说明"}, "entries.0.basis"},
		{"not on the national list at all", map[string]any{"zh": "村民小组成员身份说明", "basis": basis, "listed_as": "good_conduct"}, "entries.0.listed_as"},
	} {
		e := op.Error("PUT", city, map[string]any{"entries": []any{c.entry}}, 422, "certificate_catalogue_invalid")
		if _, ok := e.Error.Fields[c.field]; !ok || !strings.Contains(e.Error.Message, "民发〔2020〕20号") || !strings.Contains(e.Error.MessageEn, "民发〔2020〕20号") {
			t.Errorf("%s: %+v (want field %s and the guidance quoted)", c.name, e.Error, c.field)
		}
	}
	op.Error("PUT", city, map[string]any{"entries": "亲属关系"}, 422, "")
	op.Error("PUT", "/api/v1/orgs/"+s.dt+"/certificate-catalogue", map[string]any{"entries": []any{}}, 422, "not_a_city")
	for _, who := range []*accounttest.Client{s.secretary, s.official, s.resident} {
		who.Error("PUT", city, map[string]any{"entries": []any{}}, 403, "")
	}
	if n, err := s.site.Store.Shared().Collection("certificate_catalogues").CountDocuments(context.Background(), bson.M{}); err != nil || n != 0 {
		t.Fatalf("refused saves stored %d catalogues (%v)", n, err)
	}

	const exception = "当事人确无户籍等公共记录可查，由村（居）委会据实出具情况说明"
	var saved catalogueView
	op.JSON("PUT", city, map[string]any{"entries": []any{map[string]any{"zh": kinship, "en": "Family relationship, where no public record shows it",
		"basis": basis, "listed_as": "kinship", "exception": exception, "register": true}}}, 200, &saved)
	if len(saved.Entries) != 1 || saved.Entries[0].ListedAs != "kinship" || saved.Entries[0].Exception != exception || saved.Entries[0].Key == "" {
		t.Fatalf("saved = %+v", saved.Entries)
	}
	key := saved.Entries[0].Key

	var wl struct {
		Certificates []struct{ Key, Zh, Exception string } `json:"certificates"`
	}
	s.anon.JSON("GET", s.path("/certificates"), nil, 200, &wl)
	i := slices.IndexFunc(wl.Certificates, func(c struct{ Key, Zh, Exception string }) bool { return c.Key == key })
	if i < 0 || wl.Certificates[i].Exception != exception {
		t.Fatalf("the village's list %+v lacks the city's entry %s", wl.Certificates, key)
	}
	var r serviceRequestView
	s.resident.JSON("POST", s.path("/certificate-requests"), map[string]any{"certificate": key, "purpose": "办理继承公证"}, 201, &r)
	if r.Certificate != key {
		t.Fatalf("request = %+v", r)
	}

	// A save from a version another save replaced is refused: nothing of
	// the other's is lost.
	op.Error("PUT", city, map[string]any{"entries": []any{}, "version": 0}, 409, "catalogue_changed")
	// Saving the same list again keeps the key.
	op.JSON("PUT", city, map[string]any{"entries": []any{map[string]any{"zh": kinship, "basis": basis, "listed_as": "kinship", "exception": exception}},
		"version": 1}, 200, &saved)
	if saved.Entries[0].Key != key {
		t.Fatalf("key changed on a second save: %s → %s", key, saved.Entries[0].Key)
	}
	// Taken off the city's list, it is refused again; the request already
	// filed keeps its name.
	op.JSON("PUT", city, map[string]any{"entries": []any{}, "version": 2}, 200, &saved)
	s.resident.Error("POST", s.path("/certificate-requests"), map[string]any{"certificate": key, "purpose": "再办一份"}, 422, "certificate_not_allowed")
}

// TestTaskKindsForTheTaskForm: the street official's form offers the
// whitelist with the basis each task must cite; a village role may not
// read it, as it may not assign.
func TestTaskKindsForTheTaskForm(t *testing.T) {
	s := newServiceKit(t)
	var out struct {
		TaskKinds []struct {
			Key   string `json:"key"`
			Basis string `json:"basis"`
		} `json:"task_kinds"`
		ForbiddenProof []string `json:"forbidden_proof"`
	}
	s.official.JSON("GET", s.path("/task-kinds"), nil, 200, &out)
	if len(out.TaskKinds) != len(servicedesk.TaskKinds) || !slices.Equal(out.ForbiddenProof, servicedesk.ForbiddenProof) {
		t.Fatalf("task kinds %+v", out)
	}
	for _, k := range out.TaskKinds {
		want, ok := servicedesk.TaskKindByKey(k.Key)
		if !ok || want.Basis != k.Basis {
			t.Errorf("task kind %s: basis %q", k.Key, k.Basis)
		}
	}
	s.secretary.Error("GET", s.path("/task-kinds"), nil, 403, "")
	s.resident.Error("GET", s.path("/task-kinds"), nil, 403, "")
}
