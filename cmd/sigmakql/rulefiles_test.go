package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuleCommandsSkipTestsBeside runs check and convert on a folder holding a
// rule and its event tests: the tests file is not read as a rule.
func TestRuleCommandsSkipTestsBeside(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, "../../testdata/rules/win_proc_certutil_download.yml", filepath.Join(dir, "rule.yml"))
	copyFile(t, "../../testdata/rules/win_proc_certutil_download.tests.yml", filepath.Join(dir, "rule.tests.yml"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"check", []string{"check", dir}, "1 file, 1 document"},
		{"convert", []string{"convert", "-f", "jsonl", dir}, "rule.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", tt.args...)
			if code != exitOK || strings.Contains(out+errOut, "rule.tests.yml") || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, src, 0o644); err != nil {
		t.Fatal(err)
	}
}
