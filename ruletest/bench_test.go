package ruletest_test

import (
	"testing"

	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/ruletest"
)

// BenchmarkCheckRule measures one converted rule checked both ways against a
// batch of plain events: rows built once, the query run once over them all.
func BenchmarkCheckRule(b *testing.B) {
	file, diags := parser.ParseFile("r.yml", []byte(whoamiRule))
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	rule := file.Docs[0].(*ir.Rule)
	var evs []*events.Event
	for i := 0; i < 1000; i++ {
		img := `C:\Windows\System32\cmd.exe`
		if i%10 == 0 {
			img = `C:\Windows\System32\whoami.exe`
		}
		evs = append(evs, events.New(map[string]any{"Image": img, "CommandLine": "x"}))
	}
	p := azureMonitorChecker(b).Prepare(rule)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Check(ruletest.NewEventSet(evs)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(evs)), "ns/event")
}

// BenchmarkDifferentialCorpus measures the differential run: every SigmaHQ rule
// prepared (converted, compiled for both sides) and checked against the
// regression events.
func BenchmarkDifferentialCorpus(b *testing.B) {
	evs := regressionEvents(b, shareddata.Dir(b, "sigma-regression"))
	rules := corpusRules(b)
	c := azureMonitorChecker(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set := ruletest.NewEventSet(evs)
		for _, r := range rules {
			p := c.Prepare(r)
			if p.Converted() {
				p.Check(set)
			}
		}
	}
}
