package schema

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/sigmakql/sigmakql/kql"
)

// testSchema is a small schema so operator tests do not depend on the snapshot.
func testSchema(t testing.TB) *Schema {
	t.Helper()
	s, err := Load(strings.NewReader(`{"tables": {
		"T": [["A","string"],["B","long"],["TimeGenerated","datetime"],["D","dynamic"]],
		"U": [["A","string"],["C","int"]]}}`))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// unknownNames validates src against testSchema and returns the unknown tables
// (prefixed "table:") and columns in source order.
func unknownNames(t *testing.T, src string) []string {
	t.Helper()
	an := ValidateText(src, testSchema(t), Options{})
	if an.Syntax.HasErrors() {
		t.Fatalf("parse %q: %v", src, an.Syntax)
	}
	var out []string
	for _, u := range an.UnknownTables {
		out = append(out, "table:"+u.Name)
	}
	for _, u := range an.UnknownColumns {
		out = append(out, u.Name)
	}
	return out
}

// TestOperatorSchemaEffects checks, per operator, which names Kusto considers
// columns after it; the expectations were confirmed with Kusto.Language.
func TestOperatorSchemaEffects(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"where", "T | where Nope == 1 and B > 0", []string{"Nope"}},
		{"extend adds", "T | extend x = 1 | where x > 0 and A != ''", nil},
		{"extend items do not see each other", "T | extend x = 1, y = x + 1", []string{"x"}},
		{"extend unnamed member", "T | extend D.x | where D_x == 1", nil},
		{"extend tuple", "T | extend (a, b) = f(A) | project a, b", nil},
		{"extend series_stats", "T | extend series_stats(D) | where series_stats_D_min > 0", nil},
		{"project keeps only listed", "T | project A, b = B | where B > 1", []string{"B"}},
		{"project unnamed conversion keeps the name", "T | project tostring(D.x), toint(B) | where D_x == '' and B == 1", nil},
		{"project generated name", "T | project strcat(A, 'x') | where Column1 == ''", nil},
		{"project-away", "T | project-away A, T* | where B > 1 and TimeGenerated > ago(1d)", []string{"TimeGenerated"}},
		{"project-away unknown", "T | project-away Nope", []string{"Nope"}},
		{"wildcard matching no column", "T | project-away A*, Zz* | project-reorder Yy*, B asc", []string{"Zz*", "Yy*"}},
		{"project-keep", "T | project-keep A, Ti* | where TimeGenerated > ago(1d) and B > 0", []string{"B"}},
		{"project-rename", "T | project-rename Z = A | where Z == '' and A == ''", []string{"A"}},
		{"project-rename unknown defines nothing", "T | project-rename Z = Nope | where Z == ''", []string{"Nope", "Z"}},
		{"project-reorder unknown", "T | project-reorder Nope, B", []string{"Nope"}},
		{"summarize default names", "T | summarize count(), dcount(A), avg(B), make_set(A), countif(B > 1) by bin(TimeGenerated, 1h) | where count_ > 0 and dcount_A > 0 and avg_B > 0 and array_length(set_A) > 0 and countif_ > 0 and TimeGenerated > ago(1d)", nil},
		{"summarize drops other columns", "T | summarize count() by A | where B > 1", []string{"B"}},
		{"summarize clashing names get suffixes", "T | summarize arg_max(TimeGenerated, A, B) by A | where A1 == '' and B > 0", nil},
		{"summarize arg_max star", "T | summarize arg_max(TimeGenerated, *) by A | where B > 0 and D.x == 1", nil},
		{"summarize arg_max star clashing with an aggregate", "T | summarize B = max(B), arg_max(TimeGenerated, *) by A | project B, B1, A, A1", []string{"A1"}},
		{"summarize percentiles", "T | summarize percentiles(B, 50, 95) | where percentile_B_50 > 0 and percentile_B_95 > 0", nil},
		{"summarize named", "T | summarize n = count() by k = tostring(D.x) | where n > 1 and k != '' and count_ > 0", []string{"count_"}},
		{"distinct", "T | distinct A, B | where TimeGenerated > ago(1d)", []string{"TimeGenerated"}},
		{"count", "T | count | where Count > 1 and A == ''", []string{"A"}},
		{"join suffix", "T | join U on A | where A1 == '' and C > 1", nil},
		{"join suffix skips right-side names", "T | distinct B, A | join (T | summarize F = arg_min(TimeGenerated, A) by A) on A | project-away A1 | project A2, F, A11", []string{"A11"}},
		{"join unknown key", "T | join U on Nope", []string{"Nope"}},
		{"join key on one side only", "T | join U on B", []string{"B"}},
		{"join left right keys", "T | join (U) on $left.B == $right.Nope", []string{"Nope"}},
		{"join leftsemi keeps left", "T | join kind=leftsemi U on A | where C > 1", []string{"C"}},
		{"join rightanti keeps right", "T | join kind=rightanti U on A | where C > 1 and B > 1", []string{"B"}},
		{"lookup drops keys", "T | lookup U on A | where C > 0 and A1 == ''", []string{"A1"}},
		{"union merges", "union T, U | where C > 1 and B > 1 and Nope > 1", []string{"Nope"}},
		{"union withsource", "union withsource=Src T, U | where Src == 'T'", nil},
		{"union type conflict", "union T, (U | extend B = 'x') | where B_long > 1 and B_string == ''", nil},
		{"mv-expand", "T | mv-expand x = D to typeof(string) | where x == ''", nil},
		{"mv-expand itemindex", "T | mv-expand with_itemindex=I D | where I > 0", nil},
		{"mv-apply", "T | mv-apply D on (summarize make_list(D)) | where array_length(list_D) > 0", nil},
		{"parse", "T | parse A with * 'x' F:int 'y' G | where F > 1 and G == ''", nil},
		{"parse-kv", "T | parse-kv A as (k1:string, k2:long) with (pair_delimiter=',', kv_delimiter='=') | where k2 > 1", nil},
		{"make-series", "T | make-series n = count() default=0 on TimeGenerated step 1h by A | where A == '' | project n, TimeGenerated, B", []string{"B"}},
		{"top-nested", "T | top-nested 3 of A by count() | where aggregated_A > 0", nil},
		{"getschema", "T | getschema | where ColumnName == 'A' and A == ''", []string{"A"}},
		{"let scalar", "let x = 5; T | where B > x and y > 1", []string{"y"}},
		{"let tabular", "let V = T | project A; V | where A == '' and B > 1", []string{"B"}},
		{"let function", "let f = (a:string) { T | where A == a }; f('x') | project A, Nope", []string{"Nope"}},
		{"function body", "let f = (a:string) { T | where Nope == a }; print 1", []string{"Nope"}},
		{"tabular parameter", "let f = (t:(A:string)) { t | extend Z = A }; f(T) | where Z == '' and B > 1", nil},
		{"invoke", "let f = (t:(A:string)) { t | extend Z = A }; T | invoke f() | where Z == '' and B > 1", nil},
		{"as", "T | where B > 1 | as X | join (X) on A | where B1 > 0", nil},
		{"datatable", "datatable(k:string, v:int)['a', 1] | where v > 0 and w > 0", []string{"w"}},
		{"print", "print x = 1, 2 | where x > 0 and print_1 > 0", nil},
		{"range", "range i from 1 to 3 step 1 | where i > 1", nil},
		{"toscalar", "T | where B > toscalar(U | summarize max(C)) and B > toscalar(U | project Nope)", []string{"Nope"}},
		{"in subquery", "let V = U | project C; T | where B in (V) and A in ((U | project A))", nil},
		{"column_ifexists", "T | where column_ifexists('Nope', '') == ''", nil},
		{"dynamic members are not columns", "T | where D.Nope.x == 1 and D['y'] == 2", nil},
		{"bool literals in any case", "T | where True and FALSE", nil},
		{"unknown table opens the rows", "Nope | where Anything == 1", []string{"table:Nope"}},
		{"unknown function opens the rows", "_GetWatchlist('x') | where SearchKey == 1", nil},
		{"bag_unpack opens", "T | evaluate bag_unpack(D) | where AnyKey == 1", nil},
		{"ipv4_lookup", "let L = datatable(net:string, Site:string)[]; T | evaluate ipv4_lookup(L, A, net) | where Site == '' and Nope == 1", []string{"Nope"}},
		{"wildcard matching no table", "union Nope* | where X == 1", []string{"table:Nope*"}},
		{"wildcard union stays open", "union T* | where X == 1", nil},
		{"invoke arguments are outside the rows", "let f = (t:(*), x:string) { t | take 1 }; T | invoke f(A) | where B > 0", []string{"A"}},
		{"a let shadows a platform function", "let FileProfile = (t:(*), x:string) { t }; T | invoke FileProfile(A)", []string{"A"}},
		{"top-hitters", "T | top-hitters 5 of A | project A, approximate_count_A, Nope", []string{"Nope"}},
		{"top-hitters by", "T | top-hitters 5 of Aa by B | project approximate_sum_B, B", []string{"Aa", "B"}},
		{"facet", "T | facet by A, Bb with (where Nope == 1 | take 5)", []string{"Bb", "Nope"}},
		{"scan", "T | scan with_match_id=M declare (S:string) with (step s1: B == 1 => S = A; step s2: s1.S == Aa;) | project M, S, A, Nope", []string{"Aa", "Nope"}},
		{"find with project", "find in (T, U) where C == 1 and Cc == 2 project A, C | project source_, A, C, B", []string{"Cc", "B"}},
		{"find without project", "find in (T, U) where A == '' | project source_, A, B, C, Nope", []string{"B", "C", "Nope"}},
		{"find in every table", "find where Anything == 1 | project Whatever", nil},
		{"search in tables", "search in (T, U) Nope == 1 | project $table, A, C, Nope2", []string{"Nope", "Nope2"}},
		{"piped search", "T | search A == 'x' | project $table, B, C", []string{"C"}},
		{"search everywhere is open", "search 'x' | project Anything", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := unknownNames(t, tt.query)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\nunknown names (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestUnknownPositionsAndSuggestions(t *testing.T) {
	an := ValidateText("T\n| where Bx == 1 and $left == 2", testSchema(t), Options{})
	want := []Unknown{
		{Name: "Bx", Table: "T", Line: 2, Col: 9, Offset: 10, Suggestions: []string{"B"}},
		{Name: "$left", Table: "T", Line: 2, Col: 21, Offset: 22, Suggestions: []string{}},
	}
	if diff := cmp.Diff(want, an.UnknownColumns, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("unknown columns (-want +got):\n%s", diff)
	}
}

func TestDefaultTableFragment(t *testing.T) {
	an := ValidateText("| where Nope == 1", testSchema(t), Options{Table: "T"})
	if len(an.UnknownColumns) != 1 {
		t.Fatalf("got %+v, want one unknown column", an.UnknownColumns)
	}
	u := an.UnknownColumns[0]
	if u.Line != 1 || u.Col != 9 || u.Offset != 8 || u.Table != "T" {
		t.Errorf("got %+v, want Nope at 1:9 (offset 8) in T", u)
	}
}

func TestDefaultTableAfterComments(t *testing.T) {
	an := ValidateText("// only failures\n\n| where Nope == 1", testSchema(t), Options{Table: "T"})
	if an.Syntax.HasErrors() || len(an.UnknownColumns) != 1 || an.UnknownColumns[0].Line != 3 {
		t.Errorf("got syntax %v, unknown %+v; want Nope on line 3", an.Syntax, an.UnknownColumns)
	}
}

func TestUnknownDefaultTable(t *testing.T) {
	an := ValidateText("| take 1", testSchema(t), Options{Table: "Tt"})
	want := []Unknown{{Name: "Tt", Line: 1, Col: 1, Offset: 0, Suggestions: []string{"T"}}}
	if diff := cmp.Diff(want, an.UnknownTables); diff != "" {
		t.Errorf("unknown tables (-want +got):\n%s", diff)
	}
}

func TestTypeMismatchWarning(t *testing.T) {
	an := ValidateText("T | where B contains '4' and A contains 'x' and B !startswith_cs '1'", testSchema(t), Options{})
	var got []string
	for _, d := range an.Warnings {
		got = append(got, d.Pos.String()+" "+string(d.Code))
	}
	want := []string{"1:11 column-type-mismatch", "1:49 column-type-mismatch"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if !an.Valid() {
		t.Error("warnings must not make the query invalid")
	}
}

func TestRecursiveFunctionsAreBounded(t *testing.T) {
	src := "let f = (t:(*)) { union f(t), f(t), f(t), f(t), f(t), f(t), f(t), f(t) }; f(T) | where X == 1"
	an := ValidateText(src, testSchema(t), Options{})
	if an.Syntax.HasErrors() {
		t.Fatal(an.Syntax)
	}
}

func TestSyntaxErrorStopsAnalysis(t *testing.T) {
	an := ValidateText("T | where", testSchema(t), Options{})
	if !an.Syntax.HasErrors() || an.Valid() || len(an.UnknownColumns) != 0 {
		t.Errorf("got %+v, want only a syntax error", an)
	}
}

func TestValidateReturnsDiagnostics(t *testing.T) {
	q, diags := kql.Parse("T | where Bx == 1")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := Validate(q, testSchema(t), Options{})
	if len(got) != 1 || got[0].Code != CodeUnknownColumn || got[0].Line != 1 || got[0].Col != 11 {
		t.Fatalf("Validate = %v", got)
	}
	if diff := cmp.Diff([]string{"B"}, got[0].Suggestions); diff != "" {
		t.Errorf("suggestions (-want +got):\n%s", diff)
	}
}
