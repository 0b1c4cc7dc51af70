package kql

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

const goldenDir = "../../testdata/backend"

// goldenCase is one txtar file: a rule, a hand-written plan, and the expected
// queries and diagnostics.
type goldenCase struct {
	file *golden.File
	plan *passes.Plan
	opts Options
}

// TestGolden converts every testdata/backend/*.txtar rule with its plan and
// compares the queries and diagnostics; -update rewrites them.
func TestGolden(t *testing.T) {
	golden.Run(t, filepath.Join(goldenDir, "*.txtar"), func(t *testing.T, f *golden.File) {
		gc := goldenCaseOf(t, f)
		queries, diags := Convert(gc.plan, gc.opts)
		f.Compare(t, "out.kql", strings.Join(queries, "\n---\n")+"\n")
		f.Compare(t, "out.diags", formatDiags(diags))
	})
}

func formatDiags(diags interface{ Error() string }) string {
	s := diags.Error()
	if s == "" {
		return ""
	}
	return s + "\n"
}

func loadGoldens(t *testing.T) []goldenCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files in %s: %v", goldenDir, err)
	}
	var out []goldenCase
	for _, p := range paths {
		out = append(out, goldenCaseOf(t, golden.Read(t, p)))
	}
	return out
}

func goldenCaseOf(t *testing.T, f *golden.File) goldenCase {
	t.Helper()
	plan, opts := goldenPlan(t, f)
	return goldenCase{file: f, plan: plan, opts: opts}
}

// goldenPlan parses the rule.yml section and builds a Plan from the plan section:
//
//	table NAME
//	column FIELD COLUMN[.MEMBER...] TYPE
//	keyword COLUMN TYPE
//	query PLACEHOLDER KQL...
//	option header|project
func goldenPlan(t *testing.T, g *golden.File) (*passes.Plan, Options) {
	t.Helper()
	path := g.Path
	file, diags := parser.ParseFile("rule.yml", []byte(g.Section("rule.yml")))
	if diags.HasErrors() || len(file.Docs) != 1 {
		t.Fatalf("%s: rule.yml: %v", path, diags)
	}
	rule, ok := file.Docs[0].(*ir.Rule)
	if !ok {
		t.Fatalf("%s: rule.yml is not a rule", path)
	}
	plan := &passes.Plan{Rule: rule, Columns: map[string]passes.Column{}, QueryExpressions: map[string]string{}}
	var opts Options
	for _, line := range strings.Split(g.Section("plan"), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "table" && len(f) == 2:
			plan.Table = f[1]
		case f[0] == "column" && len(f) == 4:
			plan.Columns[f[1]] = columnSpec(f[2], f[3])
		case f[0] == "keyword" && len(f) == 3:
			plan.Keywords = append(plan.Keywords, columnSpec(f[1], f[2]))
		case f[0] == "query" && len(f) >= 3:
			plan.QueryExpressions[f[1]] = strings.Join(f[2:], " ")
		case line == "option header":
			opts.Header = true
		case line == "option project":
			opts.Project = true
		default:
			t.Fatalf("%s: bad plan line %q", path, line)
		}
	}
	return plan, opts
}

// columnSpec reads "Name.Member.Member" with a type; members are split on '.'
// and a member written in brackets keeps its dots and spaces as %20.
func columnSpec(spec, typ string) passes.Column {
	names := strings.Split(spec, ".")
	for i, n := range names {
		names[i] = strings.ReplaceAll(n, "%20", " ")
	}
	return passes.Column{Name: names[0], Path: names[1:], Type: typ}
}

// goldenSchema returns the oracle schema implied by every golden plan: each
// table with the columns its plans read (dynamic for member paths).
func goldenSchema(t *testing.T, cases []goldenCase) map[string][][2]string {
	t.Helper()
	tables := map[string]map[string]string{}
	add := func(table string, c passes.Column) {
		typ := c.Type
		if len(c.Path) > 0 {
			typ = "dynamic"
		}
		if prev, ok := tables[table][c.Name]; ok && prev != typ {
			t.Fatalf("column %s.%s is %s in one golden and %s in another", table, c.Name, prev, typ)
		}
		tables[table][c.Name] = typ
	}
	for _, gc := range cases {
		if tables[gc.plan.Table] == nil {
			tables[gc.plan.Table] = map[string]string{"TimeGenerated": "datetime"}
		}
		for _, c := range gc.plan.Columns {
			add(gc.plan.Table, c)
		}
		for _, c := range gc.plan.Keywords {
			add(gc.plan.Table, c)
		}
	}
	out := map[string][][2]string{}
	for table, cols := range tables {
		names := make([]string, 0, len(cols))
		for n := range cols {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out[table] = append(out[table], [2]string{n, cols[n]})
		}
	}
	return out
}
