package parser

import (
	"os"
	"testing"
)

// BenchmarkParseCorpus parses every rule of the shared SigmaHQ corpus once per
// iteration and reports the throughput in rules per second.
func BenchmarkParseCorpus(b *testing.B) {
	paths := corpusFiles(b)
	srcs := make([][]byte, len(paths))
	total := 0
	for i, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs[i] = src
		total += len(src)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i, src := range srcs {
			ParseFile(paths[i], src)
		}
	}
	b.ReportMetric(float64(len(srcs))*float64(b.N)/b.Elapsed().Seconds(), "rules/s")
}
