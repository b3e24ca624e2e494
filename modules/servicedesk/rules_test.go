package servicedesk

import (
	"testing"

	"yishi/modules/law"
)

// The 2022 opinion is cited by its issuers, exact title and number
// (厅字〔2022〕28号), as law.Documents holds it.
func TestTingzi2022No28CitedByTitleAndNumber(t *testing.T) {
	cs, err := law.ParseAll(GuidanceZh)
	if err != nil || len(cs) != 1 || cs[0].Doc != "厅字〔2022〕28号" {
		t.Fatalf("%q: %v %v", GuidanceZh, cs, err)
	}
	d, _ := law.DocumentByNumber(cs[0].Doc)
	if GuidanceZh != d.Issuer+"《"+d.Title+"》（"+d.Number+"）" {
		t.Errorf("%q does not match %+v", GuidanceZh, d)
	}
}
