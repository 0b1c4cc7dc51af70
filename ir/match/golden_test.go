package match_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden out sections of testdata/match")

// TestGolden runs each testdata/match/*.txtar case: the rule.yml section against
// every event of events.json (with options.json when present), printing each
// verdict with the per-condition and per-search results into the out section. The
// archive comment says which part of the specification the verdicts follow.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/match/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ar, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got := runGolden(t, ar)
			if *update {
				writeSection(ar, "out", got)
				if err := os.WriteFile(path, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, _ := sectionOf(ar, "out")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func runGolden(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	ruleSrc, _ := sectionOf(ar, "rule.yml")
	f, diags := parser.ParseFile("rule.yml", []byte(ruleSrc))
	if diags.HasErrors() {
		t.Fatalf("rule.yml: %v", diags)
	}
	var opts match.Options
	if js, ok := sectionOf(ar, "options.json"); ok {
		if err := json.Unmarshal([]byte(js), &opts); err != nil {
			t.Fatalf("options.json: %v", err)
		}
	}
	m, err := match.Compile(f.Docs[0].(*ir.Rule), opts)
	if err != nil {
		return fmt.Sprintf("compile error:\n%v\n", err)
	}
	evSrc, _ := sectionOf(ar, "events.json")
	evs, diags := events.Read("events.json", []byte(evSrc), events.DefaultLimits)
	if diags.HasErrors() {
		t.Fatalf("events.json: %v", diags)
	}
	var b strings.Builder
	for i, ev := range evs {
		fmt.Fprintf(&b, "event %d (%s): %s\n", i+1, ev.Pos, formatResult(m.Explain(ev)))
	}
	return b.String()
}

func formatResult(r match.Result) string {
	names := make([]string, 0, len(r.Searches))
	for n := range r.Searches {
		names = append(names, n)
	}
	sort.Strings(names)
	var searches []string
	for _, n := range names {
		searches = append(searches, fmt.Sprintf("%s=%v", n, r.Searches[n]))
	}
	return fmt.Sprintf("match=%v conditions=%v searches: %s", r.Matched, r.Conditions, strings.Join(searches, " "))
}

func sectionOf(ar *txtar.Archive, name string) (string, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

func writeSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
