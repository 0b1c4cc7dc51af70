package tools

import (
	"context"
	"testing"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// FuzzTools sends arbitrary rule and query text through the tool handlers the way
// an agent would: no input may panic, and every failure must carry a code the
// caller can act on rather than internal_error.
func FuzzTools(f *testing.F) {
	f.Add("title: t\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  s:\n    Image|endswith: '\\x.exe'\n  condition: s\n", "SecurityEvent | where EventID == 1")
	f.Add("detection: {s: {a|re: '('}, condition: s}", "T | summarize count() by bin(TimeGenerated, 1h)")
	f.Add("- a\n- b", "| where x")
	env := &Env{Schema: schema.Default()}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, rule, query string) {
		src := RuleSource{SigmaYAML: rule}
		if src.check() == nil {
			_, err := convertRule(ctx, env, ConvertInput{RuleSource: src})
			noInternalError(t, "convert", err)
			_, err = checkRule(ctx, env, CheckInput{src})
			noInternalError(t, "check", err)
			_, err = testRule(ctx, env, TestInput{RuleSource: src, Events: []SampleEvent{{"Image": rule, "EventID": query}}})
			noInternalError(t, "test", err)
		}
		if (ValidateInput{Query: query}).Check() == nil {
			_, err := validateQuery(ctx, env, ValidateInput{Query: query})
			noInternalError(t, "validate", err)
		}
	})
}

func noInternalError(t *testing.T, tool string, err error) {
	t.Helper()
	if err != nil && toolkit.AsError(err).Code == toolkit.InternalError {
		t.Fatalf("%s: internal_error: %v", tool, err)
	}
}
