package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

// cliCaseSections are the sections of a command-line golden case that are not
// input files: the command line, standard input and the expected outcome.
var cliCaseSections = map[string]bool{"args": true, "stdin": true, "exit": true, "stdout": true, "stderr": true}

// runCLICase writes the case's input files to a temporary directory, runs args
// there with the "stdin" section as standard input, and compares the exit code,
// stdout and stderr with the case's sections.
func runCLICase(t *testing.T, f *golden.File, args []string) {
	t.Helper()
	dir := t.TempDir()
	for _, s := range f.Archive.Files {
		if !cliCaseSections[s.Name] {
			writeTestFile(t, filepath.Join(dir, s.Name), string(s.Data))
		}
	}
	t.Chdir(dir)
	code, stdout, stderr := runCLI(t, f.Section("stdin"), args...)
	f.Compare(t, "exit", strconv.Itoa(code)+"\n")
	f.Compare(t, "stdout", stdout)
	f.Compare(t, "stderr", stderr)
}

// writeTestFile writes data to path, creating its directory.
func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
