package kql

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/internal/oracle"
	"github.com/sigmakql/sigmakql/ir"
	kqlang "github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

const correlationGoldenDir = "../../testdata/backend/correlation"

// correlationGolden is one txtar file: rules.yml holds the rules and one
// correlation; the plan section says where each rule reads its fields:
//
//	rule REF TABLE
//	column REF FIELD COLUMN TYPE
//	option bins|header
type correlationGolden struct {
	file  *golden.File
	corr  *ir.Correlation
	rules []CorrelatedRule
	opts  Options
}

// TestCorrelationGolden converts every testdata/backend/correlation/*.txtar
// correlation and compares the query and diagnostics; -update rewrites them.
func TestCorrelationGolden(t *testing.T) {
	golden.Run(t, filepath.Join(correlationGoldenDir, "*.txtar"), func(t *testing.T, f *golden.File) {
		gc := correlationGoldenOf(t, f)
		q, diags := ConvertCorrelation(gc.corr, gc.rules, gc.opts)
		if q != "" {
			q += "\n"
		}
		f.Compare(t, "out.kql", q)
		f.Compare(t, "out.diags", formatDiags(diags))
	})
}

// TestCorrelationGoldensPassOracle has Microsoft's Kusto.Language check every
// golden correlation query against a schema made of the goldens' plans. It
// skips when the oracle is not installed.
func TestCorrelationGoldensPassOracle(t *testing.T) {
	cases := loadCorrelationGoldens(t)
	var queries []oracle.Query
	for _, gc := range cases {
		if q := strings.TrimSpace(gc.file.Section("out.kql")); q != "" {
			queries = append(queries, oracle.Query{ID: filepath.Base(gc.file.Path), Query: q})
		}
	}
	requireOracleAccepts(t, queries, map[string]any{"database": "db", "tables": correlationSchema(cases)})
}

// TestCorrelationGoldensEvaluate runs every golden query but percentiles
// (which the engine refuses, Kusto's being estimates) on the local engine over
// empty tables of the plans' columns: each construct must evaluate.
func TestCorrelationGoldensEvaluate(t *testing.T) {
	cases := loadCorrelationGoldens(t)
	db := eval.Database{}
	for table, cols := range correlationSchema(cases) {
		tab := &eval.Table{}
		for _, c := range cols {
			typ, ok := eval.ParseType(c[1])
			if !ok {
				t.Fatalf("type %s", c[1])
			}
			tab.Columns = append(tab.Columns, eval.Column{Name: c[0], Type: typ})
		}
		db[table] = tab
	}
	for _, gc := range cases {
		src := strings.TrimSpace(gc.file.Section("out.kql"))
		if src == "" || gc.corr.Type == ir.ValuePercentile {
			continue
		}
		q, diags := kqlang.Parse(src)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", gc.file.Path, diags)
		}
		if _, err := eval.Run(context.Background(), q, db, eval.Options{}); err != nil {
			t.Errorf("%s: %v\n%s", gc.file.Path, err, src)
		}
	}
}

func loadCorrelationGoldens(t *testing.T) []correlationGolden {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(correlationGoldenDir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files in %s: %v", correlationGoldenDir, err)
	}
	var out []correlationGolden
	for _, p := range paths {
		out = append(out, correlationGoldenOf(t, golden.Read(t, p)))
	}
	return out
}

func correlationGoldenOf(t *testing.T, g *golden.File) correlationGolden {
	t.Helper()
	path := g.Path
	file, diags := parser.ParseFile("rules.yml", []byte(g.Section("rules.yml")))
	if diags.HasErrors() {
		t.Fatalf("%s: rules.yml: %v", path, diags)
	}
	gc := correlationGolden{file: g}
	byRef := map[string]*ir.Rule{}
	for _, doc := range file.Docs {
		switch d := doc.(type) {
		case *ir.Rule:
			byRef[d.Name], byRef[d.ID] = d, d
		case *ir.Correlation:
			gc.corr = d
		}
	}
	if gc.corr == nil {
		t.Fatalf("%s: rules.yml holds no correlation", path)
	}
	plans := map[string]*passes.Plan{}
	for _, line := range strings.Split(g.Section("plan"), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "rule" && len(f) == 3 && byRef[f[1]] != nil:
			plans[f[1]] = &passes.Plan{Rule: byRef[f[1]], Table: f[2], Columns: map[string]passes.Column{}}
			gc.rules = append(gc.rules, CorrelatedRule{Ref: f[1], Plan: plans[f[1]]})
		case f[0] == "column" && len(f) == 5 && plans[f[1]] != nil:
			plans[f[1]].Columns[f[2]] = columnSpec(f[3], f[4])
		case line == "option bins":
			gc.opts.Correlation = FixedBins
		case line == "option header":
			gc.opts.Header = true
		default:
			t.Fatalf("%s: bad plan line %q", path, line)
		}
	}
	return gc
}

// correlationSchema returns each table the goldens read with the columns
// their plans name, TimeGenerated first.
func correlationSchema(cases []correlationGolden) map[string][][2]string {
	seen := map[string]map[string]bool{}
	out := map[string][][2]string{}
	for _, gc := range cases {
		for _, r := range gc.rules {
			if seen[r.Plan.Table] == nil {
				seen[r.Plan.Table] = map[string]bool{"TimeGenerated": true}
				out[r.Plan.Table] = [][2]string{{"TimeGenerated", "datetime"}}
			}
			for _, c := range r.Plan.Columns {
				if !seen[r.Plan.Table][c.Name] {
					seen[r.Plan.Table][c.Name] = true
					out[r.Plan.Table] = append(out[r.Plan.Table], [2]string{c.Name, c.Type})
				}
			}
		}
	}
	return out
}
