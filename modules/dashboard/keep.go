package dashboard

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
)

// Computing a village reads every proposal and request it ever had: on the
// embedded store, which scans, that is a few hundred milliseconds a village.
// So each village's figures are kept, in memory and in a small document in
// the village's own database, and requests serve them; a refresher
// recomputes a village in the background when its audit chain moved or time
// moved on. A request computes only a village never computed, or one whose
// figures are older than MaxAge (the refresher stopped, or the clock jumped).

// Options say how long figures are kept. The zero Options keep nothing:
// every request computes afresh (tests that write records straight into the
// store use it).
type Options struct {
	// MaxAge is the oldest figures a request serves, on the app clock;
	// older ones it recomputes first. 0 keeps nothing.
	MaxAge time.Duration
	// RefreshEvery is how often the refresher recomputes a village's
	// time-dependent figures (ages, overdue, the quarter) when nothing
	// changed; a new quarter is noticed at once.
	RefreshEvery time.Duration
	// Settle is the least time between two recomputes of a village's records
	// for changes: a burst of writes costs one read of its proposals.
	Settle time.Duration
	// RecordsEvery is how often the proposals and requests are read again
	// even without a change seen: writes that left no audit entry (another
	// instance, a restore) are counted within it.
	RecordsEvery time.Duration
	// Poll is how often the refresher looks at the kept villages and the org
	// tree (the look is in memory; only due villages read the store).
	Poll time.Duration
}

// DefaultOptions are the app's.
var DefaultOptions = Options{MaxAge: 10 * time.Minute, RefreshEvery: 2 * time.Minute, Settle: 10 * time.Second,
	RecordsEvery: time.Hour, Poll: time.Second}

// collFigures holds one document, the village's kept figures.
const (
	collFigures = "dashboard_figures"
	figuresID   = "figures"
	// figuresFormat changes when the stored shape does; another is ignored.
	figuresFormat = 2
)

// kept are a village's figures and the records they were computed from.
type kept struct {
	v   *Village
	rec records
	// seq is the audit head when rec was read, -1 when not known.
	seq       int64
	recordsAt time.Time
}

// storedFigures is the document in the village's database.
type storedFigures struct {
	ID        string    `bson:"_id"`
	Format    int       `bson:"format"`
	Seq       int64     `bson:"seq"`
	RecordsAt time.Time `bson:"records_at"`
	Records   records   `bson:"records"`
	Figures   *Village  `bson:"figures"`
}

func (s *Service) keeping() bool { return s.opts.MaxAge > 0 }

// head is the village's audit head, -1 when not known.
func (s *Service) head(villageID string) int64 {
	if s.heads == nil {
		return -1
	}
	if seq, ok := s.heads.Head(s.store.Village(villageID).Name()); ok {
		return seq
	}
	return -1
}

func (s *Service) lockOf(villageID string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.locks[villageID]
	if !ok {
		m = &sync.Mutex{}
		s.locks[villageID] = m
	}
	return m
}

func (s *Service) get(villageID string) *kept {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kept[villageID]
}

func (s *Service) put(villageID string, k *kept) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kept[villageID] = k
}

func (s *Service) fresh(k *kept, now time.Time) bool {
	return k != nil && !now.Before(k.v.ComputedAt) && now.Sub(k.v.ComputedAt) < s.opts.MaxAge
}

// servable is the village's kept figures if a request may serve them.
func (s *Service) servable(villageID string) *kept {
	if !s.keeping() {
		return nil
	}
	if k := s.get(villageID); s.fresh(k, s.minutes.Now()) {
		return k
	}
	return nil
}

// village is the village's figures for a request: kept, stored, or
// computed now.
func (s *Service) village(ctx context.Context, v org.Org) (*kept, error) {
	if !s.keeping() {
		return s.recompute(ctx, v, nil, true)
	}
	if k := s.servable(v.ID); k != nil {
		return k, nil
	}
	m := s.lockOf(v.ID)
	m.Lock()
	defer m.Unlock()
	now := s.minutes.Now()
	k := s.get(v.ID)
	if k == nil {
		var err error
		if k, err = s.load(ctx, v.ID); err != nil {
			return nil, err
		}
		if k != nil {
			s.put(v.ID, k)
		}
	}
	if s.fresh(k, now) {
		return k, nil
	}
	// Computing inline anyway: a change is read at once, Settle or not.
	full := k == nil || s.changed(k) || s.recordsDue(k, now)
	return s.recompute(ctx, v, k, full)
}

// changed says whether the village's audit chain moved since its records
// were read.
func (s *Service) changed(k *kept) bool {
	seq := s.head(k.v.Village.ID)
	return seq >= 0 && seq != k.seq
}

// recordsDue says whether the refresher must read a kept village's records
// again: they changed and Settle has passed, or they are RecordsEvery old.
func (s *Service) recordsDue(k *kept, now time.Time) bool {
	return s.changed(k) && now.Sub(k.recordsAt) >= s.opts.Settle || now.Sub(k.recordsAt) >= s.opts.RecordsEvery || now.Before(k.recordsAt)
}

// recompute computes the village's figures, reading its records again when
// full (or when there are none to reuse), and keeps and stores them. The
// caller holds the village's lock when keeping.
func (s *Service) recompute(ctx context.Context, v org.Org, prev *kept, full bool) (*kept, error) {
	now := s.minutes.Now()
	k := &kept{}
	if full || prev == nil {
		k.seq = s.head(v.ID) // before reading: a write meanwhile shows as a change
		rec, err := readRecords(ctx, s.store.Village(v.ID))
		if err != nil {
			return nil, fmt.Errorf("dashboard of %s: %w", v.Path, err)
		}
		k.rec, k.recordsAt = rec, now
	} else {
		k.rec, k.seq, k.recordsAt = prev.rec, prev.seq, prev.recordsAt
	}
	fig, err := s.compute(ctx, v, now, k.rec)
	if err != nil {
		return nil, fmt.Errorf("dashboard of %s: %w", v.Path, err)
	}
	k.v = fig
	if !s.keeping() {
		return k, nil
	}
	s.put(v.ID, k)
	if err := s.save(ctx, v.ID, k); err != nil {
		return nil, err
	}
	return k, nil
}

func (s *Service) save(ctx context.Context, villageID string, k *kept) error {
	doc := storedFigures{ID: figuresID, Format: figuresFormat, Seq: k.seq, RecordsAt: k.recordsAt, Records: k.rec, Figures: k.v}
	_, err := s.store.Village(villageID).Collection(collFigures).ReplaceOne(ctx, bson.M{"_id": figuresID}, doc, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("keep dashboard figures: %w", err)
	}
	return nil
}

// load reads the village's stored figures; nil when there are none (or of
// another format).
func (s *Service) load(ctx context.Context, villageID string) (*kept, error) {
	var doc storedFigures
	err := s.store.Village(villageID).Collection(collFigures).FindOne(ctx, bson.M{"_id": figuresID}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read kept dashboard figures: %w", err)
	}
	if doc.Format != figuresFormat || doc.Figures == nil || doc.Figures.Village.ID != villageID {
		return nil, nil
	}
	doc.Records.normalise()
	doc.Figures.normalise()
	return &kept{v: doc.Figures, rec: doc.Records, seq: doc.Seq, recordsAt: doc.RecordsAt}, nil
}

// orEmpty makes a list read back from the store non-nil, so it is [] in
// JSON as when computed.
func orEmpty[T any](xs *[]T) {
	if *xs == nil {
		*xs = []T{}
	}
}

func orEmptyMap(m *map[string]int) {
	if *m == nil {
		*m = map[string]int{}
	}
}

func (r *records) normalise() {
	orEmptyMap(&r.Proposals)
	orEmptyMap(&r.Topics)
	orEmptyMap(&r.Requests)
	orEmpty(&r.TopicList)
	orEmpty(&r.Oldest)
}

func (v *Village) normalise() {
	orEmptyMap(&v.Proposals)
	orEmptyMap(&v.Topics)
	orEmptyMap(&v.ServiceRequests.ByStatus)
	orEmpty(&v.Meetings.QuartersWithout)
	orEmpty(&v.Votes)
	orEmpty(&v.NoticesRunning)
	orEmpty(&v.FilingsPending)
	orEmpty(&v.OverdueDisclosures)
	orEmpty(&v.ComplaintsOpen)
	orEmpty(&v.ServiceRequests.Oldest)
	orEmpty(&v.Alerts)
	for i := range v.Alerts {
		orEmpty(&v.Alerts[i].Evidence)
	}
}

// orgsFor is how long the org tree is reused; the refresher renews it
// sooner, so a request never waits for it in steady state.
const orgsFor = 30 * time.Second

// allOrgs is the org tree, kept for orgsFor when keeping.
func (s *Service) allOrgs(ctx context.Context) ([]org.Org, error) {
	if s.keeping() {
		s.mu.Lock()
		list, at := s.orgList, s.orgAt
		s.mu.Unlock()
		if list != nil && time.Since(at) < orgsFor {
			return list, nil
		}
	}
	return s.reloadOrgs(ctx)
}

func (s *Service) reloadOrgs(ctx context.Context) ([]org.Org, error) {
	list, err := s.orgs.List(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.orgList, s.orgAt = list, time.Now()
	s.mu.Unlock()
	return list, nil
}

// Run keeps the figures fresh until ctx ends: it first takes up the figures
// stored by an earlier run, then every Poll recomputes the villages due.
// Villages nobody asked for are left alone. report gets the errors.
func (s *Service) Run(ctx context.Context, report func(error)) {
	if !s.keeping() {
		return
	}
	if err := s.Warm(ctx); err != nil && ctx.Err() == nil {
		report(err)
	}
	t := time.NewTicker(s.opts.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := s.RefreshDue(ctx); err != nil && ctx.Err() == nil {
			report(err)
		}
	}
}

// renewOrgs reads the org tree again when a third of orgsFor has passed,
// so requests find it kept even while a long refresh runs.
func (s *Service) renewOrgs(ctx context.Context) error {
	s.mu.Lock()
	at := s.orgAt
	s.mu.Unlock()
	if time.Since(at) < orgsFor/3 {
		return nil
	}
	_, err := s.reloadOrgs(ctx)
	return err
}

// Warm takes up the stored figures of every village not yet kept: one small
// read a village, so a restart does not start cold.
func (s *Service) Warm(ctx context.Context) error {
	all, err := s.reloadOrgs(ctx)
	if err != nil {
		return err
	}
	for _, v := range all {
		if v.Level != org.LevelVillage || s.get(v.ID) != nil {
			continue
		}
		k, err := s.load(ctx, v.ID)
		if err != nil {
			return err
		}
		if k != nil {
			m := s.lockOf(v.ID)
			m.Lock()
			if s.get(v.ID) == nil {
				s.put(v.ID, k)
			}
			m.Unlock()
		}
	}
	return nil
}

// RefreshDue recomputes, one after the other, the kept villages whose
// records changed (audit head moved, Settle apart) or whose figures are
// RefreshEvery old or from another quarter, and says how many. It rests
// between villages as long as each took.
func (s *Service) RefreshDue(ctx context.Context) (int, error) {
	s.mu.Lock()
	ids := make([]string, 0, len(s.kept))
	for id := range s.kept {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	n := 0
	for _, id := range ids {
		if err := s.renewOrgs(ctx); err != nil {
			return n, err
		}
		t0 := time.Now()
		done, err := s.refresh(ctx, id)
		if err != nil {
			return n, err
		}
		if done {
			n++
			// Rest as long as the village took: the refresher has at most
			// half of the store, which runs one command at a time.
			select {
			case <-ctx.Done():
				return n, ctx.Err()
			case <-time.After(time.Since(t0)):
			}
		}
	}
	return n, nil
}

func (s *Service) refresh(ctx context.Context, villageID string) (bool, error) {
	m := s.lockOf(villageID)
	m.Lock()
	defer m.Unlock()
	k := s.get(villageID)
	if k == nil {
		return false, nil
	}
	now := s.minutes.Now()
	full := s.recordsDue(k, now)
	age := now.Sub(k.v.ComputedAt)
	if !full && age >= 0 && age < s.opts.RefreshEvery && quarterStart(now).Equal(quarterStart(k.v.ComputedAt)) {
		return false, nil
	}
	v, err := s.orgs.Get(ctx, villageID)
	if errors.Is(err, org.ErrOrgNotFound) {
		s.mu.Lock()
		delete(s.kept, villageID)
		s.mu.Unlock()
		return false, nil
	}
	if err != nil {
		return false, err
	}
	_, err = s.recompute(ctx, v, k, full)
	return err == nil, err
}

// Recompute computes a village's figures now, its records read again, and
// keeps them; it is how tests and the benchmark force fresh figures.
func (s *Service) Recompute(ctx context.Context, villageID string, records bool) (time.Duration, error) {
	v, err := s.orgs.Village(ctx, villageID)
	if err != nil {
		return 0, err
	}
	m := s.lockOf(villageID)
	m.Lock()
	defer m.Unlock()
	t0 := time.Now()
	_, err = s.recompute(ctx, v, s.get(villageID), records)
	return time.Since(t0), err
}
