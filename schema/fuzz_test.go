package schema

import (
	"strings"
	"testing"
)

// FuzzValidateText checks that no query text makes parsing and validation panic
// or hang, and that every finding has a position inside the text.
func FuzzValidateText(f *testing.F) {
	for _, seed := range []string{
		"T | where A == 1",
		"| where Nope > 1",
		"let f = (t:(A:string)) { t | extend Z = A }; T | invoke f() | where Z == ''",
		"T | summarize arg_max(TimeGenerated, *) by A | join kind=leftouter (U) on $left.A == $right.A",
		"union withsource=S T*, U | mv-apply D on (summarize make_list(D)) | project-away S*",
		"datatable(a:string)['x'] | evaluate bag_unpack(a) | parse a with * 'x' B:int",
		"let x = toscalar(T | count); print y = x | extend series_stats(y)",
		"T | invoke FileProfile(A, 10) | evaluate bag_unpak(D) | extend x = tostirng(B)",
		"_GetWatchlist('w') | join (R() | where F(1) > 0) on SearchKey | invoke SeenBy()",
	} {
		f.Add(seed)
	}
	s := testSchema(f)
	f.Fuzz(func(t *testing.T, src string) {
		an := ValidateText(src, s, Options{Table: "T"})
		lines := strings.Count(src, "\n") + 1
		found := append(append(an.UnknownTables, an.UnknownColumns...), an.Result().UnknownFunctions...)
		for _, u := range found {
			if u.Line < 1 || u.Line > lines || u.Offset < 0 || u.Offset > len(src) {
				t.Fatalf("finding %+v outside the %d-line, %d-byte text", u, lines, len(src))
			}
		}
		_ = an.Diagnostics()
	})
}

// FuzzLoad checks that no schema file makes Load panic.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		`{"tables":{"T":[["A","string"]]}}`,
		`{"tables":{"T":{"A":"long"}}}`,
		`{"tables":{"T":[["A"]]}}`,
		`{"tables":null}`,
		`{"tables":{},"functions":{"F":{"params":"(a:string)","body":"{ print a }","open":true}}}`,
		`{"tables":{},"functions":{"F":"{ F() }"}}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Load(strings.NewReader(in))
		if err == nil {
			for _, n := range s.Tables() {
				if _, ok := s.Table(n); !ok {
					t.Fatalf("listed table %q not found", n)
				}
			}
		}
	})
}
