package schema

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

var importCases = filepath.Join("..", "testdata", "schema", "import", "*.txtar")

// TestImportGolden imports each testdata/schema/import/*.txtar's "in" file (with
// the table named in "table", if any) and compares the schema file written with
// "out.json", or the error with "error"; the other of the two must be absent or
// empty. -update rewrites the expectations.
func TestImportGolden(t *testing.T) {
	golden.Run(t, importCases, func(t *testing.T, f *golden.File) {
		name, got := importCase(f)
		other := map[string]string{"out.json": "error", "error": "out.json"}[name]
		f.Compare(t, name, got)
		f.Compare(t, other, "")
	})
}

// importCase runs Import on the archive's input and returns the name of the
// expected section and what it should hold.
func importCase(f *golden.File) (name, got string) {
	opts := ImportOptions{Table: strings.TrimSpace(f.Section("table"))}
	s, err := Import(strings.NewReader(f.Section("in")), opts)
	if err != nil {
		return "error", err.Error() + "\n"
	}
	var b bytes.Buffer
	if err := s.WriteJSON(&b); err != nil {
		return "error", err.Error() + "\n"
	}
	return "out.json", b.String()
}

// FuzzImport feeds arbitrary bytes to Import: it must return a schema or an
// error, never panic.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob(importCases)
	for _, file := range files {
		f.Add([]byte(golden.Read(f, file).Section("in")))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Import(bytes.NewReader(data), ImportOptions{Table: "T"})
		if err == nil {
			var b bytes.Buffer
			if err := s.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(&b); err != nil {
				t.Fatalf("an imported schema does not load back: %v", err)
			}
		}
	})
}
