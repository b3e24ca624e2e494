package org

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/store"
	"yishi/modules/web"
)

// Service holds the org tree's rules.
type Service struct {
	store *store.Store
	audit *audit.Log
	// Orgs never change path once created, so lookups by ID are cached: they
	// sit on every guarded request.
	cache  sync.Map // id -> Org
	byPath sync.Map // path -> id
	// Decisions lists the decisions that may elect a supervision committee,
	// and MembersChanged follows a change of a body's members (the app gives
	// and takes the roles its seats carry); both are wired by the app.
	Decisions      func(ctx context.Context, villageID string) ([]Decision, error)
	MembersChanged func(ctx context.Context, villageID string, b Body, before []Member) error
}

// NewService makes the service and registers the per-village indexes.
func NewService(s *store.Store, log *audit.Log) *Service {
	s.VillageIndexes(collResidents, residentIndexes...)
	return &Service{store: s, audit: log}
}

// Init creates the shared indexes; it is idempotent.
func (s *Service) Init(ctx context.Context) error {
	return s.store.EnsureIndexes(ctx, collOrgs, orgIndexes...)
}

func (s *Service) orgs() *mongo.Collection { return s.store.Shared().Collection(collOrgs) }

// Errors of this module.
var (
	ErrOrgNotFound  = web.New(404, "org_not_found", "找不到该组织", "No such org")
	ErrNotVillage   = web.New(422, "not_village", "只有村（社区）才有议事机构和名册", "Only a village or community has bodies and a register")
	ErrBadParent    = web.New(422, "bad_parent", "上级组织的层级不对", "The parent org is not of the level above")
	ErrOrgExists    = web.New(409, "org_exists", "该组织已存在", "This org already exists")
	ErrBodyExists   = web.New(409, "body_exists", "该议事机构已存在", "This body already exists")
	ErrBodyNotFound = web.New(404, "body_not_found", "找不到该议事机构", "No such body")
	// ErrResidentNotFound: no resident with that number in the register.
	ErrResidentNotFound = web.New(404, "resident_not_found", "名册上没有这个居民", "No such resident in the register")
)

// NewOrg is what an operator gives to create an org.
type NewOrg struct {
	Code     string `json:"code" validate:"required,code"`
	Name     string `json:"name" validate:"required,max=64"`
	Level    string `json:"level" validate:"required,oneof=city district street village"`
	Kind     string `json:"kind" validate:"omitempty,oneof=community village"`
	ParentID string `json:"parent_id" validate:"omitempty,len=24,hexadecimal"`
}

// PlanPath checks the parent and returns the new org's path, so the caller
// can authorise against the parent before anything is written.
func (s *Service) PlanPath(ctx context.Context, in NewOrg) (string, error) {
	if in.Level == LevelCity {
		if in.ParentID != "" {
			return "", ErrBadParent
		}
		return "/" + in.Code, nil
	}
	if in.ParentID == "" {
		return "", ErrBadParent
	}
	parent, err := s.Get(ctx, in.ParentID)
	if err != nil {
		return "", err
	}
	if parent.Level != parentLevel[in.Level] {
		return "", ErrBadParent
	}
	return parent.Path + "/" + in.Code, nil
}

// Create adds an org for who asked (org.create in the shared chain). A
// second org with the same path is a conflict.
func (s *Service) Create(ctx context.Context, who web.Actor, in NewOrg) (Org, error) {
	o, err := s.create(ctx, in)
	if err != nil {
		return Org{}, err
	}
	return o, s.audit.Write(ctx, s.store.Shared(), who, "org.create", o.ID, o.Path)
}

// create adds an org; seeding (Ensure) uses it unaudited, as before.
func (s *Service) create(ctx context.Context, in NewOrg) (Org, error) {
	path, err := s.PlanPath(ctx, in)
	if err != nil {
		return Org{}, err
	}
	o := Org{ID: primitive.NewObjectID().Hex(), Code: in.Code, Name: in.Name, Level: in.Level,
		Path: path, ParentID: in.ParentID, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if in.Level == LevelVillage {
		o.Kind = in.Kind
		if o.Kind == "" {
			o.Kind = KindVillage
		}
	}
	if _, err := s.orgs().InsertOne(ctx, o); err != nil {
		if store.IsDuplicate(err) {
			return Org{}, ErrOrgExists
		}
		return Org{}, fmt.Errorf("create org %s: %w", path, err)
	}
	if o.Level == LevelVillage {
		if err := s.store.PrepareVillage(ctx, o.ID); err != nil {
			return Org{}, err
		}
	}
	return o, nil
}

// Ensure returns the org at the path the input describes, creating it if
// missing. Seeding uses it so that seeding twice changes nothing.
func (s *Service) Ensure(ctx context.Context, in NewOrg) (Org, error) {
	path, err := s.PlanPath(ctx, in)
	if err != nil {
		return Org{}, err
	}
	if o, err := s.ByPath(ctx, path); err == nil {
		return o, nil
	} else if !errors.Is(err, ErrOrgNotFound) {
		return Org{}, err
	}
	o, err := s.create(ctx, in)
	if errors.Is(err, ErrOrgExists) {
		return s.ByPath(ctx, path)
	}
	return o, err
}

// Get finds an org by ID.
func (s *Service) Get(ctx context.Context, id string) (Org, error) {
	if o, ok := s.cache.Load(id); ok {
		return o.(Org), nil
	}
	var o Org
	err := s.orgs().FindOne(ctx, bson.M{"_id": id}).Decode(&o)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Org{}, ErrOrgNotFound
	}
	if err != nil {
		return Org{}, fmt.Errorf("get org %s: %w", id, err)
	}
	s.cache.Store(id, o)
	return o, nil
}

// Village finds an org and checks it is village level.
func (s *Service) Village(ctx context.Context, id string) (Org, error) {
	o, err := s.Get(ctx, id)
	if err != nil {
		return Org{}, err
	}
	if o.Level != LevelVillage {
		return Org{}, ErrNotVillage
	}
	return o, nil
}

// ByPath finds an org by its path. Paths never change, so found orgs are
// cached like lookups by ID: every "who am I" names the orgs of its roles.
func (s *Service) ByPath(ctx context.Context, path string) (Org, error) {
	if id, ok := s.byPath.Load(path); ok {
		return s.Get(ctx, id.(string))
	}
	var o Org
	err := s.orgs().FindOne(ctx, bson.M{"path": path}).Decode(&o)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Org{}, ErrOrgNotFound
	}
	if err != nil {
		return Org{}, fmt.Errorf("find org %s: %w", path, err)
	}
	s.cache.Store(o.ID, o)
	s.byPath.Store(path, o.ID)
	return o, nil
}

// List returns every org, sorted by path (the tree in reading order).
func (s *Service) List(ctx context.Context) ([]Org, error) {
	cur, err := s.orgs().Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "path", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list orgs: %w", err)
	}
	out := []Org{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list orgs: %w", err)
	}
	return out, nil
}

// NewBody is what an operator gives to set up a body in a village.
type NewBody struct {
	ID      string   `json:"id" validate:"required,code"`
	Kind    string   `json:"kind" validate:"required,oneof=council moralboard hall association committee supervision"`
	Name    string   `json:"name" validate:"required,max=64"`
	Members []Member `json:"members" validate:"dive"`
	// ElectedBy is required for a supervision committee; TermEnds is the
	// committee's term (a supervision committee takes the committee's).
	ElectedBy *Decision `json:"elected_by" validate:"omitempty"`
	TermEnds  string    `json:"term_ends" validate:"omitempty,datetime=2006-01-02"`
}

// CreateBody sets up a body for who asked (body.create); its ID is unique
// within the village.
func (s *Service) CreateBody(ctx context.Context, who web.Actor, villageID string, in NewBody) (Body, error) {
	b, err := s.createBody(ctx, villageID, in)
	if err != nil {
		return Body{}, err
	}
	return b, s.audit.Write(ctx, s.store.Village(villageID), who, "body.create", b.ID, b.Kind)
}

func (s *Service) createBody(ctx context.Context, villageID string, in NewBody) (Body, error) {
	b := Body{ID: in.ID, Kind: in.Kind, Name: in.Name, Members: in.Members, CreatedAt: time.Now().UTC().Truncate(time.Millisecond)}
	if b.Members == nil {
		b.Members = []Member{}
	}
	if err := s.planBody(ctx, villageID, &b, in); err != nil {
		return Body{}, err
	}
	if _, err := s.store.Village(villageID).Collection(collBodies).InsertOne(ctx, b); err != nil {
		if store.IsDuplicate(err) {
			return Body{}, ErrBodyExists
		}
		return Body{}, fmt.Errorf("create body %s: %w", in.ID, err)
	}
	if s.MembersChanged != nil {
		return b, s.MembersChanged(ctx, villageID, b, nil)
	}
	return b, nil
}

// EnsureBody creates the body or, if it exists, sets its members: seeding
// twice leaves one body with the seeded members.
func (s *Service) EnsureBody(ctx context.Context, villageID string, in NewBody) error {
	_, err := s.createBody(ctx, villageID, in)
	if errors.Is(err, ErrBodyExists) {
		return s.setMembers(ctx, villageID, in.ID, in.Members)
	}
	return err
}

// SetMembers replaces a body's members for who asked (body.members).
func (s *Service) SetMembers(ctx context.Context, who web.Actor, villageID, bodyID string, members []Member) error {
	if err := s.setMembers(ctx, villageID, bodyID, members); err != nil {
		return err
	}
	return s.audit.Write(ctx, s.store.Village(villageID), who, "body.members", bodyID, "")
}

// setMembers replaces a body's members in one single-document update.
func (s *Service) setMembers(ctx context.Context, villageID, bodyID string, members []Member) error {
	if members == nil {
		members = []Member{}
	}
	b, err := s.bodyKind(ctx, villageID, bodyID)
	if err != nil {
		return err
	}
	if err := s.checkBar(ctx, villageID, bodyID, b.Kind, members); err != nil {
		return err
	}
	res, err := s.store.Village(villageID).Collection(collBodies).UpdateOne(ctx,
		bson.M{"_id": bodyID}, bson.M{"$set": bson.M{"members": members}})
	if err != nil {
		return fmt.Errorf("set members of %s: %w", bodyID, err)
	}
	if res.MatchedCount == 0 {
		return ErrBodyNotFound
	}
	if s.MembersChanged != nil {
		before := b.Members
		b.Members = members
		return s.MembersChanged(ctx, villageID, b, before)
	}
	return nil
}

// Bodies lists a village's bodies.
func (s *Service) Bodies(ctx context.Context, villageID string) ([]Body, error) {
	cur, err := s.store.Village(villageID).Collection(collBodies).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list bodies: %w", err)
	}
	out := []Body{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list bodies: %w", err)
	}
	return out, nil
}

// Residents lists a village's register, by resident number.
func (s *Service) Residents(ctx context.Context, villageID string) ([]Resident, error) {
	cur, err := s.store.Village(villageID).Collection(collResidents).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list residents: %w", err)
	}
	out := []Resident{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list residents: %w", err)
	}
	return out, nil
}

// Households lists a village's households.
func (s *Service) Households(ctx context.Context, villageID string) ([]Household, error) {
	cur, err := s.store.Village(villageID).Collection(collHouseholds).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list households: %w", err)
	}
	out := []Household{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list households: %w", err)
	}
	return out, nil
}

// Household finds one household of a village by number; ok is false when
// the register has none.
func (s *Service) Household(ctx context.Context, villageID, no string) (h Household, ok bool, err error) {
	err = s.store.Village(villageID).Collection(collHouseholds).FindOne(ctx, bson.M{"_id": no}).Decode(&h)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Household{}, false, nil
	}
	if err != nil {
		return Household{}, false, fmt.Errorf("find household %s: %w", no, err)
	}
	return h, true, nil
}

// Resident finds one resident of a village's register by number.
func (s *Service) Resident(ctx context.Context, villageID, no string) (Resident, error) {
	var r Resident
	err := s.store.Village(villageID).Collection(collResidents).FindOne(ctx, bson.M{"_id": no}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Resident{}, ErrResidentNotFound
	}
	if err != nil {
		return Resident{}, fmt.Errorf("find resident %s: %w", no, err)
	}
	return r, nil
}
