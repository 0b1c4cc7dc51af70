package ruletest_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

const (
	casesDir      = "../testdata/ruletest/cases"
	reportSection = "want/report.txt"
)

// TestCases runs each txtar case file of testdata/ruletest/cases through the
// harness and compares the verbose text report with its want/report.txt section.
// The harness reads each case by its path relative to the package, as the
// reports print it.
func TestCases(t *testing.T) {
	c := azureMonitorChecker(t)
	golden.Run(t, filepath.Join(casesDir, "*.txtar"), func(t *testing.T, f *golden.File) {
		var b bytes.Buffer
		path := filepath.Join(casesDir, filepath.Base(f.Path))
		if err := c.Run([]string{path}, false).WriteText(&b, true); err != nil {
			t.Fatal(err)
		}
		f.Compare(t, reportSection, b.String())
	})
}
