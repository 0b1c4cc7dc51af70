package schema

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/kql"
)

// BenchmarkParseValidateCorpus parses and validates every dev-corpus query
// against the snapshot, as `sigmakql validate --jsonl` does, and reports
// queries per second (Kusto.Language manages 70–100/s with a schema).
func BenchmarkParseValidateCorpus(b *testing.B) {
	queries := benchCorpus(b)
	Default()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		for _, q := range queries {
			ValidateText(q, nil, Options{})
		}
	}
	b.ReportMetric(float64(b.N*len(queries))/time.Since(start).Seconds(), "queries/s")
}

// BenchmarkValidateCorpus measures validation alone over pre-parsed queries.
func BenchmarkValidateCorpus(b *testing.B) {
	var parsed []*kql.Query
	for _, q := range benchCorpus(b) {
		if ast, diags := kql.Parse(q); ast != nil && !diags.HasErrors() {
			parsed = append(parsed, ast)
		}
	}
	Default()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		for _, q := range parsed {
			Analyze(q, nil, Options{})
		}
	}
	b.ReportMetric(float64(b.N*len(parsed))/time.Since(start).Seconds(), "queries/s")
}

func benchCorpus(b *testing.B) []string {
	b.Helper()
	path := filepath.Join(shareddata.Dir(b, "kql-corpus"), "dev.jsonl")
	return readCorpusTB(b, path)
}
