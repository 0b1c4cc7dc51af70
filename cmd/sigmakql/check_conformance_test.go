package main

import (
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/rulefiles"
	"github.com/sigmakql/sigmakql/internal/shareddata"
)

// TestConformanceCheckSigmaHQ checks the whole SigmaHQ corpus as one run, so that
// duplicate ids are looked for across all of it: no rule may produce an error, and
// the lint warnings (each a finding a reviewer would act on) stay few.
func TestConformanceCheckSigmaHQ(t *testing.T) {
	dir := shareddata.Dir(t, "sigma")
	paths, err := rulefiles.Collect([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	r := checkFiles(paths)
	for _, d := range r.Diagnostics.Errors() {
		t.Errorf("%s", d)
	}
	if r.Rules != r.Files {
		t.Errorf("%d of %d files parsed without error", r.Rules, r.Files)
	}
	byCode := map[diag.Code]int{}
	for _, d := range r.Diagnostics.Warnings() {
		byCode[d.Code]++
	}
	t.Logf("%d files, %d documents without errors, warnings by code: %v", r.Files, r.Rules, byCode)
	if n := len(r.Diagnostics.Warnings()); n > r.Files/100 {
		t.Errorf("%d lint warnings over %d files: a lint has become noisy", n, r.Files)
	}
}

// BenchmarkCheckSigmaHQ measures a full check run over the SigmaHQ corpus: reading,
// parsing, resolving and linting every file.
func BenchmarkCheckSigmaHQ(b *testing.B) {
	dir := shareddata.Dir(b, "sigma")
	paths, err := rulefiles.Collect([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		checkFiles(paths)
	}
}
