package ruletest_test

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/shareddata"
	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/ruletest"
)

func azureMonitorChecker(t testing.TB) *ruletest.Checker {
	t.Helper()
	p, err := passes.Lookup(passes.AzureMonitor)
	if err != nil {
		t.Fatal(err)
	}
	return &ruletest.Checker{Pipeline: p}
}

// TestConformanceRegressionAzureMonitor runs SigmaHQ's regression events: every
// rule the azure_monitor pipeline converts must match all of its positive events
// on the local engine, and the interpreter must match them for every rule.
func TestConformanceRegressionAzureMonitor(t *testing.T) {
	dir := shareddata.Dir(t, "sigma-regression")
	rules := shareddata.Dir(t, "sigma")
	cases := azureMonitorChecker(t).Regression(dir, rules)
	var passed, unsupported int
	var bugs bugTracker
	for _, c := range cases {
		switch c.Status {
		case ruletest.Pass:
			passed++
		case ruletest.Unsupported:
			unsupported++
			t.Logf("unsupported: %s: %s", c.Name, c.Message)
		default:
			failure := c.File + ": " + c.Name + "\n" + strings.TrimSpace(c.Message)
			if !bugs.explain(t, failure) {
				t.Error(failure)
			}
		}
	}
	bugs.checkFixed(t, nil)
	t.Logf("%d rule folders: %d pass, %d unsupported by the pipeline", len(cases), passed, unsupported)
	if len(cases) < 90 {
		t.Errorf("only %d regression cases were found", len(cases))
	}
}
