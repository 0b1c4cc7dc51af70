package convert

import "testing"

// BenchmarkConvertCollection measures a collection of two rules, a filter and a
// correlation over them, parsed once and converted per iteration.
func BenchmarkConvertCollection(b *testing.B) {
	inputs := []Input{
		Parse("logon.yml", []byte(ruleLogon)),
		Parse("explicit.yml", []byte(ruleExplicit)),
		Parse("filter.yml", []byte(filterTestHosts)),
		Parse("corr.yml", []byte(correlation("Burst", true, "failed_logon", "explicit_credentials"))),
	}
	c := newTestConverter(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if results := c.Convert(inputs); len(results) != 3 {
			b.Fatalf("got %d results, want 3", len(results))
		}
	}
}
