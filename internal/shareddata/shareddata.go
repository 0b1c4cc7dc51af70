// Package shareddata locates the real-world corpora in ../shared/data beside the
// repository for conformance tests and benchmarks. Tests call Dir and skip when the
// corpora are absent, so a fresh clone without them still passes.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the shared data directory: $SIGMAKQL_SHARED_DATA, else
// ../shared/data beside the repository root. ok is false when it does not exist.
func Root() (dir string, ok bool) {
	if d := os.Getenv("SIGMAKQL_SHARED_DATA"); d != "" {
		return d, isDir(d)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isDir(filepath.Join(d, ".git")) || fileExists(filepath.Join(d, "go.mod")) {
			cand := filepath.Join(filepath.Dir(d), "shared", "data")
			return cand, isDir(cand)
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// Dir returns the path of name inside the shared data directory, skipping tb when
// it is absent.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	root, ok := Root()
	if !ok {
		tb.Skip("../shared/data is absent; conformance run skipped")
	}
	p := filepath.Join(root, name)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("%s is absent; conformance run skipped", p)
	}
	return p
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
