package parser

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
)

// corpusFiles returns every .yml file under the shared SigmaHQ corpus, or skips.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	dir := shareddata.Dir(tb, "sigma")
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// TestConformanceSigmaCorpus parses every SigmaHQ rule and expects no error, so the
// parser accepts what the reference implementation accepts. Failures are summarised
// by code.
func TestConformanceSigmaCorpus(t *testing.T) {
	files := corpusFiles(t)
	byCode := map[diag.Code][]string{}
	var docs, warnings int
	var all []*ir.File
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, ds := ParseFile(path, src)
		all = append(all, f)
		docs += len(f.Docs)
		warnings += len(ds.Warnings())
		for _, d := range ds.Errors() {
			byCode[d.Code] = append(byCode[d.Code], d.String())
		}
	}
	for _, d := range Resolve(all).Errors() {
		byCode[d.Code] = append(byCode[d.Code], d.String())
	}
	t.Logf("%d files, %d documents, %d warnings", len(files), docs, warnings)
	reportByCode(t, byCode)
}

func reportByCode(t *testing.T, byCode map[diag.Code][]string) {
	t.Helper()
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, string(c))
	}
	sort.Strings(codes)
	for _, c := range codes {
		list := byCode[diag.Code(c)]
		t.Errorf("%d errors [%s], e.g.:\n  %s", len(list), c, strings.Join(list[:min(3, len(list))], "\n  "))
	}
}
