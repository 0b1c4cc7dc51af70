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
