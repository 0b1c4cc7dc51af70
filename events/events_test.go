package events_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden out sections of testdata/events")

// TestGolden reads the input.json section of each testdata/events/*.txtar file and
// compares the decoded events and diagnostics with its out section.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/events/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			input := section(t, ar, "input.json")
			got := render(events.Read("input.json", input, events.DefaultLimits))
			if *update {
				setSection(ar, "out", got)
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(string(section(t, ar, "out")), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func section(t *testing.T, ar *txtar.Archive, name string) []byte {
	t.Helper()
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("missing section %q", name)
	return nil
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
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
