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
