package passes_test

import (
	"fmt"
	"regexp"
	"sort"
	"testing"

	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

// corpusRule is one parsed rule of the SigmaHQ corpus.
type corpusRule struct {
	path string
	rule *ir.Rule
}

// loadCorpus parses every file of the SigmaHQ corpus, keeping its rules.
func loadCorpus(tb testing.TB) []corpusRule {
	tb.Helper()
	var rules []corpusRule
	for _, rf := range shareddata.SigmaRules(tb) {
		f, _ := parser.ParseFile(rf.Path, rf.Src)
		if f == nil {
			continue
		}
		for _, doc := range f.Docs {
			if r, ok := doc.(*ir.Rule); ok {
				rules = append(rules, corpusRule{path: rf.Path, rule: r})
			}
		}
	}
	return rules
}

// TestConformancePipelineCoverage applies azure_monitor to every SigmaHQ rule,
// counts the supported plans and logs the most common reasons for the rest.
func TestConformancePipelineCoverage(t *testing.T) {
	rules := loadCorpus(t)
	p, err := passes.Lookup("azure_monitor")
	if err != nil {
		t.Fatal(err)
	}
	supported := 0
	reasons := map[string]int{}
	for _, cr := range rules {
		plan := p.Apply(cr.rule, passes.Options{})
		if plan.Supported() {
			supported++
			continue
		}
		if len(plan.Rule.Detection.Searches) == 0 && len(plan.Diagnostics.Errors()) == 0 {
			t.Errorf("%s: unsupported without a reason", cr.path)
		}
		reasons[reasonKey(plan)]++
	}
	t.Logf("azure_monitor: %d of %d parsed rules supported", supported, len(rules))
	// The floor guards against regressions in the embedded data; the product
	// target (2,640 oracle-valid conversions) is measured with the backend.
	if minSupported := 3400; supported < minSupported {
		t.Errorf("only %d rules supported, want at least %d", supported, minSupported)
	}
	logTop(t, reasons, 40)
}

var quoted = regexp.MustCompile(`"[^"]*"`)

// reasonKey is the first error of a plan with its code, keeping quoted names so
// the counts say which fields are missing where.
func reasonKey(plan *passes.Plan) string {
	errs := plan.Diagnostics.Errors()
	if len(errs) == 0 {
		return "(no error)"
	}
	return fmt.Sprintf("[%s] %s", errs[0].Code, errs[0].Message)
}

func logTop(t *testing.T, counts map[string]int, n int) {
	t.Helper()
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for i, k := range keys {
		if i == n {
			break
		}
		t.Logf("%5d  %s", counts[k], k)
	}
}

// BenchmarkApplyCorpus applies azure_monitor to every parsed SigmaHQ rule once
// per iteration (parsing is not measured).
func BenchmarkApplyCorpus(b *testing.B) {
	rules := loadCorpus(b)
	p, err := passes.Lookup("azure_monitor")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, cr := range rules {
			p.Apply(cr.rule, passes.Options{})
		}
	}
}
