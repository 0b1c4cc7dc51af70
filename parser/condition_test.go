package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/internal/golden"
	"github.com/sigmakql/sigmakql/ir"
)

// condStart is where the conditions under test start: line 9, column 16 of r.yml.
var condStart = diag.Pos{File: "r.yml", Line: 9, Col: 16}

var condSearches = []string{"selection", "selection_img", "sel_cli", "filter_a", "filter_b", "_private", "keywords"}

func TestParseConditionPrints(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"identifier", "selection", "selection"},
		{"and binds tighter than or", "selection or sel_cli and keywords", "selection or sel_cli and keywords"},
		{"parentheses kept where needed", "(selection or sel_cli) and keywords", "(selection or sel_cli) and keywords"},
		{"redundant parentheses dropped", "((selection)) and (sel_cli and keywords)", "selection and sel_cli and keywords"},
		{"not binds tightest", "not selection and sel_cli", "not selection and sel_cli"},
		{"not over a group", "not (selection and sel_cli)", "not (selection and sel_cli)"},
		{"double not", "not not selection", "not not selection"},
		{"one of pattern", "1 of selection*", "1 of selection*"},
		{"any is one", "any of filter_*", "1 of filter_*"},
		{"all of them", "all of them", "all of them"},
		{"of a plain identifier", "1 of keywords", "1 of keywords"},
		{"newlines are space", "selection\n  and not\tfilter_a", "selection and not filter_a"},
		{"typical SigmaHQ shape", "all of selection* and not 1 of filter_*", "all of selection* and not 1 of filter_*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, errs := ParseCondition(tt.in, condStart, condSearches)
			if len(errs) > 0 {
				t.Fatalf("ParseCondition(%q): %v", tt.in, errs)
			}
			if got := e.String(); got != tt.want {
				t.Errorf("ParseCondition(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
			assertReparses(t, e)
		})
	}
}

// assertReparses checks that the printed form of e parses to the same print.
func assertReparses(t *testing.T, e ir.Expr) {
	t.Helper()
	printed := e.String()
	again, errs := ParseCondition(printed, condStart, condSearches)
	if len(errs) > 0 {
		t.Fatalf("printed form %q does not reparse: %v", printed, errs)
	}
	if again.String() != printed {
		t.Fatalf("printed form %q reparses to %q", printed, again.String())
	}
}

func TestParseConditionExpands(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"them skips underscore names", "1 of them", []string{"selection", "selection_img", "sel_cli", "filter_a", "filter_b", "keywords"}},
		{"pattern in document order", "all of sel*", []string{"selection", "selection_img", "sel_cli"}},
		{"pattern matches whole names", "1 of sel*img", []string{"selection_img"}},
		{"inner star", "1 of f*_*", []string{"filter_a", "filter_b"}},
		{"underscore pattern reaches underscore names", "1 of _*", []string{"_private"}},
		{"star skips underscore names", "1 of *", []string{"selection", "selection_img", "sel_cli", "filter_a", "filter_b", "keywords"}},
		{"bare identifier is exact", "1 of selection", []string{"selection"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, errs := ParseCondition(tt.in, condStart, condSearches)
			if len(errs) > 0 {
				t.Fatalf("ParseCondition(%q): %v", tt.in, errs)
			}
			of, ok := e.(*ir.Of)
			if !ok {
				t.Fatalf("ParseCondition(%q) = %T, want *ir.Of", tt.in, e)
			}
			if diff := cmp.Diff(tt.want, of.Names); diff != "" {
				t.Errorf("names mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseConditionPositions(t *testing.T) {
	e, errs := ParseCondition("sel_cli or not (keywords and 1 of filter_*)", condStart, condSearches)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	or := e.(*ir.Or)
	not := or.Terms[1].(*ir.Not)
	and := not.X.(*ir.And)
	got := []int{or.At.Col, or.Terms[0].Position().Col, not.At.Col, and.At.Col, and.Terms[1].Position().Col}
	want := []int{16, 16, 27, 32, 45}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("columns mismatch (-want +got):\n%s", diff)
	}
	if or.At.File != "r.yml" || or.At.Line != 9 {
		t.Errorf("position %v, want r.yml line 9", or.At)
	}
}

func TestParseConditionErrors(t *testing.T) {
	tests := []struct {
		name, in string
		code     diag.Code
		col      int // column in the condition text, 1-based
		suggest  []string
	}{
		{"empty", "", CondEmpty, 1, nil},
		{"blank", "  \t", CondEmpty, 1, nil},
		{"unknown identifier", "selection and selction", CondUnknownIdentifier, 15, []string{"selection"}},
		{"upper-case operator", "selection AND sel_cli", CondUnexpectedToken, 11, []string{"and"}},
		{"upper-case operand keyword", "NOT selection", CondUnknownIdentifier, 1, []string{"not"}},
		{"unknown identifier after of", "1 of keyword", CondUnknownIdentifier, 6, []string{"keywords"}},
		{"pattern matches nothing", "1 of proc_*", CondPatternNoMatch, 6, nil},
		{"them with only private names", "all of them", CondPatternNoMatch, 8, nil},
		{"trailing identifier", "selection sel_cli", CondUnexpectedToken, 11, nil},
		{"missing operand", "selection and", CondUnexpectedToken, 14, nil},
		{"operator first", "or selection", CondUnexpectedToken, 1, nil},
		{"unclosed parenthesis", "selection and (keywords or sel_cli", CondUnbalancedParen, 15, nil},
		{"stray parenthesis", "selection)", CondUnbalancedParen, 10, nil},
		{"empty parentheses", "()", CondUnbalancedParen, 2, nil},
		{"missing of", "1 selection", CondUnexpectedToken, 3, nil},
		{"of without target", "all of", CondUnexpectedToken, 7, nil},
		{"two of", "2 of selection*", CondBadQuantifier, 1, nil},
		{"pattern outside a quantifier", "sel*", CondUnexpectedToken, 1, nil},
		{"invalid character", "selection = 1", CondInvalidCharacter, 11, nil},
		{"aggregation pipe", "selection | count() > 5", CondAggregation, 11, nil},
		{"too deep", strings.Repeat("(", 70) + "selection" + strings.Repeat(")", 70), CondTooDeep, 65, nil},
		{"too deep with not", strings.Repeat("not ", 100) + "selection", CondTooDeep, 257, nil},
		{"too long", strings.Repeat("selection or ", 700) + "selection", CondTooLong, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			searches := condSearches
			if tt.name == "them with only private names" {
				searches = []string{"_a", "_b"}
			}
			e, errs := ParseCondition(tt.in, condStart, searches)
			if e != nil {
				t.Errorf("ParseCondition(%q) returned %v with errors", tt.in, e)
			}
			if len(errs) == 0 {
				t.Fatalf("ParseCondition(%q): no error, want %s", tt.in, tt.code)
			}
			d := errs[0]
			want := diag.Pos{File: "r.yml", Line: 9, Col: condStart.Col + tt.col - 1}
			if d.Code != tt.code || d.Pos != want || d.Severity != diag.Error {
				t.Errorf("ParseCondition(%q) first error %v, want %s at %v", tt.in, d, tt.code, want)
			}
			if tt.suggest != nil {
				if diff := cmp.Diff(tt.suggest, d.Suggestions); diff != "" {
					t.Errorf("suggestions mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestParseConditionReportsEveryUnknownName(t *testing.T) {
	_, errs := ParseCondition("a and b and 1 of c* and selection", condStart, condSearches)
	var got []string
	for _, d := range errs {
		got = append(got, fmt.Sprintf("%d %s", d.Col-condStart.Col+1, d.Code))
	}
	want := []string{"1 unknown-search-identifier", "7 unknown-search-identifier", "18 pattern-matches-nothing"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors mismatch (-want +got):\n%s", diff)
	}
}

func TestParseConditionBoundsErrors(t *testing.T) {
	_, errs := ParseCondition(strings.Repeat("x or ", 50)+"x", condStart, condSearches)
	if len(errs) != maxConditionErrors {
		t.Errorf("got %d errors, want the limit %d", len(errs), maxConditionErrors)
	}
}

// TestConditionGolden parses the conditions of every testdata/condition/*.txtar file
// against its searches and compares a dump of the IR or the diagnostics with the
// "out" section; -update rewrites it.
func TestConditionGolden(t *testing.T) {
	golden.Run(t, "../testdata/condition/*.txtar", func(t *testing.T, f *golden.File) {
		f.Compare(t, "out", runConditionGolden(t, f))
	})
}

// runConditionGolden parses each line of the "conditions" section and returns the
// expected-output text for all of them.
func runConditionGolden(t *testing.T, f *golden.File) string {
	t.Helper()
	searches := strings.Fields(f.Section("searches"))
	var b strings.Builder
	lines := strings.Split(strings.TrimRight(f.Section("conditions"), "\n"), "\n")
	for i, line := range lines {
		e, errs := ParseCondition(line, diag.Pos{File: "c", Line: i + 1, Col: 1}, searches)
		fmt.Fprintf(&b, "%s\n", line)
		if e != nil {
			fmt.Fprintf(&b, "  = %s\n  ir %s\n", e, dumpExpr(e))
		}
		for _, d := range errs {
			fmt.Fprintf(&b, "  %s %v\n", d, d.Suggestions)
		}
	}
	return b.String()
}

// dumpExpr prints e as a tree with every node's column and the names a quantifier
// expands to, which String leaves out.
func dumpExpr(e ir.Expr) string {
	switch n := e.(type) {
	case *ir.Ident:
		return fmt.Sprintf("%s@%d", n.Name, n.At.Col)
	case *ir.Not:
		return fmt.Sprintf("not@%d(%s)", n.At.Col, dumpExpr(n.X))
	case *ir.And:
		return fmt.Sprintf("and@%d(%s)", n.At.Col, dumpTerms(n.Terms))
	case *ir.Or:
		return fmt.Sprintf("or@%d(%s)", n.At.Col, dumpTerms(n.Terms))
	case *ir.Of:
		return fmt.Sprintf("%s@%d%v", n, n.At.Col, n.Names)
	}
	return fmt.Sprintf("%T", e)
}

func dumpTerms(terms []ir.Expr) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = dumpExpr(t)
	}
	return strings.Join(parts, ", ")
}

func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{
		"selection", "all of selection* and not 1 of filter_*", "(a or b", "not not (x)",
		"1 of them | count() > 3", "sel AND cli", "((((sel_cli))))", "any of _*",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, errs := ParseCondition(in, condStart, condSearches)
		if (e == nil) != errs.HasErrors() {
			t.Fatalf("ParseCondition(%q) = %v with errors %v", in, e, errs)
		}
		if len(errs) > maxConditionErrors {
			t.Fatalf("ParseCondition(%q): %d errors, over the limit", in, len(errs))
		}
		if e != nil {
			assertReparses(t, e)
		}
	})
}

func BenchmarkParseCondition(b *testing.B) {
	in := "(selection_img and sel_cli) or (keywords and not 1 of filter_*) or all of selection*"
	for b.Loop() {
		ParseCondition(in, condStart, condSearches)
	}
}
