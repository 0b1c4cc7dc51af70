package kql

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/oracle"
)

// TestGoldenQueriesPassOracle runs every golden query through Microsoft's
// Kusto.Language with a schema made of the goldens' own plans: each must parse and
// resolve with no error. It skips when the oracle is not installed.
func TestGoldenQueriesPassOracle(t *testing.T) {
	cases := loadGoldens(t)
	schema := map[string]any{
		"database": "db",
		"tables":   goldenSchema(t, cases),
		"functions": map[string]any{
			"_GetWatchlist": map[string]string{"params": "(watchlistAlias:string)", "body": "{ datatable(SearchKey:string)[] }"},
		},
	}
	var queries []oracle.Query
	for _, gc := range cases {
		out := strings.TrimSuffix(gc.file.Section("out.kql"), "\n")
		if out == "" {
			continue
		}
		for i, q := range strings.Split(out, "\n---\n") {
			queries = append(queries, oracle.Query{ID: filepath.Base(gc.file.Path) + "#" + string(rune('0'+i)), Query: q})
		}
	}
	requireOracleAccepts(t, queries, schema)
}

// requireOracleAccepts has Kusto.Language check queries against schema
// (written by oracle.WriteSchema) and fails t for each query it rejects. It
// skips when the oracle is not installed.
func requireOracleAccepts(t *testing.T, queries []oracle.Query, schema any) {
	t.Helper()
	dir, err := oracle.Find()
	if err != nil {
		t.Skip(err)
	}
	results, err := oracle.Check(dir, queries, oracle.Options{Schema: oracle.WriteSchema(t, schema)})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if !r.OK {
			t.Errorf("%s: Kusto.Language rejects\n%s\nsyntax: %+v\nsemantic: %+v", r.ID, queries[i].Query, r.SyntaxErrors, r.SemanticErrors)
		}
	}
}
