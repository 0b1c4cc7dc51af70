package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirFindsSigmaCorpus(t *testing.T) {
	dir := Dir(t, "sigma")
	if _, err := os.Stat(filepath.Join(dir, "SOURCE")); err != nil {
		t.Fatalf("sigma corpus at %s has no SOURCE file: %v", dir, err)
	}
}

// TestSigmaRules reads the corpus once, each file a YAML rule with text, and
// hands the same files to a second caller.
func TestSigmaRules(t *testing.T) {
	files := SigmaRules(t)
	if len(files) < 3000 {
		t.Fatalf("%d rule files, want the whole corpus", len(files))
	}
	seen := map[string]bool{}
	for _, f := range files {
		if !isYAML(f.Path) || len(f.Src) == 0 || seen[f.Path] {
			t.Fatalf("%s: not a YAML rule with text, or listed twice", f.Path)
		}
		seen[f.Path] = true
	}
	if again := SigmaRules(t); &again[0] != &files[0] {
		t.Error("a second call read the corpus again")
	}
}
