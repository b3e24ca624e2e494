package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestNoTypeEncodesAZeroTime: a zero time is never in a response. Every
// struct field of type time.Time with a JSON name, in every type of every
// module and of app/, carries omitzero, so a time that was never set (a
// count not yet confirmed, a vote not yet closed) is left out instead of
// showing as 0001-01-01T00:00:00Z. (app's HTTP tests check every response
// they receive for the zero time too.)
func TestNoTypeEncodesAZeroTime(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	checked := 0
	for _, dir := range []string{"modules", "app"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				st, ok := n.(*ast.StructType)
				if !ok {
					return true
				}
				for _, field := range st.Fields.List {
					sel, ok := field.Type.(*ast.SelectorExpr)
					if !ok || sel.Sel.Name != "Time" || fmtIdent(sel.X) != "time" || len(field.Names) == 0 {
						continue
					}
					tag := ""
					if field.Tag != nil {
						tag, _ = strconv.Unquote(field.Tag.Value)
					}
					// Types that name no JSON field are store records, never
					// sent (the house writes json tags on every response type).
					jsonTag, named := reflect.StructTag(tag).Lookup("json")
					name, opts, _ := strings.Cut(jsonTag, ",")
					if !named || name == "-" || !field.Names[0].IsExported() {
						continue
					}
					checked++
					if !strings.Contains(","+opts+",", ",omitzero,") {
						t.Errorf("%s: %s time.Time encodes a zero time; tag it json:\"%s,omitzero\"", fset.Position(field.Pos()), field.Names[0].Name, name)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 50 {
		t.Fatalf("only %d time fields found: the walk misses the source", checked)
	}
}

func fmtIdent(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
