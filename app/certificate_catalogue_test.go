package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

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
	op := s.ta.login(t, "13800000004")
	city := "/api/v1/orgs/" + s.ta.orgID(t, "/gz") + "/certificate-catalogue"

	var empty catalogueView
	op.mustJSON("GET", city, nil, 200, &empty)
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
		e := op.mustError("PUT", city, map[string]any{"entries": []any{c.entry}}, 422, "certificate_catalogue_invalid")
		if _, ok := e.Error.Fields[c.field]; !ok || !strings.Contains(e.Error.Message, "民发〔2020〕20号") || !strings.Contains(e.Error.MessageEn, "民发〔2020〕20号") {
			t.Errorf("%s: %+v (want field %s and the guidance quoted)", c.name, e.Error, c.field)
		}
	}
	op.mustError("PUT", city, map[string]any{"entries": "亲属关系"}, 422, "")
	op.mustError("PUT", "/api/v1/orgs/"+s.dt+"/certificate-catalogue", map[string]any{"entries": []any{}}, 422, "not_a_city")
	for _, who := range []*client{s.secretary, s.official, s.resident} {
		who.mustError("PUT", city, map[string]any{"entries": []any{}}, 403, "")
	}
	if n, err := s.ta.store.Shared().Collection("certificate_catalogues").CountDocuments(context.Background(), bson.M{}); err != nil || n != 0 {
		t.Fatalf("refused saves stored %d catalogues (%v)", n, err)
	}

	const exception = "当事人确无户籍等公共记录可查，由村（居）委会据实出具情况说明"
	var saved catalogueView
	op.mustJSON("PUT", city, map[string]any{"entries": []any{map[string]any{"zh": kinship, "en": "Family relationship, where no public record shows it",
		"basis": basis, "listed_as": "kinship", "exception": exception, "register": true}}}, 200, &saved)
	if len(saved.Entries) != 1 || saved.Entries[0].ListedAs != "kinship" || saved.Entries[0].Exception != exception || saved.Entries[0].Key == "" {
		t.Fatalf("saved = %+v", saved.Entries)
	}
	key := saved.Entries[0].Key

	var wl struct {
		Certificates []struct{ Key, Zh, Exception string } `json:"certificates"`
	}
	s.ta.client(t).mustJSON("GET", s.path("/certificates"), nil, 200, &wl)
	i := slices.IndexFunc(wl.Certificates, func(c struct{ Key, Zh, Exception string }) bool { return c.Key == key })
	if i < 0 || wl.Certificates[i].Exception != exception {
		t.Fatalf("the village's list %+v lacks the city's entry %s", wl.Certificates, key)
	}
	var r serviceRequestView
	s.resident.mustJSON("POST", s.path("/certificate-requests"), map[string]any{"certificate": key, "purpose": "办理继承公证"}, 201, &r)
	if r.Certificate != key {
		t.Fatalf("request = %+v", r)
	}

	// A save from a version another save replaced is refused: nothing of
	// the other's is lost.
	op.mustError("PUT", city, map[string]any{"entries": []any{}, "version": 0}, 409, "catalogue_changed")
	// Saving the same list again keeps the key.
	op.mustJSON("PUT", city, map[string]any{"entries": []any{map[string]any{"zh": kinship, "basis": basis, "listed_as": "kinship", "exception": exception}},
		"version": 1}, 200, &saved)
	if saved.Entries[0].Key != key {
		t.Fatalf("key changed on a second save: %s → %s", key, saved.Entries[0].Key)
	}
	// Taken off the city's list, it is refused again; the request already
	// filed keeps its name.
	op.mustJSON("PUT", city, map[string]any{"entries": []any{}, "version": 2}, 200, &saved)
	s.resident.mustError("POST", s.path("/certificate-requests"), map[string]any{"certificate": key, "purpose": "再办一份"}, 422, "certificate_not_allowed")
}
