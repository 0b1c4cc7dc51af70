// Package golden runs golden tests over txtar files: each case file holds its
// inputs and the expected outputs as sections, a test compares what it computes
// with those sections using go-cmp, and -update rewrites them instead. Every
// golden test of the repository shares this plumbing, so a case file reads and
// updates the same way wherever it lives.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

// update is the test binary's -update flag; a package using golden must not
// register its own.
var update = flag.Bool("update", false, "rewrite the expected sections of golden txtar files with the current output")

// Updating reports whether the test binary runs with -update, for tests whose
// expectations live outside txtar sections.
func Updating() bool { return *update }

// File is one golden case: the parsed archive and the absolute path it is
// written back to, so a test may change directory.
type File struct {
	Path    string
	Archive *txtar.Archive
}

// Run calls check in a subtest for each file matching pattern, named after the
// file without .txtar; with -update the archive is written back afterwards.
// A pattern matching nothing fails t, since the cases have then been lost.
func Run(t *testing.T, pattern string, check func(t *testing.T, f *File)) {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files match %s: %v", pattern, err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			f := Read(t, path)
			check(t, f)
			if *update {
				f.write(t)
			}
		})
	}
}

// Read parses the txtar file at path, failing tb when it cannot.
func Read(tb testing.TB, path string) *File {
	tb.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		tb.Fatal(err)
	}
	ar, err := txtar.ParseFile(abs)
	if err != nil {
		tb.Fatal(err)
	}
	return &File{Path: abs, Archive: ar}
}

// Section returns the text of the named section, or "" when there is none.
func (f *File) Section(name string) string {
	for _, s := range f.Archive.Files {
		if s.Name == name {
			return string(s.Data)
		}
	}
	return ""
}

// Has reports whether the archive holds the named section.
func (f *File) Has(name string) bool {
	for _, s := range f.Archive.Files {
		if s.Name == name {
			return true
		}
	}
	return false
}

// Set replaces the named section's text, appending the section when absent.
func (f *File) Set(name, data string) {
	for i := range f.Archive.Files {
		if f.Archive.Files[i].Name == name {
			f.Archive.Files[i].Data = []byte(data)
			return
		}
	}
	f.Archive.Files = append(f.Archive.Files, txtar.File{Name: name, Data: []byte(data)})
}

// Compare checks got against the named section, an absent one reading as "".
// With -update it sets the section instead; an empty got adds no section, so
// optional outputs (diagnostics, stderr) appear only when there are some.
func (f *File) Compare(t testing.TB, name, got string) {
	t.Helper()
	if *update {
		if got != "" || f.Has(name) {
			f.Set(name, got)
		}
		return
	}
	if diff := cmp.Diff(f.Section(name), got); diff != "" {
		t.Errorf("%s differs (-want +got); rerun with -update if intended:\n%s", name, diff)
	}
}

func (f *File) write(tb testing.TB) {
	tb.Helper()
	if err := os.WriteFile(f.Path, txtar.Format(f.Archive), 0o644); err != nil {
		tb.Fatal(err)
	}
}
