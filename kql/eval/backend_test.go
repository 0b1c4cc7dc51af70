package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
)

// backendTable builds the table a backend golden's plan describes: each
// "column Name Expr type" line gives a column, and an Expr that reads a
// member (EventData.Image) makes its base a dynamic column. The rows are one
// of empty values and one of filled ones, so every predicate is evaluated on
// both nulls and values.
func backendTable(t *testing.T, plan string) (string, *Table) {
	t.Helper()
	var name string
	tab := &Table{}
	for _, line := range strings.Split(plan, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "table":
			name = f[1]
		case len(f) == 4 && f[0] == "column":
			col := Column{Name: f[2]}
			col.Type, _ = ParseType(f[3])
			if base, _, member := strings.Cut(f[2], "."); member {
				col = Column{Name: base, Type: TypeDynamic}
			}
			if tab.ColumnIndex(col.Name) < 0 {
				tab.Columns = append(tab.Columns, col)
			}
		}
	}
	empty, filled := make([]Value, len(tab.Columns)), make([]Value, len(tab.Columns))
	for i, c := range tab.Columns {
		empty[i] = Null(c.Type)
		filled[i] = convertTo(String("1"), c.Type)
		if c.Type == TypeDynamic {
			filled[i] = Dynamic(map[string]any{"Image": `C:\x\cmd.exe`, "ProcessId": int64(4)})
		}
	}
	tab.Rows = [][]Value{empty, filled}
	return name, tab
}

// watchlistFunc stands in for the workspace function a pipeline placeholder
// expands to, so that queries using it run as written.
const watchlistFunc = "let _GetWatchlist = (alias:string) { datatable(SearchKey:string)['admin'] };\n"

// TestBackendGoldensEvaluate runs every query of testdata/backend through the
// engine: each construct the KQL backend emits must evaluate, never be
// reported unsupported.
func TestBackendGoldensEvaluate(t *testing.T) {
	files, err := filepath.Glob("../../testdata/backend/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no backend goldens found: %v", err)
	}
	queries := 0
	for _, file := range files {
		f := golden.Read(t, file)
		out := strings.TrimSpace(f.Section("out.kql"))
		if out == "" {
			continue
		}
		name, table := backendTable(t, f.Section("plan"))
		for _, src := range strings.Split(out, "\n---\n") {
			queries++
			q := mustParse(t, watchlistFunc+src)
			if _, err := Run(context.Background(), q, Database{name: table}, Options{Clock: fixedClock}); err != nil {
				t.Errorf("%s: %v\n%s", filepath.Base(file), err, src)
			}
		}
	}
	t.Logf("%d backend queries evaluated", queries)
}

// TestBackendGoldensExist guards the path above against a move of testdata.
func TestBackendGoldensExist(t *testing.T) {
	if _, err := os.Stat("../../testdata/backend"); err != nil {
		t.Fatal(err)
	}
}
