package backup

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"yishi/modules/org"
	"yishi/modules/proposal"
	"yishi/modules/vote"
	"yishi/policies"
)

// Open data. Every record is built field by field from an allow-list: a
// field not named here never leaves, so a field a module adds later stays
// private until someone decides it is public. Names, phone numbers, birth
// dates, resident and household numbers, account IDs and ballots are never
// named. Bodies are published with their number of members, not who they
// are; votes with their counts, not their ballots (the published ballot list
// of an open vote names voters by resident number).

// PublicOrg is the village as published.
type PublicOrg struct {
	ID    string `json:"id"`
	Code  string `json:"code"`
	Name  string `json:"name"`
	Level string `json:"level"`
	Kind  string `json:"kind"`
	Path  string `json:"path"`
}

// PublicBody is a council, board or hall as published.
type PublicBody struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// PublicVote is a closed vote's outcome.
type PublicVote struct {
	ID                string         `json:"id"`
	SubjectKind       string         `json:"subject_kind"`
	SubjectID         string         `json:"subject_id"`
	Title             string         `json:"title"`
	MeetingKind       string         `json:"meeting_kind"`
	Mode              string         `json:"mode"`
	Secret            bool           `json:"secret"`
	OpenedAt          time.Time      `json:"opened_at,omitzero"`
	ClosedAt          time.Time      `json:"closed_at,omitzero"`
	Eligible          int            `json:"eligible"`
	Voters            int            `json:"voters"`
	Households        int            `json:"households"`
	HouseholdsPresent int            `json:"households_present"`
	AttendanceMet     bool           `json:"attendance_met"`
	Needed            int            `json:"needed"`
	Adopted           bool           `json:"adopted"`
	Counts            map[string]int `json:"counts"`
	BallotsHash       string         `json:"ballots_hash"`
}

// PublicProposal is a proposal's title and where it stands.
type PublicProposal struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	BodyID    string    `json:"body_id"`
	Title     string    `json:"title"`
	Category  string    `json:"category"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// PublicSet is everything the open-data export writes.
type PublicSet struct {
	Org       PublicOrg        `json:"org"`
	Bodies    []PublicBody     `json:"bodies"`
	Votes     []PublicVote     `json:"votes"`
	Proposals []PublicProposal `json:"proposals"`
	Policies  []policies.Line  `json:"policies"`
}

// CollectPublic reads the village's public records. lists are the policy
// lists as published (GET /api/v1/policies/lists).
func CollectPublic(ctx context.Context, st interface {
	Shared() *mongo.Database
	Village(string) *mongo.Database
}, villageID string, lists map[string][]policies.Line) (PublicSet, error) {
	var set PublicSet
	var o struct {
		ID, Code, Name, Level, Kind, Path string
	}
	var raw bson.M
	if err := org.OrgsIn(st.Shared()).FindOne(ctx, bson.M{"_id": villageID}).Decode(&raw); err != nil {
		return set, fmt.Errorf("open data: org %s: %w", villageID, err)
	}
	o.ID, o.Code, o.Name = str(raw, "_id"), str(raw, "code"), str(raw, "name")
	o.Level, o.Kind, o.Path = str(raw, "level"), str(raw, "kind"), str(raw, "path")
	if o.Level != "village" {
		return set, fmt.Errorf("open data: org %s is not a village", villageID)
	}
	set.Org = PublicOrg(o)
	db := st.Village(villageID)

	bodies, err := all(ctx, org.BodiesIn(db), bson.M{})
	if err != nil {
		return set, err
	}
	for _, b := range bodies {
		members, _ := b["members"].(bson.A)
		set.Bodies = append(set.Bodies, PublicBody{ID: str(b, "_id"), Kind: str(b, "kind"), Name: str(b, "name"), Members: len(members)})
	}

	votes, err := all(ctx, vote.VotesIn(db), bson.M{"status": vote.StatusClosed})
	if err != nil {
		return set, err
	}
	for _, v := range votes {
		res, _ := v["result"].(bson.M)
		pv := PublicVote{ID: str(v, "_id"), SubjectKind: str(v, "subject_kind"), SubjectID: str(v, "subject_id"), Title: str(v, "title"),
			MeetingKind: str(v, "meeting_kind"), Mode: str(v, "mode"), Secret: v["secret"] == true,
			OpenedAt: when(v, "opened_at"), ClosedAt: when(v, "closed_at"), Counts: map[string]int{}}
		if res != nil {
			pv.Eligible, pv.Voters, pv.Needed = num(res, "eligible"), num(res, "voters"), num(res, "needed")
			pv.Households, pv.HouseholdsPresent = num(res, "households"), num(res, "households_present")
			pv.AttendanceMet, pv.Adopted = res["attendance_met"] == true, res["adopted"] == true
			pv.BallotsHash = str(res, "ballots_hash")
			if counts, ok := res["counts"].(bson.M); ok {
				for k := range counts {
					pv.Counts[k] = num(counts, k)
				}
			}
		}
		set.Votes = append(set.Votes, pv)
	}

	proposals, err := all(ctx, proposal.ProposalsIn(db), bson.M{})
	if err != nil {
		return set, err
	}
	for _, p := range proposals {
		if str(p, "status") == proposal.StatusDraft {
			continue // a draft is its author's until submitted
		}
		set.Proposals = append(set.Proposals, PublicProposal{ID: str(p, "_id"), Kind: str(p, "kind"), BodyID: str(p, "body_id"),
			Title: str(p, "title"), Category: str(p, "category"), Status: str(p, "status"), CreatedAt: when(p, "created_at")})
	}

	for _, name := range []string{policies.ListPowers, policies.ListNegative, policies.ListServices, policies.ListRoles} {
		set.Policies = append(set.Policies, lists[name]...)
	}
	return set, nil
}

// WritePublic writes the set to dir as JSON (open-data.json, one file) and
// CSV (one file a table), and an index.json with each file's SHA-256.
// It returns the files written.
func WritePublic(dir string, set PublicSet) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open data: %w", err)
	}
	files := map[string][]byte{}
	j, err := json.MarshalIndent(set, "", "  ")
	if err != nil {
		return nil, err
	}
	files["open-data.json"] = j
	t := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	files["org.csv"] = csvOf([]string{"id", "code", "name", "level", "kind", "path"},
		[][]string{{set.Org.ID, set.Org.Code, set.Org.Name, set.Org.Level, set.Org.Kind, set.Org.Path}})
	var rows [][]string
	for _, b := range set.Bodies {
		rows = append(rows, []string{b.ID, b.Kind, b.Name, strconv.Itoa(b.Members)})
	}
	files["bodies.csv"] = csvOf([]string{"id", "kind", "name", "members"}, rows)
	rows = nil
	for _, v := range set.Votes {
		keys := make([]string, 0, len(v.Counts))
		for k := range v.Counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var counts []string
		for _, k := range keys {
			counts = append(counts, fmt.Sprintf("%s=%d", k, v.Counts[k]))
		}
		rows = append(rows, []string{v.ID, v.SubjectKind, v.SubjectID, v.Title, v.MeetingKind, v.Mode, strconv.FormatBool(v.Secret),
			t(v.OpenedAt), t(v.ClosedAt), strconv.Itoa(v.Eligible), strconv.Itoa(v.Voters), strconv.Itoa(v.Households),
			strconv.Itoa(v.HouseholdsPresent), strconv.FormatBool(v.AttendanceMet), strconv.Itoa(v.Needed),
			strconv.FormatBool(v.Adopted), strings.Join(counts, ";"), v.BallotsHash})
	}
	files["votes.csv"] = csvOf([]string{"id", "subject_kind", "subject_id", "title", "meeting_kind", "mode", "secret", "opened_at",
		"closed_at", "eligible", "voters", "households", "households_present", "attendance_met", "needed", "adopted", "counts", "ballots_hash"}, rows)
	rows = nil
	for _, p := range set.Proposals {
		rows = append(rows, []string{p.ID, p.Kind, p.BodyID, p.Title, p.Category, p.Status, t(p.CreatedAt)})
	}
	files["proposals.csv"] = csvOf([]string{"id", "kind", "body_id", "title", "category", "status", "created_at"}, rows)
	rows = nil
	for _, l := range set.Policies {
		rows = append(rows, []string{l.List, l.Role, l.Obj, l.Act, l.Effect, l.Basis, l.Zh, l.En})
	}
	files["policies.csv"] = csvOf([]string{"list", "role", "object", "action", "effect", "basis", "zh", "en"}, rows)

	index := map[string]string{}
	var names []string
	for name, data := range files {
		sum := sha256.Sum256(data)
		index[name] = hex.EncodeToString(sum[:])
		names = append(names, name)
	}
	idx, _ := json.MarshalIndent(map[string]any{"village_id": set.Org.ID, "village_path": set.Org.Path, "sha256": index}, "", "  ")
	files["index.json"] = idx
	names = append(names, "index.json")
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return nil, fmt.Errorf("open data: %w", err)
		}
	}
	return names, nil
}

// csvOf is a CSV file with a UTF-8 byte order mark, so spreadsheet programs
// read the Chinese text right.
func csvOf(header []string, rows [][]string) []byte {
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	return []byte(b.String())
}

func all(ctx context.Context, coll *mongo.Collection, filter bson.M) ([]bson.M, error) {
	cur, err := coll.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("open data: read %s: %w", coll.Name(), err)
	}
	var out []bson.M
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("open data: read %s: %w", coll.Name(), err)
	}
	return out, nil
}

func str(m bson.M, k string) string {
	s, _ := m[k].(string)
	return s
}

func num(m bson.M, k string) int {
	switch n := m[k].(type) {
	case int32:
		return int(n)
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}

func when(m bson.M, k string) time.Time {
	if d, ok := m[k].(primitive.DateTime); ok {
		return d.Time().UTC()
	}
	return time.Time{}
}
