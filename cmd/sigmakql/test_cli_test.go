package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestCommandExamplesPass(t *testing.T) {
	code, out, errOut := runCLI(t, "", "test", "../../testdata/rules")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if !strings.HasPrefix(out, "azure_monitor: ") || !strings.Contains(out, " 0 failed") {
		t.Errorf("summary: %s", out)
	}
}

func TestTestCommandJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "test", "../../testdata/ruletest/cases/expectation_wrong.txtar", "-f", "json")
	if code != exitFindings {
		t.Errorf("exit %d, want %d for failed cases", code, exitFindings)
	}
	var got struct {
		Pipeline    string            `json:"pipeline"`
		Cases       int               `json:"cases"`
		Passed      int               `json:"passed"`
		Failed      []json.RawMessage `json:"failed"`
		Unsupported []json.RawMessage `json:"unsupported"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Pipeline != "azure_monitor" || got.Cases != 3 || got.Passed != 0 || len(got.Failed) != 3 || got.Unsupported == nil {
		t.Errorf("report: %s", out)
	}
}

func TestTestCommandJUnit(t *testing.T) {
	code, out, _ := runCLI(t, "", "test", "-f", "junit", "../../testdata/ruletest/cases/unsupported_rule.txtar")
	if code != exitOK {
		t.Errorf("exit %d: an unsupported rule is not a failure", code)
	}
	var doc struct {
		Suites []struct {
			Tests   int `xml:"tests,attr"`
			Skipped int `xml:"skipped,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil || len(doc.Suites) != 1 || doc.Suites[0].Tests != 2 || doc.Suites[0].Skipped != 1 {
		t.Errorf("junit (%v):\n%s", err, out)
	}
}

func TestTestCommandUpdate(t *testing.T) {
	dir := t.TempDir()
	rule := "title: t\nlogsource: {product: azure, service: signinlogs}\ndetection: {sel: {ResultType: 50126}, condition: sel}\n"
	for name, text := range map[string]string{"r.yml": rule, "r.kql": "old\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, _ := runCLI(t, "", "test", dir); code != exitFindings || !strings.Contains(out, "-old") {
		t.Fatalf("stale golden: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, "", "test", "-update", dir); code != exitOK {
		t.Fatalf("update: exit %d\n%s", code, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "r.kql"))
	if want := "SigninLogs\n| where ResultType =~ \"50126\"\n"; string(got) != want {
		t.Errorf("golden after update:\n%s\nwant:\n%s", got, want)
	}
	if code, out, _ := runCLI(t, "", "test", dir); code != exitOK {
		t.Errorf("after update: exit %d\n%s", code, out)
	}
}

func TestTestCommandUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no path", []string{"test"}, "no PATH given"},
		{"unknown format", []string{"test", "-f", "xml", "x"}, `unknown format "xml"`},
		{"regression without rules", []string{"test", "--regression", "d"}, "--regression and --rules go together"},
		{"unknown pipeline", []string{"test", "-p", "azure_monitr", "x"}, "did you mean azure_monitor"},
		{"bad option", []string{"test", "-O", "novalue", "x"}, `-O "novalue": want key=value`},
		{"missing path", []string{"test", "does-not-exist"}, "does-not-exist: no such file"},
		{"missing regression directory", []string{"test", "--regression", "nope", "--rules", "."}, "nope: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, "", tt.args...)
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errOut, exitUsage, tt.want)
			}
		})
	}
}

// TestTestCommandPipelineOption reads process creation from SecurityEvent: the
// golden (written for the default Sysmon table) differs, and the event cases
// still pass, their events mapped onto SecurityEvent's columns.
func TestTestCommandPipelineOption(t *testing.T) {
	code, out, _ := runCLI(t, "", "test", "-O", "process_creation=security", "-v", "../../testdata/ruletest/cases/golden_and_events_pass.txtar")
	if code != exitFindings || !strings.Contains(out, "+SecurityEvent") || strings.Count(out, "PASS: event") != 2 {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

// TestTestCommandNoTests runs on a rule with neither a golden nor event cases
// beside it.
func TestTestCommandNoTests(t *testing.T) {
	rule, err := os.ReadFile("../../testdata/rules/win_proc_certutil_download.yml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "rule.yml"), rule, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, "", "test", dir)
	if code != exitOK || !strings.Contains(errOut, "no tests found") || !strings.Contains(out, "0 cases") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
