package ruletest_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/report.txt sections of testdata/ruletest/cases")

const reportSection = "want/report.txt"

// TestCases runs each txtar case file of testdata/ruletest/cases through the
// harness and compares the verbose text report with its want/report.txt section.
func TestCases(t *testing.T) {
	files, err := filepath.Glob("../testdata/ruletest/cases/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	c := azureMonitorChecker(t)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			var b bytes.Buffer
			if err := c.Run([]string{f}, false).WriteText(&b, true); err != nil {
				t.Fatal(err)
			}
			a, err := txtar.ParseFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				writeSection(t, f, a, reportSection, b.String())
				return
			}
			if diff := cmp.Diff(archiveSection(a, reportSection), b.String()); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

func archiveSection(a *txtar.Archive, name string) string {
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func writeSection(t *testing.T, path string, a *txtar.Archive, name, text string) {
	t.Helper()
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = []byte(text)
			if err := os.WriteFile(path, txtar.Format(a), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: []byte(text)})
	if err := os.WriteFile(path, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
}
