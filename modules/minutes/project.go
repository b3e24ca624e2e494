package minutes

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/web"
)

// Implementation (实施): a resolution becomes a tracked project with a
// responsible person or unit, milestones, progress notes with photos and the
// supervising members' remarks; its result is published on the board as the
// second disclosure of 4+2 (a notice of kind "result" naming the project).

const collProjectFiles = "project_files"

// Limits of what a project keeps: the embedded store reads whole documents.
const (
	MaxPhotoBytes    = 256 << 10
	MaxPhotosPerNote = 4
	MaxNotes         = 200
)

// Project statuses.
const (
	ProjectInProgress = "in_progress"
	ProjectPublished  = "result_published"
)

// Project is the implementation of one decision.
type Project struct {
	ID             string      `json:"id" bson:"_id"`
	VillageID      string      `json:"village_id" bson:"village_id"`
	Title          string      `json:"title" bson:"title"`
	ProposalID     string      `json:"proposal_id,omitempty" bson:"proposal_id,omitempty"`
	NoticeID       string      `json:"notice_id,omitempty" bson:"notice_id,omitempty"`
	Responsible    string      `json:"responsible" bson:"responsible"`
	Milestones     []Milestone `json:"milestones" bson:"milestones"`
	Notes          []Progress  `json:"notes" bson:"notes"`
	Remarks        []Remark    `json:"remarks" bson:"remarks"`
	Status         string      `json:"status" bson:"status"`
	ResultNoticeID string      `json:"result_notice_id,omitempty" bson:"result_notice_id,omitempty"`
	CreatedBy      string      `json:"created_by" bson:"created_by"`
	CreatedAt      time.Time   `json:"created_at,omitzero" bson:"created_at"`
}

// Milestone is a dated step of a project.
type Milestone struct {
	Title  string    `json:"title" bson:"title" validate:"required,max=100"`
	Due    time.Time `json:"due,omitzero" bson:"due" validate:"required"`
	DoneAt time.Time `json:"done_at,omitzero" bson:"done_at,omitempty"`
	DoneBy string    `json:"done_by,omitempty" bson:"done_by,omitempty"`
}

// Progress is a progress note; photos are links or small stored files.
type Progress struct {
	ID     string    `json:"id" bson:"id"`
	Text   string    `json:"text" bson:"text"`
	Links  []string  `json:"links" bson:"links"`
	Photos []Photo   `json:"photos" bson:"photos"`
	By     string    `json:"by" bson:"by"`
	At     time.Time `json:"at,omitzero" bson:"at"`
}

// Photo is a stored file's description; its bytes are read by ID.
type Photo struct {
	ID          string `json:"id" bson:"id"`
	Name        string `json:"name" bson:"name"`
	ContentType string `json:"content_type" bson:"content_type"`
	Size        int    `json:"size" bson:"size"`
}

// Remark is a supervising member's remark (监督意见).
type Remark struct {
	Text string    `json:"text" bson:"text"`
	By   string    `json:"by" bson:"by"`
	At   time.Time `json:"at,omitzero" bson:"at"`
}

// ProjectInput starts a project.
type ProjectInput struct {
	Title       string      `json:"title" validate:"required,max=100"`
	ProposalID  string      `json:"proposal_id" validate:"max=64"`
	NoticeID    string      `json:"notice_id" validate:"max=64"`
	Responsible string      `json:"responsible" validate:"required,max=100"`
	Milestones  []Milestone `json:"milestones" validate:"max=30,dive"`
}

// PhotoInput is a small image sent as base64 in JSON.
type PhotoInput struct {
	Name        string `json:"name" validate:"required,max=100"`
	ContentType string `json:"content_type" validate:"required,oneof=image/png image/jpeg image/webp"`
	Data        string `json:"data" validate:"required"`
}

// ProgressInput is a progress note.
type ProgressInput struct {
	Text   string       `json:"text" validate:"required,max=4000"`
	Links  []string     `json:"links" validate:"max=8,dive,required,max=500,url"`
	Photos []PhotoInput `json:"photos" validate:"max=4,dive"`
}

type photoFile struct {
	ID          string `bson:"_id"`
	ProjectID   string `bson:"project_id"`
	ContentType string `bson:"content_type"`
	Data        []byte `bson:"data"`
}

// Errors of implementation.
var (
	ErrProjectNotFound  = web.New(404, "project_not_found", "找不到该实施项目", "No such project")
	ErrPhotoNotFound    = web.New(404, "photo_not_found", "找不到该照片", "No such photo")
	ErrPhotoTooLarge    = web.New(413, "photo_too_large", "照片不能超过 256 KB", "A photo may be at most 256 KB")
	ErrProjectPublished = web.New(409, "project_published", "实施结果已经公开，项目不再更新", "The result is published; the project no longer changes")
	ErrNotResultNotice  = web.New(422, "not_result_notice", "请选择本项目的实施结果公示", "Name the notice of kind result published for this project")
	ErrNoMilestone      = web.New(404, "milestone_not_found", "找不到该节点", "No such milestone")
)

func (s *Service) project(ctx context.Context, villageID, id string) (Project, *mongo.Collection, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Project{}, nil, err
	}
	coll := db.Collection(collProjects)
	var p Project
	err = coll.FindOne(ctx, bson.M{"_id": id}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return Project{}, nil, ErrProjectNotFound
	}
	if err != nil {
		return Project{}, nil, fmt.Errorf("get project: %w", err)
	}
	return p, coll, nil
}

// StartProject turns a decision into a tracked project.
func (s *Service) StartProject(ctx context.Context, villageID string, who web.Actor, in ProjectInput) (Project, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return Project{}, err
	}
	if in.NoticeID != "" {
		if _, err := s.Notice(ctx, villageID, in.NoticeID); err != nil {
			return Project{}, err
		}
	}
	p := Project{ID: randomHex(12), VillageID: villageID, Title: in.Title, ProposalID: in.ProposalID, NoticeID: in.NoticeID,
		Responsible: in.Responsible, Milestones: in.Milestones, Notes: []Progress{}, Remarks: []Remark{}, Status: ProjectInProgress,
		CreatedBy: who.AccountID, CreatedAt: s.Now()}
	if p.Milestones == nil {
		p.Milestones = []Milestone{}
	}
	for i := range p.Milestones {
		p.Milestones[i].Due = p.Milestones[i].Due.UTC().Truncate(time.Millisecond)
		p.Milestones[i].DoneAt, p.Milestones[i].DoneBy = time.Time{}, ""
	}
	if _, err := db.Collection(collProjects).InsertOne(ctx, p); err != nil {
		return Project{}, fmt.Errorf("start project: %w", err)
	}
	return p, s.write(ctx, villageID, who, "implementation.start", "project/"+p.ID, p.ProposalID)
}

// Projects lists a village's projects, newest first.
func (s *Service) Projects(ctx context.Context, villageID string) ([]Project, error) {
	db, err := s.db(ctx, villageID)
	if err != nil {
		return nil, err
	}
	cur, err := db.Collection(collProjects).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "created_at", Value: -1}}).SetLimit(200))
	if err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	out := []Project{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	return out, nil
}

// Project returns one project.
func (s *Service) Project(ctx context.Context, villageID, id string) (Project, error) {
	p, _, err := s.project(ctx, villageID, id)
	return p, err
}

// update applies one conditional update to a project still in progress.
func (s *Service) update(ctx context.Context, villageID, id string, filter, change bson.M) (Project, error) {
	p, coll, err := s.project(ctx, villageID, id)
	if err != nil {
		return Project{}, err
	}
	if p.Status != ProjectInProgress {
		return Project{}, ErrProjectPublished
	}
	filter["_id"], filter["status"] = id, ProjectInProgress
	res, err := coll.UpdateOne(ctx, filter, change)
	if err != nil {
		return Project{}, fmt.Errorf("update project: %w", err)
	}
	if res.MatchedCount == 0 {
		return Project{}, ErrChanged
	}
	return s.Project(ctx, villageID, id)
}

// CompleteMilestone marks a milestone done.
func (s *Service) CompleteMilestone(ctx context.Context, villageID, id string, index int, who web.Actor) (Project, error) {
	p, err := s.Project(ctx, villageID, id)
	if err != nil {
		return Project{}, err
	}
	if index < 0 || index >= len(p.Milestones) {
		return Project{}, ErrNoMilestone
	}
	key := fmt.Sprintf("milestones.%d", index)
	p, err = s.update(ctx, villageID, id, bson.M{key + ".done_at": bson.M{"$exists": false}},
		bson.M{"$set": bson.M{key + ".done_at": s.Now(), key + ".done_by": who.AccountID}})
	if err != nil {
		return Project{}, err
	}
	return p, s.write(ctx, villageID, who, "implementation.milestone", "project/"+p.ID, strconv.Itoa(index))
}

// AddProgress records a progress note; photos are stored first, so a note
// never names a file that is not there.
func (s *Service) AddProgress(ctx context.Context, villageID, id string, who web.Actor, in ProgressInput) (Project, error) {
	p, coll, err := s.project(ctx, villageID, id)
	if err != nil {
		return Project{}, err
	}
	if p.Status != ProjectInProgress {
		return Project{}, ErrProjectPublished
	}
	if len(p.Notes) >= MaxNotes {
		return Project{}, web.New(409, "too_many_notes", "进度记录太多", "Too many progress notes")
	}
	note := Progress{ID: randomHex(8), Text: in.Text, Links: in.Links, Photos: []Photo{}, By: who.AccountID, At: s.Now()}
	if note.Links == nil {
		note.Links = []string{}
	}
	for _, l := range note.Links {
		// Shown as links on the board: only web addresses, never script.
		if !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
			return Project{}, web.New(422, "invalid_fields", "链接须以 http:// 或 https:// 开头", "A link starts with http:// or https://")
		}
	}
	var files []any
	for _, ph := range in.Photos {
		if base64.StdEncoding.DecodedLen(len(ph.Data)) > MaxPhotoBytes+3 {
			return Project{}, ErrPhotoTooLarge
		}
		data, err := base64.StdEncoding.DecodeString(ph.Data)
		if err != nil || len(data) == 0 {
			return Project{}, web.New(422, "invalid_fields", "照片内容不是有效的 base64", "A photo is not valid base64")
		}
		if len(data) > MaxPhotoBytes {
			return Project{}, ErrPhotoTooLarge
		}
		f := photoFile{ID: randomHex(12), ProjectID: id, ContentType: ph.ContentType, Data: data}
		files = append(files, f)
		note.Photos = append(note.Photos, Photo{ID: f.ID, Name: cleanName(ph.Name), ContentType: ph.ContentType, Size: len(data)})
	}
	if len(files) > 0 {
		if _, err := s.store.Village(villageID).Collection(collProjectFiles).InsertMany(ctx, files); err != nil {
			return Project{}, fmt.Errorf("store photos: %w", err)
		}
	}
	if _, err := coll.UpdateOne(ctx, bson.M{"_id": id, "status": ProjectInProgress}, bson.M{"$push": bson.M{"notes": note}}); err != nil {
		return Project{}, fmt.Errorf("add progress: %w", err)
	}
	p, err = s.Project(ctx, villageID, id)
	if err != nil {
		return Project{}, err
	}
	return p, s.write(ctx, villageID, who, "implementation.progress", "project/"+p.ID, "")
}

func cleanName(name string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == '/' || r == '\\' || r == '"' {
			return '_'
		}
		return r
	}, name))
}

// PhotoData returns a stored photo of a project.
func (s *Service) PhotoData(ctx context.Context, villageID, projectID, photoID string) (string, []byte, error) {
	if _, err := s.db(ctx, villageID); err != nil {
		return "", nil, err
	}
	var f photoFile
	err := s.store.Village(villageID).Collection(collProjectFiles).FindOne(ctx, bson.M{"_id": photoID, "project_id": projectID}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil, ErrPhotoNotFound
	}
	if err != nil {
		return "", nil, fmt.Errorf("get photo: %w", err)
	}
	return f.ContentType, f.Data, nil
}

// AddRemark records a supervising member's remark. Remarks are kept after
// the result is published too: supervision does not end with publication.
func (s *Service) AddRemark(ctx context.Context, villageID, id string, who web.Actor, text string) (Project, error) {
	_, coll, err := s.project(ctx, villageID, id)
	if err != nil {
		return Project{}, err
	}
	r := Remark{Text: text, By: who.AccountID, At: s.Now()}
	if _, err := coll.UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$push": bson.M{"remarks": r}}); err != nil {
		return Project{}, fmt.Errorf("add remark: %w", err)
	}
	p, err := s.Project(ctx, villageID, id)
	if err != nil {
		return Project{}, err
	}
	return p, s.write(ctx, villageID, who, "implementation.remark", "project/"+p.ID, "")
}

// PublishResult links the project to its published result (实施结果公开):
// a notice of kind result that names this project.
func (s *Service) PublishResult(ctx context.Context, villageID, id, noticeID string, who web.Actor) (Project, error) {
	n, err := s.Notice(ctx, villageID, noticeID)
	if err != nil {
		return Project{}, err
	}
	if n.Kind != NoticeResult || n.ProjectID != id {
		return Project{}, ErrNotResultNotice
	}
	p, err := s.update(ctx, villageID, id, bson.M{}, bson.M{"$set": bson.M{"status": ProjectPublished, "result_notice_id": noticeID}})
	if err != nil {
		return Project{}, err
	}
	return p, s.write(ctx, villageID, who, "implementation.result", "project/"+p.ID, noticeID)
}
