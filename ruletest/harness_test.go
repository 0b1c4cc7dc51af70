package ruletest_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/ruletest"
)

const whoamiRule = `title: Whoami
logsource: {category: process_creation, product: windows}
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
`

const whoamiTests = `cases:
  - name: whoami runs
    match: true
    event: {Image: 'C:\Windows\System32\whoami.exe'}
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func statuses(r *ruletest.Report) []string {
	var out []string
	for _, c := range r.Cases {
		out = append(out, c.Kind+" "+string(c.Status))
	}
	return out
}

// TestUpdateRewritesGoldenBesideRule checks the rule.kql flow: a stale golden
// fails, -update rewrites it with the conversion, and the next run passes.
func TestUpdateRewritesGoldenBesideRule(t *testing.T) {
	dir := writeFiles(t, map[string]string{"whoami.yml": whoamiRule, "whoami.kql": "stale\n", "whoami.tests.yml": whoamiTests})
	c := azureMonitorChecker(t)
	if got := statuses(c.Run([]string{dir}, false)); !cmp.Equal(got, []string{"event pass", "golden fail"}) && !cmp.Equal(got, []string{"golden fail", "event pass"}) {
		t.Fatalf("before update: %v", got)
	}
	if r := c.Run([]string{dir}, true); r.Failed() {
		t.Fatalf("update failed: %+v", r.Cases)
	}
	golden, err := os.ReadFile(filepath.Join(dir, "whoami.kql"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(golden), `tostring(EventData.Image) endswith @'\whoami.exe'`) {
		t.Errorf("rewritten golden does not hold the query:\n%s", golden)
	}
	if r := c.Run([]string{dir}, false); r.Failed() || len(r.Cases) != 2 {
		t.Errorf("after update: %+v", r.Cases)
	}
}

// TestUpdateAddsTxtarSection checks that -update adds the pipeline's out/
// section to a txtar case file that lacks it, keeping the other sections.
func TestUpdateAddsTxtarSection(t *testing.T) {
	archive := "-- rule.yml --\n" + whoamiRule + "-- tests.yml --\n" + whoamiTests
	dir := writeFiles(t, map[string]string{"whoami.txtar": archive})
	path := filepath.Join(dir, "whoami.txtar")
	c := azureMonitorChecker(t)
	if r := c.Run([]string{path}, true); r.Failed() {
		t.Fatalf("update failed: %+v", r.Cases)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), archive) || !strings.Contains(string(data), "-- out/azure_monitor.kql --\nWindowsEvent\n") {
		t.Errorf("updated archive:\n%s", data)
	}
	if got := statuses(c.Run([]string{path}, false)); !cmp.Equal(got, []string{"golden pass", "event pass"}) {
		t.Errorf("after update: %v", got)
	}
}

func TestTestFileWithoutRule(t *testing.T) {
	dir := writeFiles(t, map[string]string{"orphan.tests.yml": whoamiTests})
	r := azureMonitorChecker(t).Run([]string{dir}, false)
	if len(r.Cases) != 1 || r.Cases[0].Status != ruletest.Fail || !strings.Contains(r.Cases[0].Message, "no rule file orphan.yml") {
		t.Errorf("cases: %+v", r.Cases)
	}
}

func TestRuleFileArgumentRunsItsTests(t *testing.T) {
	dir := writeFiles(t, map[string]string{"whoami.yml": whoamiRule, "whoami.tests.yml": whoamiTests})
	r := azureMonitorChecker(t).Run([]string{filepath.Join(dir, "whoami.yml")}, false)
	if got := statuses(r); !cmp.Equal(got, []string{"event pass"}) {
		t.Errorf("cases: %v", got)
	}
}

// TestTestsYAMLSpelling checks that a test file named rule.tests.yaml is found
// and read as tests.yml is, wherever the run starts: a folder, the rule, or the
// test file itself (whose rule may be rule.yaml).
func TestTestsYAMLSpelling(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		arg   string
	}{
		{"folder", map[string]string{"whoami.yml": whoamiRule, "whoami.tests.yaml": whoamiTests}, ""},
		{"rule argument", map[string]string{"whoami.yml": whoamiRule, "whoami.tests.yaml": whoamiTests}, "whoami.yml"},
		{"test file beside a .yaml rule", map[string]string{"whoami.yaml": whoamiRule, "whoami.tests.yaml": whoamiTests}, "whoami.tests.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, c.files)
			r := azureMonitorChecker(t).Run([]string{filepath.Join(dir, c.arg)}, false)
			if got := statuses(r); !cmp.Equal(got, []string{"event pass"}) {
				t.Errorf("cases: %v %+v", got, r.Cases)
			}
		})
	}
}

func sampleReport() *ruletest.Report {
	return &ruletest.Report{Pipeline: "azure_monitor", Cases: []ruletest.Case{
		{Name: "a", Kind: ruletest.KindEvent, File: "r.tests.yml", Line: 3, Col: 5, Status: ruletest.Pass},
		{Name: "b", Kind: ruletest.KindGolden, File: "r.kql", Status: ruletest.Fail, Message: "differs\n--- a\n+++ b"},
		{Name: "c", Kind: ruletest.KindEvent, File: "s.tests.yml", Line: 9, Col: 5, Status: ruletest.Unsupported, Message: "not converted"},
	}}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Pipeline    string           `json:"pipeline"`
		Cases       int              `json:"cases"`
		Passed      int              `json:"passed"`
		Failed      []map[string]any `json:"failed"`
		Unsupported []map[string]any `json:"unsupported"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got.Pipeline != "azure_monitor" || got.Cases != 3 || got.Passed != 1 || len(got.Failed) != 1 || len(got.Unsupported) != 1 {
		t.Errorf("report: %s", b.String())
	}
	if got.Failed[0]["name"] != "b" || got.Failed[0]["kind"] != "golden" || got.Failed[0]["file"] != "r.kql" {
		t.Errorf("failed case: %v", got.Failed[0])
	}
}

// TestWriteJUnit validates the JUnit structure CI systems read: testsuites >
// testsuite (tests, failures, skipped) > testcase with failure or skipped.
func TestWriteJUnit(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteJUnit(&b); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name `xml:"testsuites"`
		Suites  []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Skipped  int    `xml:"skipped,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("want one suite:\n%s", b.String())
	}
	s := doc.Suites[0]
	if s.Tests != 3 || s.Failures != 1 || s.Skipped != 1 || len(s.Cases) != 3 {
		t.Errorf("suite counts: %+v", s)
	}
	if c := s.Cases[0]; c.Failure != nil || c.Skipped != nil || c.Classname != "r.tests.yml:3:5" {
		t.Errorf("passing case: %+v", c)
	}
	if c := s.Cases[1]; c.Failure == nil || c.Failure.Message != "differs" || !strings.Contains(c.Failure.Text, "+++ b") {
		t.Errorf("failed case: %+v", c)
	}
	if c := s.Cases[2]; c.Skipped == nil || c.Failure != nil {
		t.Errorf("unsupported case: %+v", c)
	}
}

// TestFiltersAmongPathsApply checks that a meta filter in the tested files is
// AND-ed onto the rule it names, on both sides, as convert applies it.
func TestFiltersAmongPathsApply(t *testing.T) {
	rule := "title: Whoami\nname: whoami_run\nlogsource: {category: process_creation, product: windows}\n" +
		"detection:\n    selection:\n        Image|endswith: '\\whoami.exe'\n    condition: selection\n"
	filter := "title: Not On Build Servers\nlogsource: {category: process_creation, product: windows}\n" +
		"filter:\n    rules: [whoami_run]\n    selection:\n        Computer|startswith: 'BUILD-'\n    condition: not selection\n"
	tests := `cases:
  - {name: a workstation, match: true, event: {Image: 'C:\Windows\System32\whoami.exe', Computer: 'WS-1'}}
  - {name: a build server is filtered out, match: false, event: {Image: 'C:\Windows\System32\whoami.exe', Computer: 'build-7'}}
`
	dir := writeFiles(t, map[string]string{"whoami.yml": rule, "build_servers.yml": filter, "whoami.tests.yml": tests})
	r := azureMonitorChecker(t).Run([]string{dir}, false)
	if got := statuses(r); !cmp.Equal(got, []string{"event pass", "event pass"}) {
		t.Errorf("cases: %+v", r.Cases)
	}
	without := azureMonitorChecker(t).Run([]string{filepath.Join(dir, "whoami.yml")}, false)
	if got := statuses(without); !cmp.Equal(got, []string{"event pass", "event fail"}) {
		t.Errorf("without the filter among the paths: %+v", without.Cases)
	}
}
