package match_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/events"
	"github.com/sigmakql/sigmakql/ir"
	"github.com/sigmakql/sigmakql/ir/match"
	"github.com/sigmakql/sigmakql/parser"
)

// ruleFromDetection parses a rule whose detection section is detection (indented
// by the helper), so tests read like the Sigma they check.
func ruleFromDetection(t testing.TB, detection string) *ir.Rule {
	t.Helper()
	var b strings.Builder
	b.WriteString("title: test\nlogsource:\n    product: test\ndetection:\n")
	for _, line := range strings.Split(strings.Trim(detection, "\n"), "\n") {
		b.WriteString("    " + line + "\n")
	}
	f, diags := parser.ParseFile("test.yml", []byte(b.String()))
	if diags.HasErrors() {
		t.Fatalf("parse:\n%s\n%v", b.String(), diags)
	}
	return f.Docs[0].(*ir.Rule)
}

// compileDetection parses and compiles a detection, failing the test on error.
func compileDetection(t testing.TB, detection string, opts match.Options) *match.Matcher {
	t.Helper()
	m, err := match.Compile(ruleFromDetection(t, detection), opts)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return m
}

// event decodes one JSON object.
func event(t testing.TB, js string) *events.Event {
	t.Helper()
	evs, diags := events.Read("event.json", []byte(js), events.DefaultLimits)
	if diags.HasErrors() || len(evs) != 1 {
		t.Fatalf("event %s: %v (%d events)", js, diags, len(evs))
	}
	return evs[0]
}

// matchCase is one detection against one event with the verdict the cited part of
// the specification requires.
type matchCase struct {
	name      string
	detection string
	event     string
	want      bool
	opts      match.Options
}

func runMatchCases(t *testing.T, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := compileDetection(t, c.detection, c.opts)
			if got := m.Match(event(t, c.event)); got != c.want {
				t.Errorf("Match = %v, want %v\ndetection:\n%s\nevent: %s", got, c.want, c.detection, c.event)
			}
		})
	}
}

// wantCode fails unless err is a diagnostic list holding code.
func wantCode(t testing.TB, err error, code diag.Code) {
	t.Helper()
	var list diag.List
	if !errors.As(err, &list) {
		t.Fatalf("error = %v, want diagnostics with code %s", err, code)
	}
	for _, d := range list {
		if d.Code == code {
			if d.Line == 0 {
				t.Errorf("diagnostic %v has no line", d)
			}
			return
		}
	}
	t.Errorf("diagnostics %v lack code %s", list, code)
}

// writeTemp writes content to a file in the test's temporary directory.
func writeTemp(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
