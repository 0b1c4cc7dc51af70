package tools

import (
	"context"
	"sort"
	"testing"

	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// TestConformanceSigmaCorpus runs check_sigma_rule and convert_sigma_to_kql on
// every SigmaHQ rule, as an agent would send them. Every call must end in an
// output or a coded error a caller can act on, never internal_error.
func TestConformanceSigmaCorpus(t *testing.T) {
	files := shareddata.SigmaRules(t)
	env := &Env{Schema: schema.Default()}
	outcomes := map[string]int{}
	for _, f := range files {
		outcomes[checkAndConvert(t, env, f)]++
	}
	keys := make([]string, 0, len(outcomes))
	for k := range outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s: %d of %d rules", k, outcomes[k], len(files))
	}
}

// checkAndConvert sends one corpus rule to check_sigma_rule and
// convert_sigma_to_kql and returns the outcome: "ok", the input's refusal, or
// the conversion's error code.
func checkAndConvert(t *testing.T, env *Env, f shareddata.RuleFile) string {
	t.Helper()
	in := RuleSource{SigmaYAML: string(f.Src)}
	if err := in.check(); err != nil {
		return "check: " + string(toolkit.AsError(err).Code)
	}
	if _, err := checkRule(context.Background(), env, CheckInput{in}); err != nil {
		t.Errorf("%s: check_sigma_rule failed: %v", f.Path, err)
	}
	_, err := convertRule(context.Background(), env, ConvertInput{RuleSource: in})
	code := "ok"
	if err != nil {
		code = string(toolkit.AsError(err).Code)
	}
	if code == string(toolkit.InternalError) || code == string(toolkit.InvalidInput) {
		t.Errorf("%s: convert_sigma_to_kql: %v", f.Path, err)
	}
	return code
}
