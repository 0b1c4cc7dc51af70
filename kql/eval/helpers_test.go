package eval

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// fixedClock is the clock of every test: 2024-03-10T12:00:00Z.
func fixedClock() time.Time { return time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC) }

// mustParse parses a query or fails the test.
func mustParse(t testing.TB, src string) *kql.Query {
	t.Helper()
	q, diags := kql.Parse(src)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %v", src, diags)
	}
	return q
}

// runQuery runs src over db with the fixed clock.
func runQuery(t testing.TB, src string, db Database) (*Table, error) {
	t.Helper()
	return Run(context.Background(), mustParse(t, src), db, Options{Clock: fixedClock})
}

// printValue evaluates one scalar expression with print and returns its text
// ("null" for a null), failing the test on an error.
func printValue(t *testing.T, expr string) string {
	t.Helper()
	res, err := runQuery(t, "print r = "+expr, nil)
	if err != nil {
		t.Fatalf("print %s: %v", expr, err)
	}
	lines := strings.Split(strings.TrimSuffix(res.Format(), "\n"), "\n")
	return lines[1]
}

// codeOf returns the diagnostic code of err, or "" when err is nil or not a
// diagnostic.
func codeOf(err error) diag.Code {
	if d, ok := err.(diag.Diagnostic); ok {
		return d.Code
	}
	return ""
}

// scalarCase is one expression and the text print gives for it.
type scalarCase struct {
	name, expr, want string
}

func runScalarCases(t *testing.T, cases []scalarCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := printValue(t, tc.expr); got != tc.want {
				t.Errorf("print %s = %s, want %s", tc.expr, got, tc.want)
			}
		})
	}
}
