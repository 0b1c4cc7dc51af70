package events_test

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
)

func TestLimits(t *testing.T) {
	small := events.Limits{MaxBytes: 64, MaxEvents: 2, MaxDepth: 3}
	cases := []struct {
		name  string
		input string
		code  diag.Code
		pos   string
	}{
		{"too large", strings.Repeat(" ", 65), events.CodeTooLarge, "in.json:1:1"},
		{"too many", `{} {} {}`, events.CodeTooMany, "in.json:1:7"},
		{"too many in a list", `[{}, {}, {}]`, events.CodeTooMany, "in.json:1:1"},
		{"too deep", `{"a": {"b": {"c": {}}}}`, events.CodeTooDeep, "in.json:1:19"},
		{"brackets in strings do not count", `{"a": "[[[[{{{{"}`, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, diags := events.Read("in.json", []byte(c.input), small)
			if c.code == "" {
				if len(diags) != 0 {
					t.Fatalf("unexpected diagnostics %v", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Code != c.code || diags[0].Pos.String() != c.pos {
				t.Fatalf("diagnostics = %v, want one %s at %s", diags, c.code, c.pos)
			}
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	_, diags := events.ReadFile(filepath.Join(t.TempDir(), "absent.json"), events.DefaultLimits)
	if len(diags) != 1 || diags[0].Code != events.CodeRead {
		t.Fatalf("diagnostics = %v, want one %s", diags, events.CodeRead)
	}
}

func TestReadBOM(t *testing.T) {
	evs, diags := events.Read("bom.json", []byte("\xef\xbb\xbf{\"a\": 1}"), events.DefaultLimits)
	if len(diags) != 0 || len(evs) != 1 {
		t.Fatalf("got %d events, %v", len(evs), diags)
	}
}

// TestLookup pins what "the value of field X" is.
func TestLookup(t *testing.T) {
	ev := mustOne(t, `{"Event": {"System": {"EventID": 1, "Provider": {"#attributes": {"Name": "P"}}},
		"EventData": {"Image": "a.exe", "Hashes": null}}}`)
	plain := mustOne(t, `{"a.b": "flat", "a": {"b": "nested", "c": [{"d": 1}, {"e": 2}, {"d": 3}]}}`)
	cases := []struct {
		name   string
		ev     *events.Event
		field  string
		want   any
		wantOK bool
	}{
		{"EventData field", ev, "Image", "a.exe", true},
		{"System field", ev, "EventID", json.Number("1"), true},
		{"System attribute", ev, "Provider_Name", "P", true},
		{"null is present", ev, "Hashes", nil, true},
		{"raw tree path", ev, "Event.System.EventID", json.Number("1"), true},
		{"path inside the Event element", ev, "EventData.Image", "a.exe", true},
		{"attribute path", ev, "System.Provider.#attributes.Name", "P", true},
		{"absent", ev, "CommandLine", nil, false},
		{"flat key with a dot", plain, "a.b", "flat", true},
		{"path through list collects hits", plain, "a.c.d", []any{json.Number("1"), json.Number("3")}, true},
		{"path missing in every element", plain, "a.c.z", nil, false},
		{"path into a scalar", plain, "a.b.x", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.ev.Lookup(c.field)
			if ok != c.wantOK || !cmp.Equal(got, c.want) {
				t.Errorf("Lookup(%q) = %#v, %v; want %#v, %v", c.field, got, ok, c.want, c.wantOK)
			}
		})
	}
}

// TestWalk checks that keyword searches see every leaf of the flat view and nothing
// of the XML namespace noise.
func TestWalk(t *testing.T) {
	ev := mustOne(t, `{"Event": {"#attributes": {"xmlns": "http://x"}, "System": {"EventID": 1, "Computer": "h"},
		"EventData": {"List": ["a", {"b": "c"}]}}}`)
	var got []string
	ev.Walk(func(v any) bool {
		got = append(got, textOf(v))
		return true
	})
	sort.Strings(got)
	if want := []string{"1", "a", "c", "h"}; !cmp.Equal(got, want) {
		t.Errorf("leaves = %q, want %q", got, want)
	}
	n := 0
	ev.Walk(func(any) bool { n++; return false })
	if n != 1 {
		t.Errorf("Walk visited %d leaves after visit returned false, want 1", n)
	}
}

func textOf(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	}
	return "?"
}

func mustOne(t *testing.T, js string) *events.Event {
	t.Helper()
	evs, diags := events.Read("t.json", []byte(js), events.DefaultLimits)
	if len(diags) != 0 || len(evs) != 1 {
		t.Fatalf("read %s: %v", js, diags)
	}
	return evs[0]
}

// FuzzRead feeds arbitrary bytes to the reader: it must never panic, every
// diagnostic must carry a code and a position inside the input, and events must come
// with their position.
func FuzzRead(f *testing.F) {
	seeds := []string{
		`{"Event": {"System": {"EventID": 1}, "EventData": {"a": "b"}}}`,
		"{\"a\": 1}\n{\"b\": [1, 2, {\"c\": null}]}\n",
		`[{"x": 1}, 2]`,
		`{"Event": {"System": {"Provider": {"#attributes": {"Name": 5}}}, "UserData": {"#attributes": {}, "x": 1}}}`,
		`{"a": "\ud800"}`,
		"\xef\xbb\xbf{}",
		`{"a": [[[[[[`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	lim := events.Limits{MaxBytes: 1 << 16, MaxEvents: 50, MaxDepth: 16}
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, diags := events.Read("f.json", data, lim)
		lines := strings.Count(string(data), "\n") + 1
		for _, d := range diags {
			if d.Code == "" || d.Line < 1 || d.Line > lines || d.Col < 1 {
				t.Errorf("bad diagnostic %#v for %q", d, data)
			}
		}
		for _, ev := range evs {
			if ev.Pos.Line < 1 || ev.Raw == nil {
				t.Errorf("bad event %#v", ev)
			}
			ev.Walk(func(any) bool { return true })
			ev.Lookup("a.b.c")
		}
	})
}
