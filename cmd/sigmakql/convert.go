package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/sigmakql/sigmakql/backends/kql"
	"github.com/sigmakql/sigmakql/convert"
	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/passes"
)

func init() {
	register(&command{
		name:    "convert",
		usage:   "convert [-p PIPELINE|FILE.yml]... [--target-table T] [-P name=v1,v2]... [-O key=value]... [-f kql|json|jsonl] [-o OUT] [--skip-unsupported] PATH...|-",
		summary: "Convert Sigma rules (files, directories, or - for standard input) to KQL.",
		run:     runConvert,
	})
}

// convertNotes follows the flags in convert's help: how the inputs combine.
const convertNotes = `
All inputs are converted together: meta filters apply to the rules of every
input, and correlations find their rules among every input. As the Sigma
correlation specification says, a rule a correlation refers to is output only
inside the correlation's query, unless a correlation referring to it says
generate: true (one is enough). Convert the rule's file on its own to get its
query without the correlation. See docs/convert.md.
`

// convertConfig is everything the convert flags decide.
type convertConfig struct {
	pipelines       listFlag
	targetTable     string
	placeholders    listFlag
	outputOptions   listFlag
	format          string
	out             string
	skipUnsupported bool
}

func runConvert(e *env, args []string) int {
	c := commands["convert"]
	fs := newFlagSet(e, c)
	usage := fs.Usage
	fs.Usage = func() { usage(); fmt.Fprint(fs.Output(), convertNotes) }
	var cfg convertConfig
	fs.Var(&cfg.pipelines, "p", "pipeline: a built-in name or a pySigma pipeline YAML file (repeatable; default azure_monitor)")
	fs.StringVar(&cfg.targetTable, "target-table", "", "read this table instead of the one the pipeline chooses")
	fs.Var(&cfg.placeholders, "P", "placeholder values for |expand: name=v1,v2 (repeatable)")
	fs.Var(&cfg.outputOptions, "O", "option key=value (repeatable): fields=project, header=false, correlation=bins, or a pipeline option")
	fs.StringVar(&cfg.format, "f", "kql", "output format: kql, json or jsonl")
	fs.StringVar(&cfg.out, "o", "", "output file, or a directory for one .kql file per rule")
	fs.BoolVar(&cfg.skipUnsupported, "skip-unsupported", false, "exit 0 even when some rules cannot be converted")
	if code, ok := parseFlags(e, c, fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(e.stderr, "sigmakql convert: no PATH given")
		fs.Usage()
		return exitUsage
	}
	conv, err := newConverter(&cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql convert: %v\n", err)
		return exitUsage
	}
	conv.stdin = e.stdin
	files, err := ruleFiles(fs.Args())
	if err != nil {
		fmt.Fprintf(e.stderr, "sigmakql convert: %v\n", err)
		return exitUsage
	}
	results := conv.convertFiles(files)
	if err := writeResults(e, &cfg, results); err != nil {
		fmt.Fprintf(e.stderr, "sigmakql convert: %v\n", err)
		return exitUsage
	}
	return reportUnsupported(e, &cfg, results)
}

// reportUnsupported lists rules that could not be converted, with their reasons,
// and returns the exit code. With -f kql the warnings of converted rules go to
// stderr too, since the KQL text cannot carry them; json and jsonl hold them.
func reportUnsupported(e *env, cfg *convertConfig, results []convertResult) int {
	failed := 0
	for _, r := range results {
		if r.OK {
			if cfg.format == "kql" {
				for _, d := range r.Diagnostics {
					fmt.Fprintln(e.stderr, d.String())
				}
			}
			continue
		}
		failed++
		for _, d := range r.Diagnostics.Errors() {
			fmt.Fprintln(e.stderr, d.String())
		}
	}
	if failed == 0 {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "sigmakql convert: %d of %d rules could not be converted\n", failed, len(results))
	if cfg.skipUnsupported {
		return exitOK
	}
	return exitFindings
}

// newConverter builds the pipeline and the backend options from the flags.
func newConverter(cfg *convertConfig) (*converter, error) {
	switch cfg.format {
	case "kql", "json", "jsonl":
	default:
		return nil, fmt.Errorf("unknown format %q (kql, json or jsonl)", cfg.format)
	}
	pipe, err := loadPipelines(cfg.pipelines.values)
	if err != nil {
		return nil, err
	}
	conv := &converter{Converter: convert.Converter{
		Pipeline: pipe,
		Passes:   passes.Options{TargetTable: cfg.targetTable, Placeholders: map[string][]string{}, Settings: map[string]string{}},
		KQL:      kql.Options{Header: true},
	}}
	for _, p := range cfg.placeholders.values {
		name, vals, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("-P %q: want name=v1,v2", p)
		}
		conv.Passes.Placeholders[name] = append(conv.Passes.Placeholders[name], strings.Split(vals, ",")...)
	}
	for _, o := range cfg.outputOptions.values {
		if err := conv.setOption(o); err != nil {
			return nil, err
		}
	}
	return conv, nil
}

// setOption applies one -O key=value: backend options by name, anything else as
// a pipeline setting (the pipeline rejects settings it does not know).
func (c *converter) setOption(o string) error {
	key, val, ok := strings.Cut(o, "=")
	if !ok || key == "" {
		return fmt.Errorf("-O %q: want key=value", o)
	}
	switch key {
	case "fields":
		if val != "project" && val != "none" {
			return fmt.Errorf("-O fields=%s: want project or none", val)
		}
		c.KQL.Project = val == "project"
	case "correlation":
		if val != "windows" && val != "bins" {
			return fmt.Errorf("-O correlation=%s: want windows or bins", val)
		}
		c.KQL.Correlation = kql.SlidingWindows
		if val == "bins" {
			c.KQL.Correlation = kql.FixedBins
		}
	case "header":
		if val != "true" && val != "false" {
			return fmt.Errorf("-O header=%s: want true or false", val)
		}
		c.KQL.Header = val == "true"
	default:
		c.Passes.Settings[key] = val
	}
	return nil
}

// loadPipelines composes the -p pipelines, azure_monitor when none is given.
func loadPipelines(specs []string) (*passes.Pipeline, error) {
	if len(specs) == 0 {
		specs = []string{"azure_monitor"}
	}
	var pipes []*passes.Pipeline
	for _, spec := range specs {
		p, err := loadPipeline(spec)
		if err != nil {
			return nil, err
		}
		pipes = append(pipes, p)
	}
	return passes.Compose(pipes...), nil
}

// loadPipeline reads a built-in pipeline by name or a pipeline YAML file.
func loadPipeline(spec string) (*passes.Pipeline, error) {
	if strings.HasSuffix(spec, ".yml") || strings.HasSuffix(spec, ".yaml") {
		src, err := os.ReadFile(spec)
		if err != nil {
			return nil, err
		}
		return loadPipelineFile(spec, src)
	}
	p, err := passes.Lookup(spec)
	if err != nil {
		if d, ok := err.(diag.Diagnostic); ok && len(d.Suggestions) > 0 {
			return nil, fmt.Errorf("%s (did you mean %s?)", d.Message, strings.Join(d.Suggestions, ", "))
		}
		return nil, err
	}
	return p, nil
}
