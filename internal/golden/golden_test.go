package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const caseText = `comment
-- in --
abc
-- out --
ABC
`

func writeCase(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "case.txtar")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSections(t *testing.T) {
	f := Read(t, writeCase(t, caseText))
	tests := []struct {
		name    string
		section string
		want    string
		has     bool
	}{
		{"present", "in", "abc\n", true},
		{"absent", "err", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := f.Section(tt.section); got != tt.want || f.Has(tt.section) != tt.has {
				t.Errorf("Section(%q) = %q, Has %v; want %q, %v", tt.section, got, f.Has(tt.section), tt.want, tt.has)
			}
		})
	}
}

func TestCompareMatches(t *testing.T) {
	f := Read(t, writeCase(t, caseText))
	f.Compare(t, "out", "ABC\n")
	f.Compare(t, "err", "")
}

// TestUpdateRewrites runs a case under -update: changed sections are rewritten
// in place, a new non-empty output is appended, and an empty one adds nothing.
func TestUpdateRewrites(t *testing.T) {
	path := writeCase(t, caseText)
	*update = true
	defer func() { *update = false }()
	t.Run("run", func(t *testing.T) {
		Run(t, filepath.Join(filepath.Dir(path), "*.txtar"), func(t *testing.T, f *File) {
			f.Compare(t, "out", "XYZ\n")
			f.Compare(t, "err", "")
			f.Compare(t, "note", "new\n")
		})
	})
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "comment\n-- in --\nabc\n-- out --\nXYZ\n-- note --\nnew\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("rewritten file (-want +got):\n%s", diff)
	}
}

// recorder keeps the errors a comparison reports instead of failing the test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestCompareReportsDiff(t *testing.T) {
	f := Read(t, writeCase(t, caseText))
	r := &recorder{TB: t}
	f.Compare(r, "out", "abc\n")
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "out differs") || !strings.Contains(r.errors[0], `"abc\n"`) {
		t.Errorf("errors reported: %q", r.errors)
	}
}
