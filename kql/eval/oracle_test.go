package eval

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/internal/oracle"
)

// oracleCase is a query and whether Kusto.Language must accept it.
type oracleCase struct {
	query  string
	accept bool
}

// TestOracleAgrees referees the engine's tests with Microsoft's Kusto.Language:
// every expression and golden query the engine evaluates must be valid KQL
// to it, and every query the engine rejects as a type mismatch must be one it
// rejects too. It skips when the oracle is not installed.
func TestOracleAgrees(t *testing.T) {
	dir, err := oracle.Find()
	if err != nil {
		t.Skip(err)
	}
	cases := oracleCases(t)
	queries := make([]oracle.Query, len(cases))
	for i, c := range cases {
		queries[i] = oracle.Query{ID: string(rune('a' + i%26)), Query: c.query}
	}
	results, err := oracle.Check(dir, queries, oracle.Options{Schema: oracleSchema(t), Procs: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range results {
		if r.OK != cases[i].accept {
			t.Errorf("Kusto.Language ok=%v, want %v for\n%s\nsyntax: %+v\nsemantic: %+v", r.OK, cases[i].accept, cases[i].query, r.SyntaxErrors, r.SemanticErrors)
		}
	}
}

// oracleSchema writes the schema of sampleDB's table T for the oracle.
func oracleSchema(t *testing.T) string {
	t.Helper()
	schema := map[string]any{"tables": map[string][][2]string{"T": {{"S", "string"}, {"N", "long"}, {"D", "dynamic"}}}}
	return oracle.WriteSchema(t, schema)
}

// oracleCases gathers the scalar cases, the goldens that produce a table, and
// the type-mismatch refusals.
func oracleCases(t *testing.T) []oracleCase {
	t.Helper()
	var cases []oracleCase
	for _, list := range allScalarCases {
		for _, c := range list {
			cases = append(cases, oracleCase{query: "print r = " + c.expr, accept: true})
		}
	}
	files, _ := filepath.Glob("../../testdata/eval/*.txtar")
	for _, file := range files {
		f := golden.Read(t, file)
		if !strings.HasPrefix(f.Section("out"), "error:") {
			cases = append(cases, oracleCase{query: f.Section("query"), accept: true})
		}
	}
	for _, c := range errorCases {
		if c.code == CodeTypeMismatch && !strings.Contains(c.name, "scalar used as table") && !strings.Contains(c.name, "non-bool") {
			cases = append(cases, oracleCase{query: c.query, accept: false})
		}
	}
	return cases
}
