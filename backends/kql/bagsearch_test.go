package kql

import (
	"context"
	"encoding/json"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/ir"
	kqlang "github.com/sigmakql/sigmakql/kql"
	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/parser"
	"github.com/sigmakql/sigmakql/passes"
)

// TestBagKeywordsOnEngine runs keyword searches over a dynamic bag on the local
// engine: a keyword matches a row exactly when one of the bag's values (or an
// element of a list value) contains it, whatever quotes, backslashes or keys the
// bag holds, and a negated keyword keeps rows whose bag is empty or null.
func TestBagKeywordsOnEngine(t *testing.T) {
	rows := map[string]string{
		"quote":     `{"Data": "Remove-X -Confirm \"False\""}`,
		"backslash": `{"Path": "C:\\Temp\\tool.exe"}`,
		"list":      `{"Data": ["Set-Y", "-Confirm \"False\""]}`,
		"key only":  `{"Confirm": "yes", "Temp": "no"}`,
		"across":    `{"A": "-Confirm \"Fal", "B": "se\""}`,
		"nested":    `{"Obj": {"Deep": "Temp"}, "List": [["Temp"]]}`,
		"empty":     `{}`,
		"null":      `null`,
	}
	tests := []struct {
		name     string
		keywords string
		cond     string
		want     []string
	}{
		{"quote", `' -Confirm "False"'`, "keywords", []string{"quote"}},
		{"quote in a list element", `'-Confirm "False"'`, "keywords", []string{"list", "quote"}},
		{"inner backslash", `'C:\Temp\'`, "keywords", []string{"backslash"}},
		{"never a key", `'Temp'`, "keywords", []string{"backslash"}},
		{"never JSON syntax", `'":"'`, "keywords", nil},
		{"negated keeps empty bags", `'Confirm'`, "not keywords", []string{"backslash", "empty", "key only", "nested", "null"}},
		{"never a nested object or list", `'Deep'`, "keywords", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "title: t\nlogsource: {product: windows}\ndetection:\n  keywords:\n    - " + tt.keywords + "\n  condition: " + tt.cond + "\n"
			got := runBagRule(t, src, rows)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

// runBagRule converts a rule whose keywords are searched in T.EventData and
// returns the names of the rows it matches, sorted.
func runBagRule(t *testing.T, src string, rows map[string]string) []string {
	t.Helper()
	file, diags := parser.ParseFile("rule.yml", []byte(src))
	if diags.HasErrors() || len(file.Docs) != 1 {
		t.Fatal(diags)
	}
	rule, ok := file.Docs[0].(*ir.Rule)
	if !ok {
		t.Fatalf("%T is not a rule", file.Docs[0])
	}
	plan := &passes.Plan{Rule: rule, Table: "T", Keywords: []passes.Column{{Name: "EventData", Type: "dynamic"}}}
	queries, diags := Convert(plan, Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	q, pd := kqlang.Parse(queries[0])
	if pd.HasErrors() {
		t.Fatalf("%v\n%s", pd, queries[0])
	}
	prog, err := eval.Compile(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, queries[0])
	}
	table := &eval.Table{Columns: []eval.Column{{Name: "Name", Type: eval.TypeString}, {Name: "EventData", Type: eval.TypeDynamic}}}
	for _, name := range sortedNames(rows) {
		var bag any
		if err := json.Unmarshal([]byte(rows[name]), &bag); err != nil {
			t.Fatal(err)
		}
		table.Rows = append(table.Rows, []eval.Value{eval.String(name), eval.Dynamic(bag)})
	}
	out, err := prog.Run(context.Background(), eval.Database{"T": table}, eval.Options{})
	if err != nil {
		t.Fatalf("%v\n%s", err, queries[0])
	}
	if len(out.Columns) != 2 {
		t.Errorf("query returns columns %v, want the table's own", out.Columns)
	}
	var names []string
	for _, r := range out.Rows {
		names = append(names, r[0].S)
	}
	return names
}

func sortedNames(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// BenchmarkBagKeywords runs a two-keyword search over 2,000 rows whose EventData
// holds ten values each, on the local engine: the cost of the mv-apply that
// joins each row's values.
func BenchmarkBagKeywords(b *testing.B) {
	src := "title: t\nlogsource: {product: windows}\ndetection:\n  keywords: ['-Confirm \"False\"', 'C:\\Temp\\']\n  condition: keywords\n"
	file, diags := parser.ParseFile("rule.yml", []byte(src))
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	plan := &passes.Plan{Rule: file.Docs[0].(*ir.Rule), Table: "T", Keywords: []passes.Column{{Name: "EventData", Type: "dynamic"}}}
	queries, diags := Convert(plan, Options{})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	q, _ := kqlang.Parse(queries[0])
	prog, err := eval.Compile(q)
	if err != nil {
		b.Fatal(err)
	}
	table := &eval.Table{Columns: []eval.Column{{Name: "EventData", Type: eval.TypeDynamic}}}
	for i := 0; i < 2000; i++ {
		bag := map[string]any{}
		for k := 0; k < 10; k++ {
			bag[string(rune('A'+k))] = "value " + string(rune('a'+(i+k)%26)) + " of a Windows event"
		}
		table.Rows = append(table.Rows, []eval.Value{eval.Dynamic(bag)})
	}
	db := eval.Database{"T": table}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := prog.Run(context.Background(), db, eval.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
