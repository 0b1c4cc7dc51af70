package tools

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// TestValidateEmitted pins the safety net behind convert_sigma_to_kql: a query
// naming a column its table lacks is never returned as a success.
func TestValidateEmitted(t *testing.T) {
	env := &Env{Schema: schema.Default()}
	long := "SecurityEvent | where " + strings.Repeat(`Computer == "x" or `, 20000) + `Computer == "y"`
	tests := []struct {
		name  string
		query string
		want  toolkit.Code // "" for success
	}{
		{"valid", "SecurityEvent | where EventID == 4688", ""},
		{"unknown column", "SecurityEvent | where EventId == 4688", toolkit.SchemaValidationError},
		{"too long to parse is not a finding", long, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := ConvertOutput{Rules: []ConvertedRule{{Title: "t", OK: true, Queries: []string{tt.query}}}}
			err := validateEmitted(env, out)
			var got toolkit.Code
			if err != nil {
				got = toolkit.AsError(err).Code
			}
			if got != tt.want {
				t.Errorf("code %q, want %q (%v)", got, tt.want, err)
			}
		})
	}
}

// TestConvertInputPipelineYAMLLimit checks that pipeline_yaml is size-limited
// like the rule text.
func TestConvertInputPipelineYAMLLimit(t *testing.T) {
	in := ConvertInput{RuleSource: RuleSource{SigmaYAML: "title: t"}, PipelineYAML: strings.Repeat("x", maxPipelineChars+1)}
	err := in.Check()
	if err == nil || toolkit.AsError(err).Code != toolkit.LimitExceeded {
		t.Fatalf("Check() = %v, want %s", err, toolkit.LimitExceeded)
	}
}
