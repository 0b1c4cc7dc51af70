package parser

import (
	"testing"

	"github.com/sigmakql/sigmakql/internal/shareddata"
)

// BenchmarkParseCorpus parses every rule of the shared SigmaHQ corpus once per
// iteration and reports the throughput in rules per second.
func BenchmarkParseCorpus(b *testing.B) {
	files := shareddata.SigmaRules(b)
	total := 0
	for _, f := range files {
		total += len(f.Src)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			ParseFile(f.Path, f.Src)
		}
	}
	b.ReportMetric(float64(len(files))*float64(b.N)/b.Elapsed().Seconds(), "rules/s")
}
