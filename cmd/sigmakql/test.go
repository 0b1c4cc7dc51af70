package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/sigmakql/sigmakql/passes"
	"github.com/sigmakql/sigmakql/ruletest"
)

func init() {
	register(&command{
		name:    "test",
		usage:   "test [-update] [-p PIPELINE|FILE.yml]... [-O key=value]... [-P name=v1,v2]... [-f text|json|junit] [-v] [--regression DIR --rules DIR] PATH...",
		summary: "Run golden and event tests of Sigma rules on the local KQL engine and the interpreter.",
		run:     runTest,
	})
}

// testConfig is everything the test flags decide.
type testConfig struct {
	update       bool
	pipelines    listFlag
	settings     listFlag
	placeholders listFlag
	format       string
	verbose      bool
	regression   string
	rules        string
}

// testWriters print a report in each -f format.
var testWriters = map[string]func(w io.Writer, r *ruletest.Report, verbose bool) error{
	"text":  func(w io.Writer, r *ruletest.Report, verbose bool) error { return r.WriteText(w, verbose) },
	"json":  func(w io.Writer, r *ruletest.Report, _ bool) error { return r.WriteJSON(w) },
	"junit": func(w io.Writer, r *ruletest.Report, _ bool) error { return r.WriteJUnit(w) },
}

func runTest(e *env, args []string) int {
	c := commands["test"]
	fs := newFlagSet(e, c)
	var cfg testConfig
	fs.BoolVar(&cfg.update, "update", false, "rewrite golden files (rule.kql, txtar out/ sections) with the current output")
	fs.Var(&cfg.pipelines, "p", "pipeline: a built-in name or a pySigma pipeline YAML file (repeatable; default azure_monitor)")
	fs.Var(&cfg.settings, "O", "pipeline option key=value (repeatable), e.g. process_creation=security")
	fs.Var(&cfg.placeholders, "P", "placeholder values for |expand: name=v1,v2 (repeatable)")
	fs.StringVar(&cfg.format, "f", "text", "output format: text, json or junit")
	fs.BoolVar(&cfg.verbose, "v", false, "text format: list passing cases too, with their counts")
	fs.StringVar(&cfg.regression, "regression", "", "a SigmaHQ regression_data directory (info.yml and events per rule folder)")
	fs.StringVar(&cfg.rules, "rules", "", "with --regression: the directory holding the rules, found by id")
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	paths, err := interspersedArgs(fs)
	if err != nil {
		return exitUsage
	}
	checker, err := newTestChecker(&cfg, paths)
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql test: %v\n", err)
		fs.Usage()
		return exitUsage
	}
	report := checker.Run(paths, cfg.update)
	if cfg.regression != "" {
		report.Cases = append(report.Cases, checker.Regression(cfg.regression, cfg.rules)...)
	}
	if len(report.Cases) == 0 {
		fmt.Fprintln(e.stderr, "sigmakql test: no tests found: put rule.kql (expected KQL) or rule.tests.yml (event cases) beside a rule, or a txtar case file (see docs/testing.md)")
	}
	if err := testWriters[cfg.format](e.stdout, report, cfg.verbose); err != nil {
		fmt.Fprintf(e.stderr, "sigmakql test: %v\n", err)
		return exitUsage
	}
	if report.Failed() {
		return exitFindings
	}
	return exitOK
}

// newTestChecker checks the flags and builds the checker they describe.
func newTestChecker(cfg *testConfig, paths []string) (*ruletest.Checker, error) {
	if _, ok := testWriters[cfg.format]; !ok {
		return nil, fmt.Errorf("unknown format %q (want text, json or junit)", cfg.format)
	}
	if (cfg.regression == "") != (cfg.rules == "") {
		return nil, fmt.Errorf("--regression and --rules go together")
	}
	if len(paths) == 0 && cfg.regression == "" {
		return nil, fmt.Errorf("no PATH given")
	}
	pipe, err := loadPipelines(cfg.pipelines.values)
	if err != nil {
		return nil, err
	}
	opts, err := testPipelineOptions(cfg)
	if err != nil {
		return nil, err
	}
	for _, p := range append(append([]string(nil), paths...), cfg.regression, cfg.rules) {
		if _, err := os.Stat(p); p != "" && err != nil {
			return nil, err
		}
	}
	return &ruletest.Checker{Pipeline: pipe, Options: opts}, nil
}

// testPipelineOptions reads -O settings and -P placeholder values.
func testPipelineOptions(cfg *testConfig) (passes.Options, error) {
	opts := passes.Options{Settings: map[string]string{}, Placeholders: map[string][]string{}}
	for _, o := range cfg.settings.values {
		key, val, ok := strings.Cut(o, "=")
		if !ok || key == "" {
			return opts, fmt.Errorf("-O %q: want key=value", o)
		}
		opts.Settings[key] = val
	}
	for _, p := range cfg.placeholders.values {
		name, vals, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return opts, fmt.Errorf("-P %q: want name=v1,v2", p)
		}
		opts.Placeholders[name] = append(opts.Placeholders[name], strings.Split(vals, ",")...)
	}
	return opts, nil
}
