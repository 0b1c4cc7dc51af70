package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// TestImportGolden imports each testdata/schema/import/*.txtar's "in" file (with
// the table named in "table", if any) and compares the schema file written with
// "out.json", or the error with "error". -update rewrites the expectations.
func TestImportGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "schema", "import", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no import cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			name, got := importCase(ar)
			if *update {
				setSection(ar, name, got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(section(ar, name), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		})
	}
}

// importCase runs Import on the archive's input and returns the name of the
// expected section and what it should hold.
func importCase(ar *txtar.Archive) (name, got string) {
	opts := ImportOptions{Table: strings.TrimSpace(section(ar, "table"))}
	s, err := Import(strings.NewReader(section(ar, "in")), opts)
	if err != nil {
		return "error", err.Error() + "\n"
	}
	var b bytes.Buffer
	if err := s.WriteJSON(&b); err != nil {
		return "error", err.Error() + "\n"
	}
	return "out.json", b.String()
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func setSection(ar *txtar.Archive, name, data string) {
	kept := ar.Files[:0]
	for _, f := range ar.Files {
		if f.Name != "out.json" && f.Name != "error" {
			kept = append(kept, f)
		}
	}
	ar.Files = append(kept, txtar.File{Name: name, Data: []byte(data)})
}

// FuzzImport feeds arbitrary bytes to Import: it must return a schema or an
// error, never panic.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "schema", "import", "*.txtar"))
	for _, file := range files {
		if ar, err := txtar.ParseFile(file); err == nil {
			f.Add([]byte(section(ar, "in")))
		}
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
