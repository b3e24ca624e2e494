// Package household keeps the household cards (一户一码, issue 21 item 3):
// a printed card per household whose QR code and short code identify the
// household at a meeting, where the secretary running it picks the member
// present and confirms. A card is no password: it never logs anyone in and
// never casts a ballot; only the secretary's own session can use it.
//
// The token and the short code are random and kept only as hashes, so a
// card can be printed once, when it is issued; a lost card is reported and
// a new one issued (挂失补办), and the old one is refused with a sentence
// that says so.
package household

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// Collections in each village's database.
const (
	collCards = "household_cards"      // the card in force, _id the household number
	collCodes = "household_card_codes" // every card's two codes, _id the code's hash: a lookup is by _id
)

// Card is the card in force for a household: only hashes of its codes.
type Card struct {
	HouseholdNo  string    `bson:"_id"`
	TokenHash    string    `bson:"token_hash"`
	ShortHash    string    `bson:"short_hash"`
	Gen          int       `bson:"gen"`
	IssuedAt     time.Time `bson:"issued_at"`
	IssuedBy     string    `bson:"issued_by"`
	IssuedByName string    `bson:"issued_by_name,omitempty"`
}

// code is one code of a card (its QR token or its short code), found by
// its hash; a card reported lost keeps its codes, marked revoked, so that
// showing it says it was replaced.
type code struct {
	Hash          string    `bson:"_id"`
	HouseholdNo   string    `bson:"household_no"`
	Gen           int       `bson:"gen"`
	RevokedAt     time.Time `bson:"revoked_at,omitempty"`
	RevokedBy     string    `bson:"revoked_by,omitempty"`
	RevokedByName string    `bson:"revoked_by_name,omitempty"`
}

// Errors a person sees.
var (
	ErrCardUnknown = web.New(404, "card_unknown", "本村没有这张户卡：请核对户卡码，或这是别的村（社区）的户卡",
		"No household card of this village has this code: check the code, or the card may belong to another village")
	ErrCardRevoked = web.New(409, "card_revoked", "这张户卡已挂失并补办了新卡，旧卡不能再用；请用新卡，或请本人当面核实后补签",
		"This household card was reported lost and replaced; the old card no longer works. Use the new card, or mark the person present after checking in person")
	ErrCardIssued = web.New(409, "card_already_issued", "这户已经发过户卡；户卡只在发卡时打印一次，丢了请点“挂失补办”，旧卡随即作废",
		"This household already has a card; a card is printed once, when issued. If it is lost, use “report lost and reissue”: the old card stops working")
	ErrNoCard           = web.New(409, "no_card", "这户还没有户卡，请先打印户卡", "This household has no card yet; print one first")
	ErrCardRace         = web.New(409, "card_changed", "这户的户卡刚被别人补办过，请刷新后再看", "Someone else just reissued this household's card; reload to see it")
	ErrHouseholdAbsent  = web.New(404, "household_not_found", "本村名册里没有这一户", "This household is not in the village register")
	ErrCardOtherVillage = web.New(422, "card_of_other_village", "这是别的村（社区）的户卡，不能在本村的会议上签到",
		"This household card belongs to another village and cannot sign anyone in at this village's meeting")
)

// Service issues, reissues and finds cards.
type Service struct {
	store *store.Store
	orgs  *org.Service
	audit *audit.Log
	now   func() time.Time
}

// NewService makes the service; now may be nil for the wall clock.
func NewService(st *store.Store, orgs *org.Service, log *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: st, orgs: orgs, audit: log, now: now}
}

// shortAlphabet has no 0/O or 1/I, which people misread on paper.
const shortAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// ShortLen is the number of symbols of a short code (printed as 4-4).
const ShortLen = 8

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newCodes draws a card's token (32 symbols, 160 bits) and short code.
func newCodes() (token, short string) {
	b := make([]byte, 20+ShortLen)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	token = strings.ToLower(tokenEncoding.EncodeToString(b[:20]))
	s := make([]byte, ShortLen)
	for i, x := range b[20:] {
		s[i] = shortAlphabet[int(x)%len(shortAlphabet)] // 256 is a multiple of 32: no bias
	}
	return token, string(s)
}

// NormalizeShort is a typed short code as stored: capitals, without the
// dash or spaces people type; "" when it cannot be one.
func NormalizeShort(in string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(in) {
		switch {
		case r == '-' || r == ' ' || r == '\u3000':
			continue
		case strings.ContainsRune(shortAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != ShortLen {
		return ""
	}
	return b.String()
}

// PrintedShort is the short code as printed: ABCD-EFGH.
func PrintedShort(s string) string { return s[:4] + "-" + s[4:] }

func hashOf(kind, villageID, code string) string {
	sum := sha256.Sum256([]byte(kind + ":" + villageID + ":" + code))
	return hex.EncodeToString(sum[:])
}

// Issued is a card just issued: the only time its codes exist in clear.
type Issued struct {
	HouseholdNo string
	Token       string
	Short       string
	Gen         int
	IssuedAt    time.Time
}

func (s *Service) household(ctx context.Context, villageID, no string) error {
	hs, err := s.orgs.Households(ctx, villageID)
	if err != nil {
		return err
	}
	for _, h := range hs {
		if h.No == no {
			return nil
		}
	}
	return ErrHouseholdAbsent
}

// Issue makes the household's first card; ErrCardIssued when it has one.
func (s *Service) Issue(ctx context.Context, villageID, householdNo string, who web.Actor) (Issued, error) {
	if err := s.household(ctx, villageID, householdNo); err != nil {
		return Issued{}, err
	}
	token, short := newCodes()
	c := Card{HouseholdNo: householdNo, TokenHash: hashOf("token", villageID, token), ShortHash: hashOf("short", villageID, short),
		Gen: 1, IssuedAt: s.now().UTC().Truncate(time.Millisecond), IssuedBy: who.AccountID, IssuedByName: who.Name}
	_, err := s.store.Village(villageID).Collection(collCards).InsertOne(ctx, c)
	if store.IsDuplicate(err) {
		return Issued{}, ErrCardIssued
	}
	if err != nil {
		return Issued{}, fmt.Errorf("issue household card: %w", err)
	}
	if err := s.addCodes(ctx, villageID, c); err != nil {
		return Issued{}, err
	}
	is := Issued{HouseholdNo: householdNo, Token: token, Short: short, Gen: 1, IssuedAt: c.IssuedAt}
	return is, s.audit.Write(ctx, s.store.Village(villageID), who, "household_card.issue", "household/"+householdNo, "card 1")
}

// Reissue reports the household's card lost and issues a new one: the old
// codes are refused from now on. Of two reissues at once, one wins and the
// other is told the card changed.
func (s *Service) Reissue(ctx context.Context, villageID, householdNo string, who web.Actor) (Issued, error) {
	db := s.store.Village(villageID)
	var old Card
	err := db.Collection(collCards).FindOne(ctx, bson.M{"_id": householdNo}).Decode(&old)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Issued{}, ErrNoCard
	}
	if err != nil {
		return Issued{}, fmt.Errorf("find household card: %w", err)
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	token, short := newCodes()
	c := Card{HouseholdNo: householdNo, TokenHash: hashOf("token", villageID, token), ShortHash: hashOf("short", villageID, short),
		Gen: old.Gen + 1, IssuedAt: now, IssuedBy: who.AccountID, IssuedByName: who.Name}
	// The swap decides a race: only the reissue that finds the card it read wins.
	res, err := db.Collection(collCards).UpdateOne(ctx, bson.M{"_id": householdNo, "gen": old.Gen}, bson.M{"$set": bson.M{
		"token_hash": c.TokenHash, "short_hash": c.ShortHash, "gen": c.Gen, "issued_at": now, "issued_by": who.AccountID, "issued_by_name": who.Name}})
	if err != nil {
		return Issued{}, fmt.Errorf("reissue household card: %w", err)
	}
	if res.ModifiedCount == 0 {
		return Issued{}, ErrCardRace
	}
	// From the swap on, Find refuses the old codes (their gen is behind);
	// marking them says so without reading the card.
	_, err = db.Collection(collCodes).UpdateMany(ctx, bson.M{"_id": bson.M{"$in": bson.A{old.TokenHash, old.ShortHash}}},
		bson.M{"$set": bson.M{"revoked_at": now, "revoked_by": who.AccountID, "revoked_by_name": who.Name}})
	if err != nil {
		return Issued{}, fmt.Errorf("revoke household card: %w", err)
	}
	if err := s.addCodes(ctx, villageID, c); err != nil {
		return Issued{}, err
	}
	is := Issued{HouseholdNo: householdNo, Token: token, Short: short, Gen: old.Gen + 1, IssuedAt: now}
	return is, s.audit.Write(ctx, db, who, "household_card.reissue", "household/"+householdNo, "card "+strconv.Itoa(is.Gen))
}

// Cards are the cards in force of a village, by household number.
func (s *Service) Cards(ctx context.Context, villageID string) (map[string]Card, error) {
	cur, err := s.store.Village(villageID).Collection(collCards).Find(ctx, bson.M{}, options.Find())
	if err != nil {
		return nil, fmt.Errorf("list household cards: %w", err)
	}
	var list []Card
	if err := cur.All(ctx, &list); err != nil {
		return nil, fmt.Errorf("list household cards: %w", err)
	}
	out := make(map[string]Card, len(list))
	for _, c := range list {
		out[c.HouseholdNo] = c
	}
	return out, nil
}

// Find is the card in force that the token (scanned) or the short code
// (typed) names; a card reported lost is refused as such.
func (s *Service) Find(ctx context.Context, villageID, token, short string) (Card, error) {
	var hash string
	unknown := ErrCardUnknown
	switch {
	case token != "":
		hash = hashOf("token", villageID, strings.ToLower(token))
	case NormalizeShort(short) != "":
		hash, unknown = hashOf("short", villageID, NormalizeShort(short)), ErrCardUnknown.OnField("short_code")
	default:
		return Card{}, ErrCardUnknown.OnField("short_code")
	}
	db := s.store.Village(villageID)
	var k code
	err := db.Collection(collCodes).FindOne(ctx, bson.M{"_id": hash}).Decode(&k)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Card{}, unknown
	}
	if err != nil {
		return Card{}, fmt.Errorf("find household card: %w", err)
	}
	if !k.RevokedAt.IsZero() {
		return Card{}, ErrCardRevoked
	}
	var c Card
	err = db.Collection(collCards).FindOne(ctx, bson.M{"_id": k.HouseholdNo}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Card{}, unknown
	}
	if err != nil {
		return Card{}, fmt.Errorf("find household card: %w", err)
	}
	if c.Gen != k.Gen {
		return Card{}, ErrCardRevoked
	}
	return c, nil
}

// addCodes stores the card's two codes for lookup.
func (s *Service) addCodes(ctx context.Context, villageID string, c Card) error {
	_, err := s.store.Village(villageID).Collection(collCodes).InsertMany(ctx, []any{
		code{Hash: c.TokenHash, HouseholdNo: c.HouseholdNo, Gen: c.Gen}, code{Hash: c.ShortHash, HouseholdNo: c.HouseholdNo, Gen: c.Gen}})
	if err != nil {
		return fmt.Errorf("store household card codes: %w", err)
	}
	return nil
}

// Surname is the first character of a name: the card prints the head's
// surname only, so a lost card names no one in full.
func Surname(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError || size == 0 {
		return ""
	}
	return string(r)
}
