package oracle

import "testing"

func TestCheck(t *testing.T) {
	dir, err := Find()
	if err != nil {
		t.Skip(err)
	}
	res, err := Check(dir, []Query{
		{ID: "good", Query: "SecurityEvent | where EventID == 4625"},
		{ID: "bad", Query: "SecurityEvent | where"},
	}, Options{Procs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !res[0].OK || res[1].OK || res[0].ID != "good" || len(res[1].SyntaxErrors) == 0 {
		t.Fatalf("unexpected results: %+v", res)
	}
}
