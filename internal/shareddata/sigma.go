package shareddata

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// RuleFile is one file of the SigmaHQ corpus: its path and its text.
type RuleFile struct {
	Path string
	Src  []byte
}

// sigmaCorpus holds the corpus once read, so that the conformance tests and
// benchmarks of one test binary walk and read the 3,777 files only once.
var sigmaCorpus struct {
	once  sync.Once
	files []RuleFile
	err   error
}

// SigmaRules returns every .yml and .yaml file under the shared SigmaHQ corpus
// in the order filepath.WalkDir visits them (each folder's entries by name), skipping tb when the corpus is absent. The slice is
// shared by every caller of the test binary and must not be modified.
func SigmaRules(tb testing.TB) []RuleFile {
	tb.Helper()
	dir := Dir(tb, "sigma")
	sigmaCorpus.once.Do(func() {
		sigmaCorpus.files, sigmaCorpus.err = readRuleFiles(dir)
	})
	if sigmaCorpus.err != nil {
		tb.Fatal(sigmaCorpus.err)
	}
	return sigmaCorpus.files
}

func readRuleFiles(dir string) ([]RuleFile, error) {
	var files []RuleFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isYAML(path) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, RuleFile{Path: path, Src: src})
		return nil
	})
	return files, err
}

func isYAML(path string) bool {
	return strings.HasSuffix(path, ".yml") || strings.HasSuffix(path, ".yaml")
}
