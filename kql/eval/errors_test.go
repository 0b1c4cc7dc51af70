package eval

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/diag"
)

// sampleDB is a small table with a string, a long and a dynamic column.
func sampleDB() Database {
	return Database{"T": {
		Columns: []Column{{"S", TypeString}, {"N", TypeLong}, {"D", TypeDynamic}},
		Rows: [][]Value{
			{String("a"), Long(1), Dynamic(map[string]any{"x": "1"})},
			{String("b"), Long(2), Dynamic(nil)},
		},
	}}
}

// errorCases are queries the engine refuses, with the code and position of
// the refusal; TestOracleAgrees checks the eval-type-mismatch ones against
// Kusto.Language.
var errorCases = []struct {
	name, query string
	code        diag.Code
	line, col   int
}{
	{"unknown table", "Nope | take 1", CodeUnknownName, 1, 1},
	{"unknown column", "T\n| where Missing == 1", CodeUnknownName, 2, 9},
	{"unsupported function", "T | extend h = hash_sha256(S)", CodeUnsupported, 1, 16},
	{"unsupported operator", "T | make-series count() on N step 1", CodeUnsupported, 1, 5},
	{"unsupported plugin", "T | evaluate bag_unpack(D)", CodeUnsupported, 1, 5},
	{"string compared with a number", "T | where S == 5", CodeUnsupported, 1, 11},
	{"string in a list of numbers", "T | where S in (1, 2)", CodeUnsupported, 1, 11},
	{"string ordered against a number", "T | where S < 5", CodeTypeMismatch, 1, 11},
	{"contains on a number", `T | where N contains "4"`, CodeTypeMismatch, 1, 11},
	{"in~ on a number", `T | where N in~ ("4")`, CodeTypeMismatch, 1, 11},
	{"has with an empty string", `T | where S has ""`, CodeUnsupported, 1, 11},
	{"has_any with an empty string", `T | where S has_any ("")`, CodeUnsupported, 1, 11},
	{"member of a string", "T | where S.x == 1", CodeTypeMismatch, 1, 11},
	{"bad regex", `T | where S matches regex "("`, CodeBadArgument, 1, 27},
	{"non-bool predicate", "T | where N", CodeTypeMismatch, 1, 11},
	{"aggregate outside summarize", "T | extend c = count()", CodeBadArgument, 1, 16},
	{"join kind", "T | join kind=nosuch (T) on N", CodeUnsupported, 1, 5},
	{"no tabular result", "let x = 1;", CodeBadArgument, 1, 1},
	{"scalar used as table", "let x = 1; x | take 1", CodeTypeMismatch, 1, 12},
	{"dynamic string compared with a number", `T | where D.x == 1`, CodeUnsupported, 1, 11},
	{"set element of another type", `T | where set_has_element(dynamic(["1"]), N)`, CodeUnsupported, 1, 11},
	{"parse into a typed column", `T | parse S with "a" n:long`, CodeUnsupported, 1, 22},
	{"failure while folding constants", `print datetime_diff("eon", datetime(2020-01-02), datetime(2020-01-01))`, CodeBadArgument, 1, 7},
	{"dynamic string in a number list", `T | where D.x in (1)`, CodeUnsupported, 1, 11},
}

// TestErrorsHaveCodesAndPositions checks that what the engine refuses is an
// error with a code at the node's line:col, never a result. The type rules
// follow the Kusto.Language oracle's verdicts (KS106/KS107) where it rejects
// a query; where it accepts one whose result no page documents, the engine
// reports eval-unsupported.
func TestErrorsHaveCodesAndPositions(t *testing.T) {
	tests := errorCases
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runQuery(t, tc.query, sampleDB())
			var d diag.Diagnostic
			if !errors.As(err, &d) {
				t.Fatalf("got result %v, error %v; want a %s diagnostic", res, err, tc.code)
			}
			if d.Code != tc.code || d.Line != tc.line || d.Col != tc.col {
				t.Errorf("got %v, want code %s at %d:%d", d, tc.code, tc.line, tc.col)
			}
		})
	}
}

// TestRowLimit checks that no table of a query, final or intermediate, grows
// past MaxRows.
func TestRowLimit(t *testing.T) {
	tests := []struct{ name, query string }{
		{"range", "range x from 1 to 1000 step 1"},
		{"join blow-up", "range x from 1 to 40 step 1 | extend k = 1 | join kind=inner (range y from 1 to 40 step 1 | extend k = 1) on k | count"},
		{"mv-expand", "print a = dynamic([1,2,3,4,5,6,7,8,9,10,11,12]) | mv-expand a"},
		{"source table", "T"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := mustParse(t, tc.query)
			db := sampleDB()
			if tc.name == "source table" {
				db["T"].Rows = append(db["T"].Rows, db["T"].Rows...)
				db["T"].Rows = append(db["T"].Rows, db["T"].Rows...)
			}
			_, err := Run(context.Background(), q, db, Options{MaxRows: 3})
			if codeOf(err) != CodeRowLimit {
				t.Errorf("got %v, want %s", err, CodeRowLimit)
			}
		})
	}
}

// TestTimeout checks that a run stops when its time is up or its context is
// canceled.
func TestTimeout(t *testing.T) {
	q := mustParse(t, "range x from 1 to 100000000 step 1 | where x % 7 == 3 | count")
	start := time.Now()
	_, err := Run(context.Background(), q, nil, Options{MaxRows: 200_000_000, Timeout: 50 * time.Millisecond})
	if codeOf(err) != CodeCanceled && codeOf(err) != CodeRowLimit {
		t.Errorf("got %v, want %s", err, CodeCanceled)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("run took %v despite a 50ms timeout", time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	q = mustParse(t, "range x from 1 to 5000 step 1 | where x > 0")
	if _, err := Run(ctx, q, nil, Options{}); codeOf(err) != CodeCanceled {
		t.Errorf("canceled context: got %v, want %s", err, CodeCanceled)
	}
}

// TestClock checks that now() and ago() read the injected clock, once per run.
func TestClock(t *testing.T) {
	q := mustParse(t, "print a = now(), b = ago(1h), same = now() == now()")
	p, err := Compile(q)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) }
	res, err := p.Run(context.Background(), nil, Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	want := "a:datetime\tb:datetime\tsame:bool\n2030-01-02T03:04:05Z\t2030-01-02T02:04:05Z\ttrue\n"
	if got := res.Format(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestFunctionExpansionIsBounded checks that nested user functions, which the
// engine inlines, cannot make binding or evaluation run away.
func TestFunctionExpansionIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("let f0 = (a:long) { a + 1 };\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "let f%d = (a:long) { f%d(f%d(a)) };\n", i, i-1, i-1)
	}
	b.WriteString("T | extend x = f30(N)")
	start := time.Now()
	_, err := runQuery(t, b.String(), sampleDB())
	if codeOf(err) != CodeUnsupported {
		t.Errorf("got %v, want %s", err, CodeUnsupported)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// TestConcurrentRuns runs one Program from several goroutines over different
// databases; with -race it checks that bound plans share no mutable state.
func TestConcurrentRuns(t *testing.T) {
	p, err := Compile(mustParse(t, `T | where S in~ ("A", "b") and tostring(D.x) == "1" or N in ((T | project N | take 1)) | summarize count() by S`))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			for j := 0; j < 50; j++ {
				if _, err := p.Run(context.Background(), sampleDB(), Options{}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// TestMalformedTables checks that rows that do not fit their table's columns
// are reported, not evaluated.
func TestMalformedTables(t *testing.T) {
	for name, rows := range map[string][][]Value{
		"short row":  {{String("a")}},
		"wrong type": {{Long(1), Long(1), Dynamic(nil)}},
	} {
		db := Database{"T": {Columns: sampleDB()["T"].Columns, Rows: rows}}
		if _, err := runQuery(t, "T | take 1", db); codeOf(err) != CodeBadArgument {
			t.Errorf("%s: got %v, want %s", name, err, CodeBadArgument)
		}
	}
}

// TestPlanCachePerLayout runs one Program over databases whose table T has
// different columns: each run binds to its own layout, and a layout seen
// before reuses its plan.
func TestPlanCachePerLayout(t *testing.T) {
	p, err := Compile(mustParse(t, "T | where X > 1 | count"))
	if err != nil {
		t.Fatal(err)
	}
	longs := Database{"T": {Columns: []Column{{"X", TypeLong}}, Rows: [][]Value{{Long(1)}, {Long(5)}}}}
	reals := Database{"T": {Columns: []Column{{"X", TypeReal}}, Rows: [][]Value{{Real(1.5)}, {Real(2.5)}, {Real(0.5)}}}}
	for i, tc := range []struct {
		db   Database
		want int64
	}{{longs, 1}, {reals, 2}, {longs, 1}} {
		res, err := p.Run(context.Background(), tc.db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Rows[0][0].N; got != tc.want {
			t.Errorf("run %d: count %d, want %d", i, got, tc.want)
		}
	}
	if len(p.plans) != 2 {
		t.Errorf("%d plans cached, want 2 (one per layout)", len(p.plans))
	}
	missing := Database{"U": longs["T"]}
	if _, err := p.Run(context.Background(), missing, Options{}); codeOf(err) != CodeUnknownName {
		t.Errorf("missing table: got %v, want %s", err, CodeUnknownName)
	}
}
