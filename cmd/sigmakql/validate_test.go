package main

import (
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

// TestValidateGolden runs the command line in each testdata/validate/*.txtar case
// ("args" holds one argument per line, so a --query may contain spaces) from a
// directory holding the case's other files, and compares exit code, stdout and
// stderr with the case's sections. -update rewrites them.
func TestValidateGolden(t *testing.T) {
	golden.Run(t, "../../testdata/validate/*.txtar", func(t *testing.T, f *golden.File) {
		runCLICase(t, f, strings.Split(strings.TrimSuffix(f.Section("args"), "\n"), "\n"))
	})
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
