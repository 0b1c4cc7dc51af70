// Command sigmakql compiles Sigma detection rules into KQL for Microsoft Sentinel,
// checks KQL against Log Analytics schemas and tests rules offline.
//
// Each subcommand lives in its own file and registers itself with register, so
// adding a command touches no other file.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strings"
)

// Exit codes shared by every subcommand (DESIGN §4).
const (
	exitOK       = 0 // success
	exitFindings = 1 // findings, failed rules or failed tests
	exitUsage    = 2 // usage or configuration error
)

// command is one subcommand of the CLI.
type command struct {
	name    string
	usage   string // the synopsis after "sigmakql", e.g. "check [-f text|json|sarif] PATH..."
	summary string // one line for "sigmakql help"
	// run executes the command with its arguments (after the command name) and
	// returns the process exit code.
	run func(env *env, args []string) int
}

// env is what a command may touch of the process, so tests can run commands in
// memory.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("sigmakql: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

func main() {
	tuneGC()
	os.Exit(run(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:]))
}

// gcPercent trades memory for time. Every command allocates far more than it
// keeps: a serve tool call allocates about half a megabyte, mostly JSON
// buffers in the SDK, and at the default GOGC=100 a collection every few calls
// shows as the tail of the round-trip latency (p99 13-16 ms against 4-5 ms at
// 400 in BenchmarkConvertRoundTripStdio); converting the 3,777 SigmaHQ rules
// spends a fifth of its CPU in the collector (0.50 s against 0.38 s at 400).
// The live heap stays a few tens of megabytes either way.
const gcPercent = 400

// tuneGC applies gcPercent unless the operator chose GOGC.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// run dispatches args to a subcommand and returns the exit code.
func run(e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run(e, []string{"-h"})
			}
			fmt.Fprintf(e.stderr, "sigmakql: unknown command %q\n", args[1])
			return exitUsage
		}
		printHelp(e.stdout)
		return exitOK
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "sigmakql: unknown command %q (run 'sigmakql help')\n", name)
		return exitUsage
	}
	return c.run(e, args[1:])
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "sigmakql compiles Sigma rules to KQL for Microsoft Sentinel and checks KQL.")
	fmt.Fprintln(w, "\nUsage:\n  sigmakql COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	width := 0
	for n := range commands {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s  %s\n", width, n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'sigmakql help COMMAND' or 'sigmakql COMMAND -h' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 findings or failed rules, 2 usage or configuration error.")
}

// newFlagSet returns a flag set for c that prints its usage to e.stderr (or stdout
// for an explicit -h) and never exits the process.
func newFlagSet(e *env, c *command) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: sigmakql %s\n\n%s\n", c.usage, c.summary)
		var has bool
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintln(w, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args for c. It returns ok=false with the exit code to use when
// the command should stop: 0 after -h, 2 after a bad flag.
func parseFlags(e *env, c *command, fs *flag.FlagSet, args []string) (code int, ok bool) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK, false
		}
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage, false
	}
	return 0, true
}

// listFlag is a repeatable string flag, also accepting comma-separated values when
// split is set.
type listFlag struct {
	values []string
	split  bool
}

func (l *listFlag) String() string { return strings.Join(l.values, ",") }

func (l *listFlag) Set(s string) error {
	if l.split {
		for _, v := range strings.Split(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				l.values = append(l.values, v)
			}
		}
		return nil
	}
	l.values = append(l.values, s)
	return nil
}
