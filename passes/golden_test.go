package passes_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

const goldenDir = "../testdata/passes"

// TestGolden applies the pipelines of every testdata/passes/*.txtar case to its
// rule and compares the printed plan, the rewritten rule and the diagnostics;
// -update rewrites them.
//
// A case holds rule.yml, optionally pipeline.yml (a user pipeline composed with
// azure_monitor, or alone when the options say "builtin none") and options (one
// "setting k=v", "placeholder name=v1,v2", "target-table T" or "builtin NAME" per
// line).
func TestGolden(t *testing.T) {
	golden.Run(t, filepath.Join(goldenDir, "*.txtar"), func(t *testing.T, f *golden.File) {
		got := runGolden(t, f)
		for _, name := range []string{"plan", "rule.ir", "diags"} {
			f.Compare(t, name, got[name])
		}
	})
}

func runGolden(t *testing.T, a *golden.File) map[string]string {
	t.Helper()
	f, diags := parser.ParseFile("rule.yml", []byte(a.Section("rule.yml")))
	if diags.HasErrors() || len(f.Docs) != 1 {
		t.Fatalf("rule.yml does not parse: %v", diags)
	}
	rule, ok := f.Docs[0].(*ir.Rule)
	if !ok {
		t.Fatal("rule.yml is not a rule")
	}
	if src := a.Section("filter.yml"); src != "" {
		rule = applyGoldenFilter(t, rule, src)
	}
	p, opts := goldenPipeline(t, a)
	plan := p.Apply(rule, opts)
	return map[string]string{
		"plan":    printPlan(plan),
		"rule.ir": ir.Print(plan.Rule),
		"diags":   formatDiags(plan.Diagnostics),
	}
}

func applyGoldenFilter(t *testing.T, rule *ir.Rule, src string) *ir.Rule {
	t.Helper()
	f, diags := parser.ParseFile("filter.yml", []byte(src))
	if diags.HasErrors() || len(f.Docs) != 1 {
		t.Fatalf("filter.yml does not parse: %v", diags)
	}
	filter, ok := f.Docs[0].(*ir.Filter)
	if !ok {
		t.Fatal("filter.yml is not a filter")
	}
	out, diags := passes.ApplyFilters(rule, []*ir.Filter{filter})
	if diags.HasErrors() {
		t.Fatalf("ApplyFilters: %v", diags)
	}
	return out
}

// goldenPipeline builds the pipeline and options a case asks for.
func goldenPipeline(t *testing.T, a *golden.File) (*passes.Pipeline, passes.Options) {
	t.Helper()
	opts := passes.Options{Settings: map[string]string{}, Placeholders: map[string][]string{}}
	builtin := "azure_monitor"
	for _, line := range strings.Split(strings.TrimSpace(a.Section("options")), "\n") {
		kind, arg, _ := strings.Cut(line, " ")
		key, val, _ := strings.Cut(arg, "=")
		switch kind {
		case "":
		case "setting":
			opts.Settings[key] = val
		case "placeholder":
			opts.Placeholders[key] = strings.Split(val, ",")
		case "target-table":
			opts.TargetTable = arg
		case "builtin":
			builtin = arg
		default:
			t.Fatalf("unknown option line %q", line)
		}
	}
	var pipes []*passes.Pipeline
	if builtin != "none" {
		p, err := passes.Lookup(builtin)
		if err != nil {
			t.Fatal(err)
		}
		pipes = append(pipes, p)
	}
	if src := a.Section("pipeline.yml"); src != "" {
		p, diags := passes.LoadPipeline("pipeline.yml", []byte(src))
		if diags.HasErrors() {
			t.Fatalf("pipeline.yml: %v", diags)
		}
		pipes = append(pipes, p)
	}
	return passes.Compose(pipes...), opts
}

// printPlan prints a plan one fact per line, in a stable order.
func printPlan(p *passes.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "pipeline %s\n", p.Pipeline)
	if p.Table != "" {
		fmt.Fprintf(&b, "table %s\n", p.Table)
	}
	keys := make([]string, 0, len(p.Columns))
	for k := range p.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "column %s %s\n", k, columnText(p.Columns[k]))
	}
	for _, k := range p.Keywords {
		fmt.Fprintf(&b, "keyword %s\n", columnText(k))
	}
	names := make([]string, 0, len(p.QueryExpressions))
	for n := range p.QueryExpressions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "query-expression %s %s\n", n, p.QueryExpressions[n])
	}
	fmt.Fprintf(&b, "supported %t\n", p.Supported())
	return b.String()
}

func columnText(c passes.Column) string {
	return strings.Join(append([]string{c.Name}, c.Path...), ".") + " " + c.Type
}

func formatDiags(l interface{ Error() string }) string {
	if s := l.Error(); s != "" {
		return s + "\n"
	}
	return ""
}
