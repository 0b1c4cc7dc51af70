package match_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
)

// corpusRule is one parsed rule of the shared SigmaHQ corpus.
type corpusRule struct {
	path string
	rule *ir.Rule
}

// corpusCache keeps the parsed corpus for the tests and benchmarks of one run.
var corpusCache struct {
	sync.Once
	rules []corpusRule
}

// loadCorpusRules parses every file of the SigmaHQ corpus (once per test run),
// skipping files that hold no rule or do not parse (the parser's own conformance
// test owns those).
func loadCorpusRules(tb testing.TB) []corpusRule {
	tb.Helper()
	files := shareddata.SigmaRules(tb)
	corpusCache.Do(func() { corpusCache.rules = parseCorpus(files) })
	return corpusCache.rules
}

func parseCorpus(files []shareddata.RuleFile) []corpusRule {
	var rules []corpusRule
	for _, rf := range files {
		f, diags := parser.ParseFile(rf.Path, rf.Src)
		if diags.HasErrors() {
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

// loadRegressionEvents reads every event of the shared regression data.
func loadRegressionEvents(tb testing.TB, dir string) []*events.Event {
	tb.Helper()
	var all []*events.Event
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		evs, diags := events.ReadFile(path, events.DefaultLimits)
		if diags.HasErrors() {
			tb.Errorf("%v", diags)
		}
		all = append(all, evs...)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return all
}

// standIns gives every placeholder the rule uses a stand-in value, so that the
// placeholder rules of the corpus compile too.
func standIns(rule *ir.Rule) match.Options {
	m := map[string][]string{}
	for _, s := range rule.Detection.Searches {
		for _, g := range s.Alternatives {
			for _, fm := range g.Matches {
				for _, v := range fm.Values {
					addPlaceholders(m, v)
				}
			}
		}
	}
	return match.Options{Placeholders: m}
}

func addPlaceholders(m map[string][]string, v ir.Value) {
	s, ok := v.(*ir.String)
	if !ok {
		return
	}
	for _, p := range s.Parts {
		if p.Kind == ir.Placeholder {
			m[p.Text] = []string{strings.ToLower(p.Text) + "-example"}
		}
	}
}

// TestConformanceCorpusCompiles compiles every rule of the SigmaHQ corpus: the
// interpreter must be able to decide every rule the parser accepts (placeholders
// aside, which are given stand-in values here).
func TestConformanceCorpusCompiles(t *testing.T) {
	rules := loadCorpusRules(t)
	failed := 0
	for _, r := range rules {
		if _, err := match.Compile(r.rule, standIns(r.rule)); err != nil {
			if failed++; failed <= 20 {
				t.Errorf("%v", err)
			}
		}
	}
	t.Logf("%d rules compiled, %d failed", len(rules)-failed, failed)
}

// BenchmarkCorpusPairs matches every compiled corpus rule against every regression
// event and reports rule-event pairs per second, the throughput the differential
// test depends on.
func BenchmarkCorpusPairs(b *testing.B) {
	rules := loadCorpusRules(b)
	evs := loadRegressionEvents(b, shareddata.Dir(b, "sigma-regression"))
	var matchers []*match.Matcher
	for _, r := range rules {
		if m, err := match.Compile(r.rule, standIns(r.rule)); err == nil {
			matchers = append(matchers, m)
		}
	}
	b.ResetTimer()
	cpuStart := cpuSeconds()
	hits := 0
	for range b.N {
		for _, raw := range evs {
			ev := match.Prepare(raw)
			for _, m := range matchers {
				if m.Match(ev) {
					hits++
				}
			}
		}
	}
	cpu := cpuSeconds() - cpuStart
	pairs := float64(b.N) * float64(len(evs)) * float64(len(matchers))
	b.ReportMetric(pairs/b.Elapsed().Seconds(), "pairs/s")
	if cpu > 0 {
		// The machine is shared; pairs per CPU second stays meaningful under load.
		b.ReportMetric(pairs/cpu, "pairs/cpu-s")
	}
	b.ReportMetric(float64(len(matchers)*len(evs)), "pairs/op")
	b.ReportMetric(float64(hits)/float64(b.N), "matches/op")
}

// TestConformancePreparedAgrees checks that sharing one Prepared event across rules
// (remembered lookups, folded text, reused scratch state) gives the same verdicts as
// matching each rule on a fresh event, over a sample of the corpus.
func TestConformancePreparedAgrees(t *testing.T) {
	rules := loadCorpusRules(t)
	evs := loadRegressionEvents(t, shareddata.Dir(t, "sigma-regression"))
	var matchers []*match.Matcher
	for i := 0; i < len(rules); i += 7 {
		if m, err := match.Compile(rules[i].rule, standIns(rules[i].rule)); err == nil {
			matchers = append(matchers, m)
		}
	}
	for _, ev := range evs {
		shared := match.Prepare(ev)
		for _, m := range matchers {
			if got, want := m.Match(shared), m.Match(ev); got != want {
				t.Fatalf("event at %s: shared Prepared says %v, fresh says %v", ev.Pos, got, want)
			}
		}
	}
	t.Logf("%d rules x %d events agree", len(matchers), len(evs))
}
