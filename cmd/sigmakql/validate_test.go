package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// validateSections are the sections of a testdata/validate case that are not
// input files written beside the command.
var validateSections = map[string]bool{"args": true, "stdin": true, "exit": true, "stdout": true, "stderr": true}

// TestValidateGolden runs the command line in each testdata/validate/*.txtar case
// ("args" holds one argument per line, so a --query may contain spaces) from a
// directory holding the case's other files, and compares exit code, stdout and
// stderr with the case's sections. -update rewrites them.
func TestValidateGolden(t *testing.T) {
	cases, _ := filepath.Glob("../../testdata/validate/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no golden cases in testdata/validate")
	}
	for _, path := range cases {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			runValidateCase(t, abs)
		})
	}
}

func runValidateCase(t *testing.T, path string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		if !validateSections[f.Name] {
			writeCaseFile(t, filepath.Join(dir, f.Name), f.Data)
		}
	}
	t.Chdir(dir)
	args := strings.Split(strings.TrimSuffix(txtarSection(ar, "args"), "\n"), "\n")
	code, stdout, stderr := runCLI(t, txtarSection(ar, "stdin"), args...)
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

func TestValidateUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no query", []string{"validate"}},
		{"query and file", []string{"validate", "--query", "T", "q.kql"}},
		{"bad format", []string{"validate", "-f", "xml", "--query", "T"}},
		{"missing schema file", []string{"validate", "--schema", "/nonexistent.json", "--query", "T"}},
		{"missing query file", []string{"validate", "/nonexistent.kql"}},
		{"schema without subcommand", []string{"schema"}},
		{"schema show without table", []string{"schema", "show"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, _ := runCLI(t, "", tt.args...); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
		})
	}
}
