package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/ir"
	"golang.org/x/tools/txtar"
)

// FuzzParseFile feeds arbitrary bytes to ParseFile: it must never panic or hang,
// every diagnostic must be located in the file and carry a code, and every document
// it returns must print.
func FuzzParseFile(f *testing.F) {
	for _, src := range fuzzSeeds(f) {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, ds := ParseFileOptions("fuzz.yml", src, Options{MaxFileSize: 64 << 10})
		for _, d := range ds {
			if d.File != "fuzz.yml" || d.Code == "" || d.Line < 0 || d.Col < 0 {
				t.Fatalf("badly located or uncoded diagnostic: %#v", d)
			}
		}
		for _, doc := range file.Docs {
			_ = ir.Print(doc)
		}
	})
}

// fuzzSeeds returns the .yml sections of the golden cases and the example rules.
func fuzzSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var seeds [][]byte
	archives, _ := filepath.Glob("../testdata/parser/*.txtar")
	for _, path := range archives {
		ar, err := txtar.ParseFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		for _, file := range ar.Files {
			if strings.HasSuffix(file.Name, ".yml") {
				seeds = append(seeds, file.Data)
			}
		}
	}
	rules, _ := filepath.Glob("../testdata/rules/*.yml")
	for _, path := range rules {
		if src, err := os.ReadFile(path); err == nil {
			seeds = append(seeds, src)
		}
	}
	return seeds
}
