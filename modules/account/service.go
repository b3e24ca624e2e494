package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/store"
	"yishi/modules/web"
	"yishi/policies"
)

// cacheTTL bounds how long another instance may take to see a logout or a
// change of account.
const cacheTTL = 30 * time.Second

// embeddedSessionCacheTTL is how long a session stays cached on the
// embedded store, where no other instance can end it.
const embeddedSessionCacheTTL = 12 * time.Hour

const (
	collAccounts = "accounts"
	collSessions = "sessions"
)

// Errors of this module.
var (
	ErrInvalidCredentials = web.New(401, "invalid_credentials", "手机号或密码不对", "Wrong phone number or password")
	ErrPhoneTaken         = web.New(409, "phone_taken", "这个手机号已有账号", "This phone number already has an account")
	ErrAccountNotFound    = web.New(404, "account_not_found", "找不到该账号", "No such account")
)

// Service keeps accounts and sessions and feeds role assignments to the enforcer.
type Service struct {
	store        *store.Store
	enforcer     *policies.Enforcer
	audit        *audit.Log
	sessionTTL   time.Duration
	now          func() time.Time
	sessionsByID *ttlCache[Session]
	accountsByID *ttlCache[Account]
	// SeatRoles are the roles a resident's seats carry (body_roles.go),
	// given to an account opened for a resident already seated; nil gives none.
	SeatRoles func(ctx context.Context, villageID, residentNo string) ([]policies.Assignment, error)
}

// NewService makes the service.
func NewService(s *store.Store, e *policies.Enforcer, log *audit.Log, sessionTTL time.Duration) *Service {
	if sessionTTL <= 0 {
		sessionTTL = 7 * 24 * time.Hour
	}
	// On the embedded store this process is the only one that creates or
	// ends sessions (the store lives inside it), so a cached session is
	// exact until it expires or is ended here; the 30 s bound is for
	// instances sharing a MongoDB. A hundred villages' readers missed the
	// 30 s cache often enough to double the p95 of every page.
	sessionCacheTTL := cacheTTL
	if s.Embedded {
		sessionCacheTTL = embeddedSessionCacheTTL
	}
	return &Service{store: s, enforcer: e, audit: log, sessionTTL: sessionTTL, now: time.Now,
		sessionsByID: newTTLCache[Session](sessionCacheTTL, 100000), accountsByID: newTTLCache[Account](cacheTTL, 100000)}
}

func (s *Service) accounts() *mongo.Collection { return s.store.Shared().Collection(collAccounts) }

// Sessions are spread over sessionBuckets collections by the first hex
// digits of their ID, so finding one reads a small collection however many
// people are logged in: the embedded store scans the collection it queries.
const sessionBuckets = 256

func (s *Service) sessions(id string) *mongo.Collection {
	return s.store.Shared().Collection(collSessions + "_" + id[:2])
}

// Init creates indexes and loads every account's role assignments into the
// enforcer.
func (s *Service) Init(ctx context.Context) error {
	if err := s.store.EnsureIndexes(ctx, collRoleChanges, mongo.IndexModel{Keys: bson.D{{Key: "at", Value: 1}}}); err != nil {
		return err
	}
	if err := s.store.EnsureIndexes(ctx, collAccounts,
		mongo.IndexModel{Keys: bson.D{{Key: "phone", Value: 1}}, Options: options.Index().SetUnique(true)}); err != nil {
		return err
	}
	cur, err := s.accounts().Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"roles": 1}))
	if err != nil {
		return fmt.Errorf("load role assignments: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var a Account
		if err := cur.Decode(&a); err != nil {
			return fmt.Errorf("load role assignments: %w", err)
		}
		if err := s.enforcer.SetAssignments(a.ID, a.Roles); err != nil {
			return err
		}
	}
	return cur.Err()
}

// NewAccount is what an operator gives to create an account.
type NewAccount struct {
	Phone      string                `json:"phone" validate:"required,phone"`
	Name       string                `json:"name" validate:"required,max=32"`
	Password   string                `json:"password" validate:"required,min=8,max=128"`
	Roles      []policies.Assignment `json:"roles" validate:"required,min=1,dive"`
	VillageID  string                `json:"village_id" validate:"omitempty,len=24,hexadecimal"`
	ResidentNo string                `json:"resident_no" validate:"omitempty,max=32"`
}

// Create adds an account for who asked (account.create in the shared
// chain); a phone number has at most one.
func (s *Service) Create(ctx context.Context, who web.Actor, in NewAccount) (Account, error) {
	a, err := s.create(ctx, in)
	if err != nil {
		return Account{}, err
	}
	return a, s.audit.Write(ctx, s.store.Shared(), who, "account.create", a.ID, "")
}

// create adds an account; seeding (Ensure) uses it unaudited, as before.
func (s *Service) create(ctx context.Context, in NewAccount) (Account, error) {
	for _, r := range in.Roles {
		if _, ok := policies.RoleByName(r.Role); !ok || !web.IsOrgPath(r.Scope) {
			e := *web.ErrInvalid
			e.Fields = map[string]web.FieldError{"roles": {Message: "角色或范围不正确", MessageEn: "unknown role or bad scope"}}
			return Account{}, &e
		}
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return Account{}, err
	}
	if in.Roles, err = s.withSeatRoles(ctx, in); err != nil {
		return Account{}, err
	}
	a := Account{ID: primitive.NewObjectID().Hex(), Phone: in.Phone, Name: in.Name, PasswordHash: hash,
		Roles: in.Roles, VillageID: in.VillageID, ResidentNo: in.ResidentNo, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	if _, err := s.accounts().InsertOne(ctx, a); err != nil {
		if store.IsDuplicate(err) {
			return Account{}, ErrPhoneTaken
		}
		return Account{}, fmt.Errorf("create account: %w", err)
	}
	if err := s.enforcer.SetAssignments(a.ID, a.Roles); err != nil {
		return Account{}, err
	}
	return a, s.notifyRoleChange(ctx, a.ID)
}

// Ensure creates the account or, if the phone has one, sets its name and
// roles (not its password): seeding twice changes nothing.
func (s *Service) Ensure(ctx context.Context, in NewAccount) (Account, error) {
	a, err := s.ByPhone(ctx, in.Phone)
	if errors.Is(err, ErrAccountNotFound) {
		a, err = s.create(ctx, in)
		if !errors.Is(err, ErrPhoneTaken) {
			return a, err
		}
		a, err = s.ByPhone(ctx, in.Phone)
	}
	if err != nil {
		return Account{}, err
	}
	if a.Name == in.Name && slices.Equal(a.Roles, in.Roles) && a.VillageID == in.VillageID && a.ResidentNo == in.ResidentNo {
		return a, nil // nothing to change: seeding twice writes nothing
	}
	set, unset := bson.M{"name": in.Name, "roles": in.Roles}, bson.M{}
	for field, v := range map[string]string{"village_id": in.VillageID, "resident_no": in.ResidentNo} {
		if v == "" {
			unset[field] = ""
		} else {
			set[field] = v
		}
	}
	update := bson.M{"$set": set}
	if len(unset) > 0 {
		update["$unset"] = unset
	}
	if _, err := s.accounts().UpdateOne(ctx, bson.M{"_id": a.ID}, update); err != nil {
		return Account{}, fmt.Errorf("update account %s: %w", a.ID, err)
	}
	a.Name, a.Roles, a.VillageID, a.ResidentNo = in.Name, in.Roles, in.VillageID, in.ResidentNo
	s.accountsByID.drop(a.ID)
	if err := s.enforcer.SetAssignments(a.ID, a.Roles); err != nil {
		return Account{}, err
	}
	return a, s.notifyRoleChange(ctx, a.ID)
}

// ByPhone finds an account by phone number.
func (s *Service) ByPhone(ctx context.Context, phone string) (Account, error) {
	return s.findOne(ctx, bson.M{"phone": phone})
}

// Get finds an account by ID.
func (s *Service) Get(ctx context.Context, id string) (Account, error) {
	if a, ok := s.accountsByID.get(id); ok {
		return a, nil
	}
	a, err := s.findOne(ctx, bson.M{"_id": id})
	if err == nil {
		s.accountsByID.put(id, a)
	}
	return a, err
}

func (s *Service) findOne(ctx context.Context, filter bson.M) (Account, error) {
	var a Account
	err := s.accounts().FindOne(ctx, filter).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Account{}, ErrAccountNotFound
	}
	if err != nil {
		return Account{}, fmt.Errorf("find account: %w", err)
	}
	return a, nil
}

// dummyHash is checked when no account matches, so a wrong phone costs as
// much time as a wrong password and does not reveal which phones exist.
var dummyHash, _ = HashPassword("not a password of anyone")

// Authenticate checks a phone and password.
func (s *Service) Authenticate(ctx context.Context, phone, password string) (Account, error) {
	a, err := s.ByPhone(ctx, phone)
	if errors.Is(err, ErrAccountNotFound) {
		_, _ = CheckPassword(dummyHash, password)
		return Account{}, ErrInvalidCredentials
	}
	if err != nil {
		return Account{}, err
	}
	ok, err := CheckPassword(a.PasswordHash, password)
	if err != nil {
		return Account{}, fmt.Errorf("check password of %s: %w", a.ID, err)
	}
	if !ok {
		return Account{}, ErrInvalidCredentials
	}
	return a, nil
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func tokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StartSession creates a session and returns its cookie token.
func (s *Service) StartSession(ctx context.Context, a Account) (string, Session, error) {
	token, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	now := s.now().UTC().Truncate(time.Millisecond)
	sess := Session{ID: tokenID(token), AccountID: a.ID, VillageID: a.VillageID, ResidentNo: a.ResidentNo, Name: a.Name, Phone: a.Phone, CSRF: csrf, CreatedAt: now, ExpiresAt: now.Add(s.sessionTTL)}
	if _, err := s.sessions(sess.ID).InsertOne(ctx, sess); err != nil {
		return "", Session{}, fmt.Errorf("start session: %w", err)
	}
	s.sessionsByID.put(sess.ID, sess)
	return token, sess, nil
}

// Session finds a live session by its cookie token.
func (s *Service) Session(ctx context.Context, token string) (Session, bool, error) {
	if token == "" || len(token) > 128 {
		return Session{}, false, nil
	}
	id := tokenID(token)
	if sess, ok := s.sessionsByID.get(id); ok {
		return sess, s.now().Before(sess.ExpiresAt), nil
	}
	var sess Session
	err := s.sessions(id).FindOne(ctx, bson.M{"_id": id}).Decode(&sess)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Session{}, false, nil
	}
	if err != nil {
		return Session{}, false, fmt.Errorf("find session: %w", err)
	}
	if !s.now().Before(sess.ExpiresAt) {
		return Session{}, false, nil
	}
	s.sessionsByID.put(id, sess)
	return sess, true, nil
}

// EndSession deletes a session.
func (s *Service) EndSession(ctx context.Context, token string) error {
	s.sessionsByID.drop(tokenID(token))
	if _, err := s.sessions(tokenID(token)).DeleteOne(ctx, bson.M{"_id": tokenID(token)}); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// PurgeExpired deletes expired sessions (and login codes), keeping the collection (which the
// embedded store scans on every request) small.
func (s *Service) PurgeExpired(ctx context.Context) (int64, error) {
	var n int64
	for b := 0; b < sessionBuckets; b++ {
		res, err := s.sessions(fmt.Sprintf("%02x", b)).DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lte": s.now().UTC()}})
		if err != nil {
			return n, fmt.Errorf("purge sessions: %w", err)
		}
		n += res.DeletedCount
	}
	if _, err := s.store.Shared().Collection(collLoginCodes).DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lte": s.now().UTC()}}); err != nil {
		return n, fmt.Errorf("purge login codes: %w", err)
	}
	return n, nil
}

// ResidentLinked reports whether an account is already linked to the
// resident. (Checked on creation: the embedded store cannot enforce a unique
// index over two fields that most accounts of officials lack.)
func (s *Service) ResidentLinked(ctx context.Context, villageID, residentNo string) (bool, error) {
	n, err := s.accounts().CountDocuments(ctx, bson.M{"village_id": villageID, "resident_no": residentNo})
	if err != nil {
		return false, fmt.Errorf("find account of resident %s: %w", residentNo, err)
	}
	return n > 0, nil
}

// OfResidents are the IDs of the accounts linked to the village's resident
// numbers, for telling residents what concerns them. A resident without an
// account has none.
func (s *Service) OfResidents(ctx context.Context, villageID string, nos []string) ([]string, error) {
	if len(nos) == 0 {
		return nil, nil
	}
	cur, err := s.accounts().Find(ctx, bson.M{"village_id": villageID, "resident_no": bson.M{"$in": nos}},
		options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return nil, fmt.Errorf("accounts of residents: %w", err)
	}
	var rows []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("accounts of residents: %w", err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out, nil
}
