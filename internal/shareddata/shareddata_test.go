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
