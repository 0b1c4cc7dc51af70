package tools

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/mcp/internal/toolkit"
	"github.com/sigmakql/sigmakql/schema"
)

// TestConformanceSigmaCorpus runs check_sigma_rule and convert_sigma_to_kql on
// every SigmaHQ rule, as an agent would send them. Every call must end in an
// output or a coded error a caller can act on, never internal_error.
func TestConformanceSigmaCorpus(t *testing.T) {
	dir := shareddata.Dir(t, "sigma")
	env := &Env{Schema: schema.Default()}
	outcomes := map[string]int{}
	var files int
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		in := RuleSource{SigmaYAML: string(src)}
		if err := in.check(); err != nil {
			outcomes["check: "+string(toolkit.AsError(err).Code)]++
			return nil
		}
		if _, err := checkRule(context.Background(), env, CheckInput{in}); err != nil {
			t.Errorf("%s: check_sigma_rule failed: %v", path, err)
		}
		_, err = convertRule(context.Background(), env, ConvertInput{RuleSource: in})
		code := "ok"
		if err != nil {
			code = string(toolkit.AsError(err).Code)
		}
		if code == string(toolkit.InternalError) || code == string(toolkit.InvalidInput) {
			t.Errorf("%s: convert_sigma_to_kql: %v", path, err)
		}
		outcomes[code]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(outcomes))
	for k := range outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%s: %d of %d rules", k, outcomes[k], files)
	}
}
