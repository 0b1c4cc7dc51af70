package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

// TestCheckGolden runs "sigmakql check" on the rule files of each
// testdata/check/*.txtar case, from a directory holding just those files, and
// compares exit code, stdout and stderr with the case's sections.
func TestCheckGolden(t *testing.T) {
	golden.Run(t, "../../testdata/check/*.txtar", func(t *testing.T, f *golden.File) {
		runCLICase(t, f, append([]string{"check"}, strings.Fields(f.Section("args"))...))
	})
}

func TestCheckUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no paths", []string{"check"}, "Usage: sigmakql check"},
		{"unknown format", []string{"check", "-f", "xml", dir}, `unknown format "xml"`},
		{"missing path", []string{"check", filepath.Join(dir, "nope.yml")}, "no such file"},
		{"bad flag", []string{"check", "-x", dir}, "flag provided but not defined"},
		{"bad flag after a path", []string{"check", dir, "-f", "xml"}, `unknown format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "", tt.args...)
			if code != exitUsage || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, tt.want)
			}
		})
	}
}

// TestCheckSARIFStructure checks the parts of SARIF 2.1.0 that code-review tools
// rely on: version, one run with a named driver, a rule per code, and results whose
// ruleIndex points at their rule, with a level and a 1-based region.
func TestCheckSARIFStructure(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "a.yml"), "title: t\nlogsource:\n    product: windows\n"+
		"detection:\n    sel:\n        EventID: '4688'\n    unused:\n        User: x\n    condition: sel and selx\n")
	code, stdout, _ := runCLI(t, "", "check", "-f", "sarif", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d", code, exitFindings)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("bad header: version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "sigmakql" || len(run.Results) < 2 {
		t.Fatalf("driver %q with %d results", run.Tool.Driver.Name, len(run.Results))
	}
	seen := map[string]bool{}
	for _, r := range run.Tool.Driver.Rules {
		if seen[r.ID] {
			t.Errorf("rule %q listed twice", r.ID)
		}
		seen[r.ID] = true
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(run.Tool.Driver.Rules) || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %q has ruleIndex %d that points elsewhere", res.RuleID, res.RuleIndex)
		}
		if !levels[res.Level] || res.Message.Text == "" || len(res.Locations) != 1 {
			t.Errorf("result %+v lacks level, message or location", res)
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if !strings.HasSuffix(loc.ArtifactLocation.URI, "/a.yml") || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("result %q location %+v", res.RuleID, loc)
		}
	}
}
