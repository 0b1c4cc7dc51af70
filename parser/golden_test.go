package parser

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/ir"
	"golang.org/x/tools/txtar"
)

// TestGolden parses the .yml sections of each testdata/parser/*.txtar case, checks
// references across them with Resolve, and compares the printed IR and the
// diagnostics with the "ir" and "diagnostics" sections.
func TestGolden(t *testing.T) {
	golden.Run(t, "../testdata/parser/*.txtar", func(t *testing.T, f *golden.File) {
		gotIR, gotDiags := parseArchive(f.Archive)
		f.Compare(t, "ir", gotIR)
		f.Compare(t, "diagnostics", gotDiags)
	})
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
