package diag

import (
	"encoding/json"
	"testing"
)

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"full", Errorf(Pos{"r.yml", 3, 7}, "unknown-modifier", "unknown modifier %q", "foo"), `r.yml:3:7: error: unknown modifier "foo" [unknown-modifier]`},
		{"no col", Warnf(Pos{"r.yml", 3, 0}, "unused-search", "x"), `r.yml:3: warning: x [unused-search]`},
		{"no file", Errorf(Pos{"", 1, 2}, "c", "m"), `1:2: error: m [c]`},
		{"nothing", Errorf(Pos{}, "c", "m"), `-: error: m [c]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestZeroListUsable(t *testing.T) {
	var l List
	if l.HasErrors() || l.Err() != nil {
		t.Fatal("zero list reports errors")
	}
	l.Warnf(Pos{File: "a"}, "w", "warn")
	if l.HasErrors() {
		t.Fatal("warning counted as error")
	}
	l.Errorf(Pos{File: "a"}, "e", "err")
	if !l.HasErrors() || l.Err() == nil || len(l.Errors()) != 1 || len(l.Warnings()) != 1 {
		t.Fatalf("unexpected list state: %v", l)
	}
}

func TestSortDedup(t *testing.T) {
	l := List{
		Errorf(Pos{"b", 1, 1}, "x", "m"),
		Errorf(Pos{"a", 2, 1}, "x", "m"),
		Errorf(Pos{"a", 1, 5}, "x", "m"),
		Errorf(Pos{"a", 1, 5}, "x", "m"),
	}
	l.Sort()
	l = l.Dedup()
	if len(l) != 3 || l[0].Line != 1 || l[1].Line != 2 || l[2].File != "b" {
		t.Fatalf("got %v", l)
	}
}

func TestJSONShape(t *testing.T) {
	b, err := json.Marshal(Errorf(Pos{"f", 1, 2}, "c", "m"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"file":"f","line":1,"col":2,"severity":"error","code":"c","message":"m","suggestions":[]}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
	var back Diagnostic
	if err := json.Unmarshal(b, &back); err != nil || back.Severity != Error || back.Code != "c" {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}
