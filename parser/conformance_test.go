package parser

import (
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
)

// TestConformanceSigmaCorpus parses every SigmaHQ rule and expects no error, so the
// parser accepts what the reference implementation accepts. Failures are summarised
// by code.
func TestConformanceSigmaCorpus(t *testing.T) {
	files := shareddata.SigmaRules(t)
	byCode := map[diag.Code][]string{}
	var docs, warnings int
	var all []*ir.File
	for _, rf := range files {
		f, ds := ParseFile(rf.Path, rf.Src)
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
