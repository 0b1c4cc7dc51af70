package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/sigmakql/sigmakql/kql/eval"
	"github.com/sigmakql/sigmakql/workspace/local"
)

func init() {
	register(&command{
		name:    "run",
		usage:   "run [--data DIR] [-f text|json] [--max-rows N] [--timeout D] (QUERY | --file FILE)",
		summary: "Dry-run a KQL query on the local engine over sample tables (DIR/<Table>.json or .jsonl).",
		run:     runRun,
	})
}

// runFlags are the options of the run command.
type runFlags struct {
	data, format, file string
	maxRows            int
	timeout            time.Duration
}

// runRun evaluates one query over the local workspace and prints the result.
// Exit 1 when the query fails (a syntax error, an unknown name, something the
// local engine does not support, a limit), 2 on usage errors.
func runRun(e *env, args []string) int {
	c := commands["run"]
	fs := newFlagSet(e, c)
	var f runFlags
	fs.StringVar(&f.data, "data", "", "directory of <Table>.json / <Table>.jsonl files holding sample rows")
	fs.StringVar(&f.format, "f", "text", "output format: text (tab-separated) or json")
	fs.StringVar(&f.file, "file", "", "read the query from this file")
	fs.IntVar(&f.maxRows, "max-rows", eval.DefaultMaxRows, "largest table the query may build")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "longest the query may run")
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	rest, err := interspersedArgs(fs)
	if err != nil {
		return exitUsage
	}
	if (f.format != "text" && f.format != "json") || (len(rest) == 1) == (f.file != "") || len(rest) > 1 {
		fmt.Fprintln(e.stderr, "sigmakql run: give exactly one of QUERY or --file FILE, and -f text or json")
		fs.Usage()
		return exitUsage
	}
	query, name := "", "query"
	if f.file != "" {
		data, err := os.ReadFile(f.file)
		if err != nil {
			fmt.Fprintf(e.stderr, "sigmakql run: %v\n", err)
			return exitUsage
		}
		query, name = string(data), f.file
	} else {
		query = rest[0]
	}
	return runLocal(e, f, query, name)
}

// runLocal loads the sample data, runs the query and prints the result.
func runLocal(e *env, f runFlags, query, name string) int {
	w := local.New()
	w.Options = eval.Options{MaxRows: f.maxRows, Timeout: f.timeout}
	if f.data != "" {
		if err := w.LoadDir(f.data); err != nil {
			fmt.Fprintf(e.stderr, "sigmakql run: %v\n", err)
			return exitUsage
		}
	}
	res, diags := w.Run(context.Background(), query)
	for _, d := range diags.WithFile(name) {
		fmt.Fprintln(e.stderr, d)
	}
	if res == nil {
		return exitFindings
	}
	if f.format == "json" {
		enc := json.NewEncoder(e.stdout)
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(e.stderr, "sigmakql run: %v\n", err)
			return exitFindings
		}
		return exitOK
	}
	fmt.Fprint(e.stdout, res.Format())
	return exitOK
}
