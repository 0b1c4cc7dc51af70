package events_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/internal/golden"
)

// TestGolden reads the input.json section of each testdata/events/*.txtar file and
// compares the decoded events and diagnostics with its out section.
func TestGolden(t *testing.T) {
	golden.Run(t, "../testdata/events/*.txtar", func(t *testing.T, f *golden.File) {
		if !f.Has("input.json") {
			t.Fatal("missing section \"input.json\"")
		}
		input := []byte(f.Section("input.json"))
		f.Compare(t, "out", render(events.Read("input.json", input, events.DefaultLimits)))
	})
}

// render prints events and diagnostics in the golden format.
func render(evs []*events.Event, diags diag.List) string {
	var b strings.Builder
	for i, ev := range evs {
		fmt.Fprintf(&b, "event %d at %s\n", i+1, ev.Pos)
		if w := ev.Windows; w != nil {
			fmt.Fprintf(&b, "  windows: provider=%q event_id=%s channel=%q computer=%q data=%s\n",
				w.Provider, w.EventID, w.Channel, w.Computer, w.DataElement)
		}
		fmt.Fprintf(&b, "  fields: %s\n", compactJSON(ev.Fields()))
	}
	for _, d := range diags {
		fmt.Fprintf(&b, "%v\n", d)
	}
	return b.String()
}

func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err.Error()
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func TestWalkLeaves(t *testing.T) {
	tests := []struct {
		name  string
		value any
		stop  any // the leaf at which visit stops; nil visits all
		want  int // leaves visited
		done  bool
	}{
		{"scalar", "a", nil, 1, true},
		{"nested", map[string]any{"a": []any{"x", 2.0}, "b": map[string]any{"c": true}}, nil, 3, true},
		{"empty list", []any{}, nil, 0, true},
		{"stops", []any{"x", "y", "z"}, "y", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			done := events.WalkLeaves(tt.value, func(v any) bool {
				n++
				return v != tt.stop || tt.stop == nil
			})
			if n != tt.want || done != tt.done {
				t.Errorf("visited %d leaves, done %v; want %d, %v", n, done, tt.want, tt.done)
			}
		})
	}
}
