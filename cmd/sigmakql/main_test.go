package main

import (
	"bytes"
	"strings"
	"testing"
)

// runCLI runs the CLI in memory and returns its exit code and outputs.
func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(&env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "", "help")
	if code != exitOK {
		t.Fatalf("help exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "  "+name+" ") {
			t.Errorf("help does not list %q:\n%s", name, out)
		}
	}
}

// TestHelpSummaries keeps "sigmakql help" readable: each command's summary is
// one sentence, and the summaries start in one column.
func TestHelpSummaries(t *testing.T) {
	_, out, _ := runCLI(t, "", "help")
	column := -1
	for name, c := range commands {
		t.Run(name, func(t *testing.T) {
			s := c.summary
			if s == "" || strings.ToUpper(s[:1]) != s[:1] || !strings.HasSuffix(s, ".") || strings.Contains(s, "\n") {
				t.Errorf("summary %q is not one sentence with a capital letter and a full stop", s)
			}
		})
		line := out[strings.Index(out, "  "+name+" "):]
		at := strings.Index(line, c.summary)
		if column >= 0 && at != column {
			t.Errorf("%s's summary starts at column %d, others at %d:\n%s", name, at, column, out)
		}
		column = at
	}
}

func TestCommandHelp(t *testing.T) {
	for name, c := range commands {
		t.Run(name, func(t *testing.T) {
			code, out, _ := runCLI(t, "", name, "-h")
			if code != exitOK || !strings.Contains(out, "Usage: sigmakql "+c.usage) {
				t.Errorf("%s -h: exit %d, output:\n%s", name, code, out)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := runCLI(t, "", "frobnicate")
	if code != exitUsage || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runCLI(t, ""); code != exitUsage {
		t.Fatalf("no args: exit %d", code)
	}
}
