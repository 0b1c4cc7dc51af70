package parser

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/ir"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden sections of testdata/parser/*.txtar")

// TestGolden parses the .yml sections of each testdata/parser/*.txtar case, checks
// references across them with Resolve, and compares the printed IR and the
// diagnostics with the "ir" and "diagnostics" sections.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("../testdata/parser/*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runGolden(t, path)
		})
	}
}

func runGolden(t *testing.T, path string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gotIR, gotDiags := parseArchive(ar)
	if *update {
		putSection(ar, "ir", gotIR)
		putSection(ar, "diagnostics", gotDiags)
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(getSection(ar, "ir"), gotIR); diff != "" {
		t.Errorf("printed IR differs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(getSection(ar, "diagnostics"), gotDiags); diff != "" {
		t.Errorf("diagnostics differ (-want +got):\n%s", diff)
	}
}

// parseArchive parses every .yml section and returns the printed documents and the
// diagnostics, one per line.
func parseArchive(ar *txtar.Archive) (printed, diagnostics string) {
	var files []*ir.File
	var ds diag.List
	var b strings.Builder
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".yml") {
			continue
		}
		file, fds := ParseFile(f.Name, f.Data)
		files = append(files, file)
		ds.Add(fds...)
		for _, doc := range file.Docs {
			b.WriteString("# " + f.Name + "\n" + ir.Print(doc))
		}
	}
	ds.Add(Resolve(files)...)
	ds.Sort()
	var d strings.Builder
	for _, x := range ds {
		d.WriteString(x.String())
		if len(x.Suggestions) > 0 {
			d.WriteString(" suggestions: " + strings.Join(x.Suggestions, ", "))
		}
		d.WriteByte('\n')
	}
	return b.String(), d.String()
}

func getSection(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func putSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
