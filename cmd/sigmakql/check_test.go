package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// The -update flag is shared by every golden test of this package; whoever's test
// file is initialized first registers it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden sections of testdata txtar files")
	}
}

// updateGolden reports whether -update was given.
func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// checkSections are the sections of a testdata/check case that are not rule files.
var checkSections = map[string]bool{"args": true, "exit": true, "stdout": true, "stderr": true}

// TestCheckGolden runs "sigmakql check" on the rule files of each
// testdata/check/*.txtar case, from a directory holding just those files, and
// compares exit code, stdout and stderr with the case's sections.
func TestCheckGolden(t *testing.T) {
	cases, _ := filepath.Glob("../../testdata/check/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no golden cases in testdata/check")
	}
	for _, path := range cases {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runCheckCase(t, abs)
		})
	}
}

func runCheckCase(t *testing.T, path string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if !checkSections[f.Name] {
			writeCaseFile(t, filepath.Join(dir, f.Name), f.Data)
		}
	}
	t.Chdir(dir)
	code, stdout, stderr := runCLI(t, "", append([]string{"check"}, strings.Fields(txtarSection(ar, "args"))...)...)
	got := map[string]string{"exit": strconv.Itoa(code) + "\n", "stdout": stdout, "stderr": stderr}
	if updateGolden() {
		for _, name := range []string{"exit", "stdout", "stderr"} {
			setTxtarSection(ar, name, got[name])
		}
		if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, name := range []string{"exit", "stdout", "stderr"} {
		if diff := cmp.Diff(txtarSection(ar, name), got[name]); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", name, diff)
		}
	}
}

func writeCaseFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func txtarSection(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func setTxtarSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
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
	writeCaseFile(t, filepath.Join(dir, "a.yml"), []byte("title: t\nlogsource:\n    product: windows\n"+
		"detection:\n    sel:\n        EventID: '4688'\n    unused:\n        User: x\n    condition: sel and selx\n"))
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
