package eval

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sigmakql/sigmakql/kql"
)

// FuzzRun feeds any query the parser accepts to the engine over a small
// database: evaluation may fail with a diagnostic, but must never panic, hang
// or report an internal error.
func FuzzRun(f *testing.F) {
	for _, seed := range []string{
		`T | where S has "a" and N > 1`,
		`T | where tostring(D.x) =~ "1" or S in~ ("A", "b")`,
		`T | summarize count(), make_set(S) by bin(N, 2)`,
		`T | join kind=leftouter (T | project S, M = N) on S`,
		`T | mv-expand D | extend k = bag_keys(D)`,
		`print x = strcat("a", 1), y = ago(1d), z = datetime_part("hour", now())`,
		`range i from 1 to 10 step 3 | where i % 2 == 1`,
		`let f = (a:long) { a + 1 }; T | extend y = f(N) | top 1 by y`,
		`T | parse S with a "x" b | project a, b`,
		`datatable(a:string)["x", "y"] | union T | count`,
		`T | mv-apply v = dynamic([1, 2]) to typeof(long) on (summarize s = sum(v))`,
		`T | lookup (T | project S, M = N) on S | invoke f()`,
		`print d = datetime_diff("day", now(), ago(3d)), c = countof("aaa", "a")`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, diags := kql.Parse(src)
		if diags.HasErrors() {
			return
		}
		_, err := Run(context.Background(), q, sampleDB(), Options{MaxRows: 10_000, Timeout: 2 * time.Second, Clock: fixedClock})
		if codeOf(err) == CodeInternal {
			t.Fatalf("internal error on %q: %v", src, err)
		}
		if err != nil && codeOf(err) == "" && !strings.Contains(err.Error(), "eval") {
			t.Fatalf("error without a diagnostic code on %q: %v", src, err)
		}
	})
}
