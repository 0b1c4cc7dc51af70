package parser

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// limitCodes are exercised by TestInputLimits rather than by golden files, because
// their inputs (huge, binary or deeply nested) do not belong in a readable txtar.
var limitCodes = map[string]bool{
	"file-too-large": true, "invalid-utf8": true, "nul-byte": true, "yaml-depth-limit": true,
	"yaml-alias-limit": true, "value-too-long": true, "too-many-documents": true,
}

// TestEveryCodeHasACase checks that each diagnostic code declared in codes.go
// appears in a golden case (or in TestInputLimits), so no code ships untested.
func TestEveryCodeHasACase(t *testing.T) {
	goldens := readGoldens(t)
	for _, code := range declaredCodes(t, "codes.go") {
		if !limitCodes[code] && !strings.Contains(goldens, "["+code+"]") {
			t.Errorf("code %q has no golden case in testdata/parser or testdata/condition", code)
		}
	}
}

// declaredCodes returns the string values of the diag.Code constants in files.
func declaredCodes(t *testing.T, files ...string) []string {
	t.Helper()
	var codes []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != 1 {
				return true
			}
			if sel, ok := vs.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Code" {
				if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					codes = append(codes, s)
				}
			}
			return true
		})
	}
	return codes
}

func readGoldens(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, dir := range []string{"../testdata/parser", "../testdata/condition"} {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(data)
		}
	}
	return b.String()
}
