package eval

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/eval")

// TestGolden runs each testdata/eval/*.txtar: the query section (which brings
// its own data with let and datatable) must print the out section, either the
// result table or "error: " and the diagnostic.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/eval/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			query := section(t, ar, "query")
			got := goldenOutput(t, string(query))
			if *update {
				setSection(ar, "out", got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(string(section(t, ar, "out")), got); diff != "" {
				t.Errorf("%s: output differs (-want +got):\n%s", file, diff)
			}
		})
	}
}

func goldenOutput(t *testing.T, query string) string {
	t.Helper()
	res, err := runQuery(t, query, nil)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return res.Format()
}

func section(t *testing.T, ar *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	if name == "out" && *update {
		return nil
	}
	t.Fatalf("no %s section", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
