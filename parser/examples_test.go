package parser

import (
	"os"
	"testing"

	"github.com/sigmakql/sigmakql/internal/rulefiles"
	"github.com/sigmakql/sigmakql/ir"
)

// TestExampleRules keeps the bundled README examples clean: every file parses
// without any diagnostic and every reference resolves.
func TestExampleRules(t *testing.T) {
	paths, err := rulefiles.Collect([]string{"../testdata/rules"})
	if err != nil || len(paths) < 6 {
		t.Fatalf("want at least 6 example rules, got %d (%v)", len(paths), err)
	}
	var files []*ir.File
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, ds := ParseFile(path, src)
		if len(ds) > 0 || len(f.Docs) != 1 {
			t.Errorf("%s: %d documents, diagnostics:\n%v", path, len(f.Docs), ds)
		}
		files = append(files, f)
	}
	if ds := Resolve(files); len(ds) > 0 {
		t.Errorf("unresolved references:\n%v", ds)
	}
}
