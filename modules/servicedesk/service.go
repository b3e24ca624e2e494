package servicedesk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/audit"
	"yishi/modules/store"
	"yishi/modules/web"
	"yishi/policies"
)

// Errors of this module.
var (
	ErrRequestNotFound = web.New(404, "service_request_not_found", "找不到该服务申请", "No such service request")
	ErrNotVillager     = web.New(403, "not_a_villager", "您的账号没有关联本村村民", "Your account is not linked to a resident of this village")
	ErrNotOnList       = web.New(422, "service_not_listed", "服务清单上没有这项服务", "The service list has no such service")
	ErrWrongStatus     = web.New(409, "service_request_status", "服务申请当前的状态不允许这样做", "The request is not at a stage that allows this")
	ErrNotOwner        = web.New(403, "not_request_owner", "只有提出申请的村民可以这样做", "Only the resident who filed the request may do this")
	ErrCertificate     = web.New(422, "certificate_not_allowed",
		"依据"+GuidanceZh+"，村级组织出具证明实行清单管理，清单以外的证明村里不得出具，请向有关部门申请或由部门通过信息共享核查",
		"Under "+GuidanceEn+", a village issues only the certificates on its list; any other certificate it must not issue: ask the department concerned, which checks shared records")
)

func taskRefusal(code, zh, en string) *web.Error {
	return web.New(422, code, "依据"+GuidanceZh+"，"+zh, "Under "+GuidanceEn+": "+en)
}

// Task refusals, each naming the rule of the 2022 guidance it applies.
var (
	ErrTaskNotListed = taskRefusal("task_not_on_powers_list", "该事项不在依法协助政府工作事项（权责清单）之内，不得交由村级组织承担",
		"the task is not on the powers list of matters the village assists the government with; it may not be pushed onto the village")
	ErrTaskBasis = taskRefusal("task_basis_mismatch", "派给村里的事项须写明与权责清单一致的法律依据",
		"a task must state the legal basis its powers-list entry names")
	ErrTaskNotDeployed = taskRefusal("task_not_deployed", "部门不得未经县级党委和政府统一部署将自身职责事项转嫁给村级组织",
		"a department may not pass its own duties to a village without a county-level deployment")
	// The entrusting department bears the cost: the Organic Laws' own rule,
	// quoted beside the 2022 opinion's.
	ErrTaskNoDepartment = web.New(422, "task_no_department",
		"依照村委会组织法2026年版第四十三条第二款（城市居委会组织法2026年版第四十三条第二款同），有关部门委托村（居）民委员会协助开展工作的事项，应当符合法律、法规规定，所需经费由委托部门承担：请写明委托的部门",
		"Under V2026 Art. 43 ¶2 (and U2026 Art. 43 ¶2) a department that entrusts a village with work bears its cost: name the entrusting department").OnField("department")
	ErrTaskUnfunded = taskRefusal("task_unfunded", "派给村里的事项须写明经费来源，不得要求村里承担无经费保障的工作或岗位",
		"a task must name its funding source; a village may not be given unfunded work or posts")
	ErrTaskProof = taskRefusal("task_proof_forbidden", "不得要求村级组织以填表、截图、拍照、打卡等方式留痕作为工作证明",
		"a village may not be asked for forms, screenshots, photos or check-ins as proof of work")
	ErrTaskPost = taskRefusal("task_new_post", "派任务不得要求村级组织设立新岗位或机构，部门确需设立的须另行报批并由部门保障经费",
		"a task may not make a village set up a new post or body; one a department truly needs is approved separately and funded by it")
)

const (
	collRequests = "service_requests"
	collTasks    = "village_tasks"
)

// Service holds the desk's rules.
type Service struct {
	store    *store.Store
	audit    *audit.Log
	services func() []policies.Line
	powers   func() []policies.Line
	now      func() time.Time
	// cityOf finds a village's city, whose catalogue adds certificates.
	cityOf func(ctx context.Context, villageID string) (string, error)
}

// NewService makes the service. published returns the published lists
// (policies.Enforcer.Published): what residents are shown is what is enforced.
func NewService(s *store.Store, log *audit.Log, published func() map[string][]policies.Line, now func() time.Time) *Service {
	s.VillageIndexes(collRequests, mongo.IndexModel{Keys: bson.D{{Key: "resident_no", Value: 1}}},
		mongo.IndexModel{Keys: bson.D{{Key: "status", Value: 1}}})
	if now == nil {
		now = time.Now
	}
	return &Service{store: s, audit: log, now: now,
		services: func() []policies.Line { return published()[policies.ListServices] },
		powers:   func() []policies.Line { return published()[policies.ListPowers] }}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ServiceKey names a line of the service list: role:obj.act.
func ServiceKey(l policies.Line) string { return l.Role + ":" + l.Obj + "." + l.Act }

// Services is the published service list.
func (s *Service) Services() []ServiceLine {
	out := []ServiceLine{}
	for _, l := range s.services() {
		out = append(out, ServiceLine{Key: ServiceKey(l), Role: l.Role, RoleZh: l.RoleZh, RoleEn: l.RoleEn, Basis: l.Basis, Zh: l.Zh, En: l.En,
			Requesters: requestersOf(ServiceKey(l))})
	}
	return out
}

// File files a resident's service request.
func (s *Service) File(ctx context.Context, villageID string, who web.Actor, in NewRequest) (Request, error) {
	if !who.Villager(villageID) {
		return Request{}, ErrNotVillager
	}
	if !slices.ContainsFunc(s.services(), func(l policies.Line) bool { return ServiceKey(l) == in.Service }) {
		return Request{}, ErrNotOnList
	}
	return s.insert(ctx, Request{VillageID: villageID, Kind: KindService, Service: in.Service, ResidentNo: who.ResidentNo,
		AccountID: who.AccountID, Text: in.Text}, who)
}

// RequestCertificate files a request for a certificate on the whitelist and
// refuses any other with the rule that forbids it.
func (s *Service) RequestCertificate(ctx context.Context, villageID string, who web.Actor, in NewCertificateRequest) (Request, error) {
	if !who.Villager(villageID) {
		return Request{}, ErrNotVillager
	}
	offered, err := s.CertificatesOf(ctx, villageID)
	if err != nil {
		return Request{}, err
	}
	i := slices.IndexFunc(offered, func(c Certificate) bool { return c.Key == in.Certificate })
	if i < 0 {
		return Request{}, ErrCertificate
	}
	// The name is kept with the request: a city may change its catalogue
	// later, and the request still says what was asked for.
	return s.insert(ctx, Request{VillageID: villageID, Kind: KindCertificate, Certificate: in.Certificate,
		CertificateZh: offered[i].Zh, CertificateEn: offered[i].En, ResidentNo: who.ResidentNo,
		AccountID: who.AccountID, Text: in.Purpose}, who)
}

func (s *Service) insert(ctx context.Context, r Request, who web.Actor) (Request, error) {
	now := s.clock()
	r.ID, r.Status, r.FiledAt, r.UpdatedAt, r.Version = randomID(), StatusFiled, now, now, 1
	r.History = []Event{{At: now, Status: StatusFiled, Actor: who.AccountID, Role: who.Role}}
	r.Assisted = who.Assisted
	if _, err := s.store.Village(r.VillageID).Collection(collRequests).InsertOne(ctx, r); err != nil {
		return Request{}, fmt.Errorf("file request: %w", err)
	}
	return r, s.write(ctx, r.VillageID, who, "service_request.create", r.ID, r.Kind+" "+r.Service+r.Certificate)
}

// Get returns a request.
func (s *Service) Get(ctx context.Context, villageID, id string) (Request, error) {
	var r Request
	err := s.store.Village(villageID).Collection(collRequests).FindOne(ctx, bson.M{"_id": id}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Request{}, ErrRequestNotFound
	}
	if err != nil {
		return Request{}, fmt.Errorf("read request %s: %w", id, err)
	}
	return r, nil
}

// List returns the village's requests matching filter, newest first.
func (s *Service) List(ctx context.Context, villageID string, filter bson.M) ([]Request, error) {
	cur, err := s.store.Village(villageID).Collection(collRequests).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "filed_at", Value: -1}}).SetLimit(500))
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	out := []Request{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	return out, nil
}

// Mine returns the resident's own requests.
func (s *Service) Mine(ctx context.Context, villageID string, who web.Actor) ([]Request, error) {
	if !who.Villager(villageID) {
		return nil, ErrNotVillager
	}
	return s.List(ctx, villageID, bson.M{"resident_no": who.ResidentNo})
}

// Step moves a request from one of the statuses from to status to.
// by is "village" or "street" for answers.
func (s *Service) Step(ctx context.Context, villageID, id string, who web.Actor, from []string, to, by, note string) (Request, error) {
	r, err := s.Get(ctx, villageID, id)
	if err != nil {
		return Request{}, err
	}
	if !slices.Contains(from, r.Status) {
		return Request{}, ErrWrongStatus
	}
	if to == StatusClosed && r.ResidentNo != who.ResidentNo {
		return Request{}, ErrNotOwner
	}
	now := s.clock()
	old := r.Version
	r.Status, r.UpdatedAt, r.Version = to, now, old+1
	if to == StatusForwarded {
		r.Forwarded = true
	}
	if to == StatusAnswered {
		r.Answer, r.AnsweredBy = note, by
	}
	r.History = append(r.History, Event{At: now, Status: to, Actor: who.AccountID, Role: who.Role, Note: note})
	res, err := s.store.Village(villageID).Collection(collRequests).ReplaceOne(ctx, bson.M{"_id": r.ID, "version": old}, r)
	if err != nil {
		return Request{}, fmt.Errorf("save request %s: %w", r.ID, err)
	}
	if res.MatchedCount == 0 {
		return Request{}, web.ErrConflict
	}
	return r, s.write(ctx, villageID, who, stepAction(to, by), r.ID, to)
}

// Assign admits a task for a village only if it is on the whitelist of
// powers-list tasks with its basis, a county-level deployment and a funding
// source, and asks for no forbidden proof or unfunded post.
func (s *Service) Assign(ctx context.Context, villageID string, who web.Actor, in NewTask) (Task, error) {
	kind, ok := TaskKindByKey(in.Kind)
	if !ok || !slices.ContainsFunc(s.powers(), func(l policies.Line) bool { return l.Role == who.Role && l.Obj+"."+l.Act == kind.Power }) {
		return Task{}, ErrTaskNotListed
	}
	switch {
	case strings.TrimSpace(in.Basis) != kind.Basis:
		return Task{}, ErrTaskBasis
	case strings.TrimSpace(in.Deployment) == "":
		return Task{}, ErrTaskNotDeployed
	case strings.TrimSpace(in.Department) == "":
		return Task{}, ErrTaskNoDepartment
	case strings.TrimSpace(in.Funding) == "":
		return Task{}, ErrTaskUnfunded
	case slices.Contains(ForbiddenProof, in.Proof):
		return Task{}, ErrTaskProof
	case in.NewPost:
		return Task{}, ErrTaskPost
	}
	t := Task{ID: randomID(), VillageID: villageID, Kind: kind.Key, Title: in.Title, Basis: kind.Basis, Power: kind.Power,
		Deployment: strings.TrimSpace(in.Deployment), Department: strings.TrimSpace(in.Department), Funding: strings.TrimSpace(in.Funding), Proof: in.Proof,
		AssignedBy: who.AccountID, AssignedAt: s.clock()}
	if _, err := s.store.Village(villageID).Collection(collTasks).InsertOne(ctx, t); err != nil {
		return Task{}, fmt.Errorf("assign task: %w", err)
	}
	return t, s.write(ctx, villageID, who, "task.assign", t.ID, t.Kind)
}
