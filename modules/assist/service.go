package assist

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/notify"
	"yishi/modules/org"
	"yishi/modules/store"
	"yishi/modules/web"
)

// The rule of the second person: an assisted action is done only when a
// second person who may confirm it (a secretary or council member of the
// village) and is not its helper confirms it, as a marked attendance is
// (V2026 Art. 26 ¶1 line of policy.csv); both are named on the record.
// The national rule to keep a path for elderly people who cannot use smart
// devices (国办发〔2020〕45号) is why the path exists at all.
var (
	ErrNotFound     = web.New(404, "assist_not_found", "找不到这项代办", "No such assisted action")
	ErrSamePerson   = web.New(403, "same_person", "代办要由第二个人确认：记录代办的人不能自己确认", "An assisted action is confirmed by a second person: the helper who recorded it cannot confirm it")
	ErrCancelled    = web.New(409, "assist_cancelled", "这项代办已经撤销，不能再确认", "This assisted action was cancelled and cannot be confirmed")
	ErrConfirming   = web.New(409, "assist_confirming", "另一个人正在确认这项代办，请稍后刷新", "Someone else is confirming this assisted action; reload in a moment")
	ErrNotHelper    = web.New(403, "not_helper", "只有记录代办的人才能撤销", "Only the helper who recorded it can cancel it")
	ErrNotPending   = web.New(409, "assist_not_pending", "这项代办已经办完或撤销，不能再撤销", "This assisted action is already done or cancelled")
	errUnknownKind  = invalid("kind", "不能代办这件事", "this cannot be done for a resident")
	errNotPresent   = invalid("resident_present", "代办时居民本人必须在场：请确认本人就在身边", "The resident must be present: confirm they are with you")
	errNoResident   = invalid("resident_no", "名册上没有这位居民", "no such resident in the register")
	errSelf         = invalid("resident_no", "不能为自己代办，请自己办理", "you cannot assist yourself; do it yourself")
	errTarget       = invalid("target", "请从列表里选择", "pick one from the list")
	errNeedsPurpose = invalid("purpose", "请写明证明的用途", "say what the certificate is for")
)

func invalid(field, zh, en string) *web.Error {
	e := *web.ErrInvalid
	e.Fields = map[string]web.FieldError{field: {Message: zh, MessageEn: en}}
	return &e
}

// Service holds the rules of assisted actions. It knows nothing of HTTP.
type Service struct {
	store      *store.Store
	orgs       *org.Service
	audit      *audit.Log
	performers map[string]Performer
	// accountsOf are the accounts linked to residents (account.Service.OfResidents).
	accountsOf func(ctx context.Context, villageID string, nos []string) ([]string, error)
	notifier   notify.Sender
	log        *slog.Logger
	now        func() time.Time
}

// NewService makes the service; performers has one Performer per kind.
func NewService(st *store.Store, orgs *org.Service, chain *audit.Log, performers map[string]Performer,
	accountsOf func(ctx context.Context, villageID string, nos []string) ([]string, error), n notify.Sender, log *slog.Logger, now func() time.Time) *Service {
	st.VillageIndexes(collActions, mongo.IndexModel{Keys: bson.D{{Key: "resident_no", Value: 1}}},
		mongo.IndexModel{Keys: bson.D{{Key: "status", Value: 1}}})
	if n == nil {
		n = notify.Discard{}
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{store: st, orgs: orgs, audit: chain, performers: performers, accountsOf: accountsOf, notifier: n, log: log, now: now}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func (s *Service) actions(villageID string) *mongo.Collection {
	return s.store.Village(villageID).Collection(collActions)
}

// Choices are the targets of every kind, for the helper's form.
func (s *Service) Choices(ctx context.Context, v org.Org) (map[string][]Choice, error) {
	out := map[string][]Choice{}
	for _, k := range Kinds {
		cs, err := s.performers[k].Choices(ctx, v)
		if err != nil {
			return nil, err
		}
		out[k] = cs
	}
	return out, nil
}

// Create records a pending action: nothing is done until a second person
// confirms it.
func (s *Service) Create(ctx context.Context, v org.Org, helper web.Actor, in NewAction) (Action, error) {
	p, ok := s.performers[in.Kind]
	if !ok {
		return Action{}, errUnknownKind
	}
	if !in.Present {
		return Action{}, errNotPresent
	}
	if in.ResidentNo == helper.ResidentNo {
		return Action{}, errSelf
	}
	r, err := s.orgs.Resident(ctx, v.ID, in.ResidentNo)
	if errors.Is(err, org.ErrResidentNotFound) {
		return Action{}, errNoResident
	}
	if err != nil {
		return Action{}, err
	}
	choices, err := p.Choices(ctx, v)
	if err != nil {
		return Action{}, err
	}
	i := slices.IndexFunc(choices, func(c Choice) bool { return c.ID == in.Target })
	if i < 0 {
		return Action{}, errTarget
	}
	if in.Kind == KindCertificate && in.Purpose == "" {
		return Action{}, errNeedsPurpose
	}
	a := Action{ID: primitive.NewObjectID().Hex(), Kind: in.Kind, ResidentNo: r.No, ResidentName: r.Name,
		Target: in.Target, TargetTitle: choices[i].Title, TargetTitleEn: choices[i].TitleEn, Purpose: in.Purpose,
		Status: StatusPending, Helper: helper.AccountID, HelperName: helper.Name, CreatedAt: s.clock()}
	if _, err := s.actions(v.ID).InsertOne(ctx, a); err != nil {
		return Action{}, fmt.Errorf("record assisted action: %w", err)
	}
	s.tellConfirmers(ctx, v.ID, a)
	return a, s.write(ctx, v.ID, helper, "assist.record", a.ID, fmt.Sprintf("%s %s for resident %s (pending a second person)", a.Kind, a.Target, a.ResidentNo))
}

// Get returns one action.
func (s *Service) Get(ctx context.Context, villageID, id string) (Action, error) {
	var a Action
	err := s.actions(villageID).FindOne(ctx, bson.M{"_id": id}).Decode(&a)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Action{}, ErrNotFound
	}
	if err != nil {
		return Action{}, fmt.Errorf("read assisted action %s: %w", id, err)
	}
	return a, nil
}

func (s *Service) list(ctx context.Context, villageID string, filter bson.M, caller string) ([]Action, error) {
	cur, err := s.actions(villageID).Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}).SetLimit(200))
	if err != nil {
		return nil, fmt.Errorf("list assisted actions: %w", err)
	}
	out := []Action{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list assisted actions: %w", err)
	}
	for i := range out {
		out[i].Mine = caller != "" && out[i].Helper == caller
	}
	return out, nil
}

// Pending are the actions waiting for a second person, newest first; the
// caller's own are marked (they cannot confirm them).
func (s *Service) Pending(ctx context.Context, villageID, caller string) ([]Action, error) {
	return s.list(ctx, villageID, bson.M{"status": StatusPending}, caller)
}

// OfResident is a resident's own history: every action recorded for them.
func (s *Service) OfResident(ctx context.Context, villageID, residentNo string) ([]Action, error) {
	if residentNo == "" {
		return []Action{}, nil
	}
	return s.list(ctx, villageID, bson.M{"resident_no": residentNo}, "")
}

// Confirm is the second person's confirmation: it performs the action
// through the owning module and marks it done. A retried confirmation of a
// done action answers it again (already true) and acts not at all; of
// racing ones, one acts.
func (s *Service) Confirm(ctx context.Context, v org.Org, confirmer web.Actor, id string) (Action, bool, error) {
	a, err := s.Get(ctx, v.ID, id)
	if err != nil {
		return Action{}, false, err
	}
	if a.Status == StatusDone {
		return a, true, s.tellResident(ctx, v.ID, a)
	}
	if a.Status == StatusCancelled {
		return Action{}, false, ErrCancelled
	}
	if a.Helper == confirmer.AccountID {
		return Action{}, false, ErrSamePerson
	}
	claims := s.store.Village(v.ID).Collection(collClaims)
	if _, err := claims.InsertOne(ctx, bson.M{"_id": id, "by": confirmer.AccountID, "at": s.clock()}); err != nil {
		if store.IsDuplicate(err) {
			// One read decides: done (a retry, or the racer won), cancelled,
			// or still being done by the request that holds the claim.
			again, gerr := s.Get(ctx, v.ID, id)
			if gerr != nil {
				return Action{}, false, gerr
			}
			if again.Status == StatusDone {
				return again, true, nil
			}
			return Action{}, false, claimRefusal(again, ErrCancelled)
		}
		return Action{}, false, fmt.Errorf("claim assisted action %s: %w", id, err)
	}
	now := s.clock()
	mark := web.Assisted{ID: a.ID, Helper: a.Helper, HelperName: a.HelperName, Confirmer: confirmer.AccountID, ConfirmerName: confirmer.Name, At: now}
	record, err := s.perform(ctx, v, a, mark)
	if err != nil {
		// Nothing was done: the action stays pending, to be confirmed again
		// or cancelled, and the refusal names the owning module's rule.
		if _, derr := claims.DeleteOne(ctx, bson.M{"_id": id}); derr != nil {
			return Action{}, false, errors.Join(err, derr)
		}
		return Action{}, false, err
	}
	set := bson.M{"status": StatusDone, "confirmer": confirmer.AccountID, "confirmer_name": confirmer.Name, "confirmed_at": now, "record": record}
	if _, err := s.actions(v.ID).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": set}); err != nil {
		return Action{}, false, fmt.Errorf("mark assisted action %s done: %w", id, err)
	}
	a.Status, a.Confirmer, a.ConfirmerName, a.ConfirmedAt, a.Record = StatusDone, confirmer.AccountID, confirmer.Name, now, record
	if err := s.tellResident(ctx, v.ID, a); err != nil {
		return a, false, err
	}
	detail := fmt.Sprintf("assisted %s %s for resident %s: helper %s, confirmer %s, record %s",
		a.Kind, a.Target, a.ResidentNo, a.HelperName, a.ConfirmerName, a.Record)
	return a, false, s.write(ctx, v.ID, confirmer, "assist.confirm", a.ID, detail)
}

func (s *Service) perform(ctx context.Context, v org.Org, a Action, mark web.Assisted) (string, error) {
	accounts, err := s.accountsOf(ctx, v.ID, []string{a.ResidentNo})
	if err != nil {
		return "", err
	}
	r := Resident{No: a.ResidentNo, Name: a.ResidentName}
	if len(accounts) > 0 {
		r.Account = accounts[0]
	}
	return s.performers[a.Kind].Perform(ctx, v, r, a.Target, a.Purpose, mark)
}

// Cancel withdraws a pending action; only its helper may (a wrong resident
// or target picked is put right by cancelling and recording it again).
func (s *Service) Cancel(ctx context.Context, villageID string, helper web.Actor, id string) (Action, error) {
	a, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Action{}, err
	}
	if a.Helper != helper.AccountID {
		return Action{}, ErrNotHelper
	}
	if a.Status != StatusPending {
		return Action{}, ErrNotPending
	}
	// Cancelling takes the same claim a confirmation takes: of a cancel and
	// a confirmation racing, one wins and the other is refused.
	now := s.clock()
	if _, err := s.store.Village(villageID).Collection(collClaims).InsertOne(ctx, bson.M{"_id": id, "by": helper.AccountID, "at": now, "cancel": true}); err != nil {
		if store.IsDuplicate(err) {
			again, gerr := s.Get(ctx, villageID, id)
			if gerr != nil {
				return Action{}, gerr
			}
			return Action{}, claimRefusal(again, ErrNotPending)
		}
		return Action{}, fmt.Errorf("claim assisted action %s: %w", id, err)
	}
	if _, err := s.actions(villageID).UpdateOne(ctx, bson.M{"_id": id, "status": StatusPending},
		bson.M{"$set": bson.M{"status": StatusCancelled, "cancelled_at": now}}); err != nil {
		return Action{}, fmt.Errorf("cancel assisted action %s: %w", id, err)
	}
	a.Status, a.CancelledAt = StatusCancelled, now
	return a, s.write(ctx, villageID, helper, "assist.cancel", a.ID, fmt.Sprintf("%s %s for resident %s", a.Kind, a.Target, a.ResidentNo))
}

// claimRefusal is the refusal when another request holds the action's
// claim: ended once the action is no longer pending, else "someone is
// confirming it".
func claimRefusal(a Action, ended error) error {
	if a.Status != StatusPending {
		return ended
	}
	return ErrConfirming
}
