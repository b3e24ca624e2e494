package servicedesk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/store"
	"yishi/modules/web"
)

// A village's certificates are the national default (Certificates) plus what
// its city's catalogue adds. Provinces and cities publish their own lists of
// the certificates villages may still issue (民发〔2020〕20号), so the
// catalogue is a setting of the city, entered by the operator as published.

const collCatalogues = "certificate_catalogues"

// MaxCatalogueEntries bounds a city's catalogue (a published list is short).
const MaxCatalogueEntries = 50

// Catalogue is a city's own certificate list.
type Catalogue struct {
	CityID  string        `json:"city_id" bson:"_id"`
	Entries []Certificate `json:"entries" bson:"entries"`
	// Version counts the saves: a save names the version it was made from,
	// so two operators editing at once cannot lose one another's entries.
	Version   int       `json:"version" bson:"version"`
	UpdatedAt time.Time `json:"updated_at,omitzero" bson:"updated_at"`
	UpdatedBy string    `json:"-" bson:"updated_by"`
}

// CatalogueEntry is one certificate as the operator enters it: its names,
// the document that allows or requires it, and, when it is on the national
// list of certificates not issued, the exception that makes it lawful here.
type CatalogueEntry struct {
	Zh        string `json:"zh" validate:"required,max=100"`
	En        string `json:"en" validate:"max=160"`
	Basis     string `json:"basis" validate:"max=300"`
	ListedAs  string `json:"listed_as" validate:"max=64"`
	Exception string `json:"exception" validate:"max=500"`
	Register  bool   `json:"register"`
}

// CatalogueInput replaces a city's catalogue.
type CatalogueInput struct {
	Entries []CatalogueEntry `json:"entries" validate:"max=50,dive"`
	// Version is the catalogue's version the entries were edited from.
	Version int `json:"version" validate:"min=0"`
}

// ErrNotCity is the refusal of a catalogue on anything but a city.
var ErrCatalogueChanged = web.New(409, "catalogue_changed", "目录刚被别人改过：请刷新页面，在最新的目录上再改",
	"The catalogue was changed meanwhile: reload the page and make the change on the latest one")

// ErrNotCity is the refusal of a catalogue on anything but a city.
var ErrNotCity = web.New(422, "not_a_city", "证明事项目录由省、市公布，只能设在市一级",
	"A certificate catalogue is published by a province or city: it is set on a city")

func catalogueRefusal(zh, en string, fields map[string]web.FieldError) *web.Error {
	e := web.New(422, "certificate_catalogue_invalid", "依据"+CertificatesDocZh+"，"+zh, "Under "+CertificatesDocEn+": "+en)
	e.Fields = fields
	return e
}

// check turns the entries into certificates, or refuses the first entry that
// breaks the guidance: no cited basis, or a certificate of the national list
// without the exception and the document that makes it.
func (in CatalogueInput) check() ([]Certificate, error) {
	out := make([]Certificate, 0, len(in.Entries))
	seen := map[string]bool{}
	for _, d := range Certificates {
		seen[d.Zh] = true
	}
	for i, e := range in.Entries {
		at := fmt.Sprintf("entries.%d.", i)
		zh, basis := strings.TrimSpace(e.Zh), strings.TrimSpace(e.Basis)
		if seen[zh] {
			return nil, catalogueRefusal("目录里已经有「"+zh+"」", "the catalogue already holds "+zh,
				map[string]web.FieldError{at + "zh": {Message: "与目录中的一项重名", MessageEn: "is already in the catalogue"}})
		}
		seen[zh] = true
		if basis == "" {
			return nil, catalogueRefusal("村（社区）只出具法律法规规定或清单保留的证明，「"+zh+"」须写明依据",
				"a village issues only certificates a law, a regulation or a published list provides for; "+zh+" needs its basis",
				map[string]web.FieldError{at + "basis": {Message: "请写明规定这项证明的法律法规或清单", MessageEn: "name the law, regulation or list that provides for it"}})
		}
		listed, matched := listedMatch(zh)
		if e.ListedAs != "" {
			l, ok := ListedByKey(e.ListedAs)
			if !ok {
				return nil, catalogueRefusal("没有这项国家清单中的证明", "no such certificate on the national list",
					map[string]web.FieldError{at + "listed_as": {Message: "请从国家清单中选择", MessageEn: "pick one from the national list"}})
			}
			listed, matched = l, true
		}
		if matched && (e.ListedAs == "" || strings.TrimSpace(e.Exception) == "") {
			return nil, catalogueRefusal("「"+listed.Zh+"」在村（社区）不再出具的证明清单上；只有写明例外情形和规定该例外的文件，才能列入本市目录",
				listed.En+" is on the national list of certificates villages no longer issue; it may be listed only with the exception and the document that makes it",
				map[string]web.FieldError{at + "exception": {Message: "请写明例外情形，并在“对应国家清单”中选择「" + listed.Zh + "」",
					MessageEn: "state the exception, and pick " + listed.En + " as the listed certificate"}})
		}
		c := Certificate{Key: catalogueKey(zh), Zh: zh, En: strings.TrimSpace(e.En), Basis: basis, Register: e.Register}
		if matched {
			c.ListedAs, c.Exception = listed.Key, strings.TrimSpace(e.Exception)
		}
		if c.En == "" {
			c.En = zh
		}
		out = append(out, c)
	}
	return out, nil
}

// catalogueKey names an entry by its Chinese name, so the same certificate
// keeps its key when the catalogue is saved again and people never type one.
func catalogueKey(zh string) string {
	sum := sha256.Sum256([]byte(zh))
	return "city_" + hex.EncodeToString(sum[:5])
}

// Catalogue is a city's own entries (none when it has set none).
func (s *Service) Catalogue(ctx context.Context, cityID string) (Catalogue, error) {
	var c Catalogue
	err := s.store.Shared().Collection(collCatalogues).FindOne(ctx, bson.M{"_id": cityID}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Catalogue{CityID: cityID, Entries: []Certificate{}}, nil
	}
	if err != nil {
		return Catalogue{}, fmt.Errorf("read certificate catalogue of %s: %w", cityID, err)
	}
	return c, nil
}

// SetCatalogue replaces a city's entries, one document written whole.
func (s *Service) SetCatalogue(ctx context.Context, cityID string, who web.Actor, in CatalogueInput) (Catalogue, error) {
	entries, err := in.check()
	if err != nil {
		return Catalogue{}, err
	}
	c := Catalogue{CityID: cityID, Entries: entries, Version: in.Version + 1, UpdatedAt: s.clock(), UpdatedBy: who.AccountID}
	// Replaced only from the version it was edited from; another version
	// makes the upsert insert a second document of the city, which the _id
	// refuses.
	res, err := s.store.Shared().Collection(collCatalogues).ReplaceOne(ctx, bson.M{"_id": cityID, "version": in.Version}, c, options.Replace().SetUpsert(true))
	if store.IsDuplicate(err) || err == nil && res.MatchedCount == 0 && res.UpsertedCount == 0 {
		return Catalogue{}, ErrCatalogueChanged
	}
	if err != nil {
		return Catalogue{}, fmt.Errorf("save certificate catalogue of %s: %w", cityID, err)
	}
	names := make([]string, len(c.Entries))
	for i, e := range c.Entries {
		names[i] = e.Zh
	}
	return c, s.audit.Write(ctx, s.store.Shared(), who, "certificate_catalogue.set", cityID, strings.Join(names, "；"))
}

// CertificatesOf is what a village may issue: the default and its city's.
func (s *Service) CertificatesOf(ctx context.Context, villageID string) ([]Certificate, error) {
	out := append([]Certificate(nil), Certificates...)
	if s.cityOf == nil {
		return out, nil
	}
	cityID, err := s.cityOf(ctx, villageID)
	if err != nil {
		return nil, fmt.Errorf("city of village %s: %w", villageID, err)
	}
	c, err := s.Catalogue(ctx, cityID)
	if err != nil {
		return nil, err
	}
	return append(out, c.Entries...), nil
}

// UseCities tells the service how to find a village's city; without it a
// village has the national default only.
func (s *Service) UseCities(cityOf func(ctx context.Context, villageID string) (string, error)) *Service {
	s.cityOf = cityOf
	return s
}
