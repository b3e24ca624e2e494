package servicedesk

import (
	"context"
	"strings"
	"testing"

	"yishi/modules/web"
)

// TestNationalListMatchesEveryNamedCertificate: each of the 20 certificates
// of 民发〔2020〕20号 is recognised by its own name, the default catalogue
// holds none of them, and a proof of residence counts as identity
// information.
func TestNationalListMatchesEveryNamedCertificate(t *testing.T) {
	if len(NotIssued) != 20 {
		t.Fatalf("national list has %d certificates, want 20", len(NotIssued))
	}
	for _, l := range NotIssued {
		if got, ok := listedMatch(l.Zh); !ok || got.Key != l.Key {
			t.Errorf("%s matches %q, %v", l.Zh, got.Key, ok)
		}
	}
	for _, c := range Certificates {
		if l, ok := listedMatch(c.Zh); ok {
			t.Errorf("the default catalogue holds %s, which is %s on the national list", c.Zh, l.Zh)
		}
	}
	if l, ok := listedMatch("居住证明（限村民名册内的村民）"); !ok || l.Key != "identity" {
		t.Errorf("proof of residence matches %q, %v; want identity", l.Key, ok)
	}
}

// TestCityCatalogueAddsToTheDefault: a village's certificates are the
// default plus its city's entries; a village of another city does not get
// them; an entry repeating a default one is refused.
func TestCityCatalogueAddsToTheDefault(t *testing.T) {
	d := newDesk(t)
	cities := map[string]string{village: "gz", "v2": "sz"}
	d.svc.UseCities(func(_ context.Context, v string) (string, error) { return cities[v], nil })
	in := CatalogueInput{Entries: []CatalogueEntry{{Zh: "死亡证明（居民在家中非正常死亡以外的情形）", Basis: "某市保留清单", ListedAs: "death",
		Exception: "在家中正常死亡、无医疗机构出具死亡医学证明的，由村（居）委会出具情况说明"}}}
	cat, err := d.svc.SetCatalogue(d.ctx, "gz", web.Actor{AccountID: "op"}, in)
	if err != nil || len(cat.Entries) != 1 || cat.Entries[0].En != cat.Entries[0].Zh {
		t.Fatalf("SetCatalogue = %+v, %v (an entry without English falls back to its Chinese name)", cat, err)
	}
	here, err := d.svc.CertificatesOf(d.ctx, village)
	if err != nil || len(here) != len(Certificates)+1 {
		t.Fatalf("village of gz offers %d, %v", len(here), err)
	}
	there, err := d.svc.CertificatesOf(d.ctx, "v2")
	if err != nil || len(there) != len(Certificates) {
		t.Fatalf("village of sz offers %d, %v", len(there), err)
	}
	r, err := d.svc.RequestCertificate(d.ctx, village, resident, NewCertificateRequest{Certificate: cat.Entries[0].Key, Purpose: "办理丧葬补助"})
	if zh, _ := d.svc.Named(r); err != nil || !strings.HasPrefix(zh, "死亡证明") {
		t.Fatalf("request = %+v (%s), %v", r, zh, err)
	}
	_, err = d.svc.SetCatalogue(d.ctx, "gz", web.Actor{AccountID: "op"}, CatalogueInput{Entries: []CatalogueEntry{{Zh: Certificates[0].Zh, Basis: "x"}}})
	refused(t, "a default entry again", err, catalogueRefusal("", "", nil))
}

// TestRetiredCertificatesKeepTheirNames: a request filed for a certificate
// the default no longer holds is still named in words, not by its key.
func TestRetiredCertificatesKeepTheirNames(t *testing.T) {
	d := newDesk(t)
	for key := range retiredCertificates {
		if zh, en := d.svc.Named(Request{Kind: KindCertificate, Certificate: key}); zh == key || en == key || zh == "" {
			t.Errorf("%s is named %q / %q", key, zh, en)
		}
	}
}
