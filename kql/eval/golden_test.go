package eval

import (
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

// TestGolden runs each testdata/eval/*.txtar: the query section (which brings
// its own data with let and datatable) must print the out section, either the
// result table or "error: " and the diagnostic.
func TestGolden(t *testing.T) {
	golden.Run(t, "../../testdata/eval/*.txtar", func(t *testing.T, f *golden.File) {
		if !f.Has("query") {
			t.Fatal("no query section")
		}
		f.Compare(t, "out", goldenOutput(t, f.Section("query")))
	})
}

func goldenOutput(t *testing.T, query string) string {
	t.Helper()
	res, err := runQuery(t, query, nil)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return res.Format()
}
