package passes_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/passes")

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
	paths, err := filepath.Glob(filepath.Join(goldenDir, "*.txtar"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden files in %s: %v", goldenDir, err)
	}
	for _, path := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txtar"), func(t *testing.T) {
			a, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := runGolden(t, a)
			if *update {
				writeGolden(t, path, a, got)
				return
			}
			for _, name := range []string{"plan", "rule.ir", "diags"} {
				if diff := cmp.Diff(section(a, name), got[name]); diff != "" {
					t.Errorf("%s (-want +got):\n%s", name, diff)
				}
			}
		})
	}
}

func runGolden(t *testing.T, a *txtar.Archive) map[string]string {
	t.Helper()
	f, diags := parser.ParseFile("rule.yml", []byte(section(a, "rule.yml")))
	if diags.HasErrors() || len(f.Docs) != 1 {
		t.Fatalf("rule.yml does not parse: %v", diags)
	}
	rule, ok := f.Docs[0].(*ir.Rule)
	if !ok {
		t.Fatal("rule.yml is not a rule")
	}
	if src := section(a, "filter.yml"); src != "" {
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
func goldenPipeline(t *testing.T, a *txtar.Archive) (*passes.Pipeline, passes.Options) {
	t.Helper()
	opts := passes.Options{Settings: map[string]string{}, Placeholders: map[string][]string{}}
	builtin := "azure_monitor"
	for _, line := range strings.Split(strings.TrimSpace(section(a, "options")), "\n") {
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
	if src := section(a, "pipeline.yml"); src != "" {
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

func section(a *txtar.Archive, name string) string {
	for _, f := range a.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func writeGolden(t *testing.T, path string, a *txtar.Archive, got map[string]string) {
	t.Helper()
	var files []txtar.File
	for _, f := range a.Files {
		if _, generated := got[f.Name]; !generated {
			files = append(files, f)
		}
	}
	for _, name := range []string{"plan", "rule.ir", "diags"} {
		files = append(files, txtar.File{Name: name, Data: []byte(got[name])})
	}
	a.Files = files
	if err := os.WriteFile(path, txtar.Format(a), 0o644); err != nil {
		t.Fatal(err)
	}
}
