package kql_test

import (
	"fmt"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/oracle"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/schema"
)

// minConverted is the bar: twice the 1,321 rules the reference converter
// emits for azure_monitor.
const minConverted = 2640

// corpusRule is one parsed rule of the SigmaHQ corpus.
type corpusRule struct {
	path string
	rule *ir.Rule
}

func loadCorpus(tb testing.TB) []corpusRule {
	tb.Helper()
	var rules []corpusRule
	for _, rf := range shareddata.SigmaRules(tb) {
		f, _ := parser.ParseFile(rf.Path, rf.Src)
		for _, doc := range f.Docs {
			if r, ok := doc.(*ir.Rule); ok {
				rules = append(rules, corpusRule{path: rf.Path, rule: r})
			}
		}
	}
	return rules
}

// convertCorpus runs azure_monitor and the backend over every rule.
func convertCorpus(tb testing.TB, rules []corpusRule) (queries []oracle.Query, unsupported map[string]diag.List) {
	tb.Helper()
	pipe, err := passes.Lookup("azure_monitor")
	if err != nil {
		tb.Fatal(err)
	}
	unsupported = map[string]diag.List{}
	for _, cr := range rules {
		qs, diags := kql.Convert(pipe.Apply(cr.rule, passes.Options{}), kql.Options{})
		if diags.HasErrors() {
			unsupported[cr.path] = diags.Errors()
			continue
		}
		for i, q := range qs {
			queries = append(queries, oracle.Query{ID: fmt.Sprintf("%s#%d", cr.path, i), Query: q})
		}
	}
	return queries, unsupported
}

// TestConformanceSigmaCorpusKQL converts the SigmaHQ corpus with azure_monitor:
// at least minConverted rules must convert, every unsupported rule must say why,
// and every emitted query must pass Kusto.Language against the Log Analytics
// schema snapshot with no error at all.
func TestConformanceSigmaCorpusKQL(t *testing.T) {
	rules := loadCorpus(t)
	queries, unsupported := convertCorpus(t, rules)
	converted := len(rules) - len(unsupported)
	t.Logf("%d rules: %d converted (%d queries), %d unsupported", len(rules), converted, len(queries), len(unsupported))
	logTopReasons(t, unsupported)
	if converted < minConverted {
		t.Errorf("converted %d rules, want at least %d", converted, minConverted)
	}
	for path, errs := range unsupported {
		if len(errs) == 0 || errs[0].Message == "" {
			t.Errorf("%s: unsupported without a reason", path)
		}
	}
	if testing.Short() {
		t.Skip("-short: Kusto.Language check skipped")
	}
	checkWithOracle(t, queries)
}

func logTopReasons(t *testing.T, unsupported map[string]diag.List) {
	t.Helper()
	byCode := map[diag.Code]int{}
	counts := map[string]int{}
	for _, errs := range unsupported {
		byCode[errs[0].Code]++
		counts[string(errs[0].Code)+": "+reasonShape(errs[0].Message)]++
	}
	t.Logf("unsupported by code: %v", byCode)
	reasons := make([]string, 0, len(counts))
	for r := range counts {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if counts[reasons[i]] != counts[reasons[j]] {
			return counts[reasons[i]] > counts[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	for i, r := range reasons {
		if i == 15 {
			break
		}
		t.Logf("%5d  %s", counts[r], r)
	}
}

// reasonShape trims a message to its first clause so similar reasons group.
func reasonShape(msg string) string {
	if i := strings.IndexAny(msg, ";("); i > 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

func checkWithOracle(t *testing.T, queries []oracle.Query) {
	t.Helper()
	dir, err := oracle.Find()
	if err != nil {
		t.Skip(err)
	}
	results, err := oracle.Check(dir, queries, oracle.Options{Schema: oracle.WriteSchema(t, schema.Default())})
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i, r := range results {
		if r.OK {
			continue
		}
		failed++
		if failed <= 20 {
			t.Errorf("%s: Kusto.Language rejects\n%s\nsyntax: %+v\nsemantic: %+v", r.ID, queries[i].Query, r.SyntaxErrors, r.SemanticErrors)
		}
	}
	t.Logf("Kusto.Language: %d of %d queries valid", len(results)-failed, len(results))
}

// BenchmarkConvertCorpus measures the pipeline and the backend over the whole
// corpus (parsing excluded): one iteration converts every rule.
func BenchmarkConvertCorpus(b *testing.B) {
	rules := loadCorpus(b)
	pipe, err := passes.Lookup("azure_monitor")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := cpuTime(b)
	for i := 0; i < b.N; i++ {
		for _, cr := range rules {
			kql.Convert(pipe.Apply(cr.rule, passes.Options{}), kql.Options{Header: true})
		}
	}
	reportCPU(b, start)
}

// cpuTime returns the CPU time the process has used. Benchmarks report it per
// iteration beside ns/op, since wall time on a shared machine measures the other
// tenants as much as the code.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Skip(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.Helper()
	b.ReportMetric(float64((cpuTime(b)-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkBackendCorpus measures the backend alone: plans are made once, and one
// iteration prints every supported rule of the corpus.
func BenchmarkBackendCorpus(b *testing.B) {
	rules := loadCorpus(b)
	pipe, err := passes.Lookup("azure_monitor")
	if err != nil {
		b.Fatal(err)
	}
	var plans []*passes.Plan
	for _, cr := range rules {
		if p := pipe.Apply(cr.rule, passes.Options{}); p.Supported() {
			plans = append(plans, p)
		}
	}
	b.ResetTimer()
	start := cpuTime(b)
	for i := 0; i < b.N; i++ {
		for _, p := range plans {
			kql.Convert(p, kql.Options{Header: true})
		}
	}
	reportCPU(b, start)
}
