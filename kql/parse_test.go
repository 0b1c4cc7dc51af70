package kql

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/golden"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		code      diag.Code
		line, col int
	}{
		{"missing predicate", "T\n| where", CodeSyntax, 2, 8},
		{"unknown operator", "T\n| wher x", CodeSyntax, 2, 3},
		{"two queries without semicolon", "T | take 1\nU | take 1", CodeSyntax, 2, 1},
		{"unclosed string", `T | where x == "abc`, CodeSyntax, 1, 16},
		{"unclosed paren", "T | where (x == 1", CodeSyntax, 1, 18},
		{"negated has_any", `T | where x !has_any ("a")`, CodeSyntax, 1, 13},
		{"bad character", "T | where x == §", CodeSyntax, 1, 16},
		{"evaluate without call", "T | evaluate x", CodeSyntax, 1, 14},
		{"too deep", "print " + strings.Repeat("(", MaxDepth+1) + "1" + strings.Repeat(")", MaxDepth+1), CodeTooDeep, 1, 7 + MaxDepth},
		{"too long", "print \"" + strings.Repeat("a", MaxQueryBytes) + "\"", CodeTooLong, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, diags := Parse(tt.src)
			if q != nil || len(diags) == 0 {
				t.Fatalf("Parse accepted %q", tt.src)
			}
			d := diags[0]
			if d.Code != tt.code || d.Line != tt.line || d.Col != tt.col {
				t.Errorf("got %v, want %s at %d:%d", d, tt.code, tt.line, tt.col)
			}
		})
	}
}

func TestSyntaxMessages(t *testing.T) {
	tests := []struct {
		src, message string
		suggestions  []string
	}{
		{"T | wher x", `unexpected "wher" (expected a tabular operator such as where, extend, project or summarize)`, []string{"where"}},
		{"T | projet a", `unexpected "projet" (expected a tabular operator such as where, extend, project or summarize)`, []string{"project"}},
		{"T | where", "unexpected end of query (expected an expression)", nil},
		{"T | sort x", `unexpected "x" (expected "by")`, nil},
	}
	for _, tt := range tests {
		_, diags := Parse(tt.src)
		if len(diags) == 0 {
			t.Errorf("Parse(%q) succeeded", tt.src)
			continue
		}
		if d := diags[0]; d.Message != tt.message || !slices.Equal(d.Suggestions, tt.suggestions) {
			t.Errorf("Parse(%q): got %q %q, want %q %q", tt.src, d.Message, d.Suggestions, tt.message, tt.suggestions)
		}
	}
}

func TestParseDeepButAllowed(t *testing.T) {
	for _, src := range []string{
		"print " + strings.Repeat("(", MaxDepth) + "1" + strings.Repeat(")", MaxDepth),
		"print " + strings.Repeat("f(", MaxDepth) + "1" + strings.Repeat(")", MaxDepth),
		"print x = dynamic(" + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1) + ")",
		"T" + strings.Repeat(" | where x", 2000),
	} {
		if _, diags := Parse(src); diags.HasErrors() {
			t.Errorf("Parse(%.40q…): %v", src, diags)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "SecurityEvent\n| where Account =~ \"x\"  // note\n| extend n = strlen(Account)"
	q, diags := Parse(src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var where *WhereOp
	var call *Call
	Inspect(q, func(n Node) bool {
		switch n := n.(type) {
		case *WhereOp:
			where = n
		case *Call:
			call = n
		}
		return true
	})
	if where.Pos.Line != 2 || where.Pos.Column != 3 {
		t.Errorf("where at %v, want 2:3", where.Pos)
	}
	pred := where.Pred.(*Binary)
	if got := src[pred.Pos.Offset:pred.EndPos.Offset]; got != `Account =~ "x"` {
		t.Errorf("predicate span covers %q", got)
	}
	if got := src[call.Pos.Offset:call.EndPos.Offset]; got != "strlen(Account)" || call.Pos.Line != 3 {
		t.Errorf("call span covers %q at line %d", got, call.Pos.Line)
	}
	if got := src[where.Pos.Offset:where.EndPos.Offset]; got != `where Account =~ "x"` {
		t.Errorf("where span covers %q", got)
	}
	if got := src[q.Pos.Offset:q.EndPos.Offset]; got != src {
		t.Errorf("query span covers %q", got)
	}
}

func TestLiteralValues(t *testing.T) {
	tests := []struct {
		src   string
		kind  LitKind
		value string
		null  bool
	}{
		{`"a\"b\\c\n"`, LitString, "a\"b\\c\n", false},
		{`'it\'s'`, LitString, "it's", false},
		{`@"C:\dir\"`, LitString, `C:\dir\`, false},
		{`@'it''s'`, LitString, "it's", false},
		{`h"hidden"`, LitString, "hidden", false},
		{"```two\nlines```", LitString, "two\nlines", false},
		{`"a" 'b'`, LitString, "ab", false},
		{"0x1F", LitLong, "0x1F", false},
		{"1.5e3", LitReal, "1.5e3", false},
		{"5m", LitTimespan, "5m", false},
		{"timespan(1.02:03:04)", LitTimespan, "1.02:03:04", false},
		{"datetime(2024-01-01 10:00)", LitDatetime, "2024-01-01 10:00", false},
		{`datetime("2024-01-01")`, LitDatetime, "2024-01-01", false},
		{"guid(00000000-0000-0000-0000-000000000000)", LitGuid, "00000000-0000-0000-0000-000000000000", false},
		{"long(null)", LitLong, "null", true},
		{"real(-1.5)", LitReal, "-1.5", false},
		{"false", LitBool, "false", false},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			q, diags := Parse("print " + tt.src)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			lit, ok := q.Statements[0].(*ExprStmt).Pipe.Source.(*PrintSource).Columns[0].X.(*Literal)
			if !ok {
				t.Fatalf("not a literal")
			}
			if lit.Kind != tt.kind || lit.Value != tt.value || lit.Null != tt.null {
				t.Errorf("got %s %q null=%v, want %s %q null=%v", lit.Kind, lit.Value, lit.Null, tt.kind, tt.value, tt.null)
			}
		})
	}
}

func TestKeywordsAsNames(t *testing.T) {
	for _, src := range []string{
		"T | project where = 1, project = 2, count = 3",
		"T | where kind == 1 and step > 2 and from < 3",
		"T | summarize count() by type, kind",
		"T | extend ['by'] = 1 | project ['by']",
	} {
		q, diags := Parse(src)
		if diags.HasErrors() {
			t.Errorf("Parse(%q): %v", src, diags)
			continue
		}
		if _, d := Parse(Print(q)); d.HasErrors() {
			t.Errorf("printed %q does not parse: %v", Print(q), d)
		}
	}
}

func TestWalkVisitsEveryName(t *testing.T) {
	q, diags := Parse("let x = 1; T | where a > x | summarize c = count() by b | join (U | project d) on $left.b == $right.d")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var names []string
	Inspect(q, func(n Node) bool {
		if r, ok := n.(*NameRef); ok {
			names = append(names, r.Name)
		}
		return true
	})
	if got, want := strings.Join(names, " "), "T a x b U d $left $right"; got != want {
		t.Errorf("names %q, want %q", got, want)
	}
}

// FuzzParse checks that no input panics or hangs, and that whatever parses
// prints to text that parses again and prints the same.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/kql/*.txtar")
	for _, file := range files {
		f.Add(golden.Read(f, file).Section("input.kql"))
	}
	for _, s := range []string{"T | where x", "print dynamic({\"a\": [1]})", "let f = (a:long) { a + 1 }; print f(1)", ". drop"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, diags := Parse(src)
		if diags.HasErrors() {
			return
		}
		printed := Print(q)
		q2, diags := Parse(printed)
		if diags.HasErrors() {
			t.Fatalf("printed query does not parse: %v\ninput: %q\nprinted: %q", diags, src, printed)
		}
		if again := Print(q2); again != printed {
			t.Fatalf("printing is not stable:\n%q\n%q", printed, again)
		}
	})
}

// TestNestedFailuresFinish guards against exponential backtracking: each input
// fails deep inside nested sub-queries, which once made participle retry every
// alternative at every level (a fuzz-found hang).
func TestNestedFailuresFinish(t *testing.T) {
	for _, unit := range []string{
		"datatable(a:int)[(", "datatable(a:int)[", "print (print (", "T | where (T | where (",
		"T | join (", "print toscalar(T | where ", "T | mv-apply x on (where x | mv-apply y on (",
		"T | extend (a) = (", "union (", "T | fork (", "T | facet by a with (", "T | summarize a = b(",
	} {
		src := strings.Repeat(unit, 60)
		if _, diags := Parse(src); !diags.HasErrors() {
			t.Errorf("Parse accepted %.40q…", src)
		}
	}
}

// TestProbes checks Parse against Kusto.Language's verdicts on hand-written
// probes of valid and invalid syntax (testdata/kql/probes.tsv).
func TestProbes(t *testing.T) {
	data, err := os.ReadFile("../testdata/kql/probes.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		verdict, query, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("probes.tsv:%d: no tab", i+1)
		}
		query = strings.ReplaceAll(query, `\n`, "\n")
		_, diags := Parse(query)
		if got := map[bool]string{true: "invalid", false: "valid"}[diags.HasErrors()]; got != verdict {
			t.Errorf("probes.tsv:%d: %q is %s for Kusto, %s for us %v", i+1, query, verdict, got, diags)
		}
	}
}

// TestParseConcurrent parses from several goroutines at once: the MCP server
// and the batch validator share the package-level parsers.
func TestParseConcurrent(t *testing.T) {
	files, _ := filepath.Glob("../testdata/kql/*.txtar")
	var inputs []string
	for _, file := range files {
		inputs = append(inputs, golden.Read(t, file).Section("input.kql"))
	}
	want := make([]string, len(inputs))
	for i, in := range inputs {
		if q, _ := Parse(in); q != nil {
			want[i] = Print(q)
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, in := range inputs {
				got := ""
				if q, _ := Parse(in); q != nil {
					got = Print(q)
				}
				if got != want[i] {
					t.Errorf("concurrent parse of %s differs", files[i])
				}
			}
		}()
	}
	wg.Wait()
}

func TestParseExpr(t *testing.T) {
	x, diags := ParseExpr(`CommandLine contains "x" and EventID in (1, 2)`)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	b, ok := x.(*Binary)
	if !ok || b.Op != "and" || b.Pos.Offset != 0 || b.Pos.Column != 1 || b.EndPos.Offset != 46 {
		t.Fatalf("got %T %s at %v-%v", x, Print(x), x.Start(), x.End())
	}
	for _, bad := range []string{"a ==", "a = 1", "T | where a", "a, b", ""} {
		if _, diags := ParseExpr(bad); !diags.HasErrors() {
			t.Errorf("ParseExpr(%q) succeeded", bad)
		}
	}
	if _, diags := ParseExpr("a =="); diags[0].Col != 5 {
		t.Errorf("error at column %d, want 5: %v", diags[0].Col, diags[0])
	}
}
